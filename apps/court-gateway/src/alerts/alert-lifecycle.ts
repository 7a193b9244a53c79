/**
 * Alert states and the transitions allowed between them: the one place that says what may
 * follow what. Anything else is answered with 409.
 */
export enum AlertState {
  Open = 'open',
  Notified = 'notified',
  Acknowledged = 'acknowledged',
  Verified = 'verified',
  Dispatched = 'dispatched',
  OnScene = 'on_scene',
  Resolved = 'resolved',
  Cancelled = 'cancelled',
}

export const CLOSED_STATES: readonly AlertState[] = [AlertState.Resolved, AlertState.Cancelled];

const NEXT: Record<AlertState, readonly AlertState[]> = {
  [AlertState.Open]: [AlertState.Notified, AlertState.Acknowledged, AlertState.Cancelled],
  [AlertState.Notified]: [AlertState.Acknowledged, AlertState.Cancelled],
  [AlertState.Acknowledged]: [AlertState.Verified, AlertState.Resolved, AlertState.Cancelled],
  [AlertState.Verified]: [AlertState.Dispatched, AlertState.Resolved, AlertState.Cancelled],
  [AlertState.Dispatched]: [AlertState.OnScene, AlertState.Resolved, AlertState.Cancelled],
  [AlertState.OnScene]: [AlertState.Resolved, AlertState.Cancelled],
  [AlertState.Resolved]: [],
  [AlertState.Cancelled]: [],
};

export function canTransition(from: AlertState, to: AlertState): boolean {
  return NEXT[from].includes(to);
}

export function isClosed(state: AlertState): boolean {
  return CLOSED_STATES.includes(state);
}
