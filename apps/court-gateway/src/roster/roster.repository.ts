import { Injectable } from '@nestjs/common';
import { Transactions } from '@app/platform';
import { EntityTarget, In, LessThanOrEqual, MoreThan, ObjectLiteral, QueryFailedError } from 'typeorm';
import { COURT_SCHEMA } from '../config/court-gateway.env';
import { DutyOverride, DutyRotation, DutyShift, Jurisdiction, Officer, Team, TeamKind, TravelTime } from './team.entity';

/** PostgreSQL's unique_violation. */
const UNIQUE_VIOLATION = '23505';

/**
 * The organisation (teams, officers, jurisdictions, travel times) and its duty roster (shifts,
 * rotations, overrides): all the SQL over them, in the transaction of the request or message
 * ({@link Transactions}). Writes that can collide with an existing row (a team id or name, a
 * badge, a checkpoint already covered) answer null instead of throwing a database error.
 */
@Injectable()
export class RosterRepository {
  constructor(private readonly tx: Transactions) {}

  private repo<T extends ObjectLiteral>(entity: EntityTarget<T>) {
    return this.tx.manager.getRepository(entity);
  }

  // ---- teams ----

  team(id: string): Promise<Team | null> {
    return this.repo(Team).findOne({ where: { id } });
  }

  /** Command center first, then the tribunals, by id; one team when `teamId` is given. */
  teams(teamId?: string): Promise<Team[]> {
    return this.repo(Team).find({ where: teamId ? { id: teamId } : {}, order: { kind: 'ASC', id: 'ASC' } });
  }

  teamsByIds(ids: string[]): Promise<Team[]> {
    return ids.length ? this.repo(Team).findBy({ id: In(ids) }) : Promise.resolve([]);
  }

  /** The tribunal named `name` (e.g. 防城法庭), or null. */
  tribunalNamed(name: string): Promise<Team | null> {
    return this.repo(Team).findOne({ where: { name, kind: TeamKind.Tribunal } });
  }

  /** Null when the id or the name is taken. */
  insertTeam(team: Team): Promise<Team | null> {
    return this.unlessTaken(async () => (await this.repo(Team).insert(team), team));
  }

  saveTeam(team: Team): Promise<Team> {
    return this.repo(Team).save(team);
  }

  // ---- officers ----

  officer(id: string): Promise<Officer | null> {
    return this.repo(Officer).findOne({ where: { id } });
  }

  officersByIds(ids: string[]): Promise<Officer[]> {
    return ids.length ? this.repo(Officer).findBy({ id: In(ids) }) : Promise.resolve([]);
  }

  /** By team and badge; one team's when `teamId` is given. */
  officers(teamId?: string): Promise<Officer[]> {
    return this.repo(Officer).find({ where: teamId ? { teamId } : {}, order: { teamId: 'ASC', badge: 'ASC' } });
  }

  countOfficers(): Promise<number> {
    return this.repo(Officer).count();
  }

  /** Null when the badge is taken. */
  saveOfficer(officer: Officer): Promise<Officer | null> {
    return this.unlessTaken(() => this.repo(Officer).save(officer));
  }

  // ---- where teams are and what they cover ----

  jurisdictions(): Promise<Jurisdiction[]> {
    return this.repo(Jurisdiction).find({ order: { teamId: 'ASC', id: 'ASC' } });
  }

  /** Null when the checkpoint or prefix is already in a jurisdiction. */
  insertJurisdiction(jurisdiction: Omit<Jurisdiction, 'id'>): Promise<Jurisdiction | null> {
    return this.unlessTaken(() => this.repo(Jurisdiction).save(jurisdiction));
  }

  /** False when there was none. */
  async deleteJurisdiction(id: string): Promise<boolean> {
    return !!(await this.repo(Jurisdiction).delete({ id })).affected;
  }

  travelTimes(): Promise<TravelTime[]> {
    return this.repo(TravelTime).find();
  }

