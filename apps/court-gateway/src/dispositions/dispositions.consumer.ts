import { Controller, Logger } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { InjectDataSource } from '@nestjs/typeorm';
import { DispositionState, DispositionStateChangedPayload, EventEnvelope, EventType, Topic } from '@app/contracts';
import { claimInboxEvent, Clock, PermanentEventError } from '@app/platform';
import { DataSource } from 'typeorm';
import { COURT_SCHEMA } from '../config/court-gateway.env';
import { SealDispositionsRepository } from './seal-dispositions.repository';

const CONSUMER = 'dispositions';

/** Each seal's 布控 state from traffic.dispositions.v1 (envelopes arrive decoded and validated). */
@Controller()
export class DispositionsConsumer {
  private readonly log = new Logger('Dispositions');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly dispositions: SealDispositionsRepository,
    private readonly clock: Clock,
  ) {}

  @EventPattern(Topic.Dispositions)
  async onDispositionEvent(@Payload() event: EventEnvelope): Promise<void> {
    if (event.type !== EventType.DispositionStateChanged) {
      throw new PermanentEventError(`court-gateway does not handle ${event.type} on ${Topic.Dispositions}`);
    }
    const p = (event as EventEnvelope<DispositionStateChangedPayload>).payload;
    await this.dataSource.transaction(async (manager) => {
      if (!(await claimInboxEvent(manager, COURT_SCHEMA, CONSUMER, event.eventId))) return;
      await this.dispositions.record(manager, p, this.clock.now());
    });
    if (p.state === DispositionState.Failed) this.log.warn(`布控 of seizure ${p.seizureId} refused by the platform: ${p.statusString ?? p.statusCode}`);
  }
}
