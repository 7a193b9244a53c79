import { Injectable } from '@nestjs/common';
import { confinedTeam, hasAnyRole, Principal, Role } from '@app/platform';
import { COMMAND_CENTER_TEAM_ID, RosterService } from '../roster/roster.service';
import { Officer, OfficerRole } from '../roster/team.entity';
import { ActingOfficer, AlertCaller } from './domain/alert-permissions';

/** Roles whose holders take lifecycle actions (leadership only looks). */
const ACTING_ROLES = [Role.Dispatcher, Role.DutyDirector, Role.TeamLead, Role.Officer];
const SILENCING_ROLES = [Role.Dispatcher, Role.DutyDirector, Role.TeamLead];

/**
 * Turns the authenticated principal (and the officer a request names) into the AlertCaller the
 * alert rules judge. A signed-in person on the roster acts as themselves; only the command
 * center (dispatcher, duty director, admin) and systems may name another officer, as when an
 * officer phones the desk.
 */
@Injectable()
export class AlertCallers {
  constructor(private readonly roster: RosterService) {}

  async of(by: Principal | undefined, requestedOfficerId?: string): Promise<AlertCaller> {
    const base = {
      name: by?.name ?? 'desk',
      mayTakeActions: !by || by.kind !== 'user' || hasAnyRole(by, ACTING_ROLES),
      maySilence: !by || hasAnyRole(by, SILENCING_ROLES),
      confinedTeam: by ? confinedTeam(by) : null,
    };
    return { ...base, actingAs: await this.actingAs(by, requestedOfficerId) };
  }

  private async actingAs(by: Principal | undefined, requested: string | undefined): Promise<AlertCaller['actingAs']> {
    if (!by || by.kind !== 'user') return requested ? this.officer(requested) : { kind: 'assignee' };
    if (hasAnyRole(by, [Role.Dispatcher, Role.DutyDirector])) {
      const id = requested ?? by.officerId ?? undefined;
      return id ? this.officer(id) : { kind: 'desk' };
    }
    // Officers and team leads act as the roster officer they are, so the assignee rules apply to them.
    if (!by.officerId) return { kind: 'unlinked' };
    if (requested && requested !== by.officerId) return { kind: 'impersonating', officerId: requested };
    return this.officer(by.officerId);
  }

  private async officer(id: string): Promise<AlertCaller['actingAs']> {
    const officer = await this.roster.officerById(id);
    return officer ? { kind: 'officer', officer: actingOfficer(officer) } : { kind: 'unknown', officerId: id };
  }
}

export function actingOfficer(officer: Officer): ActingOfficer {
  return {
    id: officer.id,
    badge: officer.badge,
    teamId: officer.teamId,
    isTeamLead: officer.roles.includes(OfficerRole.TeamLead),
    isCommandCenter: officer.teamId === COMMAND_CENTER_TEAM_ID,
  };
}
