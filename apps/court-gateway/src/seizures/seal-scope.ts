/**
 * A seal a team-bound caller (officer, team lead) may see: its tribunal is their team, or one of
 * its alerts was routed to their team. Owners' names are personal data: other teams' stay hidden.
 */
export const SEAL_OF_TEAM = `(s.tribunal = (SELECT t.name FROM court.teams t WHERE t.id = :team) OR EXISTS (SELECT 1 FROM court.alerts a WHERE a.seizure_id = s.id AND a.team_id = :team))`;
