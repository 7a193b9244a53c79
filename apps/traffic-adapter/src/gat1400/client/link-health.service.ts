import { Injectable, Logger } from '@nestjs/common';
import { createEnvelope, EventType, FeedHealthChangedPayload, FeedScope, FeedState } from '@app/contracts';
import { EventOutbox, Transactions } from '@app/platform';
import { TRAFFIC_PRODUCER } from '../../config/traffic-adapter.env';
import { FeedHealthRepository } from '../../feed-health/feed-health.repository';

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
    private readonly feedStates: FeedHealthRepository,
    private readonly tx: Transactions,
    private readonly outbox: EventOutbox,
  ) {}

  async report(platformId: string, condition: LinkCondition, now: Date): Promise<void> {
    if (this.published === undefined) this.published = await this.feedStates.stateOf(FeedScope.Platform, platformId);
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
    await this.tx.run(async () => {
      await this.outbox.append(createEnvelope(EventType.FeedHealthChanged, payload, { producer: TRAFFIC_PRODUCER, occurredAt: now }));
      await this.feedStates.setState(FeedScope.Platform, platformId, state, now);
    });
    this.published = state;
    this.publishedReason = reason;
    if (condition.blind) this.log.warn(`the link with the police 视图库 is down: ${condition.reason}`);
    else this.log.log('the link with the police 视图库 is back');
  }
}
