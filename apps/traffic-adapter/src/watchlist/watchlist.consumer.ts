import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { EventEnvelope, EventType, SeizureRegisteredPayload, SeizureReleasedPayload, SeizureRenewedPayload, Topic } from '@app/contracts';
import { PermanentEventError } from '@app/platform';
import { WatchlistService } from './watchlist.service';

/** Keeps the watchlist in step with `court.seizures.v1`. Envelopes arrive decoded and validated. */
@Controller()
export class WatchlistConsumer {
  constructor(private readonly watchlist: WatchlistService) {}

  @EventPattern(Topic.Seizures)
  async onSeizureEvent(@Payload() event: EventEnvelope): Promise<void> {
    switch (event.type) {
      case EventType.SeizureRegistered:
        return this.watchlist.applyRegistered(event as EventEnvelope<SeizureRegisteredPayload>);
      case EventType.SeizureRenewed:
        return this.watchlist.applyRenewed(event as EventEnvelope<SeizureRenewedPayload>);
      case EventType.SeizureReleased:
        return this.watchlist.applyReleased(event as EventEnvelope<SeizureReleasedPayload>);
      default:
        throw new PermanentEventError(`traffic-adapter does not handle ${event.type} on ${Topic.Seizures}`);
    }
  }
}
