import { Injectable } from '@nestjs/common';
import { Transactions } from '@app/platform';
import { TRAFFIC_SCHEMA } from '../../config/traffic-adapter.env';

export type PlatformLinkState = 'unregistered' | 'registered' | 'unreachable';

/** Our link with the police 视图库, as every instance (and the desk) sees it. */
export interface PlatformLink {
  state: PlatformLinkState;
  registeredAt: Date | null;
  lastKeepaliveAt: Date | null;
  lastNotificationAt: Date | null;
  clockSkewMs: number | null;
  lastError: string | null;
  lastErrorAt: Date | null;
  updatedAt: Date;
}

const LINK = 'platform';

@Injectable()
export class PlatformLinkRepository {
  constructor(private readonly tx: Transactions) {}

  async read(): Promise<PlatformLink | null> {
    const rows = await this.tx.manager.query(`SELECT * FROM ${TRAFFIC_SCHEMA}.gat1400_link WHERE link = $1`, [LINK]);
    const r = rows[0];
    if (!r) return null;
    return {
      state: r.state,
      registeredAt: r.registered_at,
      lastKeepaliveAt: r.last_keepalive_at,
      lastNotificationAt: r.last_notification_at,
      clockSkewMs: r.clock_skew_ms === null ? null : Number(r.clock_skew_ms),
      lastError: r.last_error,
      lastErrorAt: r.last_error_at,
      updatedAt: r.updated_at,
    };
  }

  /** Writes the given fields of the link (the row is created on first use). */
  async update(fields: Partial<Omit<PlatformLink, 'updatedAt'>>, at: Date): Promise<void> {
    const columns: Record<keyof Omit<PlatformLink, 'updatedAt'>, string> = {
      state: 'state', registeredAt: 'registered_at', lastKeepaliveAt: 'last_keepalive_at', lastNotificationAt: 'last_notification_at',
      clockSkewMs: 'clock_skew_ms', lastError: 'last_error', lastErrorAt: 'last_error_at',
    };
    const entries = Object.entries(fields).filter(([, v]) => v !== undefined) as [keyof typeof columns, unknown][];
    const names = entries.map(([k]) => columns[k]);
    const values = entries.map(([, v]) => v);
    const sets = names.map((n, i) => `${n} = $${i + 3}`).join(', ');
    await this.tx.manager.query(
      `INSERT INTO ${TRAFFIC_SCHEMA}.gat1400_link (link, state, updated_at) VALUES ($1, 'unregistered', $2) ON CONFLICT (link) DO NOTHING`,
      [LINK, at],
    );
    await this.tx.manager.query(`UPDATE ${TRAFFIC_SCHEMA}.gat1400_link SET updated_at = $2${sets ? `, ${sets}` : ''} WHERE link = $1`, [LINK, at, ...values]);
  }

  /** A notification arrived (any instance): only moves forward. */
  async touchNotification(at: Date): Promise<void> {
    await this.tx.manager.query(
      `INSERT INTO ${TRAFFIC_SCHEMA}.gat1400_link (link, state, last_notification_at, updated_at) VALUES ($1, 'unregistered', $2, $2)
       ON CONFLICT (link) DO UPDATE SET last_notification_at = GREATEST(${TRAFFIC_SCHEMA}.gat1400_link.last_notification_at, EXCLUDED.last_notification_at)`,
      [LINK, at],
    );
  }
}
