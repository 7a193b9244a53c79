import { NullAllowed } from '@app/contracts';
import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsEnum, IsIn, IsInt, IsOptional, IsUUID, Matches, Max, MaxLength, Min } from 'class-validator';
import { OfficerRole, OverrideKind, RotationPeriod, TeamKind } from './team.entity';
import { CHECKPOINT_ID, CHECKPOINT_ID_RULE, IsCalendarDate, IsDisplayText, IsLatitudeDegrees, IsLongitudeDegrees, IsTimestamp } from '@app/contracts';

const HHMM = /^([01]\d|2[0-3]):[0-5]\d$/;

/** A team's id: the one rule of POST /teams, path and query `team`, and the roster CSV's team_id. */
export const TEAM_ID = /^[a-z0-9-]{2,40}$/;
export const TEAM_ID_RULE = '2-40 lower-case letters, digits or dashes';
/** An officer's badge number, e.g. FC-1001: in the JSON API and the roster CSV alike. */
export const BADGE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$/;
export const BADGE_RULE = '1-40 letters, digits, dots, dashes or underscores, starting with a letter or digit';
export const SHIFT_LABELS = ['day', 'night', 'weekend', 'lunch', 'other'] as const;

export class SetTeamBaseDto {
  @IsLatitudeDegrees()
  lat: number;

  @IsLongitudeDegrees()
  lon: number;

  @IsOptional()
  @IsDisplayText({ max: 200 })
  @MaxLength(200)
  name?: string;
}

export class CreateTeamDto {
  @Matches(TEAM_ID, { message: `id must be ${TEAM_ID_RULE}` })
  id: string;

  @IsDisplayText({ max: 100 })
  @MaxLength(100)
  name: string;
}

export class CreateOfficerDto {
  @Matches(TEAM_ID, { message: `teamId must be ${TEAM_ID_RULE}` })
  teamId: string;

  @IsDisplayText({ max: 100 })
  @MaxLength(100)
  name: string;

  @Matches(BADGE, { message: `badge must be ${BADGE_RULE}` })
  badge: string;

  @IsOptional()
  @Matches(/^\+?[0-9 -]{5,20}$/, { message: 'phone must be digits, optionally with + and spaces' })
  phone?: string;

  @ApiProperty({ enum: OfficerRole, isArray: true })
  @IsArray()
  @ArrayMinSize(1)
  // Each role once: 20,000 copies of "officer" were taken and stored.
  @ArrayUnique()
  @IsEnum(OfficerRole, { each: true })
  roles: OfficerRole[];
}

export class UpdateOfficerDto {
  @IsOptional()
  @Matches(TEAM_ID, { message: `teamId must be ${TEAM_ID_RULE}` })
  teamId?: string;

  @IsOptional()
  @IsDisplayText({ max: 100 })
  @MaxLength(100)
  name?: string;

  /** null removes the phone. */
  @IsOptional()
  @NullAllowed()
  @Matches(/^\+?[0-9 -]{5,20}$/, { message: 'phone must be digits, optionally with + and spaces' })
  phone?: string | null;

  @ApiProperty({ enum: OfficerRole, isArray: true, required: false })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  // Each role once: 20,000 copies of "officer" were taken and stored.
  @ArrayUnique()
  @IsEnum(OfficerRole, { each: true })
  roles?: OfficerRole[];
}

export class CreateJurisdictionDto {
  @Matches(TEAM_ID, { message: `teamId must be ${TEAM_ID_RULE}` })
  teamId: string;

  /** One checkpoint id; give either this or checkpointPrefix. */
  @IsOptional()
  @Matches(CHECKPOINT_ID, { message: `checkpointId must be ${CHECKPOINT_ID_RULE}` })
  checkpointId?: string;

  /** Every checkpoint whose id starts with this. */
  @IsOptional()
  @Matches(CHECKPOINT_ID, { message: `checkpointPrefix must be ${CHECKPOINT_ID_RULE}` })
  checkpointPrefix?: string;
}

export class SetTravelTimeDto {
  @Matches(TEAM_ID, { message: `teamId must be ${TEAM_ID_RULE}` })
  teamId: string;

  @Matches(CHECKPOINT_ID, { message: `checkpointId must be ${CHECKPOINT_ID_RULE}` })
  checkpointId: string;

  @IsInt()
  @Min(0)
  @Max(1440)
  minutes: number;
}

export class ShiftWindowDto {
  /** A set of ISO weekdays: each at most once (one day 20,000 times was stored as given). */
  @IsArray()
  @ArrayMinSize(1)
  @ArrayUnique()
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

  @ApiProperty({ enum: SHIFT_LABELS, required: false })
  @IsOptional()
  @IsIn(SHIFT_LABELS)
  label?: string;
}

export class CreateRotationDto extends ShiftWindowDto {
  @Matches(TEAM_ID, { message: `teamId must be ${TEAM_ID_RULE}` })
  teamId: string;

  @IsDisplayText({ max: 100 })
  @MaxLength(100)
  name: string;

  /** The turns in order; an officer may come more than once in a cycle, but a cycle is at most 100 turns (20,000 were stored, each looked up). */
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @IsUUID('all', { each: true })
  officerIds: string[];

  @IsEnum(RotationPeriod)
  period: RotationPeriod;

  /** YYYY-MM-DD in the court's time zone: the first officer's turn. */
  @IsCalendarDate()
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
  @IsDisplayText({ max: 500, multiline: true })
  @MaxLength(500)
  note?: string;
}

export class OnDutyOfficerView {
  id: string;
  name: string;
  badge: string;
  /** Only for those who dispatch (the command center; a team lead for their own team); null for everyone else. */
  phone: string | null;
  @ApiProperty({ enum: OfficerRole, isArray: true })
  roles: OfficerRole[];
}

export class OnDutyTeamView {
  @ApiProperty({ type: 'object', properties: { id: { type: 'string' }, name: { type: 'string' }, kind: { type: 'string', enum: Object.values(TeamKind) } }, required: ['id', 'name', 'kind'] })
  team: { id: string; name: string; kind: TeamKind };
  /** Who answers this team's alerts at that instant, in roster order. */
  officers: OnDutyOfficerView[];
}

export class OnDutyView {
  /** The instant asked about (RFC 3339, UTC). */
  at: string;
  teams: OnDutyTeamView[];
}

export class RosterImportResult {
  /** Teams whose recurring shifts the file replaced. */
  teams: string[];
  /** Shifts written. */
  shifts: number;
}
