import { Injectable } from '@nestjs/common';
import { Transactions } from '@app/platform';
import { TRAFFIC_SCHEMA } from '../../config/traffic-adapter.env';

export type SubscriptionState = 'requested' | 'active' | 'failed' | 'cancelled';

export interface StoredSubscription {
  subscribeId: string;
  resourceUri: string;
  state: SubscriptionState;
  beginAt: Date;
  endAt: Date;
  statusCode: number | null;
  statusString: string | null;
  lastNotificationAt: Date | null;
}

const toStored = (r: Record<string, any>): StoredSubscription => ({
  subscribeId: r.subscribe_id,
  resourceUri: r.resource_uri,
  state: r.state,
  beginAt: r.begin_at,
  endAt: r.end_at,
  statusCode: r.status_code,
  statusString: r.status_string,
  lastNotificationAt: r.last_notification_at,
});

/** Our subscriptions on the police 视图库 (subscription mode). */
@Injectable()
export class SubscriptionsRepository {
  constructor(private readonly tx: Transactions) {}

  async current(): Promise<StoredSubscription[]> {
    const rows = await this.tx.manager.query(`SELECT * FROM ${TRAFFIC_SCHEMA}.gat1400_subscriptions WHERE state IN ('requested', 'active', 'failed') ORDER BY created_at`);
    return rows.map(toStored);
  }

  async all(): Promise<StoredSubscription[]> {
    const rows = await this.tx.manager.query(`SELECT * FROM ${TRAFFIC_SCHEMA}.gat1400_subscriptions ORDER BY created_at DESC LIMIT 100`);
    return rows.map(toStored);
  }

  async save(s: Omit<StoredSubscription, 'lastNotificationAt'>, at: Date): Promise<void> {
    await this.tx.manager.query(
      `INSERT INTO ${TRAFFIC_SCHEMA}.gat1400_subscriptions (subscribe_id, resource_uri, state, begin_at, end_at, status_code, status_string, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8)
       ON CONFLICT (subscribe_id) DO UPDATE SET resource_uri = EXCLUDED.resource_uri, state = EXCLUDED.state, begin_at = EXCLUDED.begin_at,
         end_at = EXCLUDED.end_at, status_code = EXCLUDED.status_code, status_string = EXCLUDED.status_string, updated_at = EXCLUDED.updated_at`,
      [s.subscribeId, s.resourceUri, s.state, s.beginAt, s.endAt, s.statusCode, s.statusString, at],
    );
  }

  async touchNotification(subscribeIds: string[], at: Date): Promise<void> {
    if (subscribeIds.length === 0) return;
    await this.tx.manager.query(
      `UPDATE ${TRAFFIC_SCHEMA}.gat1400_subscriptions SET last_notification_at = GREATEST(last_notification_at, $2) WHERE subscribe_id = ANY($1::text[])`,
      [subscribeIds, at],
    );
  }
}
