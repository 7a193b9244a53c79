import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createEnvelope, EventType, FeedHealthChangedPayload, FeedScope, FeedState, partitionKeyOf } from '@app/contracts';
import { appendToOutbox, OutboxRelay } from '@app/platform';
import { DataSource } from 'typeorm';
import { TRAFFIC_PRODUCER, TRAFFIC_SCHEMA } from '../../config/traffic-adapter.env';

/** The link as the session sees it at one instant. */
export interface LinkCondition {
  /** Not registered (refused, unreachable) or the platform's clock too far off: reads cannot be trusted to arrive, or to be on time. */
  blind: boolean;
  reason: string | null;
  /** When the link was last known good (a registration or keepalive accepted). */
  lastGoodAt: Date | null;
}

/**
 * The link with the police 视图库 as a feed-health subject (scope `platform`): when it goes
 * blind or comes back, FeedHealthChanged goes to the court (the desk shows where the watch is
 * blind), once per transition, through the outbox; traffic-adapter's own feed-health view lists
 * it from the same table as its cameras.
 */
@Injectable()
export class LinkHealthService {
  private readonly log = new Logger('Gat1400Client');
  private published: FeedState | null | undefined;
  /** The reason last published (not kept across restarts: a blind link is reported once more after one). */
  private publishedReason: string | null = null;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly outbox: OutboxRelay,
  ) {}

  async report(platformId: string, condition: LinkCondition, now: Date): Promise<void> {
    if (this.published === undefined) {
      const rows: { state: FeedState }[] = await this.dataSource.query(`SELECT state FROM ${TRAFFIC_SCHEMA}.feed_health_state WHERE scope = $1 AND subject_id = $2`, [FeedScope.Platform, platformId]);
      this.published = rows[0]?.state ?? null;
    }
    const state = condition.blind ? FeedState.Quiet : FeedState.Restored;
    const reason = condition.reason?.slice(0, 300) ?? null;
    // Nothing to say until the link was once blind; then every change, of state or of the reason it is blind.
    if (this.published === null && state === FeedState.Restored) return;
    if (state === this.published && (state === FeedState.Restored || reason === this.publishedReason)) return;
    const payload: FeedHealthChangedPayload = {
      scope: FeedScope.Platform,
      subjectId: platformId,
      state,
      lastReadAt: condition.lastGoodAt?.toISOString(),
      quietSeconds: condition.lastGoodAt ? Math.max(0, Math.round((now.getTime() - condition.lastGoodAt.getTime()) / 1000)) : 0,
      reason: reason ?? undefined,
    };
    await this.dataSource.transaction(async (manager) => {
      const event = createEnvelope(EventType.FeedHealthChanged, payload, { producer: TRAFFIC_PRODUCER, occurredAt: now });
      await appendToOutbox(manager, TRAFFIC_SCHEMA, event, partitionKeyOf(event));
      await manager.query(
        `INSERT INTO ${TRAFFIC_SCHEMA}.feed_health_state (scope, subject_id, state, changed_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (scope, subject_id) DO UPDATE SET state = EXCLUDED.state, changed_at = EXCLUDED.changed_at`,
        [FeedScope.Platform, platformId, state, now],
      );
    });
    this.published = state;
    this.publishedReason = reason;
    this.outbox.kick();
    if (condition.blind) this.log.warn(`the link with the police 视图库 is down: ${condition.reason}`);
    else this.log.log('the link with the police 视图库 is back');
  }
}
