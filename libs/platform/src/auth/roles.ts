/**
 * Who may call what. Systems authenticate with API keys whose scopes are roles from the first
 * group; people authenticate with tokens carrying roles from the second. `admin` may do
 * everything, both as a key (bootstrap, operations) and as a person.
 */
export enum Role {
  Admin = 'admin',
  // systems
  /** The court's case system: registers, renews and releases seals. */
  CaseSystem = 'case_system',
  /** traffic-adapter reading court-gateway's watchlist export for reconciliation. */
  WatchlistReader = 'watchlist_reader',
  /** A traffic police system: sightings, inspections, checkpoints, interception outcomes. */
  TrafficSystem = 'traffic_system',
  // people
  Dispatcher = 'dispatcher',
  Officer = 'officer',
  TeamLead = 'team_lead',
  DutyDirector = 'duty_director',
  Leadership = 'leadership',
}

export const SYSTEM_ROLES: readonly Role[] = [Role.Admin, Role.CaseSystem, Role.WatchlistReader, Role.TrafficSystem];
export const PERSON_ROLES: readonly Role[] = [Role.Admin, Role.Dispatcher, Role.Officer, Role.TeamLead, Role.DutyDirector, Role.Leadership];

/** Roles bound to one team: such a caller sees and acts on its own team's alerts only. */
export const TEAM_BOUND_ROLES: readonly Role[] = [Role.Officer, Role.TeamLead];

export interface Principal {
  kind: 'api_key' | 'user';
  /** The key's or the user's id (never the secret). */
  id: string;
  /** What the audit log and error messages call it: the key's name or the username. */
  name: string;
  roles: Role[];
  /** People only: the team an officer or team lead belongs to. */
  teamId?: string | null;
  /** People only: the roster officer this person is. */
  officerId?: string | null;
  /** People only: the session generation they signed in with (a sign-out moves the account's on). */
  sessionGeneration?: number;
  /** Keys only: this key's own requests-per-minute limit, when not the service's default. */
  rateLimitPerMinute?: number | null;
}

export function hasAnyRole(principal: Principal, roles: readonly Role[]): boolean {
  return principal.roles.includes(Role.Admin) || principal.roles.some((r) => roles.includes(r));
}

/**
 * The one team this principal is confined to, or null when it may see every team (admin,
 * dispatcher, duty director, leadership, systems).
 */
export function confinedTeam(principal: Principal): string | null {
  const unconfined = principal.roles.some((r) => !TEAM_BOUND_ROLES.includes(r));
  return unconfined ? null : (principal.teamId ?? '(none)');
}
