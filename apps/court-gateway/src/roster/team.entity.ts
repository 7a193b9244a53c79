import { Column, Entity, PrimaryColumn } from 'typeorm';

export enum TeamKind {
  /** 执行指挥中心: answers whatever no tribunal covers. */
  CommandCenter = 'command_center',
  /** A tribunal (法庭) that enforces locally. */
  Tribunal = 'tribunal',
}

@Entity({ name: 'teams' })
export class Team {
  @PrimaryColumn('text')
  id: string;

  @Column('text', { unique: true })
  name: string;

  @Column('text')
  kind: TeamKind;
}

@Entity({ name: 'officers' })
export class Officer {
  @PrimaryColumn('uuid')
  id: string;

  @Column('text', { name: 'team_id' })
  teamId: string;

  @Column('text')
  name: string;

  @Column('text', { unique: true })
  badge: string;

  @Column('text', { nullable: true })
  phone: string | null;

  @Column('text', { array: true, default: () => "'{}'" })
  roles: string[];
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
  teamId: string;

  @Column('uuid', { name: 'officer_id' })
  officerId: string;

  @Column('int', { array: true })
  weekdays: number[];

  @Column('text', { name: 'start_local' })
  startLocal: string;

  @Column('text', { name: 'end_local' })
  endLocal: string;
}