  /**
   * Sets the minutes from the team's base to the checkpoint, replacing any: one statement, so
   * requests setting the same pair at once all succeed and the last to commit wins (a read and
   * then an insert let two of them insert, and one hit the primary key).
   */
  async saveTravelTime(travel: TravelTime): Promise<TravelTime> {
    const [stored]: { teamId: string; checkpointId: string; minutes: number }[] = await this.tx.manager.query(
      `INSERT INTO ${COURT_SCHEMA}.travel_times (team_id, checkpoint_id, minutes) VALUES ($1, $2, $3)
       ON CONFLICT (team_id, checkpoint_id) DO UPDATE SET minutes = EXCLUDED.minutes
       RETURNING team_id AS "teamId", checkpoint_id AS "checkpointId", minutes`,
      [travel.teamId, travel.checkpointId, travel.minutes],
    );
    return Object.assign(new TravelTime(), stored);
  }

  // ---- the duty roster ----

  /** One team's shifts, or all, by team and start. */
  shifts(teamId?: string): Promise<DutyShift[]> {
    return this.repo(DutyShift).find({ where: teamId ? { teamId } : {}, order: { teamId: 'ASC', startLocal: 'ASC' } });
  }

  shiftsOfTeams(teamIds: string[]): Promise<DutyShift[]> {
    return this.repo(DutyShift).find({ where: { teamId: In(teamIds) }, order: { startLocal: 'ASC', id: 'ASC' } });
  }

  saveShift(shift: DutyShift): Promise<DutyShift> {
    return this.repo(DutyShift).save(shift);
  }

  /** False when there was none. */
  async deleteShift(id: string): Promise<boolean> {
    return !!(await this.repo(DutyShift).delete({ id })).affected;
  }

  /** The recurring shifts of these teams become `shifts` (call inside a transaction: all or nothing). */
  async replaceShiftsOfTeams(teamIds: string[], shifts: DutyShift[]): Promise<void> {
    if (teamIds.length) await this.repo(DutyShift).delete({ teamId: In(teamIds) });
    if (shifts.length) await this.repo(DutyShift).insert(shifts);
  }

  rotations(teamId?: string): Promise<DutyRotation[]> {
    return this.repo(DutyRotation).find({ where: teamId ? { teamId } : {}, order: { teamId: 'ASC', name: 'ASC' } });
  }

  rotationsOfTeams(teamIds: string[]): Promise<DutyRotation[]> {
    return this.repo(DutyRotation).find({ where: { teamId: In(teamIds) }, order: { name: 'ASC' } });
  }

  saveRotation(rotation: DutyRotation): Promise<DutyRotation> {
    return this.repo(DutyRotation).save(rotation);
  }

  async deleteRotation(id: string): Promise<boolean> {
    return !!(await this.repo(DutyRotation).delete({ id })).affected;
  }

  /** Oldest first; one team's when `teamId` is given. */
  overrides(teamId?: string): Promise<DutyOverride[]> {
    return this.repo(DutyOverride).find({ where: teamId ? { teamId } : {}, order: { startsAt: 'ASC' } });
  }

  /** The overrides of these teams in force at `at`. */
  overridesAt(teamIds: string[], at: Date): Promise<DutyOverride[]> {
    return this.repo(DutyOverride).find({ where: { teamId: In(teamIds), startsAt: LessThanOrEqual(at), endsAt: MoreThan(at) }, order: { startsAt: 'ASC' } });
  }

  saveOverride(override: DutyOverride): Promise<DutyOverride> {
    return this.repo(DutyOverride).save(override);
  }

  async deleteOverride(id: string): Promise<boolean> {
    return !!(await this.repo(DutyOverride).delete({ id })).affected;
  }

  /**
   * Serializes changes to these teams' shifts across requests and instances until the transaction
   * ends: whether a shift is a copy of one the officer has (overlapping weekdays) is a check no
   * unique index can make, so two identical requests must not both pass it. Teams in one order, so
   * two writers never wait on each other crosswise.
   */
  async lockShiftsOf(teamIds: string[]): Promise<void> {
    for (const teamId of [...new Set(teamIds)].sort()) await this.tx.manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`court:shifts:${teamId}`]);
  }

  /** Serializes the demo roster's seeding across instances until the transaction ends. */
  async lockDemoSeeding(): Promise<void> {
    await this.tx.manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', ['court:demo-roster']);
  }

  private async unlessTaken<T>(write: () => Promise<T>): Promise<T | null> {
    try {
      return await write();
    } catch (error) {
      if (error instanceof QueryFailedError && (error as unknown as { code?: string }).code === UNIQUE_VIOLATION) return null;
      throw error;
    }
  }
}
