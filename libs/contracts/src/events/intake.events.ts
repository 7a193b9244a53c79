import { Type } from 'class-transformer';
import { IsEnum, IsNotEmpty, IsNumber, IsOptional, IsString, IsUrl, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { GeoLocation } from './hit.events';
import { IsTimestamp } from '../time/timestamp';

/**
 * A checkpoint camera read taken in over Kafka (`traffic.sightings.v1`). The envelope's eventId
 * is the read's id: a repeat is ignored. The plate is as read (not yet normalized or validated
 * as a plate: a camera may misread it into something that is not a plate at all).
 */
export class SightingReportedPayload {
  @IsString()
  @IsNotEmpty()
  @MaxLength(16)
  plate: string;

  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  cameraId: string;

  @IsTimestamp()
  observedAt: string;

  @IsOptional()
  @IsNumber()
  @Min(0)
  @Max(1)
  confidence?: number;

  @IsOptional()
  @ValidateNested()
  @Type(() => GeoLocation)
  location?: GeoLocation;

  @IsOptional()
  @IsUrl({ require_tld: false, protocols: ['http', 'https'] })
  @MaxLength(2000)
  imageUrl?: string;
}

export enum InspectionStage {
  /** The owner booked an annual inspection. */
  Booked = 'booked',
  /** The vehicle arrived at the inspection station. */
  Arrived = 'arrived',
}

/** An annual inspection (年检) booking or arrival, taken in over Kafka. */
export class InspectionReportedPayload {
  @IsString()
  @IsNotEmpty()
  @MaxLength(16)
  plate: string;

  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  stationId: string;

  @IsEnum(InspectionStage)
  stage: InspectionStage;

  /** When the vehicle is (or was) at the station. */
  @IsTimestamp()
  scheduledAt: string;

  @IsOptional()
  @ValidateNested()
  @Type(() => GeoLocation)
  location?: GeoLocation;
}

export enum FeedScope {
  Camera = 'camera',
  CheckpointGroup = 'checkpoint_group',
  Feed = 'feed',
}

export enum FeedState {
  /** No read for longer than configured: the watch is blind there. */
  Quiet = 'quiet',
  /** Reads flow again. */
  Restored = 'restored',
}

/** The traffic side's watch went blind (or saw again) somewhere; the court's command center shows it. */
export class FeedHealthChangedPayload {
  @IsEnum(FeedScope)
  scope: FeedScope;

  /** Camera id, checkpoint group id, or 'all'. */
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  subjectId: string;

  @IsEnum(FeedState)
  state: FeedState;

  @IsOptional()
  @IsTimestamp()
  lastReadAt?: string;

  @IsNumber()
  @Min(0)
  quietSeconds: number;
}
