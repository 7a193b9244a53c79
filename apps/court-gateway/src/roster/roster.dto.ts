import { ApiProperty } from '@nestjs/swagger';
import { ArrayMinSize, IsArray, IsEnum, IsIn, IsInt, IsNotEmpty, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min } from 'class-validator';
import { OfficerRole, OverrideKind, RotationPeriod } from './team.entity';
import { IsTimestamp, IsLatitudeDegrees, IsLongitudeDegrees } from '@app/contracts';

const HHMM = /^([01]\d|2[0-3]):[0-5]\d$/;

export class SetTeamBaseDto {
  @IsLatitudeDegrees()
  lat: number;

  @IsLongitudeDegrees()
  lon: number;

  @IsOptional()
  @IsString()
  @MaxLength(200)
  name?: string;
}

export class CreateTeamDto {
  @Matches(/^[a-z0-9-]{2,40}$/, { message: 'id must be 2-40 lower-case letters, digits or dashes' })
  id: string;

  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  name: string;
}

export class CreateOfficerDto {
  @IsString()
  @IsNotEmpty()
  teamId: string;

  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  name: string;

  @IsString()
  @IsNotEmpty()
  @MaxLength(40)
  badge: string;

  @IsOptional()
  @Matches(/^\+?[0-9 -]{5,20}$/, { message: 'phone must be digits, optionally with + and spaces' })
  phone?: string;

  @ApiProperty({ enum: OfficerRole, isArray: true })
  @IsArray()
  @ArrayMinSize(1)
  @IsEnum(OfficerRole, { each: true })
  roles: OfficerRole[];
}

export class UpdateOfficerDto {
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  teamId?: string;

  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  name?: string;

  @IsOptional()
  @Matches(/^\+?[0-9 -]{5,20}$/, { message: 'phone must be digits, optionally with + and spaces' })
  phone?: string;

  @ApiProperty({ enum: OfficerRole, isArray: true, required: false })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @IsEnum(OfficerRole, { each: true })
  roles?: OfficerRole[];
}

export class CreateJurisdictionDto {
  @IsString()
  @IsNotEmpty()
  teamId: string;

  /** One checkpoint id; give either this or checkpointPrefix. */
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  checkpointId?: string;

  /** Every checkpoint whose id starts with this. */
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  checkpointPrefix?: string;
}

export class SetTravelTimeDto {
  @IsString()
  @IsNotEmpty()
  teamId: string;

  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  checkpointId: string;

  @IsInt()
  @Min(0)
  @Max(1440)
  minutes: number;
}

class ShiftWindowDto {
  @IsArray()
  @ArrayMinSize(1)
  @IsInt({ each: true })
  @Min(1, { each: true })
  @Max(7, { each: true })
  weekdays: number[];

  @Matches(HHMM, { message: 'startLocal must be HH:MM' })
  startLocal: string;

  @Matches(HHMM, { message: 'endLocal must be HH:MM' })
  endLocal: string;
}

export class CreateShiftDto extends ShiftWindowDto {
  @IsUUID()
  officerId: string;

  @IsOptional()
  @IsIn(['day', 'night', 'weekend', 'lunch', 'other'])
  label?: string;
}

export class CreateRotationDto extends ShiftWindowDto {
  @IsString()
  @IsNotEmpty()
  teamId: string;

  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  name: string;

  @IsArray()
  @ArrayMinSize(1)
  @IsUUID('all', { each: true })
  officerIds: string[];

  @IsEnum(RotationPeriod)
  period: RotationPeriod;

  /** YYYY-MM-DD in the court's time zone: the first officer's turn. */
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'anchorDate must be YYYY-MM-DD' })
  anchorDate: string;
}

export class CreateOverrideDto {
  @IsEnum(OverrideKind)
  kind: OverrideKind;

  @IsUUID()
  officerId: string;

  /** For swap (and optionally cover): whose duty the officer takes. */
  @IsOptional()
  @IsUUID()
  replacesOfficerId?: string;

  @IsTimestamp()
  startsAt: string;

  @IsTimestamp()
  endsAt: string;

  @IsOptional()
  @IsString()
  @MaxLength(500)
  note?: string;
}
