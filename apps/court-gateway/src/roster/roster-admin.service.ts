import { DomainError, ErrorCode, RequestProblems, timeWindowFieldProblem } from '@app/contracts';
import { Injectable } from '@nestjs/common';
import { Clock, Transactions } from '@app/platform';
import { randomUUID } from 'node:crypto';
import { CreateJurisdictionDto, CreateOfficerDto, CreateOverrideDto, CreateRotationDto, CreateShiftDto, CreateTeamDto, SetTeamBaseDto, SetTravelTimeDto, UpdateOfficerDto } from './roster.dto';
import { sameShift } from './duty-roster';
import { RosterRepository } from './roster.repository';
import { DutyOverride, DutyRotation, DutyShift, Jurisdiction, Officer, OverrideKind, Team, TeamKind, TravelTime } from './team.entity';

/** Admin of the organisation: teams, officers, jurisdictions, shifts, rotations, overrides. */
const DAY_MS = 86_400_000;
/** How far back and ahead a duty override may lie: a year back (a correction), two years ahead (as far as a seal runs). */
const OVERRIDE_WINDOW = { maxAgeMs: 366 * DAY_MS, maxAheadMs: 2 * 366 * DAY_MS, ageLimit: 'a year' };

@Injectable()
export class RosterAdminService {
  constructor(
    private readonly roster: RosterRepository,
    private readonly clock: Clock,
    private readonly tx: Transactions,
  ) {}

  listTeams(): Promise<Team[]> {
    return this.roster.teams();
  }

  /** Create is create: an existing id (or name) is a 409, never a rename of that team. */
  async createTeam(dto: CreateTeamDto): Promise<Team> {
    const team: Team = { id: dto.id, name: dto.name, kind: TeamKind.Tribunal, baseLat: null, baseLon: null, baseName: null };
    return this.unique(this.roster.insertTeam(team), new DomainError(ErrorCode.TeamExists, { field: 'id', params: { id: dto.id, name: dto.name } }));
  }

  async setBase(teamId: string, dto: SetTeamBaseDto): Promise<Team> {
    const team = await this.team(teamId);
    Object.assign(team, { baseLat: dto.lat, baseLon: dto.lon, baseName: dto.name ?? team.baseName });
    return this.roster.saveTeam(team);
  }

  listOfficers(teamId?: string): Promise<Officer[]> {
    return this.roster.officers(teamId);
  }

  async createOfficer(dto: CreateOfficerDto): Promise<Officer> {
    await this.team(dto.teamId);
    return this.unique(
      this.roster.saveOfficer({ id: randomUUID(), teamId: dto.teamId, name: dto.name, badge: dto.badge, phone: dto.phone ?? null, roles: dto.roles }),
      new DomainError(ErrorCode.BadgeTaken, { field: 'badge', params: { badge: dto.badge } }),
    );
  }

  async updateOfficer(id: string, dto: UpdateOfficerDto): Promise<Officer> {
    const officer = await this.officer(id);
    if (dto.teamId) await this.team(dto.teamId);
    Object.assign(officer, dto);
    return this.unique(this.roster.saveOfficer(officer), new DomainError(ErrorCode.BadgeTaken, { field: 'badge', params: { badge: officer.badge } }));
  }

  listJurisdictions(): Promise<Jurisdiction[]> {
    return this.roster.jurisdictions();
  }

  async createJurisdiction(dto: CreateJurisdictionDto): Promise<Jurisdiction> {
    if (!dto.checkpointId === !dto.checkpointPrefix) throw new DomainError(ErrorCode.JurisdictionTarget, { field: 'checkpointId' });
    await this.team(dto.teamId);
    return this.unique(
      this.roster.insertJurisdiction({ teamId: dto.teamId, checkpointId: dto.checkpointId ?? null, checkpointPrefix: dto.checkpointPrefix ?? null }),
      new DomainError(ErrorCode.JurisdictionTaken, { field: dto.checkpointId ? 'checkpointId' : 'checkpointPrefix', params: { checkpoint: dto.checkpointId ?? dto.checkpointPrefix } }),
    );
  }

  async deleteJurisdiction(id: string): Promise<void> {
    if (!(await this.roster.deleteJurisdiction(id))) throw new DomainError(ErrorCode.JurisdictionNotFound, { params: { id } });
  }

  async setTravelTime(dto: SetTravelTimeDto): Promise<TravelTime> {
    await this.team(dto.teamId);
    return this.roster.saveTravelTime(dto);
  }

