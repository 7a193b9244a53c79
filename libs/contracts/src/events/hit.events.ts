import { Type } from 'class-transformer';
import {
  IsDateString, IsEnum, IsLatitude, IsLongitude, IsNotEmpty, IsNumber, IsOptional, IsString, IsUrl, IsUUID, Max,
  MaxLength, Min, ValidateNested,
} from 'class-validator';
import { IsChinesePlate } from '../plates/is-plate.decorator';

export enum HitSource {
  /** A checkpoint camera (卡口) read the plate. */
  Checkpoint = 'checkpoint',
  /** The vehicle was booked or arrived for annual inspection (年检). */
  Inspection = 'inspection',
}

export enum MatchKind {
  Exact = 'exact',
}

export class GeoLocation {
  @IsLatitude()
  lat: number;

  @IsLongitude()
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

  @IsDateString({ strict: true })
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
