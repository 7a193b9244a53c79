import * as fs from 'fs';
import * as path from 'path';
import * as vm from 'vm';

const WEB = path.resolve(__dirname, '..', '..', 'web');

/** A dictionary file's object (`export default { … }`), read as the page's module would give it. */
function dictionary(file: string): Record<string, string> {
  return new Function(fs.readFileSync(path.join(WEB, file), 'utf8').replace('export default', 'return'))() as Record<string, string>;
}

/** What push.js writes beside the credential for `lang`, built from the same dictionaries (phone first, then the desk's). */
function wordsFor(lang: 'en' | 'zh-CN') {
  const t = (key: string) => dictionary(`phone/i18n/${lang}.js`)[key] ?? dictionary(`i18n/${lang}.js`)[key] ?? key;
  const codes = ['device.token_required', 'device.token_not_recognised', 'device.alert_not_assigned', 'alert.not_found', 'alert.transition_not_allowed', 'request.rate_limited'];
  const states = ['open', 'notified', 'acknowledged', 'verified', 'dispatched', 'on_scene', 'resolved', 'cancelled'];
  return {
    lang,
    acknowledged: t('push.acknowledged'),
    failed: t('push.ackFailed'),
    open: t('push.open'),
    refusals: Object.fromEntries(codes.map((c) => [c, t(`error.${c}`)])),
    values: Object.fromEntries([...states.map((s) => `state.${s}`), 'action.acknowledge'].map((k) => [k, t(k)])),
  };
}

/**
 * The phone's service worker (web/phone/sw.js) run in a VM with the browser's parts it uses
 * stubbed: the credential cache, fetch answering as the server does, showNotification recorded.
 * What an acknowledge from a notification shows when the server refuses it.
 */
async function acknowledgeFromNotification(stored: unknown, answer: { status: number; body: unknown }) {
  const handlers: Record<string, (event: unknown) => void> = {};
  const shown: { title: string; options: { body: string; lang: string; actions: { title: string }[] } }[] = [];
  const self = {
    addEventListener: (type: string, handler: (event: unknown) => void) => (handlers[type] = handler),
    registration: { showNotification: async (title: string, options: (typeof shown)[number]['options']) => void shown.push({ title, options }) },
    clients: { matchAll: async () => [], openWindow: async () => undefined, claim: async () => undefined },
    skipWaiting: () => undefined,
  };
  const caches = { open: async () => ({ match: async () => (stored ? { json: async () => stored } : undefined) }) };
  const fetch = async () => ({ status: answer.status, ok: answer.status < 300, statusText: 'refused', json: async () => answer.body });
  vm.runInNewContext(fs.readFileSync(path.join(WEB, 'phone', 'sw.js'), 'utf8'), { self, caches, fetch, URL, String, Object });
  let done: Promise<unknown> = Promise.resolve();
  const message = { alertId: 'a1', body: '桂P·A2345 在 K07', acknowledgeUrl: '/api/v1/device/alerts/a1/acknowledge', url: '/phone/#/alerts/a1' };
  handlers.notificationclick({ action: 'acknowledge', notification: { data: message, close: () => undefined }, waitUntil: (p: Promise<unknown>) => (done = p) });
  await done;
  return shown;
}

describe('phone service worker: an acknowledge from a notification that fails', () => {
  const revoked = { status: 401, body: { statusCode: 401, message: ['device credential not recognised: revoked, unknown, or its account disabled or relinked'], code: 'device.token_not_recognised', params: {} } };
  const closed = { status: 409, body: { statusCode: 409, message: ['alert a1 is resolved; it cannot be acknowledged'], code: 'alert.transition_not_allowed', params: { id: 'a1', state: 'resolved', action: 'acknowledge' } } };

  it('says why in the English phone\'s words, not the server\'s sentence', async () => {
    const [n] = await acknowledgeFromNotification({ token: 'dev_x', words: wordsFor('en') }, revoked);
    expect(n.title).toBe('Acknowledge failed');
    expect(n.options.lang).toBe('en');
    expect(n.options.body).toBe(`桂P·A2345 在 K07\n401 ${dictionary('i18n/en.js')['error.device.token_not_recognised']}`);
    expect(n.options.actions).toEqual([{ action: 'open', title: 'Open' }]);
  });

  it("fills the values with their own words (the alert's state) in Chinese", async () => {
    const [n] = await acknowledgeFromNotification({ token: 'dev_x', words: wordsFor('zh-CN') }, closed);
    expect(n.title).toBe('签收失败');
    expect(n.options.body).toBe('桂P·A2345 在 K07\n409 预警 a1 当前为“已办结”，现在不能“签收”');
    expect(n.options.body).not.toMatch(/[a-z]{4,}/);
  });

  it('keeps the Chinese titles and the server\'s sentence for a credential stored before the words were (until the app next starts)', async () => {
    const [n] = await acknowledgeFromNotification({ token: 'dev_x' }, revoked);
    expect(n.title).toBe('签收失败');
    expect(n.options.body).toContain('device credential not recognised');
  });
});
