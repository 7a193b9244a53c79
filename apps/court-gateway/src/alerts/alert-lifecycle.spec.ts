import { AlertState, canTransition, isClosed } from './alert-lifecycle';

describe('alert lifecycle', () => {
  it('lets an open or notified alert be acknowledged, once', () => {
    expect(canTransition(AlertState.Open, AlertState.Acknowledged)).toBe(true);
    expect(canTransition(AlertState.Notified, AlertState.Acknowledged)).toBe(true);
    expect(canTransition(AlertState.Acknowledged, AlertState.Acknowledged)).toBe(false);
  });

  it('lets any state that is not closed be cancelled, and nothing follow a closed one', () => {
    for (const state of Object.values(AlertState)) {
      expect(canTransition(state, AlertState.Cancelled)).toBe(!isClosed(state));
    }
    expect(canTransition(AlertState.Resolved, AlertState.Open)).toBe(false);
  });

  it('does not allow going on scene before dispatch', () => {
    expect(canTransition(AlertState.Acknowledged, AlertState.OnScene)).toBe(false);
  });
});
