import { DomainError, ErrorCode } from '@app/contracts';
import { AlertAction, actionsFrom, AlertState, isClosed } from './alert-lifecycle';

/** A roster officer as far as acting on alerts goes. */
export interface ActingOfficer {
  id: string;
  badge: string;
  teamId: string;
  isTeamLead: boolean;
  isCommandCenter: boolean;
}

/**
 * Who is asking, reduced to what the alert rules need. The service builds it from the
 * authenticated principal and the roster.
 */
export interface AlertCaller {
  /** What error messages call the caller. */
  name: string;
  /** The caller's roles allow lifecycle actions (leadership's do not). */
  mayTakeActions: boolean;
  /** The caller's roles allow silencing a seal's paging. */
  maySilence: boolean;
  /** Officers and team leads see and act on this team only; null for everyone else. */
  confinedTeam: string | null;
  /**
   * Whom the caller acts as. `officer`: a roster officer (the assignee rules apply); `desk`: the
   * dispatch desk, which may act on any alert; `assignee`: a system naming no officer acts for
   * the alert's assignee; `unlinked`: a person bound to the roster whose account names no
   * officer; `impersonating`: such a person naming another officer; `unknown`: an officer id
   * that is not on the roster. The last three may not act.
   */
  actingAs:
    | { kind: 'officer'; officer: ActingOfficer }
    | { kind: 'desk' }
    | { kind: 'assignee' }
    | { kind: 'unlinked' }
    | { kind: 'impersonating'; officerId: string }
    | { kind: 'unknown'; officerId: string };
}

/** Alert fields the rules read. */
export interface AlertParties {
  id: string;
  state: AlertState;
  teamId: string;
  assigneeId: string | null;
}

/**
 * Only the assignee, a team lead of the alert's team or anyone of the command center may act
 * as an officer; the desk (dispatcher, duty director, systems) may act on any alert.
 */
export function officerMayAct(alert: AlertParties, officer: ActingOfficer): boolean {
  return officer.id === alert.assigneeId || officer.isCommandCenter || (officer.teamId === alert.teamId && officer.isTeamLead);
}

/** Throws the 403 that says why the caller may not act on this alert; returns quietly when it may. */
export function assertMayAct(alert: AlertParties, caller: AlertCaller): void {
  if (!caller.mayTakeActions) throw new DomainError(ErrorCode.AlertActionForbidden, { params: { caller: caller.name } });
  if (caller.confinedTeam && caller.confinedTeam !== alert.teamId) {
    throw new DomainError(ErrorCode.TeamConfined, { params: { caller: caller.name, team: caller.confinedTeam, otherTeam: alert.teamId } });
  }
  const acting = caller.actingAs;
  switch (acting.kind) {
    case 'unlinked':
      throw new DomainError(ErrorCode.NotLinkedToOfficer, { params: { caller: caller.name } });
    case 'impersonating':
      throw new DomainError(ErrorCode.ActsAsOwnOfficer, { field: 'officerId', params: { caller: caller.name, officerId: acting.officerId } });
    case 'unknown':
      throw new DomainError(ErrorCode.OfficerNotFound, { field: 'officerId', params: { id: acting.officerId } });
    case 'officer':
      if (!officerMayAct(alert, acting.officer)) throw new DomainError(ErrorCode.NotAssigneeOrLead, { params: { badge: acting.officer.badge, team: alert.teamId } });
  }
}

/** What the desk offers on an alert, also serialized in AlertView. Besides the lifecycle actions: `silence` (a seal's paging). */
export type OfferedAction = AlertAction | 'silence';

/** The actions this caller may take on this alert now: the lifecycle's, narrowed by who the caller is. */
export function allowedActions(alert: AlertParties, caller: AlertCaller): OfferedAction[] {
  try {
    assertMayAct(alert, caller);
  } catch (error) {
    if (error instanceof DomainError) return [];
    throw error;
  }
  const offered: OfferedAction[] = actionsFrom(alert.state);
  if (caller.maySilence && !isClosed(alert.state)) offered.push('silence');
  return offered;
}
