import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { EventEnvelope, EventType, InterceptionOutcomePayload, Topic } from '@app/contracts';
import { PermanentEventError } from '@app/platform';
import { AlertActionsService } from './alert-actions.service';

/** The traffic police's answers to interception requests land in the alert's timeline. */
@Controller()
export class InterceptionOutcomesConsumer {
  constructor(private readonly actions: AlertActionsService) {}

  @EventPattern(Topic.InterceptOutcomes)
  async onOutcome(@Payload() event: EventEnvelope): Promise<void> {
    if (event.type !== EventType.InterceptionOutcome) {
      throw new PermanentEventError(`court-gateway does not handle ${event.type} on ${Topic.InterceptOutcomes}`);
    }
    await this.actions.recordInterceptionOutcome(event as EventEnvelope<InterceptionOutcomePayload>);
  }
}
