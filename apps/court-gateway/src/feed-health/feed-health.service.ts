import { Injectable, Logger } from '@nestjs/common';
import { EventEnvelope, FeedHealthChangedPayload, FeedScope, FeedState } from '@app/contracts';
import { Clock, EventInbox, Transactions } from '@app/platform';
import { FeedHealthChangeView, FeedHealthStateView } from './feed-health.dto';
import { FeedHealthChange, FeedHealthState } from './feed-health.entity';
import { FeedHealthRepository } from './feed-health.repository';

const CONSUMER = 'feed-health';

/** The command center's view of where the traffic watch is blind. */
@Injectable()
export class FeedHealthService {
  private readonly log = new Logger(FeedHealthService.name);

  constructor(
    private readonly feeds: FeedHealthRepository,
    private readonly tx: Transactions,
    private readonly inbox: EventInbox,
    private readonly clock: Clock,
  ) {}

  async record(event: EventEnvelope<FeedHealthChangedPayload>): Promise<void> {
    const p = event.payload;
    const changedAt = new Date(event.occurredAt);
    await this.tx.run(async () => {
      if (!(await this.inbox.claim(CONSUMER, event.eventId))) return;
      await this.feeds.record({
        eventId: event.eventId,
        scope: p.scope,
        subjectId: p.subjectId,
        state: p.state,
        lastReadAt: p.lastReadAt ? new Date(p.lastReadAt) : null,
        quietSeconds: Math.floor(p.quietSeconds),
        reason: p.reason ?? null,
        changedAt,
        receivedAt: this.clock.now(),
      });
    });
    if (p.state === FeedState.Quiet) this.log.warn(`traffic watch blind: ${p.scope} ${p.subjectId} quiet for ${p.quietSeconds} s`);
  }

  async current(filter: { state?: FeedState; scope?: FeedScope }): Promise<FeedHealthStateView[]> {
    return (await this.feeds.current(filter)).map(toStateView);
  }

  async history(limit: number): Promise<FeedHealthChangeView[]> {
    return (await this.feeds.history(limit)).map((r) => ({ ...toStateView(r), eventId: r.eventId }));
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
