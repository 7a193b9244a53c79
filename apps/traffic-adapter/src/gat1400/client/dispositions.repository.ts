import { Injectable } from '@nestjs/common';
import { DispositionState, PlateColor } from '@app/contracts';
import { Transactions } from '@app/platform';
import { TRAFFIC_SCHEMA } from '../../config/traffic-adapter.env';

/** Our own working state besides the four the court sees: a revocation on its way. */
export type StoredDispositionState = DispositionState | 'revoking';

export interface StoredDisposition {
  seizureId: string;
  dispositionId: string;
  plate: string;
  state: StoredDispositionState;
  beginAt: Date;
  endAt: Date;
  statusCode: number | null;
  statusString: string | null;
  attempts: number;
  nextAttemptAt: Date | null;
}

/** An active seal that should have a 布控. */
export interface WatchedForDisposition {
  seizureId: string;
  plate: string;
  plateColor: PlateColor | null;
  livelihood: boolean;
  expiresAt: Date | null;
}

/** A 布控 to withdraw, and why. */
export interface StaleDisposition extends StoredDisposition {
  watchStatus: 'released' | 'expired' | 'gone';
}

const toStored = (r: Record<string, any>): StoredDisposition => ({
  seizureId: r.seizure_id,
  dispositionId: r.disposition_id,
  plate: r.plate,
  state: r.state,
  beginAt: r.begin_at,
  endAt: r.end_at,
  statusCode: r.status_code,
  statusString: r.status_string,
  attempts: r.attempts,
  nextAttemptAt: r.next_attempt_at,
});

const BATCH = 200;

/**
 * The 布控 per seal, compared with the watchlist (the traffic side's truth of what is sealed).
 * Every change the court should see is written with its DispositionStateChanged event in one
 * transaction (outbox).
 */
@Injectable()
export class DispositionsRepository {
  constructor(private readonly tx: Transactions) {}

  /** Active, unexpired seals with no live 布控 (none yet, or the last one revoked). */
  async missing(now: Date): Promise<WatchedForDisposition[]> {
    const rows = await this.tx.manager.query(
      `SELECT w.seizure_id, w.plate, w.plate_color, w.livelihood, w.expires_at
         FROM ${TRAFFIC_SCHEMA}.watchlist w LEFT JOIN ${TRAFFIC_SCHEMA}.gat1400_dispositions d ON d.seizure_id = w.seizure_id
        WHERE w.status = 'active' AND (w.expires_at IS NULL OR w.expires_at > $1) AND (d.seizure_id IS NULL OR d.state = 'revoked')
        ORDER BY w.livelihood DESC, w.seizure_id LIMIT $2`,
      [now, BATCH],
    );
    return rows.map((r: Record<string, any>) => ({ seizureId: r.seizure_id, plate: r.plate, plateColor: r.plate_color, livelihood: r.livelihood, expiresAt: r.expires_at }));
  }

  /** Live 布控 whose seal was released, lapsed or is gone from the watchlist; due for (another) try. */
  async stale(now: Date): Promise<StaleDisposition[]> {
    const rows = await this.tx.manager.query(
      `SELECT d.*, CASE WHEN w.seizure_id IS NULL THEN 'gone' WHEN w.status = 'released' THEN 'released' ELSE 'expired' END AS watch_status
         FROM ${TRAFFIC_SCHEMA}.gat1400_dispositions d LEFT JOIN ${TRAFFIC_SCHEMA}.watchlist w ON w.seizure_id = d.seizure_id
        WHERE d.state <> 'revoked'
          AND (w.seizure_id IS NULL OR w.status <> 'active' OR (w.expires_at IS NOT NULL AND w.expires_at <= $1))
          AND (d.state <> 'revoking' OR d.next_attempt_at IS NULL OR d.next_attempt_at <= $1)
        ORDER BY d.seizure_id LIMIT $2`,
      [now, BATCH],
    );
    return rows.map((r: Record<string, any>) => ({ ...toStored(r), watchStatus: r.watch_status }));
  }

  /** Confirmed 布控 whose seal was renewed (续封): its EndTime is behind the seal's term. */
  async renewed(now: Date): Promise<(StoredDisposition & WatchedForDisposition & { expiresAt: Date })[]> {
    const rows = await this.tx.manager.query(
      `SELECT d.*, w.expires_at AS watch_expires_at, w.plate_color, w.livelihood
         FROM ${TRAFFIC_SCHEMA}.gat1400_dispositions d JOIN ${TRAFFIC_SCHEMA}.watchlist w ON w.seizure_id = d.seizure_id
        WHERE d.state = 'confirmed' AND w.status = 'active' AND w.expires_at > $1 AND w.expires_at <> d.end_at
          AND (d.next_attempt_at IS NULL OR d.next_attempt_at <= $1)
        ORDER BY d.seizure_id LIMIT $2`,
      [now, BATCH],
    );
    return rows.map((r: Record<string, any>) => ({ ...toStored(r), plateColor: r.plate_color, livelihood: r.livelihood, expiresAt: r.watch_expires_at }));
  }

