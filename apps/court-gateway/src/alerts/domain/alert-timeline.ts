/** What an alert's append-only history records: every hit and every change, with who and when. */
export enum TimelineKind {
  Opened = 'opened',
  Assigned = 'assigned',
  Hit = 'hit',
  Acknowledged = 'acknowledged',
  Verified = 'verified',
  Rejected = 'rejected',
  Dispatched = 'dispatched',
  OnScene = 'on_scene',
  Resolved = 'resolved',
  Cancelled = 'cancelled',
  Notified = 'notified',
  Escalated = 'escalated',
  SlaAtRisk = 'sla_at_risk',
  SlaBreached = 'sla_breached',
  Silenced = 'silenced',
  InterceptionRequested = 'interception_requested',
  InterceptionOutcome = 'interception_outcome',
}

/** The actor of changes nobody made by hand (hits, escalation, the SLA watch, expiry). */
export const SYSTEM_ACTOR = 'system';

/** One entry of the history, as the domain records it; the repository appends it in order. */
export interface TimelineRecord {
  at: Date;
  kind: TimelineKind;
  actor: string;
  details: Record<string, unknown>;
}
