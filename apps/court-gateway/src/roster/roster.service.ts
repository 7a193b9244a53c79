import { Inject, Injectable } from '@nestjs/common';
import { DomainError, ErrorCode, Problem, ReasonCode, ReasonPart, reasonPart, reasonText, RequestProblems } from '@app/contracts';
import { Transactions } from '@app/platform';
import { randomUUID } from 'node:crypto';
import { CourtGatewayEnv } from '../config/court-gateway.env';
import { OfficerPositionRepository } from '../positions/officer-position.repository';
import { routeAlert, RoutingDecision } from '../routing/routing.policy';
import { resolveOnDuty } from './duty-roster';
import { toCsv } from '@app/platform';
import { lineProblem, parseRosterCsv, ROSTER_CSV_COLUMNS, ROSTER_CSV_HEADER } from './roster-csv';
import { RosterRepository } from './roster.repository';
import { DutyShift, Officer, OfficerRole, Team, TeamKind } from './team.entity';

export const COMMAND_CENTER_TEAM_ID = 'command-center';

export interface Assignment {
  team: Team;
  officer: Officer | null;
  rule: RoutingDecision['rule'];
  /** Why the alert went where it went, for its timeline: in English, and as codes the desk translates. */
  reason: string;
  reasonParts: ReasonPart[];
}

export interface RoutedHit {
  tribunal: string | null;
  checkpointId: string;
  location: { lat: number; lon: number } | null;
}

export interface RoutingSnapshot {
  route(hit: RoutedHit): Assignment;
}

export interface OnDutyTeam {
  team: { id: string; name: string; kind: TeamKind };
  officers: { id: string; name: string; badge: string; phone: string | null; roles: OfficerRole[] }[];
}

/** Who answers alerts: the duty roster resolved at an instant, and the routing of a new alert. */
@Injectable()
export class RosterService {
  constructor(
    @Inject(CourtGatewayEnv) private readonly env: CourtGatewayEnv,
    private readonly roster: RosterRepository,
    private readonly tx: Transactions,
    private readonly positions: OfficerPositionRepository,
  ) {}

  officerById(id: string): Promise<Officer | null> {
    return this.roster.officer(id);
  }

  officersByIds(ids: string[]): Promise<Officer[]> {
    return this.roster.officersByIds(ids);
  }

  teamsByIds(ids: string[]): Promise<Team[]> {
    return this.roster.teamsByIds(ids);
  }

  /** Every team: the command center first, then the tribunals, by id. */
  teams(): Promise<Team[]> {
    return this.roster.teams();
  }

  /** The team a seal's tribunal names (e.g. 防城法庭 → fangcheng), or null. */
  async tribunalTeamId(tribunal: string): Promise<string | null> {
    return (await this.roster.tribunalNamed(tribunal))?.id ?? null;
  }

  /** Officers of `teamId` on duty at `at`: shifts and rotations, with one-off overrides winning. */
  async onDuty(teamId: string, at: Date): Promise<Officer[]> {
    return (await this.onDutyByTeam([teamId], at)).get(teamId) ?? [];
  }

  /** Officers on duty at `at` for each of these teams, in roster order, read in four queries whatever the number of teams. */
  async onDutyByTeam(teamIds: string[], at: Date): Promise<Map<string, Officer[]>> {
    const result = new Map<string, Officer[]>(teamIds.map((id) => [id, []]));
    if (teamIds.length === 0) return result;
    // One after another: inside a transaction they share one connection.
    const shifts = await this.roster.shiftsOfTeams(teamIds);
    const rotations = await this.roster.rotationsOfTeams(teamIds);
    const overrides = await this.roster.overridesAt(teamIds, at);
    const idsByTeam = new Map(
      teamIds.map((teamId) => [
        teamId,
        resolveOnDuty(
          { shifts: shifts.filter((x) => x.teamId === teamId), rotations: rotations.filter((x) => x.teamId === teamId), overrides: overrides.filter((x) => x.teamId === teamId) },
          at,
          this.env.COURT_TIMEZONE,
        ),
      ]),
    );
    const officers = new Map((await this.officersByIds([...new Set([...idsByTeam.values()].flat())])).map((o) => [o.id, o]));
    for (const [teamId, ids] of idsByTeam) result.set(teamId, ids.map((id) => officers.get(id)).filter((o): o is Officer => !!o));
    return result;
  }