  listShifts(teamId?: string): Promise<DutyShift[]> {
    return this.roster.shifts(teamId);
  }

  /** A copy of one of the officer's shifts (sameShift) is a 409: the roster holds each shift once, as the CSV import does. */
  async createShift(dto: CreateShiftDto): Promise<DutyShift> {
    const officer = await this.officer(dto.officerId);
    // The check and the write under the team's lock: two identical requests at once must not both find no copy.
    return this.tx.run(async () => {
      await this.roster.lockShiftsOf([officer.teamId]);
      const copy = (await this.roster.shifts(officer.teamId)).find((s) => sameShift(s, { ...dto, officerId: officer.id }));
      if (copy) throw new DomainError(ErrorCode.ShiftExists, { params: { badge: officer.badge, start: copy.startLocal, end: copy.endLocal, id: copy.id } });
      return this.roster.saveShift({ id: randomUUID(), teamId: officer.teamId, officerId: officer.id, weekdays: dto.weekdays, startLocal: dto.startLocal, endLocal: dto.endLocal, label: dto.label ?? null });
    });
  }

  async deleteShift(id: string): Promise<void> {
    if (!(await this.roster.deleteShift(id))) throw new DomainError(ErrorCode.ShiftNotFound, { params: { id } });
  }

  listRotations(teamId?: string): Promise<DutyRotation[]> {
    return this.roster.rotations(teamId);
  }

  async createRotation(dto: CreateRotationDto): Promise<DutyRotation> {
    await this.team(dto.teamId);
    for (const id of dto.officerIds) {
      const o = await this.officer(id);
      if (o.teamId !== dto.teamId) throw new DomainError(ErrorCode.OfficerNotInTeam, { field: 'officerIds', params: { id, team: dto.teamId } });
    }
    return this.roster.saveRotation({ id: randomUUID(), ...dto });
  }

  async deleteRotation(id: string): Promise<void> {
    if (!(await this.roster.deleteRotation(id))) throw new DomainError(ErrorCode.RotationNotFound, { params: { id } });
  }

  listOverrides(teamId?: string): Promise<DutyOverride[]> {
    return this.roster.overrides(teamId);
  }

  async createOverride(dto: CreateOverrideDto): Promise<DutyOverride> {
    const startsAt = new Date(dto.startsAt);
    const endsAt = new Date(dto.endsAt);
    // A leave or cover is entered for this year and the next, as rosters are planned: "year 0" or "9999" is a typo or a broken clock, and would rule the roster for ever.
    const now = this.clock.now();
    const outside = [timeWindowFieldProblem('startsAt', startsAt, now, OVERRIDE_WINDOW), timeWindowFieldProblem('endsAt', endsAt, now, OVERRIDE_WINDOW)].filter((p) => p !== null);
    if (outside.length) throw new RequestProblems(outside);
    if (endsAt <= startsAt) throw new DomainError(ErrorCode.EndsBeforeStart, { field: 'endsAt' });
    if (dto.kind === OverrideKind.Swap && !dto.replacesOfficerId) throw new DomainError(ErrorCode.SwapNeedsReplaced, { field: 'replacesOfficerId' });
    const officer = await this.officer(dto.officerId);
    if (dto.replacesOfficerId) await this.officer(dto.replacesOfficerId);
    return this.roster.saveOverride({
      id: randomUUID(), teamId: officer.teamId, kind: dto.kind, officerId: officer.id, replacesOfficerId: dto.replacesOfficerId ?? null, startsAt, endsAt, note: dto.note ?? null,
    });
  }

  async deleteOverride(id: string): Promise<void> {
    if (!(await this.roster.deleteOverride(id))) throw new DomainError(ErrorCode.OverrideNotFound, { params: { id } });
  }

  private async team(id: string): Promise<Team> {
    const team = await this.roster.team(id);
    if (!team) throw new DomainError(ErrorCode.TeamNotFound, { params: { id } });
    return team;
  }

  private async officer(id: string): Promise<Officer> {
    const officer = await this.roster.officer(id);
    if (!officer) throw new DomainError(ErrorCode.OfficerNotFound, { params: { id } });
    return officer;
  }

  /** The row written, or `conflict` (a 409) when the repository found its key taken. */
  private async unique<T>(written: Promise<T | null>, conflict: DomainError): Promise<T> {
    const row = await written;
    if (row === null) throw conflict;
    return row;
  }
}
