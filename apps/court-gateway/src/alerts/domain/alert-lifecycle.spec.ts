import { AlertAction, AlertState, canPerform, canTransition, isClosed } from './alert-lifecycle';

describe('alert lifecycle', () => {
  it('lets an open or notified alert be acknowledged, once', () => {
    expect(canTransition(AlertState.Open, AlertState.Acknowledged)).toBe(true);
    expect(canTransition(AlertState.Notified, AlertState.Acknowledged)).toBe(true);
    expect(canTransition(AlertState.Acknowledged, AlertState.Acknowledged)).toBe(false);
    expect(canPerform(AlertAction.Acknowledge, AlertState.Acknowledged)).toBe(false);
  });

  it('lets any state that is not closed be cancelled, and nothing follow a closed one', () => {
    for (const state of Object.values(AlertState)) {
      expect(canTransition(state, AlertState.Cancelled)).toBe(!isClosed(state));
    }
    expect(canTransition(AlertState.Resolved, AlertState.Open)).toBe(false);
  });

  it('does not allow going on scene before dispatch, nor dispatch before verification', () => {
    expect(canTransition(AlertState.Acknowledged, AlertState.OnScene)).toBe(false);
    expect(canPerform(AlertAction.OnScene, AlertState.Verified)).toBe(false);
    expect(canPerform(AlertAction.Dispatch, AlertState.Acknowledged)).toBe(false);
    expect(canPerform(AlertAction.Dispatch, AlertState.Verified)).toBe(true);
  });

  it('lets a false hit be rejected before acknowledgement but a real outcome only after', () => {
    expect(canPerform(AlertAction.Reject, AlertState.Open)).toBe(true);
    expect(canPerform(AlertAction.Resolve, AlertState.Open)).toBe(false);
    expect(canPerform(AlertAction.Resolve, AlertState.OnScene)).toBe(true);
    expect(canPerform(AlertAction.Reject, AlertState.Resolved)).toBe(false);
  });

  it('accepts interception requests only on a live alert', () => {
    expect(canPerform(AlertAction.RequestInterception, AlertState.Dispatched)).toBe(true);
    expect(canPerform(AlertAction.RequestInterception, AlertState.Cancelled)).toBe(false);
  });
});
