import { haversineKm, LatLon } from './geo';

export type RoutingMode = 'jurisdiction' | 'nearest';
export type RoutingRule = 'jurisdiction' | 'nearest' | 'tribunal' | 'command_center';

export interface RoutingTeam {
  id: string;
  name: string;
  kind: 'command_center' | 'tribunal';
  base: LatLon | null;
  /** Officer ids on duty at the alert's time, in roster order. */
  onDuty: string[];
}

export interface RoutingInput {
  mode: RoutingMode;
  /** The checkpoint the hit came from (checkpointId, else the camera id). */
  checkpointId: string;
  location: LatLon | null;
  teams: RoutingTeam[];
  jurisdictions: { teamId: string; checkpointId: string | null; checkpointPrefix: string | null }[];
  /** Minutes from a team's base to this checkpoint, where measured. */
  travelMinutes: Map<string, number>;
  /**
   * Where officers on duty are right now, from the positions they share while responding (fresh
   * ones only): in `nearest` mode they count before the teams' bases.
   */
  livePositions?: { officerId: string; location: LatLon; ageMinutes: number }[];
  /** Team of the tribunal enforcing the seal's case, if any. */
  sealTeamId: string | null;
  commandCenterId: string;
}

export interface RoutingDecision {
  teamId: string;
  officerId: string | null;
  rule: RoutingRule;
  reason: string;
}

/** The team whose jurisdiction covers the checkpoint: an exact id beats the longest matching prefix. */
export function coveringTeam(checkpointId: string, jurisdictions: RoutingInput['jurisdictions']): string | null {
  const exact = jurisdictions.find((j) => j.checkpointId === checkpointId);
  if (exact) return exact.teamId;
  const prefixes = jurisdictions.filter((j) => j.checkpointPrefix && checkpointId.startsWith(j.checkpointPrefix));
  prefixes.sort((a, b) => b.checkpointPrefix!.length - a.checkpointPrefix!.length);
  return prefixes[0]?.teamId ?? null;
}

/**
 * Where a new alert goes, in this order:
 * 1. by place: the team whose jurisdiction covers the checkpoint (ROUTING_MODE=jurisdiction), or
 *    (ROUTING_MODE=nearest) the on-duty tribunal officer whose shared live position is nearest
 *    the hit, else the on-duty tribunal nearest by measured travel time, else by great-circle
 *    distance from its base — when someone there is on duty;
 * 2. the tribunal enforcing the seal's case, when someone there is on duty;
 * 3. the command center: its officer on duty, or unassigned when nobody is.
 */
export function routeAlert(input: RoutingInput): RoutingDecision {
  const team = (id: string | null) => (id ? input.teams.find((t) => t.id === id) : undefined);
  const notes: string[] = [];

  if (input.mode === 'jurisdiction') {
    const covering = team(coveringTeam(input.checkpointId, input.jurisdictions));
    if (covering?.onDuty.length) {
      return { teamId: covering.id, officerId: covering.onDuty[0], rule: 'jurisdiction', reason: `checkpoint ${input.checkpointId} is in the jurisdiction of ${covering.name}` };
    }
    notes.push(covering ? `nobody at ${covering.name} (jurisdiction of ${input.checkpointId}) is on duty` : `checkpoint ${input.checkpointId} is outside every jurisdiction`);
  } else {
    const live = nearestLiveOfficer(input);
    if (live) {
      return {
        teamId: live.team.id,
        officerId: live.officerId,
        rule: 'nearest',
        reason: `an officer of ${live.team.name} on duty is nearest by live position (${live.km.toFixed(1)} km away, fix ${Math.round(live.ageMinutes)} min old)`,
      };
    }
    const candidates = input.teams
      .filter((t) => t.kind === 'tribunal' && t.onDuty.length > 0)
      .map((t) => {
        const minutes = input.travelMinutes.get(t.id);
        const km = t.base && input.location ? haversineKm(t.base, input.location) : null;
        return { t, minutes, km };
      })
      .filter((c) => c.minutes !== undefined || c.km !== null);
    const measured = candidates.filter((c) => c.minutes !== undefined).sort((a, b) => a.minutes! - b.minutes!);
    const byDistance = candidates.filter((c) => c.km !== null).sort((a, b) => a.km! - b.km!);
    const nearest = measured[0] ?? byDistance[0];
    if (nearest) {
      const how = nearest.minutes !== undefined ? `${nearest.minutes} min by the travel-time table` : `${nearest.km!.toFixed(1)} km away`;
      return { teamId: nearest.t.id, officerId: nearest.t.onDuty[0], rule: 'nearest', reason: `${nearest.t.name} is the nearest team on duty (${how})` };
    }
    notes.push(input.location ? 'no tribunal with a base is on duty' : `the hit has no location and no travel time is known for ${input.checkpointId}`);
  }

  const sealTeam = team(input.sealTeamId);
  if (sealTeam && sealTeam.kind === 'tribunal') {
    if (sealTeam.onDuty.length) {
      return { teamId: sealTeam.id, officerId: sealTeam.onDuty[0], rule: 'tribunal', reason: `${notes.join('; ')}; ${sealTeam.name} enforces the case` };
    }
    notes.push(`nobody at ${sealTeam.name} (the case's tribunal) is on duty`);
  }

  const cc = team(input.commandCenterId)!;
  const officerId = cc.onDuty[0] ?? null;
  return {
    teamId: cc.id,
    officerId,
    rule: 'command_center',
    reason: `${notes.join('; ')}; command center fallback${officerId ? '' : ', nobody on duty: unassigned'}`,
  };
}

/** The on-duty tribunal officer whose live position is nearest the hit, with their team. */
function nearestLiveOfficer(input: RoutingInput): { team: RoutingTeam; officerId: string; km: number; ageMinutes: number } | null {
  if (!input.location || !input.livePositions?.length) return null;
  let best: { team: RoutingTeam; officerId: string; km: number; ageMinutes: number } | null = null;
  for (const p of input.livePositions) {
    const team = input.teams.find((t) => t.kind === 'tribunal' && t.onDuty.includes(p.officerId));
    if (!team) continue;
    const km = haversineKm(p.location, input.location);
    if (!best || km < best.km) best = { team, officerId: p.officerId, km, ageMinutes: p.ageMinutes };
  }
  return best;
}
