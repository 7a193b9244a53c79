import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { EventEnvelope, FeedHealthChangedPayload, FeedScope, FeedState } from '@app/contracts';
import { claimInboxEvent, Clock } from '@app/platform';
import { DataSource } from 'typeorm';
import { COURT_SCHEMA } from '../config/court-gateway.env';
import { FeedHealthChangeView, FeedHealthStateView } from './feed-health.dto';
import { FeedHealthChange, FeedHealthState } from './feed-health.entity';

const CONSUMER = 'feed-health';

/** The command center's view of where the traffic watch is blind. */
@Injectable()
export class FeedHealthService {
  private readonly log = new Logger(FeedHealthService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  async record(event: EventEnvelope<FeedHealthChangedPayload>): Promise<void> {
    const p = event.payload;
    const changedAt = new Date(event.occurredAt);
    await this.dataSource.transaction(async (manager) => {
      if (!(await claimInboxEvent(manager, COURT_SCHEMA, CONSUMER, event.eventId))) return;
      const now = this.clock.now();
      const row = { scope: p.scope, subjectId: p.subjectId, state: p.state, lastReadAt: p.lastReadAt ? new Date(p.lastReadAt) : null, quietSeconds: Math.floor(p.quietSeconds), reason: p.reason ?? null, changedAt, receivedAt: now };
      await manager.getRepository(FeedHealthChange).insert({ ...row, eventId: event.eventId });
      // The newest change wins even when an older one arrives later.
      await manager.query(
        `INSERT INTO court.feed_health (scope, subject_id, state, last_read_at, quiet_seconds, changed_at, received_at, reason)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
         ON CONFLICT (scope, subject_id) DO UPDATE SET state = EXCLUDED.state, last_read_at = EXCLUDED.last_read_at,
           quiet_seconds = EXCLUDED.quiet_seconds, changed_at = EXCLUDED.changed_at, received_at = EXCLUDED.received_at, reason = EXCLUDED.reason
         WHERE court.feed_health.changed_at <= EXCLUDED.changed_at`,
        [row.scope, row.subjectId, row.state, row.lastReadAt, row.quietSeconds, row.changedAt, row.receivedAt, row.reason],
      );
    });
    if (p.state === FeedState.Quiet) this.log.warn(`traffic watch blind: ${p.scope} ${p.subjectId} quiet for ${p.quietSeconds} s`);
  }

  async current(filter: { state?: FeedState; scope?: FeedScope }): Promise<FeedHealthStateView[]> {
    const where = { ...(filter.state ? { state: filter.state } : {}), ...(filter.scope ? { scope: filter.scope } : {}) };
    const rows = await this.dataSource.getRepository(FeedHealthState).find({ where, order: { scope: 'ASC', subjectId: 'ASC' } });
    return rows.map(toStateView);
  }

  async history(limit: number): Promise<FeedHealthChangeView[]> {
    const rows = await this.dataSource.getRepository(FeedHealthChange).find({ order: { changedAt: 'DESC', id: 'DESC' }, take: limit });
    return rows.map((r) => ({ ...toStateView(r), eventId: r.eventId }));
  }
}

function toStateView(r: FeedHealthState | FeedHealthChange): FeedHealthStateView {
  return {
    scope: r.scope as FeedScope,
    subjectId: r.subjectId,
    state: r.state as FeedState,
    lastReadAt: r.lastReadAt?.toISOString() ?? null,
    quietSeconds: r.quietSeconds,
    changedAt: r.changedAt.toISOString(),
    reason: r.reason,
  };
}
