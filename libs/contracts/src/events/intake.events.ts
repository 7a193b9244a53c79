import { Type } from 'class-transformer';
import { IsEnum, IsNotEmpty, IsNumber, IsObject, IsOptional, IsString, IsUrl, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { IsChinesePlate, IsPlateRead } from '../plates/is-plate.decorator';
import { GeoLocation } from './hit.events';
import { IsTimestamp } from '../time/timestamp';
import { IMAGE_URL_OPTIONS } from './image-url';
import { VehicleDescription } from './vehicle-description.dto';

/**
 * One checkpoint camera read (过车记录): the one shape every door of the traffic adapter takes a
 * read in, HTTP (`POST /api/v1/sightings`, which adds the feed's `eventId`), Kafka
 * (`traffic.sightings.v1`, where the envelope's eventId is the read's id) and the GA/T 1400
 * connector (which maps PlateNo, PassTime, PlateReliability, PlateColor, VehicleColor,
 * VehicleBrand and VehicleClass onto it). The plate is as read, normalized: misreads are for the
 * matcher to judge; only what no plate could produce is refused. What the camera saw of the vehicle
 * (plate and body colour, make, model, kind) comes with `VehicleDescription`.
 */
export class CameraRead extends VehicleDescription {
  /**
   * The plate as read; separators, full-width characters and case are normalized. Misreads a
   * camera makes (a lost, misread or unknown province glyph, I for 1, a lost or doubled
   * character) are taken; empty reads, other scripts and reads longer than any plate are not.
   */
  @IsPlateRead()
  plate: string;

  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  cameraId: string;

  /** RFC 3339 with a UTC offset or Z, e.g. 2026-03-01T08:15:00+08:00. */
  @IsTimestamp()
  observedAt: string;

  /** Read confidence of the camera, 0 to 1 (GA/T 1400 PlateReliability / 100). */
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(1)
  confidence?: number;

  @IsOptional()
  // An array of objects passes ValidateNested alone: the field is one object.
  @IsObject()
  @ValidateNested()
  @Type(() => GeoLocation)
  location?: GeoLocation;

  @IsOptional()
  @IsUrl(IMAGE_URL_OPTIONS)
  @MaxLength(2000)
  imageUrl?: string;
}

/** A camera read taken in over Kafka (`traffic.sightings.v1`): the read itself, nothing added. */
export class SightingReportedPayload extends CameraRead {}

export enum InspectionStage {
  /** The owner booked an annual inspection. */
  Booked = 'booked',
  /** The vehicle arrived at the inspection station. */
  Arrived = 'arrived',
}

/**
 * An annual inspection (年检) booking or arrival, the one shape both doors take it in (HTTP
 * `POST /api/v1/inspections` adds `eventId`; over Kafka the envelope carries it). The plate comes
 * from the vehicle's papers, not a camera, so it must be a valid plate; the papers' description of
 * the vehicle comes with `VehicleDescription`.
 */
export class InspectionRead extends VehicleDescription {
  /** The vehicle's plate; separators, full-width characters and case are normalized. */
  @IsChinesePlate()
  plate: string;

  /** The inspection station; the hit carries it as camera and checkpoint id. */
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  stationId: string;

  @IsEnum(InspectionStage)
  stage: InspectionStage;

  /** When the vehicle is (or was) at the station, RFC 3339 with a UTC offset or Z. */
  @IsTimestamp()
  scheduledAt: string;

  @IsOptional()
  // An array of objects passes ValidateNested alone: the field is one object.
  @IsObject()
  @ValidateNested()
  @Type(() => GeoLocation)
  location?: GeoLocation;
}

/** An annual inspection taken in over Kafka. */
export class InspectionReportedPayload extends InspectionRead {}

export enum FeedScope {
  Camera = 'camera',
  CheckpointGroup = 'checkpoint_group',
  Feed = 'feed',
  /** The link with the police GA/T 1400 视图库 (subject: its id): down, or its clock too far off ours. */
  Platform = 'platform',
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

  /** Camera id, checkpoint group id, 'all', or the 视图库's id. */
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

  /** Why, when the cause is known: e.g. the platform refused our registration, or its clock is 600 s off. */
  @IsOptional()
  @IsString()
  @MaxLength(300)
  reason?: string;
}
