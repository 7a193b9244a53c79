import { Type } from 'class-transformer';
import { IsEnum, IsNotEmpty, IsObject, IsOptional, IsString, IsUUID, MaxLength, ValidateNested } from 'class-validator';
import { IsChinesePlate } from '../plates/is-plate.decorator';
import { GeoLocation } from './hit.events';
import { IsTimestamp } from '../time/timestamp';

/** 拦停: the court asks traffic police to stop the vehicle. */
export class InterceptionRequestedPayload {
  @IsUUID()
  interceptionId: string;

  @IsUUID()
  alertId: string;

  @IsUUID()
  seizureId: string;

  @IsChinesePlate()
  plate: string;

  @IsString()
  @IsNotEmpty()
  @MaxLength(64)
  caseNumber: string;

  /** Last place the vehicle was seen. */
  @IsOptional()
  @IsString()
  @MaxLength(100)
  lastCameraId?: string;

  @IsOptional()
  // An array of objects passes ValidateNested alone: the field is one object.
  @IsObject()
  @ValidateNested()
  @Type(() => GeoLocation)
  lastLocation?: GeoLocation;

  @IsOptional()
  @IsTimestamp()
  lastSeenAt?: string;

  /** Who asked (officer name and badge), for the traffic police to call back. */
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  requestedBy: string;

  @IsOptional()
  @IsString()
  @MaxLength(100)
  contactPhone?: string;

  @IsOptional()
  @IsString()
  @MaxLength(1000)
  note?: string;
}

export enum InterceptionResult {
  Stopped = 'stopped',
  Lost = 'lost',
  Refused = 'refused',
}

/** The traffic police's answer to an interception request. */
export class InterceptionOutcomePayload {
  @IsUUID()
  interceptionId: string;

  @IsUUID()
  alertId: string;

  @IsEnum(InterceptionResult)
  result: InterceptionResult;

  @IsTimestamp()
  reportedAt: string;

  @IsOptional()
  @IsString()
  @MaxLength(200)
  reportedBy?: string;

  @IsOptional()
  @IsString()
  @MaxLength(1000)
  note?: string;

  @IsOptional()
  // An array of objects passes ValidateNested alone: the field is one object.
  @IsObject()
  @ValidateNested()
  @Type(() => GeoLocation)
  location?: GeoLocation;
}
