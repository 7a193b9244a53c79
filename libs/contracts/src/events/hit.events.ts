import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsEnum, IsInt, IsNotEmpty, IsNumber, IsOptional, IsString, IsUrl, IsUUID, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { IsChinesePlate } from '../plates/is-plate.decorator';
import { IsTimestamp } from '../time/timestamp';
import { IsLatitudeDegrees, IsLongitudeDegrees } from '../geo/coordinates';

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
  @ValidateNested()
  @Type(() => GeoLocation)
  location?: GeoLocation;

  @IsOptional()
  @IsUrl({ require_tld: false })
  @MaxLength(2000)
  imageUrl?: string;
}
