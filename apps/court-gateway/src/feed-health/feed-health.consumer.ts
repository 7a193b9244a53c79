import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { EventEnvelope, EventType, FeedHealthChangedPayload, Topic } from '@app/contracts';
import { PermanentEventError } from '@app/platform';
import { FeedHealthService } from './feed-health.service';

/** Feed-health changes from the traffic side. Envelopes arrive decoded and validated. */
@Controller()
export class FeedHealthConsumer {
  constructor(private readonly feedHealth: FeedHealthService) {}

  @EventPattern(Topic.FeedHealth)
  async onFeedHealth(@Payload() event: EventEnvelope): Promise<void> {
    if (event.type !== EventType.FeedHealthChanged) {
      throw new PermanentEventError(`court-gateway does not handle ${event.type} on ${Topic.FeedHealth}`);
    }
    await this.feedHealth.record(event as EventEnvelope<FeedHealthChangedPayload>);
  }
}