  /** 布控 of active seals not confirmed (unanswered or refused) whose next try is due, with what the seal says now. */
  async dueForRetry(now: Date): Promise<(StoredDisposition & WatchedForDisposition)[]> {
    const rows = await this.tx.manager.query(
      `SELECT d.*, w.plate_color, w.livelihood, w.expires_at
         FROM ${TRAFFIC_SCHEMA}.gat1400_dispositions d JOIN ${TRAFFIC_SCHEMA}.watchlist w ON w.seizure_id = d.seizure_id
        WHERE d.state IN ('requested', 'failed') AND w.status = 'active' AND (w.expires_at IS NULL OR w.expires_at > $1)
          AND (d.next_attempt_at IS NULL OR d.next_attempt_at <= $1)
        ORDER BY d.seizure_id LIMIT $2`,
      [now, BATCH],
    );
    return rows.map((r: Record<string, any>) => ({ ...toStored(r), plateColor: r.plate_color, livelihood: r.livelihood, expiresAt: r.expires_at }));
  }

  /** Every live 布控 we hold (for the comparison with the platform's list). */
  async live(): Promise<StoredDisposition[]> {
    const rows = await this.tx.manager.query(`SELECT * FROM ${TRAFFIC_SCHEMA}.gat1400_dispositions WHERE state IN ('confirmed', 'requested', 'failed')`);
    return rows.map(toStored);
  }

  async findByDispositionId(dispositionId: string): Promise<StoredDisposition | null> {
    const rows = await this.tx.manager.query(`SELECT * FROM ${TRAFFIC_SCHEMA}.gat1400_dispositions WHERE disposition_id = $1`, [dispositionId]);
    return rows[0] ? toStored(rows[0]) : null;
  }

  async nextSerial(): Promise<number> {
    const [{ n }] = await this.tx.manager.query(`SELECT nextval('${TRAFFIC_SCHEMA}.gat1400_id_serial')::int AS n`);
    return n;
  }

  async counts(): Promise<Record<string, number>> {
    const rows: { state: string; n: number }[] = await this.tx.manager.query(`SELECT state, count(*)::int AS n FROM ${TRAFFIC_SCHEMA}.gat1400_dispositions GROUP BY state`);
    return Object.fromEntries(rows.map((r) => [r.state, r.n]));
  }

  /** Writes the 布控 of a seal (creating its row), in the current transaction. */
  async save(
    d: Pick<StoredDisposition, 'seizureId' | 'dispositionId' | 'plate' | 'state' | 'beginAt' | 'endAt'> & Partial<StoredDisposition> & { revokeReason?: string },
    at: Date,
  ): Promise<void> {
    await this.tx.manager.query(
      `INSERT INTO ${TRAFFIC_SCHEMA}.gat1400_dispositions (seizure_id, disposition_id, plate, state, begin_at, end_at, status_code, status_string, attempts, next_attempt_at,
         confirmed_at, revoked_at, revoke_reason, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, CASE WHEN $4 = 'confirmed' THEN $11::timestamptz END, CASE WHEN $4 = 'revoked' THEN $11::timestamptz END, $12, $11, $11)
       ON CONFLICT (seizure_id) DO UPDATE SET disposition_id = EXCLUDED.disposition_id, plate = EXCLUDED.plate, state = EXCLUDED.state,
         begin_at = EXCLUDED.begin_at, end_at = EXCLUDED.end_at, status_code = EXCLUDED.status_code, status_string = EXCLUDED.status_string,
         attempts = EXCLUDED.attempts, next_attempt_at = EXCLUDED.next_attempt_at,
         confirmed_at = COALESCE(EXCLUDED.confirmed_at, ${TRAFFIC_SCHEMA}.gat1400_dispositions.confirmed_at),
         revoked_at = EXCLUDED.revoked_at, revoke_reason = COALESCE(EXCLUDED.revoke_reason, ${TRAFFIC_SCHEMA}.gat1400_dispositions.revoke_reason), updated_at = EXCLUDED.updated_at`,
      [d.seizureId, d.dispositionId, d.plate, d.state, d.beginAt, d.endAt, d.statusCode ?? null, d.statusString ?? null, d.attempts ?? 0, d.nextAttemptAt ?? null, at, d.revokeReason ?? null],
    );
  }
}
