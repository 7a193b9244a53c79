/** A timeline entry of an alert as the API returns it. */
export interface TimelineEntry {
  kind: string;
  actor?: string;
  details?: Record<string, unknown>;
}

/**
 * The entries of one kind in an alert's timeline (GET /alerts/{id} or an action's answer).
 * Tests pick an entry by its kind, never as the timeline's last: the alert's pages are delivered
 * and recorded (`notified`) in their own transactions, so one may land after the entry a request
 * just wrote (seen under load in oncall and phone-push).
 */
export function entriesOf(alert: { timeline: TimelineEntry[] }, kind: string): TimelineEntry[] {
  return alert.timeline.filter((entry) => entry.kind === kind);
}
