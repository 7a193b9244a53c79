import { Injectable } from '@nestjs/common';
import { Transactions } from '@app/platform';
import { OfficerPosition } from './officer-position.entity';

export interface LivePosition {
  officerId: string;
  lat: number;
  lon: number;
  fixedAt: Date;
}

/** Positions officers share while responding (court.officer_positions): all the SQL over them. */
@Injectable()
export class OfficerPositionRepository {
  constructor(private readonly tx: Transactions) {}

  private get positions() {
    return this.tx.manager.getRepository(OfficerPosition);
  }

  /** The officer's last fix for this alert, locked: two fixes of one officer are judged one after the other. */
  lockLatest(alertId: string, officerId: string): Promise<OfficerPosition | null> {
    return this.positions.findOne({ where: { alertId, officerId }, lock: { mode: 'pessimistic_write' } });
  }

  /** Keeps only the latest fix. */
  async save(position: OfficerPosition): Promise<void> {
    await this.positions.upsert(position, ['alertId', 'officerId']);
  }

  /**
   * The positions shared for an alert, with who shares them; none once the alert has closed (the
   * rows go moments later, in deleteForClosedAlerts, but are never read after the close).
   */
  forAlert(alertId: string): Promise<(OfficerPosition & { officerName: string; badge: string })[]> {
    return this.tx.manager.query(
      `SELECT p.alert_id AS "alertId", p.officer_id AS "officerId", p.lat, p.lon, p.accuracy_m AS "accuracyM", p.fixed_at AS "fixedAt",
              p.received_at AS "receivedAt", o.name AS "officerName", o.badge
         FROM court.officer_positions p JOIN court.officers o ON o.id = p.officer_id
              JOIN court.alerts a ON a.id = p.alert_id AND a.closed_at IS NULL
        WHERE p.alert_id = $1 ORDER BY p.fixed_at DESC`,
      [alertId],
    );
  }

  async delete(alertId: string, officerId: string): Promise<boolean> {
    return ((await this.positions.delete({ alertId, officerId })).affected ?? 0) > 0;
  }

  /** Positions are kept only while their alert is open: the closed ones' go. Returns how many. */
  async deleteForClosedAlerts(): Promise<number> {
    const [, affected] = await this.tx.manager.query(
      `DELETE FROM court.officer_positions p USING court.alerts a WHERE a.id = p.alert_id AND a.closed_at IS NOT NULL`,
    );
    return affected ?? 0;
  }

  /** Each officer's latest fix since `since`, on an alert still open (sharing ends with it). */
  liveFor(officerIds: string[], since: Date): Promise<LivePosition[]> {
    if (!officerIds.length) return Promise.resolve([]);
    return this.tx.manager.query(
      `SELECT DISTINCT ON (p.officer_id) p.officer_id AS "officerId", p.lat, p.lon, p.fixed_at AS "fixedAt"
         FROM court.officer_positions p JOIN court.alerts a ON a.id = p.alert_id AND a.closed_at IS NULL
        WHERE p.officer_id = ANY($1::uuid[]) AND p.fixed_at >= $2
        ORDER BY p.officer_id, p.fixed_at DESC`,
      [officerIds, since],
    );
  }
}
