import { GeoLocation, InspectionStage, IsChinesePlate, IsTimestamp } from '@app/contracts';
import { Type } from 'class-transformer';
import { IsEnum, IsNotEmpty, IsOptional, IsString, Matches, MaxLength, ValidateNested } from 'class-validator';

/** An annual inspection (年检) booking or arrival at a station, as the inspection system sends it. */
export class InspectionDto {
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

  /** When the vehicle is (or was) at the station, ISO 8601 with a time zone. */
  @IsTimestamp()
  scheduledAt: string;

  /** The feed's own id for this event; a repeated id is ignored. */
  @IsOptional()
  @IsString()
  @Matches(/^[A-Za-z0-9._:-]{1,100}$/, { message: 'eventId must be 1-100 letters, digits or . _ : -' })
  eventId?: string;

  @IsOptional()
  @ValidateNested()
  @Type(() => GeoLocation)
  location?: GeoLocation;
}
