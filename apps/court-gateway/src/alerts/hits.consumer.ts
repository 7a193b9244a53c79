import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { EventEnvelope, EventType, Topic, VehicleSightedPayload } from '@app/contracts';
import { PermanentEventError } from '@app/platform';
import { AlertsService } from './alerts.service';

/** Hits from the traffic side become alerts. Envelopes arrive decoded and validated. */
@Controller()
export class HitsConsumer {
  constructor(private readonly alerts: AlertsService) {}

  @EventPattern(Topic.Hits)
  async onHit(@Payload() event: EventEnvelope): Promise<void> {
    if (event.type !== EventType.VehicleSighted) {
      throw new PermanentEventError(`court-gateway does not handle ${event.type} on ${Topic.Hits}`);
    }
    await this.alerts.recordHit(event as EventEnvelope<VehicleSightedPayload>);
  }
}