  /** Every team with its officers on duty at `at` (the on-duty endpoint). */
  async onDutyAll(at: Date, teamId?: string): Promise<OnDutyTeam[]> {
    const teams = await this.roster.teams(teamId);
    if (teamId && teams.length === 0) throw new DomainError(ErrorCode.TeamNotFound, { field: 'team', params: { id: teamId } });
    const onDuty = await this.onDutyByTeam(teams.map((t) => t.id), at);
    return teams.map((team) => ({
      team: { id: team.id, name: team.name, kind: team.kind },
      officers: onDuty.get(team.id)!.map((o) => ({ id: o.id, name: o.name, badge: o.badge, phone: o.phone, roles: o.roles })),
    }));
  }

  /** Routes a new alert by the hit's place, then the seal's tribunal, then the command center. */
  async route(hit: RoutedHit, at: Date): Promise<Assignment> {
    return (await this.routingSnapshot(at)).route(hit);
  }

  /**
   * The roster as routing sees it at `at` (teams, jurisdictions, travel times, who is on duty),
   * read once: a batch of hits routes all its new alerts against it.
   */
  async routingSnapshot(at: Date): Promise<RoutingSnapshot> {
    const teams = await this.roster.teams();
    const jurisdictions = await this.roster.jurisdictions();
    const travel = await this.roster.travelTimes();
    const onDuty = await this.onDutyByTeam(teams.map((t) => t.id), at);
    const routingTeams = teams.map((t) => ({
      id: t.id,
      name: t.name,
      kind: t.kind,
      base: t.baseLat !== null && t.baseLon !== null ? { lat: t.baseLat, lon: t.baseLon } : null,
      onDuty: onDuty.get(t.id)!.map((o) => o.id),
    }));
    const mode = this.env.ROUTING_MODE;
    // Officers on duty who share their position while responding: `nearest` counts them before the bases.
    const since = new Date(at.getTime() - this.env.LIVE_POSITION_MAX_AGE_MINUTES * 60_000);
    const live = mode === 'nearest' ? await this.positions.liveFor([...onDuty.values()].flat().map((o) => o.id), since) : [];
    const livePositions = live.map((p) => ({ officerId: p.officerId, location: { lat: p.lat, lon: p.lon }, ageMinutes: (at.getTime() - new Date(p.fixedAt).getTime()) / 60_000 }));
    return {
      route: (hit: RoutedHit): Assignment => {
        const sealTeam = hit.tribunal ? teams.find((t) => t.name === hit.tribunal && t.kind === TeamKind.Tribunal) : undefined;
        const decision = routeAlert({
          mode,
          checkpointId: hit.checkpointId,
          location: hit.location,
          teams: routingTeams,
          jurisdictions,
          travelMinutes: new Map(travel.filter((t) => t.checkpointId === hit.checkpointId).map((t) => [t.teamId, t.minutes])),
          livePositions,
          sealTeamId: sealTeam?.id ?? null,
          commandCenterId: COMMAND_CENTER_TEAM_ID,
        });
        const team = teams.find((t) => t.id === decision.teamId)!;
        const officer = decision.officerId ? onDuty.get(team.id)!.find((o) => o.id === decision.officerId)! : null;
        const parts = [
          ...(hit.tribunal && !sealTeam && decision.rule === 'command_center' ? [reasonPart(ReasonCode.UnknownTribunal, { tribunal: hit.tribunal })] : []),
          ...decision.reasonParts,
          ...(officer ? [reasonPart(ReasonCode.OfficerOnDuty, { officer: officer.name })] : []),
        ];
        return { team, officer, rule: decision.rule, reason: reasonText(parts), reasonParts: parts };
      },
    };
  }

