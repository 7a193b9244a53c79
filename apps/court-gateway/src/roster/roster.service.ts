import { Inject, Injectable } from '@nestjs/common';
import { EntityManager, In } from 'typeorm';
import { CourtGatewayEnv } from '../config/court-gateway.env';
import { localMoment, shiftCovers } from './duty-time';
import { DutyShift, Officer, Team, TeamKind } from './team.entity';

export const COMMAND_CENTER_TEAM_ID = 'command-center';

export interface Assignment {
  team: Team;
  officer: Officer | null;
  /** Why the alert went where it went, for its timeline. */
  reason: string;
}

/** Who answers alerts: the responsible team and its officer on duty, per the duty roster. */
@Injectable()
export class RosterService {
  constructor(@Inject(CourtGatewayEnv) private readonly env: CourtGatewayEnv) {}

  /** Officers of `teamId` on duty at `at`, in the order their shifts were defined. */
  async onDuty(manager: EntityManager, teamId: string, at: Date): Promise<Officer[]> {
    const moment = localMoment(at, this.env.COURT_TIMEZONE);
    const shifts = await manager.getRepository(DutyShift).find({ where: { teamId }, order: { startLocal: 'ASC' } });
    const ids = [...new Set(shifts.filter((s) => shiftCovers(s, moment)).map((s) => s.officerId))];
    if (ids.length === 0) return [];
    const officers = await manager.getRepository(Officer).findBy({ id: In(ids) });
    return ids.map((id) => officers.find((o) => o.id === id)).filter((o): o is Officer => !!o);
  }

  /**
   * The seal's tribunal team when it has one and someone there is on duty; otherwise the
   * command center, which is the fallback for everything nobody else covers.
   */
  async assign(manager: EntityManager, tribunal: string | null, at: Date): Promise<Assignment> {
    const teams = manager.getRepository(Team);
    const commandCenter = await teams.findOneOrFail({ where: { id: COMMAND_CENTER_TEAM_ID } });
    const tribunalTeam = tribunal ? await teams.findOne({ where: { name: tribunal, kind: TeamKind.Tribunal } }) : null;
    if (tribunalTeam) {
      const [officer] = await this.onDuty(manager, tribunalTeam.id, at);
      if (officer) return { team: tribunalTeam, officer, reason: `tribunal ${tribunalTeam.name} enforces the case; ${officer.name} is on duty` };
    }
    const [director] = await this.onDuty(manager, commandCenter.id, at);
    const why = tribunalTeam
      ? `nobody at ${tribunalTeam.name} is on duty`
      : tribunal
        ? `no team for tribunal ${tribunal}`
        : 'the seal names no tribunal';
    return {
      team: commandCenter,
      officer: director ?? null,
      reason: `${why}; command center fallback${director ? `, ${director.name} on duty` : ', nobody on duty: unassigned'}`,
    };
  }
}
