import { ReasonCode, ReasonPart, reasonPart, reasonText } from '@app/contracts';
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
  /** Why, in English (`reasonText(reasonParts)`). */
  reason: string;
  /** Why, as codes and values the desk translates. */
  reasonParts: ReasonPart[];
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
  const notes: ReasonPart[] = [];
  const decided = (teamId: string, officerId: string | null, rule: RoutingRule, parts: ReasonPart[]): RoutingDecision => ({
    teamId,
    officerId,
    rule,
    reason: reasonText(parts),
    reasonParts: parts,
  });

  if (input.mode === 'jurisdiction') {
    const covering = team(coveringTeam(input.checkpointId, input.jurisdictions));
    if (covering?.onDuty.length) {
      return decided(covering.id, covering.onDuty[0], 'jurisdiction', [reasonPart(ReasonCode.RoutedByJurisdiction, { checkpointId: input.checkpointId, team: covering.name })]);
    }
    notes.push(
      covering
        ? reasonPart(ReasonCode.JurisdictionOffDuty, { team: covering.name, checkpointId: input.checkpointId })
        : reasonPart(ReasonCode.OutsideEveryJurisdiction, { checkpointId: input.checkpointId }),
    );
  } else {
    const live = nearestLiveOfficer(input);
    if (live) {
      return decided(live.team.id, live.officerId, 'nearest', [
        reasonPart(ReasonCode.NearestByLivePosition, { team: live.team.name, km: live.km.toFixed(1), minutes: Math.round(live.ageMinutes) }),
      ]);
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
      const how =
        nearest.minutes !== undefined
          ? reasonPart(ReasonCode.NearestByTravelTime, { team: nearest.t.name, minutes: nearest.minutes })
          : reasonPart(ReasonCode.NearestByDistance, { team: nearest.t.name, km: nearest.km!.toFixed(1) });
      return decided(nearest.t.id, nearest.t.onDuty[0], 'nearest', [how]);
    }
    notes.push(input.location ? reasonPart(ReasonCode.NoTribunalOnDuty) : reasonPart(ReasonCode.NoLocation, { checkpointId: input.checkpointId }));
  }

  const sealTeam = team(input.sealTeamId);
  if (sealTeam && sealTeam.kind === 'tribunal') {
    if (sealTeam.onDuty.length) {
      return decided(sealTeam.id, sealTeam.onDuty[0], 'tribunal', [...notes, reasonPart(ReasonCode.CaseTribunal, { team: sealTeam.name })]);
    }
    notes.push(reasonPart(ReasonCode.CaseTribunalOffDuty, { team: sealTeam.name }));
  }

  const cc = team(input.commandCenterId)!;
  const officerId = cc.onDuty[0] ?? null;
  return decided(cc.id, officerId, 'command_center', [...notes, reasonPart(officerId ? ReasonCode.CommandCenter : ReasonCode.CommandCenterUnassigned)]);
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
