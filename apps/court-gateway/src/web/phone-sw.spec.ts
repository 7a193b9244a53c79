import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as ts from 'typescript';
import * as vm from 'vm';
import { buildWeb } from '../../../../scripts/build-web';

const WEB = path.resolve(__dirname, '..', '..', 'web');

/** A dictionary file's object (`export default { … }`), read as the page's module would give it. */
function dictionary(file: string): Record<string, string> {
  return new Function(fs.readFileSync(path.join(WEB, file), 'utf8').replace('export default', 'return'))() as Record<string, string>;
}

/**
 * A module of the phone's pages and what it imports, run as the phone runs them: built as the
 * server serves them (scripts/build-web.ts), bare imports resolved by the phone page's own import
 * map, its language in localStorage, ES module syntax turned into CommonJS. The real code, not a
 * copy of it.
 */
function phoneModule(built: string, file: string, lang: 'en' | 'zh-CN'): Record<string, unknown> {
  const page = fs.readFileSync(path.join(built, 'phone', 'index.html'), 'utf8');
  const importMap = (JSON.parse(/<script type="importmap">([\s\S]*?)<\/script>/.exec(page)![1]) as { imports: Record<string, string> }).imports;
  const context = vm.createContext({ localStorage: { getItem: () => lang }, document: { documentElement: {} }, console });
  const loaded = new Map<string, Record<string, unknown>>();
  const load = (absolute: string): Record<string, unknown> => {
    const cached = loaded.get(absolute);
    if (cached) return cached;
    const module = { exports: {} as Record<string, unknown> };
    loaded.set(absolute, module.exports);
    const { outputText } = ts.transpileModule(fs.readFileSync(absolute, 'utf8'), { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 } });
    const run = vm.runInContext(`(function (exports, require, module) {${outputText}\n})`, context) as (e: unknown, r: (name: string) => unknown, m: unknown) => void;
    const resolve = (name: string) => (name in importMap ? path.join(built, importMap[name].replace(/^\/web\//, '')) : path.resolve(path.dirname(absolute), name));
    run(module.exports, (name) => load(resolve(name)), module);
    return module.exports;
  };
  return load(path.join(built, file));
}

/** The pages built once for this file, as the server serves them. */
let built: string;
beforeAll(() => {
  built = buildWeb(fs.mkdtempSync(path.join(os.tmpdir(), 'phone-sw-')));
});
afterAll(() => fs.rmSync(built, { recursive: true, force: true }));

/** What push.js stores beside the credential for the service worker, in `lang`: its own workerWords(), run. */
type WorkerWords = { lang: string; refusals: Record<string, string>; values: Record<string, string> };
const wordsFor = (lang: 'en' | 'zh-CN') => (phoneModule(built, 'phone/push.js', lang).workerWords as () => WorkerWords)();

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
  // The credential only where push.js keeps it: a worker looking elsewhere finds none.
  const { DEVICE_CACHE, CREDENTIAL_URL } = phoneModule(built, 'phone/push.js', 'zh-CN');
  const caches = { open: async (name: string) => ({ match: async (url: string) => (stored && name === DEVICE_CACHE && url === CREDENTIAL_URL ? { json: async () => stored } : undefined) }) };
  const fetch = async () => ({ status: answer.status, ok: answer.status < 300, statusText: 'refused', json: async () => answer.body });
  vm.runInNewContext(fs.readFileSync(path.join(built, 'phone', 'sw.js'), 'utf8'), { self, caches, fetch, URL, String, Object });
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

  it.each(['en', 'zh-CN'] as const)('is given words for every refusal and state push.js lists, in %s (none left as its dictionary key)', (lang) => {
    const words = wordsFor(lang);
    expect(words.lang).toBe(lang);
    const given = [...Object.entries(words.refusals).map(([code, text]) => [`error.${code}`, text]), ...Object.entries(words.values)];
    expect(given.length).toBeGreaterThan(0);
    expect(given.filter(([key, text]) => !text || text === key)).toEqual([]);
  });

  it('keeps the Chinese titles and the server\'s sentence for a credential stored before the words were (until the app next starts)', async () => {
    const [n] = await acknowledgeFromNotification({ token: 'dev_x' }, revoked);
    expect(n.title).toBe('签收失败');
    expect(n.options.body).toContain('device credential not recognised');
  });
});
