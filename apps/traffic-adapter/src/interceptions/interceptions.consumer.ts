import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { EventEnvelope, EventType, InterceptionRequestedPayload, Topic } from '@app/contracts';
import { PermanentEventError } from '@app/platform';
import { InterceptionsService } from './interceptions.service';

/** The court's interception requests, on their way to the traffic system. */
@Controller()
export class InterceptionsConsumer {
  constructor(private readonly interceptions: InterceptionsService) {}

  @EventPattern(Topic.InterceptRequests)
  async onRequest(@Payload() event: EventEnvelope): Promise<void> {
    if (event.type !== EventType.InterceptionRequested) {
      throw new PermanentEventError(`traffic-adapter does not handle ${event.type} on ${Topic.InterceptRequests}`);
    }
    await this.interceptions.accept(event as EventEnvelope<InterceptionRequestedPayload>);
  }
}
