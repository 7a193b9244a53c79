import { Controller, Inject } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import {
  EventEnvelope, EventType, HitSource, InspectionReportedPayload, maskPlate, normalizePlate, plateProblem, plateReadProblem, SightingReportedPayload, Topic,
  VehicleAttributes,
} from '@app/contracts';
import { BATCH_HANDLER, BatchHandlerResult, Clock } from '@app/platform';
import { TrafficAdapterEnv } from '../config/traffic-adapter.env';
import { IntakeDoorMetrics } from '../metrics/traffic.metrics';
import { readAttributes } from './intake-answer';
import { IntakeMetrics } from './intake.metrics';
import { readTimeProblem } from './read-time';
import { IntakeRead, SightingsService } from './sightings.service';

/**
 * High-volume intake from `traffic.sightings.v1` (keyed by camera or station id, so one camera's
 * reads stay on one partition and are matched by exactly one instance of the fixed group).
 * The envelope's eventId is the read's id. A whole fetched batch is taken in at once: one
 * transaction for its hits, none when nothing matched. A read whose plate cannot be a plate,
 * or of a type this topic does not carry, is dead-lettered with the reason.
 */
@Controller()
export class SightingsConsumer {
  constructor(
    private readonly sightings: SightingsService,
    private readonly metrics: IntakeMetrics,
    private readonly clock: Clock,
    @Inject(TrafficAdapterEnv) private readonly env: TrafficAdapterEnv,
    private readonly doors: IntakeDoorMetrics,
  ) {}

  @EventPattern(Topic.Sightings, BATCH_HANDLER)
  async onIntake(@Payload() events: EventEnvelope[]): Promise<BatchHandlerResult> {
    const reads: IntakeRead[] = [];
    const rejected: BatchHandlerResult['rejected'] = [];
    for (const [index, event] of events.entries()) {
      this.metrics.onKafkaRead?.(event.eventId);
      const read = toRead(event, this.clock.now(), this.env.HIT_RETENTION_DAYS);
      if (typeof read === 'string') rejected.push({ index, reason: read });
      else reads.push(read);
    }
    if (reads.length) this.doors.count('kafka', await this.sightings.intake(reads));
    return { rejected };
  }
}

/** The read, or why it can never be processed. */
function toRead(event: EventEnvelope, now: Date, retentionDays: number): IntakeRead | string {
  switch (event.type) {
    case EventType.SightingReported: {
      const p = event.payload as SightingReportedPayload;
      const plate = normalizePlate(p.plate);
      // A camera read may be a misread (lost province, I for 1): the matcher judges it.
      const problem = plateReadProblem(plate);
      if (problem !== null) return unreadable(plate, problem);
      const late = readTimeProblem({ field: 'observedAt', at: new Date(p.observedAt) }, now, retentionDays);
      if (late !== null) return late;
      return {
        source: HitSource.Checkpoint,
        plate,
        cameraId: p.cameraId,
        observedAt: new Date(p.observedAt),
        eventId: event.eventId,
        confidence: p.confidence,
        location: p.location,
        imageUrl: p.imageUrl,
        attributes: readAttributes(trimmed(p)),
      };
    }
    case EventType.InspectionReported: {
      const p = event.payload as InspectionReportedPayload;
      const plate = normalizePlate(p.plate);
      const problem = plateProblem(plate);
      if (problem !== null) return unreadable(plate, problem);
      const late = readTimeProblem({ field: 'scheduledAt', at: new Date(p.scheduledAt), stage: p.stage }, now, retentionDays);
      if (late !== null) return late;
      return {
        source: HitSource.Inspection,
        plate,
        cameraId: p.stationId,
        observedAt: new Date(p.scheduledAt),
        eventId: event.eventId,
        location: p.location,
        attributes: readAttributes(trimmed(p)),
      };
    }
    default:
      return `traffic-adapter does not handle ${event.type} on ${Topic.Sightings}`;
  }
}

/** Brand and model as the full decode path leaves them (the fast path skips its transforms). */
function trimmed<T extends VehicleAttributes>(p: T): T {
  const text = (v: string | null | undefined) => (typeof v === 'string' ? v.normalize('NFKC').trim() || undefined : undefined);
  return { ...p, vehicleBrand: text(p.vehicleBrand), vehicleModel: text(p.vehicleModel) };
}

/** The reason is logged and sent as a header: the plate in it is masked. */
function unreadable(plate: string, problem: string): string {
  return `plate ${maskPlate(plate)} ${problem}`;
}
