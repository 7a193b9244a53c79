import { Controller, Logger } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { EventEnvelope, EventType, Topic, VehicleSightedPayload } from '@app/contracts';
import { BATCH_HANDLER, BatchHandlerResult } from '@app/platform';
import { CourtLatencyMetrics } from '../metrics/court.metrics';
import { HitIntakeService } from './hit-intake.service';

/**
 * Hits from the traffic side become alerts, a fetched batch at a time (envelopes arrive decoded
 * and validated). Should a batch fail on its data rather than on the database being away, the
 * records are taken one by one, so the one that can never be stored is dead-lettered alone and
 * the others go on, as with a handler per record.
 */
@Controller()
export class HitsConsumer {
  private readonly log = new Logger(HitsConsumer.name);

  constructor(
    private readonly intake: HitIntakeService,
    private readonly latency: CourtLatencyMetrics,
  ) {}

  @EventPattern(Topic.Hits, BATCH_HANDLER)
  async onHits(@Payload() events: EventEnvelope[]): Promise<BatchHandlerResult> {
    const rejected: BatchHandlerResult['rejected'] = [];
    const hits: { index: number; event: EventEnvelope<VehicleSightedPayload> }[] = [];
    events.forEach((event, index) => {
      if (event.type === EventType.VehicleSighted) hits.push({ index, event: event as EventEnvelope<VehicleSightedPayload> });
      else rejected.push({ index, reason: `court-gateway does not handle ${event.type} on ${Topic.Hits}` });
    });
    try {
      const result = await this.intake.recordHits(hits.map((h) => h.event));
      for (const r of result.rejected) rejected.push({ index: hits[r.index].index, reason: r.reason });
      const refused = new Set(result.rejected.map((r) => r.index));
      this.latency.hitsStored(hits.filter((_, i) => !refused.has(i)).map((h) => h.event));
    } catch (error) {
      if (!isDataError(error) || hits.length === 1) throw error;
      this.log.warn(`batch of ${hits.length} hits failed on its data (${(error as Error).message}); taking them one by one`);
      for (const { index, event } of hits) {
        try {
          const result = await this.intake.recordHits([event]);
          for (const r of result.rejected) rejected.push({ index, reason: r.reason });
        } catch (one) {
          if (!isDataError(one)) throw one;
          rejected.push({ index, reason: `cannot be stored: ${(one as Error).message}` });
        }
      }
    }
    return { rejected: rejected.sort((a, b) => a.index - b.index) };
  }
}

/** PostgreSQL refused the values themselves (SQLSTATE class 22 data exception, 23 integrity violation): retrying cannot help. */
function isDataError(error: unknown): boolean {
  const code = (error as { code?: unknown })?.code;
  return typeof code === 'string' && (code.startsWith('22') || code.startsWith('23'));
}
