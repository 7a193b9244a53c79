import { IsInt, IsNotEmpty, IsObject, IsOptional, IsString, IsUUID, MaxLength, Min } from 'class-validator';
import { IsTimestamp } from './time/timestamp';

/**
 * The JSON envelope every message on every topic carries. `eventId` is the idempotency key:
 * a consumer that sees an `eventId` again treats it as already done.
 */
export class EventEnvelope<P extends object = object> {
  @IsUUID()
  eventId: string;

  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  type: string;

  @IsInt()
  @Min(1)
  schemaVersion: number;

  @IsTimestamp()
  occurredAt: string;

  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  producer: string;

  /** Follows one business flow (sighting → hit → alert) across both apps and their logs. */
  @IsOptional()
  @IsString()
  @MaxLength(100)
  correlationId?: string;

  /** Validated against the payload class of `type` by {@link decodeEnvelope}, not here. */
  @IsObject()
  payload: P;
}
