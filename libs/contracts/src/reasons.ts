/**
 * Reasons the system gives for what it decided (why an alert went to a team, why it was
 * cancelled), by code. Like error codes, the code and its values are what the pages translate
 * (`<code>` in the web dictionaries, with the same `{placeholders}`); the English sentence is
 * built from the same template for the API and the logs. A reason is a list of parts, joined
 * with "; " in English (and with the dictionaries' separator on the desk).
 */
import { formatTemplate } from './errors';

export enum ReasonCode {
  /** Checkpoint {checkpointId} lies in team {team}'s jurisdiction and someone there is on duty. */
  RoutedByJurisdiction = 'routing.jurisdiction',
  JurisdictionOffDuty = 'routing.jurisdiction_off_duty',
  OutsideEveryJurisdiction = 'routing.outside_jurisdiction',
  /** An on-duty officer of {team} shares a live position {km} km from the hit (fix {minutes} min old). */
  NearestByLivePosition = 'routing.nearest_live_position',
  NearestByTravelTime = 'routing.nearest_travel_time',
  NearestByDistance = 'routing.nearest_distance',
  NoTribunalOnDuty = 'routing.no_tribunal_on_duty',
  NoLocation = 'routing.no_location',
  CaseTribunal = 'routing.case_tribunal',
  CaseTribunalOffDuty = 'routing.case_tribunal_off_duty',
  UnknownTribunal = 'routing.unknown_tribunal',
  CommandCenter = 'routing.command_center',
  CommandCenterUnassigned = 'routing.command_center_unassigned',
  OfficerOnDuty = 'routing.officer_on_duty',
  SealExpired = 'seal.expired',
  SealReleased = 'seal.released',
  SealReleasedBecause = 'seal.released_because',
}

/** English wording of each reason, `{name}` filled from the part's params. */
export const REASON_CATALOGUE: Readonly<Record<ReasonCode, string>> = {
  [ReasonCode.RoutedByJurisdiction]: 'checkpoint {checkpointId} is in the jurisdiction of {team}',
  [ReasonCode.JurisdictionOffDuty]: 'nobody at {team} (jurisdiction of {checkpointId}) is on duty',
  [ReasonCode.OutsideEveryJurisdiction]: 'checkpoint {checkpointId} is outside every jurisdiction',
  [ReasonCode.NearestByLivePosition]: 'an officer of {team} on duty is nearest by live position ({km} km away, fix {minutes} min old)',
  [ReasonCode.NearestByTravelTime]: '{team} is the nearest team on duty ({minutes} min by the travel-time table)',
  [ReasonCode.NearestByDistance]: '{team} is the nearest team on duty ({km} km away)',
  [ReasonCode.NoTribunalOnDuty]: 'no tribunal with a base is on duty',
  [ReasonCode.NoLocation]: 'the hit has no location and no travel time is known for {checkpointId}',
  [ReasonCode.CaseTribunal]: '{team} enforces the case',
  [ReasonCode.CaseTribunalOffDuty]: "nobody at {team} (the case's tribunal) is on duty",
  [ReasonCode.UnknownTribunal]: 'no team for tribunal {tribunal}',
  [ReasonCode.CommandCenter]: 'command center fallback',
  [ReasonCode.CommandCenterUnassigned]: 'command center fallback, nobody on duty: unassigned',
  [ReasonCode.OfficerOnDuty]: '{officer} is on duty',
  [ReasonCode.SealExpired]: 'seal expired without renewal',
  [ReasonCode.SealReleased]: 'seal released',
  [ReasonCode.SealReleasedBecause]: 'seal released: {note}',
};

export type ReasonParams = Record<string, string | number>;

export interface ReasonPart {
  code: ReasonCode;
  params: ReasonParams;
}

export const reasonPart = (code: ReasonCode, params: ReasonParams = {}): ReasonPart => ({ code, params });

/** The English sentence of a reason: its parts' wording joined with "; ". */
export function reasonText(parts: readonly ReasonPart[]): string {
  return parts.map((p) => formatTemplate(REASON_CATALOGUE[p.code], p.params)).join('; ');
}
