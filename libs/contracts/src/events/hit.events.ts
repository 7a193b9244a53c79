import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBase64, IsBoolean, IsEnum, IsIn, IsInt, IsNotEmpty, IsNumber, IsObject, IsOptional, IsString, IsUrl, IsUUID, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { IsChinesePlate } from '../plates/is-plate.decorator';
import { AttributeVerdict } from '../plates/vehicle';
import { IsTimestamp } from '../time/timestamp';
import { IsLatitudeDegrees, IsLongitudeDegrees } from '../geo/coordinates';
import { IMAGE_URL_OPTIONS } from './image-url';
import { VehicleDescription } from './vehicle-description.dto';

export enum HitSource {
  /** A checkpoint camera (卡口) read the plate. */
  Checkpoint = 'checkpoint',
  /** The vehicle was booked or arrived for annual inspection (年检). */
  Inspection = 'inspection',
}

export enum MatchKind {
  /** The read equals the watchlist plate after normalization. */
  Exact = 'exact',
  /** A possible hit: the read differs by likely OCR confusions; an officer verifies against the image. */
  Fuzzy = 'fuzzy',
}

/** One character where the read differs from the watchlist plate. */
export class PlateDifference {
  /** 0-based character position in the watchlist plate. */
  @IsInt()
  @Min(0)
  @Max(8)
  position: number;

  /** The character on the watchlist plate ('' when the read lacks it). */
  @IsString()
  @MaxLength(2)
  expected: string;

  /** The character the camera read ('' when missing). */
  @IsString()
  @MaxLength(2)
  read: string;
}

export class GeoLocation {
  @IsLatitudeDegrees()
  lat: number;

  @IsLongitudeDegrees()
  lon: number;

  @IsOptional()
  @IsString()
  @MaxLength(200)
  name?: string;
}

/** What a camera saw of the vehicle (or an inspection's papers say), carried on the hit. */
export class SeenVehicle extends VehicleDescription {}

/** One attribute both the seal and the read describe, and how they compare. */
export class AttributeCheck {
  @IsIn(['plateColor', 'vehicleColor', 'vehicleBrand', 'vehicleType'])
  attribute: 'plateColor' | 'vehicleColor' | 'vehicleBrand' | 'vehicleType';

  @IsEnum(AttributeVerdict)
  verdict: AttributeVerdict;

  /** What the seal says. */
  @IsString()
  @MaxLength(100)
  sealed: string;

  /** What the camera saw. */
  @IsString()
  @MaxLength(100)
  seen: string;
}

export enum ClonedPlateReason {
  /** The plate was read exactly, on a vehicle whose colour, make or type contradicts the seal. */
  Attributes = 'attributes',
  /** The same plate was read elsewhere too recently for one car to have made the trip. */
  ImpossibleTravel = 'impossible_travel',
}

/** The other read of an impossible trip: where and when the same plate was also seen. */
export class TravelEvidence {
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  cameraId: string;

  @IsOptional()
  @IsString()
  @MaxLength(100)
  checkpointId?: string;

  // An array of objects passes ValidateNested alone: the field is one object.
  @IsObject()
  @ValidateNested()
  @Type(() => GeoLocation)
  location: GeoLocation;

  @IsTimestamp()
  observedAt: string;

  /** Great-circle distance between the two places. */
  @IsNumber()
  @Min(0)
  distanceKm: number;

  /** Speed the trip would have needed (Infinity never: same-instant reads give a large finite number). */
  @IsNumber()
  @Min(0)
  speedKmh: number;
}

/** Formats an inline picture may have. */
export const HIT_IMAGE_FORMATS = ['jpeg', 'png', 'bmp', 'gif'] as const;
/** Longest inline picture a hit carries, as base64 (≈ 512 KB of image; a Kafka message stays well under 1 MB). */
export const HIT_IMAGE_MAX_BASE64 = 700_000;

/**
 * The camera's picture of a hit, when the feed sent it inline (GA/T 1400 SubImageList Data)
 * rather than as a link: carried only with hits, never kept for reads that match nothing.
 */
export class HitImage {
  @IsIn(HIT_IMAGE_FORMATS)
  format: (typeof HIT_IMAGE_FORMATS)[number];

  @IsBase64()
  @MaxLength(HIT_IMAGE_MAX_BASE64)
  data: string;
}

/** A sighting or inspection event that matched an active seal. */
export class VehicleSightedPayload {
  @IsUUID()
  hitId: string;

  @IsUUID()
  seizureId: string;

  /** The watchlist plate that matched (normalized). */
  @IsChinesePlate()
  plate: string;

  /** The plate as the camera read it, normalized. Equal to `plate` for exact matches. */
  @IsString()
  @MaxLength(16)
  readPlate: string;

  @IsEnum(MatchKind)
  match: MatchKind;

  /** Match score 0..1 (1 for exact), combining OCR confusion likelihood and read confidence. */
  @IsOptional()
  @IsNumber()
  @Min(0)
  @Max(1)
  score?: number;

  /** For fuzzy matches: which characters differed, so an officer can check the image. */
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(8)
  @ValidateNested({ each: true })
  @Type(() => PlateDifference)
  differences?: PlateDifference[];

  /** Where the read came from: checkpoint id (camera) or inspection station id. */
  @IsOptional()
  @IsString()
  @MaxLength(100)
  checkpointId?: string;

  /** True when the camera is not in the checkpoint registry (accepted and flagged, not dropped). */
  @IsOptional()
  @IsBoolean()
  unknownCamera?: boolean;

  @IsEnum(HitSource)
  source: HitSource;

  /** The sighting's own event id, so the court can trace a hit back to the read. */
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  sightingId: string;

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
  // An array of objects passes ValidateNested alone: the field is one object.
  @IsObject()
  @ValidateNested()
  @Type(() => GeoLocation)
  location?: GeoLocation;

  @IsOptional()
  @IsUrl(IMAGE_URL_OPTIONS)
  @MaxLength(2000)
  imageUrl?: string;

  /** The picture itself, when the feed sent it inline and it is small enough (see HitImage). */
  @IsOptional()
  // An array of objects passes ValidateNested alone: the field is one object.
  @IsObject()
  @ValidateNested()
  @Type(() => HitImage)
  image?: HitImage;

  /** What the camera saw of the vehicle, when it said. */
  @IsOptional()
  // An array of objects passes ValidateNested alone: the field is one object.
  @IsObject()
  @ValidateNested()
  @Type(() => SeenVehicle)
  seenVehicle?: SeenVehicle;

  /** The attributes both the seal and the read describe, compared; absent when none are. */
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(4)
  @ValidateNested({ each: true })
  @Type(() => AttributeCheck)
  attributes?: AttributeCheck[];

  /** Possible cloned plate (套牌): an officer checks the car before anyone stops it. */
  @IsOptional()
  @IsBoolean()
  clonedPlate?: boolean;

  /** Why the plate may be cloned. */
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(2)
  @IsEnum(ClonedPlateReason, { each: true })
  clonedPlateReasons?: ClonedPlateReason[];

  /** For an impossible trip: the other read of the same plate. */
  @IsOptional()
  // An array of objects passes ValidateNested alone: the field is one object.
  @IsObject()
  @ValidateNested()
  @Type(() => TravelEvidence)
  impossibleTravel?: TravelEvidence;
}
