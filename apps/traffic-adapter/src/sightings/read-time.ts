import { FieldProblem, InspectionStage, timeWindowFieldProblem } from '@app/contracts';

const DAY_MS = 86_400_000;
/** An owner books the annual inspection ahead; a booking further out than a year is no booking. */
const BOOKING_HORIZON_MS = 366 * DAY_MS;

/**
 * Why a read's time cannot be acted on, or null: the one rule for every intake door (HTTP
 * sightings and inspections, Kafka). A camera read from the future or from before the hit
 * retention window is a broken clock: it is refused (400 / dead letter) rather than matched
 * against seals it cannot belong to and silently lost. A booked inspection may lie ahead.
 */
export function readTimeProblem(
  read: { field: 'observedAt' | 'scheduledAt'; at: Date; stage?: InspectionStage },
  now: Date,
  retentionDays: number,
): string | null {
  return readTimeFieldProblem(read, now, retentionDays)?.message ?? null;
}

/** {@link readTimeProblem} with its field and code, for the HTTP doors' per-item answers. */
export function readTimeFieldProblem(
  read: { field: 'observedAt' | 'scheduledAt'; at: Date; stage?: InspectionStage },
  now: Date,
  retentionDays: number,
): FieldProblem | null {
  return timeWindowFieldProblem(read.field, read.at, now, {
    maxAheadMs: read.stage === InspectionStage.Booked ? BOOKING_HORIZON_MS : undefined,
    maxAgeMs: retentionDays * DAY_MS,
    ageLimit: `the ${retentionDays}-day hit retention window (HIT_RETENTION_DAYS)`,
  });
}
