import { Controller, Logger } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { DispositionState, DispositionStateChangedPayload, EventEnvelope, EventType, Topic } from '@app/contracts';
import { Clock, EventInbox, PermanentEventError, Transactions } from '@app/platform';
import { SealDispositionsRepository } from './seal-dispositions.repository';

const CONSUMER = 'dispositions';

/** Each seal's 布控 state from traffic.dispositions.v1 (envelopes arrive decoded and validated). */
@Controller()
export class DispositionsConsumer {
  private readonly log = new Logger('Dispositions');

  constructor(
    private readonly tx: Transactions,
    private readonly inbox: EventInbox,
    private readonly dispositions: SealDispositionsRepository,
    private readonly clock: Clock,
  ) {}

  @EventPattern(Topic.Dispositions)
  async onDispositionEvent(@Payload() event: EventEnvelope): Promise<void> {
    if (event.type !== EventType.DispositionStateChanged) {
      throw new PermanentEventError(`court-gateway does not handle ${event.type} on ${Topic.Dispositions}`);
    }
    const p = (event as EventEnvelope<DispositionStateChangedPayload>).payload;
    await this.tx.run(async () => {
      if (!(await this.inbox.claim(CONSUMER, event.eventId))) return;
      await this.dispositions.record(p, this.clock.now());
    });
    if (p.state === DispositionState.Failed) this.log.warn(`布控 of seizure ${p.seizureId} refused by the platform: ${p.statusString ?? p.statusCode}`);
  }
}
