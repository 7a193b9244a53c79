import { GeoLocation, IsPlateRead, IsTimestamp } from '@app/contracts';
import { Type } from 'class-transformer';
import { IsNotEmpty, IsNumber, IsOptional, IsString, IsUrl, Matches, Max, MaxLength, Min, ValidateNested } from 'class-validator';

/** One checkpoint camera read, as the traffic system sends it. */
export class SightingDto {
  /**
   * The plate as read; separators, full-width characters and case are normalized. Misreads a
   * camera makes (lost province, I for 1) are accepted for the matcher; non-plates are not.
   */
  @IsPlateRead()
  plate: string;

  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  cameraId: string;

  /** ISO 8601 with a time zone, e.g. 2026-03-01T08:15:00+08:00. */
  @IsTimestamp()
  observedAt: string;

  /** The feed's own id for this read; a repeated id is ignored. */
  @IsOptional()
  @IsString()
  @Matches(/^[A-Za-z0-9._:-]{1,100}$/, { message: 'eventId must be 1-100 letters, digits or . _ : -' })
  eventId?: string;

  /** Read confidence of the camera, 0 to 1. */
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
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

export class SightingsAcceptedDto {
  /** Reads in the request. */
  received: number;
  /** Hits published for them (one read of a plate with two seals makes two). */
  hits: number;
  /** Reads ignored because their eventId was already processed. */
  duplicates: number;
}
