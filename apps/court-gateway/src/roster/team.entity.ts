import { Check, Column, Entity, ForeignKey, Index, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

export enum TeamKind {
  /** 执行指挥中心: answers whatever no tribunal covers. */
  CommandCenter = 'command_center',
  /** A tribunal (法庭) that enforces locally. */
  Tribunal = 'tribunal',
}

@Entity({ name: 'teams' })
@Check('teams_kind_check', `kind IN ('command_center', 'tribunal')`)
export class Team {
  @PrimaryColumn('text')
  id: string;

  @Column('text', { unique: true })
  name: string;

  @Column('text')
  kind: TeamKind;

  /** Where the team's officers leave from: used by nearest-team routing. */
  @Column('double precision', { name: 'base_lat', nullable: true })
  baseLat: number | null;

  @Column('double precision', { name: 'base_lon', nullable: true })
  baseLon: number | null;

  @Column('text', { name: 'base_name', nullable: true })
  baseName: string | null;
}

export enum OfficerRole {
  Officer = 'officer',
  TeamLead = 'team_lead',
  DutyDirector = 'duty_director',
  Dispatcher = 'dispatcher',
}

@Entity({ name: 'officers' })
export class Officer {
  @PrimaryColumn('uuid')
  id: string;

  @Column('text', { name: 'team_id' })
  @ForeignKey(() => Team, { name: 'officers_team_id_fkey' })
  teamId: string;

  @Column('text')
  name: string;

  @Column('text', { unique: true })
  badge: string;

  @Column('text', { nullable: true })
  phone: string | null;

  @Column('text', { array: true, default: () => "'{}'" })
  roles: OfficerRole[];
}

/**
 * A recurring shift in the court's local time: on the given ISO weekdays (1 = Monday) from
 * `startLocal` to `endLocal`; an end before the start runs past midnight into the next day.
 */
@Entity({ name: 'duty_shifts' })
export class DutyShift {
  @PrimaryColumn('uuid')
  id: string;

  @Column('text', { name: 'team_id' })
  @ForeignKey(() => Team, { name: 'duty_shifts_team_id_fkey' })
  teamId: string;

  @Column('uuid', { name: 'officer_id' })
  @ForeignKey(() => Officer, { name: 'duty_shifts_officer_id_fkey' })
  officerId: string;

  @Column('int', { array: true })
  weekdays: number[];

  @Column('text', { name: 'start_local' })
  startLocal: string;

  @Column('text', { name: 'end_local' })
  endLocal: string;

  /** day, night, weekend, lunch… for people reading the roster; routing does not use it. */
  @Column('text', { nullable: true })
  label: string | null;
}

export enum RotationPeriod {
  Day = 'day',
  Week = 'week',
}

/**
 * Officers taking a shift window in turn: on the anchor date (local) the first officer has it,
 * the next one after each period, cycling.
 */
@Entity({ name: 'duty_rotations' })
@Check('duty_rotations_period_check', `period IN ('day', 'week')`)
export class DutyRotation {
  @PrimaryColumn('uuid')
  id: string;

  @Column('text', { name: 'team_id' })
  @ForeignKey(() => Team, { name: 'duty_rotations_team_id_fkey' })
  teamId: string;

  @Column('text')
  name: string;

  @Column('uuid', { name: 'officer_ids', array: true })
  officerIds: string[];

  @Column('text')
  period: RotationPeriod;

  /** YYYY-MM-DD in the court's time zone. */
  @Column('date', { name: 'anchor_date' })
  anchorDate: string;

  @Column('int', { array: true })
  weekdays: number[];

  @Column('text', { name: 'start_local' })
  startLocal: string;

  @Column('text', { name: 'end_local' })
  endLocal: string;
}

export enum OverrideKind {
  /** The officer is off duty for the period, whatever the shifts and rotations say. */
  Leave = 'leave',
  /** The officer is on duty for the period in addition to (or instead of `replacesOfficerId`) the roster. */
  Cover = 'cover',
  /** The officer takes the duty of `replacesOfficerId` for the period. */
  Swap = 'swap',
}

/** A one-off change that wins over the recurring shifts and rotations. */
@Entity({ name: 'duty_overrides' })
@Check('duty_overrides_kind_check', `kind IN ('leave', 'cover', 'swap')`)
@Check('duty_overrides_check', 'ends_at > starts_at')
@Index('duty_overrides_team_time', ['teamId', 'startsAt', 'endsAt'])
export class DutyOverride {
  @PrimaryColumn('uuid')
  id: string;

  @Column('text', { name: 'team_id' })
  @ForeignKey(() => Team, { name: 'duty_overrides_team_id_fkey' })
  teamId: string;

  @Column('text')
  kind: OverrideKind;

  @Column('uuid', { name: 'officer_id' })
  @ForeignKey(() => Officer, { name: 'duty_overrides_officer_id_fkey' })
  officerId: string;

  @Column('uuid', { name: 'replaces_officer_id', nullable: true })
  @ForeignKey(() => Officer, { name: 'duty_overrides_replaces_officer_id_fkey' })
  replacesOfficerId: string | null;

  @Column('timestamptz', { name: 'starts_at' })
  startsAt: Date;

  @Column('timestamptz', { name: 'ends_at' })
  endsAt: Date;

  @Column('text', { nullable: true })
  note: string | null;
}

/** Checkpoints a team covers: one checkpoint id, or every id starting with a prefix. */
@Entity({ name: 'jurisdictions' })
@Check('jurisdictions_check', '(checkpoint_id IS NULL) <> (checkpoint_prefix IS NULL)')
@Index('jurisdictions_checkpoint', ['checkpointId'], { unique: true, where: 'checkpoint_id IS NOT NULL' })
@Index('jurisdictions_prefix', ['checkpointPrefix'], { unique: true, where: 'checkpoint_prefix IS NOT NULL' })
export class Jurisdiction {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @Column('text', { name: 'team_id' })
  @ForeignKey(() => Team, { name: 'jurisdictions_team_id_fkey' })
  teamId: string;

  @Column('text', { name: 'checkpoint_id', nullable: true })
  checkpointId: string | null;

  @Column('text', { name: 'checkpoint_prefix', nullable: true })
  checkpointPrefix: string | null;
}

/** Measured driving minutes from a team's base to a checkpoint; beats straight-line distance. */
@Entity({ name: 'travel_times' })
@Check('travel_times_minutes_check', 'minutes >= 0')
export class TravelTime {
  @PrimaryColumn('text', { name: 'team_id' })
  @ForeignKey(() => Team, { name: 'travel_times_team_id_fkey' })
  teamId: string;

  @PrimaryColumn('text', { name: 'checkpoint_id' })
  checkpointId: string;

  @Column('int')
  minutes: number;
}
