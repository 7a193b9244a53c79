import { Injectable } from '@nestjs/common';
import { FeedScope, FeedState } from '@app/contracts';
import { Transactions } from '@app/platform';
import { COURT_SCHEMA } from '../config/court-gateway.env';
import { FeedHealthChange, FeedHealthState } from './feed-health.entity';

/** The traffic watch's feed states as the court received them: the history of changes and the current state of each subject. */
@Injectable()
export class FeedHealthRepository {
  constructor(private readonly tx: Transactions) {}

  /** Appends the change, and makes it the subject's current state unless a later change is stored (events may arrive out of order). */
  async record(change: Omit<FeedHealthChange, 'id'>): Promise<void> {
    await this.tx.manager.getRepository(FeedHealthChange).insert(change);
    await this.tx.manager.query(
      `INSERT INTO ${COURT_SCHEMA}.feed_health (scope, subject_id, state, last_read_at, quiet_seconds, changed_at, received_at, reason)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT (scope, subject_id) DO UPDATE SET state = EXCLUDED.state, last_read_at = EXCLUDED.last_read_at,
         quiet_seconds = EXCLUDED.quiet_seconds, changed_at = EXCLUDED.changed_at, received_at = EXCLUDED.received_at, reason = EXCLUDED.reason
       WHERE ${COURT_SCHEMA}.feed_health.changed_at <= EXCLUDED.changed_at`,
      [change.scope, change.subjectId, change.state, change.lastReadAt, change.quietSeconds, change.changedAt, change.receivedAt, change.reason],
    );
  }

  current(filter: { state?: FeedState; scope?: FeedScope }): Promise<FeedHealthState[]> {
    const where = { ...(filter.state ? { state: filter.state } : {}), ...(filter.scope ? { scope: filter.scope } : {}) };
    return this.tx.manager.getRepository(FeedHealthState).find({ where, order: { scope: 'ASC', subjectId: 'ASC' } });
  }

  /** Newest first. */
  history(limit: number): Promise<FeedHealthChange[]> {
    return this.tx.manager.getRepository(FeedHealthChange).find({ order: { changedAt: 'DESC', id: 'DESC' }, take: limit });
  }
}