  /**
   * The people an escalation level reaches: level 1 the team's leads (those on duty first), then
   * the command center's duty directors (on duty first) for every further level.
   */
  async escalationTargets(teamId: string, level: number, at: Date, assigneeId: string | null): Promise<{ role: OfficerRole; officers: Officer[] }> {
    // The assignee is the one who did not answer: the next level is somebody else.
    const pick = async (team: string, role: OfficerRole) => {
      const holds = (o: Officer) => o.roles.includes(role) && o.id !== assigneeId;
      const onDuty = (await this.onDuty(team, at)).filter(holds);
      if (onDuty.length) return onDuty;
      return (await this.roster.officers(team)).filter(holds);
    };
    if (level === 1 && teamId !== COMMAND_CENTER_TEAM_ID) {
      const leads = await pick(teamId, OfficerRole.TeamLead);
      if (leads.length) return { role: OfficerRole.TeamLead, officers: leads };
    }
    return { role: OfficerRole.DutyDirector, officers: await pick(COMMAND_CENTER_TEAM_ID, OfficerRole.DutyDirector) };
  }

  // ---- CSV import / export of the recurring shifts ----

  static readonly CSV_HEADER = ROSTER_CSV_HEADER;

  async exportCsv(teamId?: string): Promise<string> {
    const shifts = await this.roster.shifts(teamId);
    const officers = new Map((await this.roster.officers()).map((o) => [o.id, o]));
    return toCsv(
      ROSTER_CSV_COLUMNS,
      shifts.map((s) => [s.teamId, officers.get(s.officerId)?.badge ?? '', s.label, s.weekdays.join('|'), s.startLocal, s.endLocal]),
    );
  }

  /**
   * Replaces the recurring shifts of every team named in the file, all or nothing. Errors name
   * the line and the field.
   */
  async importCsv(csv: string): Promise<{ teams: string[]; shifts: number }> {
    const parsed = parseRosterCsv(csv);
    if (parsed.errors.length && parsed.named.length === 0) throw new RequestProblems(parsed.errors);
    return this.tx.run(async () => {
      const teams = new Set((await this.roster.teams()).map((t) => t.id));
      const officers = await this.roster.officers();
      const errors = [...parsed.errors];
      for (const row of parsed.named) {
        if (!teams.has(row.teamId)) errors.push(lineProblem(Problem.CsvTeamUnknown, row.line, 'team_id', `team_id ${row.teamId} is unknown`, { team: row.teamId }));
        const officer = officers.find((o) => o.badge === row.badge);
        if (!officer) errors.push(lineProblem(Problem.CsvBadgeUnknown, row.line, 'badge', `badge ${row.badge} is unknown`, { badge: row.badge }));
        else if (teams.has(row.teamId) && officer.teamId !== row.teamId) {
          errors.push(lineProblem(Problem.CsvOfficerNotInTeam, row.line, 'badge', `officer ${row.badge} is not in team ${row.teamId}`, { badge: row.badge, team: row.teamId }));
        }
      }
      const shifts: DutyShift[] = parsed.rows.map((row) => ({
        id: randomUUID(), teamId: row.teamId, officerId: officers.find((o) => o.badge === row.badge)?.id ?? '', weekdays: row.weekdays, startLocal: row.startLocal, endLocal: row.endLocal, label: row.label,
      }));
      if (errors.length) throw new RequestProblems(errors);
      const teamIds = [...new Set(shifts.map((s) => s.teamId))];
      // The same lock as a single shift's: an import and a POST at once leave one roster or the other, never a copy.
      await this.roster.lockShiftsOf(teamIds);
      await this.roster.replaceShiftsOfTeams(teamIds, shifts);
      return { teams: teamIds, shifts: shifts.length };
    });
  }
}
