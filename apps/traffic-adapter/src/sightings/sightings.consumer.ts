import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import {
  EventEnvelope, EventType, HitSource, InspectionReportedPayload, maskPlate, normalizePlate, plateProblem, SightingReportedPayload, Topic,
} from '@app/contracts';
import { PermanentEventError } from '@app/platform';
import { IntakeMetrics } from './intake.metrics';
import { IntakeRead, SightingsService } from './sightings.service';

/**
 * High-volume intake from `traffic.sightings.v1` (keyed by camera or station id, so one camera's
 * reads stay on one partition and are matched by exactly one instance of the fixed group).
 * The envelope's eventId is the read's id. A read whose plate cannot be a plate is dead-lettered.
 */
@Controller()
export class SightingsConsumer {
  constructor(
    private readonly sightings: SightingsService,
    private readonly metrics: IntakeMetrics,
  ) {}

  @EventPattern(Topic.Sightings)
  async onIntake(@Payload() event: EventEnvelope): Promise<void> {
    this.metrics.onKafkaRead?.(event.eventId);
    await this.sightings.intake([toRead(event)]);
  }
}

function toRead(event: EventEnvelope): IntakeRead {
  switch (event.type) {
    case EventType.SightingReported: {
      const p = event.payload as SightingReportedPayload;
      return {
        source: HitSource.Checkpoint,
        plate: validPlate(p.plate),
        cameraId: p.cameraId,
        observedAt: new Date(p.observedAt),
        eventId: event.eventId,
        confidence: p.confidence,
        location: p.location,
        imageUrl: p.imageUrl,
      };
    }
    case EventType.InspectionReported: {
      const p = event.payload as InspectionReportedPayload;
      return {
        source: HitSource.Inspection,
        plate: validPlate(p.plate),
        cameraId: p.stationId,
        observedAt: new Date(p.scheduledAt),
        eventId: event.eventId,
        location: p.location,
      };
    }
    default:
      throw new PermanentEventError(`traffic-adapter does not handle ${event.type} on ${Topic.Sightings}`);
  }
}

function validPlate(raw: string): string {
  const plate = normalizePlate(raw);
  const problem = plateProblem(plate);
  // The reason is logged: the plate in it is masked.
  if (problem !== null) throw new PermanentEventError(`plate ${maskPlate(plate)} ${problem}`);
  return plate;
}
