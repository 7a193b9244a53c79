/**
 * Alert states, the actions people take and which state each action may start from: the one
 * place that says what may follow what. Anything else is answered with 409.
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
/** States in which nobody has taken the alert yet: these escalate. */
export const UNACKNOWLEDGED_STATES: readonly AlertState[] = [AlertState.Open, AlertState.Notified];

export enum AlertOutcome {
  Seized = 'seized',
  PaidInFull = 'paid_in_full',
  Settled = 'settled',
  NotFound = 'not_found',
  FalseHit = 'false_hit',
}

export enum RejectionReason {
  Misread = 'misread',
  WrongVehicle = 'wrong_vehicle',
  PlateCloned = 'plate_cloned',
}

const NEXT: Record<AlertState, readonly AlertState[]> = {
  [AlertState.Open]: [AlertState.Notified, AlertState.Acknowledged, AlertState.Resolved, AlertState.Cancelled],
  [AlertState.Notified]: [AlertState.Acknowledged, AlertState.Resolved, AlertState.Cancelled],
  [AlertState.Acknowledged]: [AlertState.Verified, AlertState.Resolved, AlertState.Cancelled],
  [AlertState.Verified]: [AlertState.Dispatched, AlertState.Resolved, AlertState.Cancelled],
  [AlertState.Dispatched]: [AlertState.OnScene, AlertState.Resolved, AlertState.Cancelled],
  [AlertState.OnScene]: [AlertState.Resolved, AlertState.Cancelled],
  [AlertState.Resolved]: [],
  [AlertState.Cancelled]: [],
};

export enum AlertAction {
  Acknowledge = 'acknowledge',
  Verify = 'verify',
  Reject = 'reject',
  Dispatch = 'dispatch',
  OnScene = 'on-scene',
  Resolve = 'resolve',
  RequestInterception = 'interceptions',
}

/**
 * Where each action may start and where it leads. A rejection (false hit) may come before
 * anyone acknowledged; a real outcome needs someone to have taken the alert.
 */
const ACTIONS: Record<AlertAction, { from: readonly AlertState[]; to: AlertState | null }> = {
  [AlertAction.Acknowledge]: { from: [AlertState.Open, AlertState.Notified], to: AlertState.Acknowledged },
  [AlertAction.Verify]: { from: [AlertState.Acknowledged], to: AlertState.Verified },
  [AlertAction.Reject]: {
    from: [AlertState.Open, AlertState.Notified, AlertState.Acknowledged, AlertState.Verified, AlertState.Dispatched, AlertState.OnScene],
    to: AlertState.Resolved,
  },
  [AlertAction.Dispatch]: { from: [AlertState.Verified], to: AlertState.Dispatched },
  [AlertAction.OnScene]: { from: [AlertState.Dispatched], to: AlertState.OnScene },
  [AlertAction.Resolve]: { from: [AlertState.Acknowledged, AlertState.Verified, AlertState.Dispatched, AlertState.OnScene], to: AlertState.Resolved },
  // Asking traffic police to stop the car changes no state; it needs a live alert.
  [AlertAction.RequestInterception]: {
    from: [AlertState.Open, AlertState.Notified, AlertState.Acknowledged, AlertState.Verified, AlertState.Dispatched, AlertState.OnScene],
    to: null,
  },
};

export function canTransition(from: AlertState, to: AlertState): boolean {
  return NEXT[from].includes(to);
}

export function canPerform(action: AlertAction, from: AlertState): boolean {
  const rule = ACTIONS[action];
  return rule.from.includes(from) && (rule.to === null || canTransition(from, rule.to));
}

export function targetOf(action: AlertAction): AlertState | null {
  return ACTIONS[action].to;
}

export function isClosed(state: AlertState): boolean {
  return CLOSED_STATES.includes(state);
}

/** Every action the lifecycle allows from `state`, in the order the desk offers them. */
export function actionsFrom(state: AlertState): AlertAction[] {
  return Object.values(AlertAction).filter((action) => canPerform(action, state));
}
