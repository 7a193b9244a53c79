import { endpointAllowed, pushMessageOf } from './push-notification.channel';

describe('push endpoints a device may register', () => {
  const hosts = ['fcm.googleapis.com', 'push.apple.com'];

  it('are https URLs on an allowed push service or under it', () => {
    expect(endpointAllowed('https://fcm.googleapis.com/fcm/send/abc', hosts)).toBe(true);
    expect(endpointAllowed('https://web.push.apple.com/QGx', hosts)).toBe(true);
  });

  it('are never plain http, another host, a look-alike, credentials in the URL or not a URL', () => {
    expect(endpointAllowed('http://fcm.googleapis.com/fcm/send/abc', hosts)).toBe(false);
    expect(endpointAllowed('https://169.254.169.254/latest/meta-data', hosts)).toBe(false);
    expect(endpointAllowed('https://fcm.googleapis.com.attacker.example/x', hosts)).toBe(false);
    expect(endpointAllowed('https://evilpush.apple.com/x', hosts)).toBe(false);
    expect(endpointAllowed('https://user:pw@fcm.googleapis.com/x', hosts)).toBe(false);
    expect(endpointAllowed('fcm.googleapis.com/x', hosts)).toBe(false);
  });
});

describe('the push a page becomes', () => {
  const page = (reason: string) => ({
    id: '1', alertId: 'a1', recipient: '李法官 (FC-1001)', officerId: 'o1', reason,
    payload: { plate: '桂P·D5***', priority: 'normal', lastCameraId: 'FCG-K03', phone: '13800000000' },
  });

  it('offers Acknowledge and Open for a new alert and an escalation, and never carries the phone number', () => {
    for (const [reason, kind] of [['new alert', 'alert'], ['escalation level 2: not acknowledged', 'escalation']]) {
      const message = pushMessageOf(page(reason));
      expect(message).toMatchObject({ kind, alertId: 'a1', url: '/phone/#/alerts/a1', acknowledgeUrl: '/api/v1/device/alerts/a1/acknowledge' });
      expect(message.actions.map((a) => a.action)).toEqual(['acknowledge', 'open']);
      expect(JSON.stringify(message)).not.toContain('13800000000');
    }
  });

  it('offers only Open for an interception outcome, and says the outcome', () => {
    const message = pushMessageOf(page('interception outcome: lost'));
    expect(message).toMatchObject({ kind: 'interception_outcome', body: '桂P·D5*** · 交警未能拦停（车辆已离开）' });
    expect(message.acknowledgeUrl).toBeUndefined();
    expect(message.actions.map((a) => a.action)).toEqual(['open']);
  });
});
