import { randomUUID } from 'node:crypto';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { Client } from 'pg';
import { Browser, BrowserContext, Page, Worker } from 'playwright-core';
import { EscalationService } from '../apps/court-gateway/src/escalation/escalation.service';
import { api, signedHeaders } from './support/api';
import { launchChromium } from './support/browser';
import { eventually } from './support/eventually';
import { PushService, PushSubscriptionJson } from './support/push-service';
import { handledEvents, notificationsOf, recordHandledEvents } from './support/service-worker';
import { watchlistApplied } from './support/watchlist';
import { startTestSystem, TestSystem } from './support/test-system';
import { entriesOf } from './support/timeline';
import { buildWebForTest } from './support/web';

const TRAFFIC_SECRET = 'traffic-webhook-secret-0123456789abcdef';
const PASSWORDS: Record<string, string> = { li: 'li-on-the-road-2026', zhang: 'zhang-directs-2026', huang: 'huang-dazhai-2026' };

/**
 * Web Push end to end: the gateway's real web-push requests go to a push service in this test
 * (test/support/push-service.ts) that verifies the VAPID JWT and decrypts the aes128gcm payload
 * with the subscription's private keys; a device's own credential acknowledges; a 410 removes the
 * subscription and the SMS webhook takes over; and the phone app's service worker in Chromium
 * shows a pushed alert and acknowledges it from the notification's action.
 */
describe('phone push: devices, Web Push with VAPID, acknowledging from the notification', () => {
  let sys: TestSystem;
  let push: PushService;
  let gateway: Server;
  const webhook: { path: string; body: Record<string, unknown> }[] = [];
  const officer: Record<string, { id: string }> = {};
  let vapidKey: string;

  const web = buildWebForTest();

  beforeAll(async () => {
    push = await PushService.start();
    gateway = createServer((req, res) => {
      let raw = '';
      req.on('data', (c) => (raw += c));
      req.on('end', () => {
        webhook.push({ path: req.url ?? '', body: raw ? JSON.parse(raw) : {} });
        res.end('{}');
      });
    });
    await new Promise<void>((r) => gateway.listen(0, '127.0.0.1', r));
    const base = `http://127.0.0.1:${(gateway.address() as AddressInfo).port}`;
    // Monday 2026-03-02 10:00 in Asia/Shanghai: 李法官 of 防城法庭 is on duty. No VAPID keys set: a dev pair is generated.
    sys = await startTestSystem({
      clockStart: '2026-03-02T02:00:00.000Z',
      courtEnv: { WEB_DIR: web.dir, SCHEDULER_ENABLED: 'false', NOTIFY_WEBHOOK_URL: `${base}/notify`, PUSH_ENDPOINT_HOSTS: '127.0.0.1', PUSH_CA_FILE: push.caFile },
      trafficEnv: { TRAFFIC_WEBHOOK_URL: `${base}/traffic`, TRAFFIC_WEBHOOK_SECRET: TRAFFIC_SECRET },
    });
    const { body: roster } = await api(sys.courtUrl).get('/api/v1/officers').expect(200);
    for (const o of roster.items) officer[o.name] = { id: o.id };
    const accounts = [
      { username: 'li', displayName: '李法官', roles: ['officer'], officerId: officer['李法官'].id },
      { username: 'zhang', displayName: '张指挥', roles: ['duty_director'], officerId: officer['张指挥'].id },
      { username: 'huang', displayName: '黄法官', roles: ['team_lead'], officerId: officer['黄法官'].id },
    ];
    for (const a of accounts) await api(sys.courtUrl).post('/api/v1/admin/users').send({ ...a, password: PASSWORDS[a.username] }).expect(201);
  }, 120_000);

  afterAll(async () => {
    await sys?.stop();
    await push?.stop();
    await new Promise((r) => gateway?.close(r));
    web.remove();
  });

  const sessions = new Map<string, string>();
  /** A supertest agent signed in as `username` (bearer token). */
  function person(username: string) {
    return api(sys.courtUrl, { authorization: `Bearer ${sessions.get(username)}` });
  }
  beforeAll(async () => {
    for (const username of Object.keys(PASSWORDS)) {
      const { body } = await api(sys.courtUrl, {}).post('/api/v1/auth/login').send({ username, password: PASSWORDS[username] }).expect(200);
      sessions.set(username, body.token);
    }
    vapidKey = (await person('li').get('/api/v1/devices/vapid-public-key').expect(200)).body.publicKey;
  });

  async function register(username: string, subscription: PushSubscriptionJson, label = '工作手机') {
    return (await person(username).post('/api/v1/devices').send({ label, subscription: { endpoint: subscription.endpoint, expirationTime: null, keys: subscription.keys } }).expect(201)).body;
  }

  let n = 0;
  /** Registers a seal at 防城法庭 and reports one read of it now: an alert for 李法官. */
  async function raiseAlert(): Promise<string> {
    n += 1;
    const plate = `桂P${String(70000 + n)}`.replace(/^(桂P)(\d)/, '$1D');
    const seal = await api(sys.courtUrl).post('/api/v1/seizures').send({ caseNumber: `(2025)桂0603执${6000 + n}号`, plate, tribunal: '防城法庭', sealedAt: '2026-02-01T00:00:00.000Z' }).expect(201);
    await watchlistApplied(sys.db, sys.trafficUrl, [seal.body.id]);
    await api(sys.trafficUrl)
      .post('/api/v1/sightings')
      .send({ plate, cameraId: 'FCG-K03', observedAt: sys.clock.now().toISOString(), eventId: randomUUID(), confidence: 0.95, location: { lat: 21.6051, lon: 108.3012, name: '防城大道 K03' } })
      .expect((r) => expect(r.status).toBeLessThan(300));
    const [row] = await eventually(
      () => sys.db.query<{ id: string }>('SELECT a.id FROM court.alerts a WHERE a.seizure_id = $1', [seal.body.id]),
      (rows) => rows.length === 1,
      { what: 'the alert' },
    );
    return row.id;
  }

  const pushesFor = (subscriptionId: string, alertId: string) => push.received.filter((p) => p.subscriptionId === subscriptionId && p.message.alertId === alertId);

  let li: ReturnType<PushService['subscribe']>;
  let liDevice: { id: string; token: string };
  let firstAlert: string;

  it('registers a phone for the signed-in officer and pushes a new alert to it: VAPID verified, payload decrypted, actions Acknowledge and Open', async () => {
    li = push.subscribe();
    liDevice = await register('li', li);
    expect(liDevice).toMatchObject({ label: '工作手机', officerId: officer['李法官'].id, pushService: new URL(push.origin).host, revokedAt: null });
    expect(liDevice.token).toMatch(/^dev_[A-Za-z0-9_-]{43}$/);
    const [stored] = await sys.db.query<{ token_hash: string }>('SELECT token_hash FROM court.devices WHERE id = $1', [liDevice.id]);
    expect(stored.token_hash).not.toContain(liDevice.token.slice(4));

    firstAlert = await raiseAlert();
    const [received] = await eventually(async () => pushesFor(li.id, firstAlert), (p) => p.length === 1, { what: 'the push at the push service' });
    expect(received.vapidKey).toBe(vapidKey);
    expect(received.claims.aud).toBe(push.origin);
    expect(received.urgency).toBe('high');
    expect(received.answered).toBe(201);
    expect(received.message).toMatchObject({
      kind: 'alert',
      alertId: firstAlert,
      title: '查封车辆预警',
      url: `/phone/#/alerts/${firstAlert}`,
      acknowledgeUrl: `/api/v1/device/alerts/${firstAlert}/acknowledge`,
      actions: [{ action: 'acknowledge', title: '签收' }, { action: 'open', title: '查看' }],
    });
    // The plate is masked in what leaves the server, as in every stored page.
    expect(String(received.message.body)).not.toMatch(/桂PD\d{4}/);
    expect(push.refused).toEqual([]);

    // The alert's notification log says which channel reached whom, and when; no SMS for a phone that got the push.
    // (The push service has the push a moment before the gateway has written its answer.)
    const outboundOf = async (alertId: string) => (await person('li').get(`/api/v1/alerts/${alertId}`).expect(200)).body.notifications.filter((x: { channel: string }) => x.channel !== 'sse');
    const outbound = await eventually(() => outboundOf(firstAlert), (o) => o[0]?.status !== 'pending', { what: 'the push written as delivered' });
    expect(outbound).toEqual([expect.objectContaining({ channel: 'push', recipient: '李法官 (FC-1001)', status: 'delivered', deliveredAt: expect.any(String) })]);
    expect(webhook.filter((w) => w.path === '/notify' && w.body.alertId === firstAlert)).toEqual([]);
    // The delivered push moves the alert to notified.
    await eventually(async () => (await person('li').get(`/api/v1/alerts/${firstAlert}`).expect(200)).body.state, (state) => state === 'notified', { what: 'notified' });
  });

  it("acknowledges with the device's credential alone; refuses a wrong credential, another officer's alert, and a revoked device", async () => {
    const ack = (alertId: string, token?: string) => {
      const r = api(sys.courtUrl, {}).post(`/api/v1/device/alerts/${alertId}/acknowledge`).send({});
      return token === undefined ? r : r.set('x-device-token', token);
    };
    expect((await ack(firstAlert).expect(401)).body.message.join()).toContain('X-Device-Token');
    await ack(firstAlert, 'dev_' + 'A'.repeat(43)).expect(401);
    // The session token is not a device credential.
    await ack(firstAlert, sessions.get('li')).expect(401);

    // 黄法官's device may not acknowledge 李法官's alert.
    const huang = await register('huang', push.subscribe(), '黄的手机');
    expect((await ack(firstAlert, huang.token).expect(403)).body.message.join()).toContain('only alerts assigned to its officer');
    await ack(randomUUID(), liDevice.token).expect(404);

    sys.clock.advance(90_000);
    const { body } = await ack(firstAlert, liDevice.token).expect(200);
    expect(body).toMatchObject({ alertId: firstAlert, state: 'acknowledged' });
    const [row] = await sys.db.query<{ state: string; ack_seconds: number }>('SELECT state, ack_seconds FROM court.alerts WHERE id = $1', [firstAlert]);
    expect(row).toEqual({ state: 'acknowledged', ack_seconds: 90 });
    const [entry] = await sys.db.query<{ actor: string }>("SELECT actor FROM court.alert_timeline WHERE alert_id = $1 AND kind = 'acknowledged'", [firstAlert]);
    expect(entry.actor).toBe(`officer:${officer['李法官'].id}`);
    await ack(firstAlert, liDevice.token).expect(409);

    // Revoked by its owner: the credential stops working; someone else cannot revoke it (404).
    await person('huang').delete(`/api/v1/devices/${liDevice.id}`).expect(404);
    await person('huang').delete(`/api/v1/devices/${huang.id}`).expect(200);
    expect((await ack(firstAlert, huang.token).expect(401)).body.message.join()).toContain('revoked');
    const { body: mine } = await person('huang').get('/api/v1/devices').expect(200);
    expect(mine.items).toEqual([expect.objectContaining({ id: huang.id, revokedAt: expect.any(String) })]);
  });

  it('refuses a subscription to a host outside PUSH_ENDPOINT_HOSTS, malformed keys, and accounts not on the roster', async () => {
    const { id: _id, ...sub } = push.subscribe();
    const post = (username: string, subscription: object) => person(username).post('/api/v1/devices').send({ label: 'x', subscription });
    expect((await post('li', { ...sub, endpoint: 'https://attacker.example/push/1' }).expect(400)).body.message.join()).toContain('PUSH_ENDPOINT_HOSTS');
    expect((await post('li', { ...sub, endpoint: sub.endpoint.replace('https:', 'http:') }).expect(400)).body.message.join()).toContain('https');
    expect((await post('li', { ...sub, keys: { ...sub.keys, p256dh: 'not-a-key' } }).expect(400)).body.message.join()).toContain('p256dh');
    expect((await post('li', { ...sub, keys: { p256dh: sub.keys.p256dh } }).expect(400)).body.message.join()).toContain('auth');
    await api(sys.courtUrl).post('/api/v1/admin/users').send({ username: 'disp', displayName: '调度员', password: 'dispatcher-2026-pw', roles: ['dispatcher'] }).expect(201);
    const { body } = await api(sys.courtUrl, {}).post('/api/v1/auth/login').send({ username: 'disp', password: 'dispatcher-2026-pw' }).expect(200);
    expect((await api(sys.courtUrl, { authorization: `Bearer ${body.token}` }).post('/api/v1/devices').send({ label: 'x', subscription: sub }).expect(403)).body.message.join()).toContain('roster');
    expect(await sys.db.query('SELECT 1 FROM court.devices WHERE endpoint = $1', [sub.endpoint])).toEqual([]);
  });

  it('pushes an escalation to the duty director who has a phone, and an interception outcome to the assignee', async () => {
    const zhang = push.subscribe();
    await register('zhang', zhang, '指挥长手机');
    const alertId = await raiseAlert();
    await eventually(async () => pushesFor(li.id, alertId), (p) => p.length === 1, { what: 'the new alert push' });
    // Nobody acknowledges: past the five-minute target the escalation reaches the command center's duty director.
    sys.clock.advance(6 * 60_000);
    expect(await sys.court.get(EscalationService).runDueEscalations(sys.clock.now())).toBeGreaterThan(0);
    const [escalation] = await eventually(async () => pushesFor(zhang.id, alertId), (p) => p.length >= 1, { what: 'the escalation push' });
    expect(escalation.message).toMatchObject({ kind: 'escalation', title: '预警升级：尚未签收', actions: [{ action: 'acknowledge', title: '签收' }, { action: 'open', title: '查看' }] });

    // 李法官 asks the traffic police to stop the car; their answer reaches his phone.
    const { body: requested } = await person('li').post(`/api/v1/alerts/${alertId}/interceptions`).send({}).expect(200);
    const requests = entriesOf(requested, 'interception_requested');
    expect(requests).toHaveLength(1);
    const interceptionId = requests[0].details!.interceptionId as string;
    // Once the request reached the traffic system, it answers (signed, once).
    await eventually(async () => webhook.find((w) => w.path === '/traffic' && w.body.interceptionId === interceptionId), Boolean, { what: 'the request at the traffic system' });
    const path = `/api/v1/interceptions/${interceptionId}/outcome`;
    const raw = JSON.stringify({ result: 'stopped', reportedBy: '交警三中队' });
    await api(sys.trafficUrl).post(path).set(signedHeaders(TRAFFIC_SECRET, path, raw, sys.clock.now())).send(raw).expect(200);
    const [outcome] = await eventually(async () => pushesFor(li.id, alertId).filter((p) => p.message.kind === 'interception_outcome'), (p) => p.length === 1, { what: 'the outcome push' });
    expect(outcome.message).toMatchObject({ title: '交警拦停结果', actions: [{ action: 'open', title: '查看' }] });
    expect(outcome.message.body).toContain('交警已拦停');
    expect(outcome.message.acknowledgeUrl).toBeUndefined();
  });

  it('removes a subscription the push service reports gone (410) and pages by the SMS webhook instead', async () => {
    push.answer(li.id, 410);
    const alertId = await raiseAlert();
    await eventually(async () => pushesFor(li.id, alertId), (p) => p.length === 1 && p[0].answered === 410, { what: 'the refused push' });
    await eventually(async () => sys.db.query('SELECT id FROM court.devices WHERE id = $1', [liDevice.id]), (rows) => rows.length === 0, { what: 'the gone subscription to be deleted' });
    const sms = await eventually(async () => webhook.filter((w) => w.path === '/notify' && w.body.alertId === alertId), (w) => w.length === 1, { what: 'the SMS fallback' });
    expect(sms[0].body).toMatchObject({ officerId: officer['李法官'].id, recipient: '李法官 (FC-1001)' });
    const { body: detail } = await person('li').get(`/api/v1/alerts/${alertId}`).expect(200);
    const outbound = detail.notifications.filter((x: { channel: string }) => x.channel !== 'sse');
    expect(outbound.map((x: { channel: string; status: string }) => [x.channel, x.status])).toEqual([['push', 'failed'], ['webhook', 'delivered']]);
    // The next page goes straight to the webhook: no phone is left.
    const next = await raiseAlert();
    await eventually(async () => webhook.filter((w) => w.path === '/notify' && w.body.alertId === next), (w) => w.length === 1, { what: 'the next SMS' });
    expect(pushesFor(li.id, next)).toEqual([]);
  });

  it('holds no database connection while a push service keeps its answer back, and records the push once it answers', async () => {
    const slow = push.subscribe();
    await register('li', slow, '信号差的手机');
    push.hold(slow.id);
    const alertId = await raiseAlert();
    await eventually(async () => pushesFor(slow.id, alertId), (p) => p.length === 1, { what: 'the push at the push service, unanswered' });
    const [page] = await sys.db.query<{ id: string; status: string }>(`SELECT id, status FROM court.notifications WHERE alert_id = $1 AND channel = 'push'`, [alertId]);
    expect(page.status).toBe('pending');
    // The page's row is free while its push waits on the network: no transaction holds it (NOWAIT fails at once if one did).
    const client = new Client({ connectionString: sys.db.url });
    await client.connect();
    try {
      await client.query('BEGIN');
      expect((await client.query('SELECT id FROM court.notifications WHERE id = $1 FOR UPDATE NOWAIT', [page.id])).rows).toEqual([{ id: page.id }]);
    } finally {
      await client.end();
    }
    // Nor is the gateway short of connections meanwhile.
    await person('li').get(`/api/v1/alerts/${alertId}`).expect(200);
    push.release(slow.id);
    await eventually(
      async () => (await sys.db.query<{ status: string }>(`SELECT status FROM court.notifications WHERE id = $1`, [page.id]))[0].status,
      (status) => status === 'delivered',
      { what: 'the push written as delivered once answered' },
    );
    await eventually(async () => (await person('li').get(`/api/v1/alerts/${alertId}`).expect(200)).body.state, (state) => state === 'notified', { what: 'notified' });
  });

  it('refuses a phone past PUSH_DEVICES_PER_OFFICER for one officer (409), until one is revoked', async () => {
    const limit = 5;
    const phones = [];
    for (let i = 0; i < limit; i++) phones.push(await register('huang', push.subscribe(), `手机 ${i + 1}`));
    const extra = push.subscribe();
    const refused = await person('huang').post('/api/v1/devices').send({ label: '第六部', subscription: { endpoint: extra.endpoint, expirationTime: null, keys: extra.keys } }).expect(409);
    expect(refused.body).toMatchObject({ code: 'device.limit_reached' });
    expect(refused.body.message.join()).toContain('PUSH_DEVICES_PER_OFFICER');
    // Several at once cannot slip past the count either.
    const racers = await Promise.all([0, 1, 2].map(() => {
      const s = push.subscribe();
      return person('huang').post('/api/v1/devices').send({ label: 'x', subscription: { endpoint: s.endpoint, expirationTime: null, keys: s.keys } });
    }));
    expect(racers.map((r) => r.status)).toEqual([409, 409, 409]);
    await person('huang').delete(`/api/v1/devices/${phones[0].id}`).expect(200);
    await register('huang', extra, '第六部');
    const [{ live }] = await sys.db.query<{ live: number }>('SELECT count(*)::int AS live FROM court.devices WHERE officer_id = $1 AND revoked_at IS NULL', [officer['黄法官'].id]);
    expect(live).toBe(limit);

    // Linked to another officer, the account's phones are revoked (their pushes were 黄法官's), and linking it back does not revive them.
    const [{ id: huangUser }] = await sys.db.query<{ id: string }>(`SELECT id FROM court.users WHERE username = 'huang'`);
    const liveOf = async () => (await sys.db.query<{ n: number }>('SELECT count(*)::int AS n FROM court.devices WHERE user_id = $1 AND revoked_at IS NULL', [huangUser]))[0].n;
    await api(sys.courtUrl).patch(`/api/v1/admin/users/${huangUser}`).send({ officerId: officer['韦法官'].id }).expect(200);
    expect(await liveOf()).toBe(0);
    await api(sys.courtUrl).patch(`/api/v1/admin/users/${huangUser}`).send({ officerId: officer['黄法官'].id }).expect(200);
    expect(await liveOf()).toBe(0);
    await api(sys.courtUrl, {}).post(`/api/v1/device/alerts/${randomUUID()}/acknowledge`).set('x-device-token', phones[1].token).send({}).expect(401);
  });

  describe('the service worker in Chromium', () => {
    let browser: Browser;
    let context: BrowserContext;
    let page: Page;
    let sub: ReturnType<PushService['subscribe']>;

    beforeAll(async () => {
      browser = await launchChromium();
      context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, timezoneId: 'Asia/Shanghai' });
      await context.grantPermissions(['notifications'], { origin: sys.courtUrl });
      sub = push.subscribe();
      // Headless Chromium has no push service to subscribe with: PushManager.subscribe answers
      // this test's push service's subscription instead. Everything after it is the app's own code.
      await context.addInitScript((s: PushSubscriptionJson) => {
        const fake = { endpoint: s.endpoint, expirationTime: null, toJSON: () => s, unsubscribe: async () => true, options: {} };
         
        const PM = (globalThis as any).PushManager;
        if (PM) {
          PM.prototype.subscribe = async () => fake;
          PM.prototype.getSubscription = async () => null;
        }
      }, { endpoint: sub.endpoint, expirationTime: null, keys: sub.keys });
      page = await context.newPage();
    });

    afterAll(async () => {
      await browser?.close();
    });

    it('enables push from the app, shows a pushed alert with Acknowledge and Open, and acknowledges from the action without the app', async () => {
      await page.goto(`${sys.courtUrl}/phone/`);
      await page.getByTestId('login-username').fill('li');
      await page.getByTestId('login-password').fill(PASSWORDS.li);
      await page.getByTestId('login-submit').click();
      await page.getByTestId('push-enable').click();
      await page.getByTestId('push-on').waitFor();
      const [device] = await sys.db.query<{ id: string; endpoint: string }>('SELECT id, endpoint FROM court.devices WHERE endpoint = $1 AND revoked_at IS NULL', [sub.endpoint]);
      expect(device).toBeDefined();

      const alertId = await raiseAlert();
      const [received] = await eventually(async () => pushesFor(sub.id, alertId), (p) => p.length === 1, { what: 'the push' });

      // The push service's delivery to the phone: the decrypted message into the service worker (CDP).
      const worker: Worker = context.serviceWorkers().find((w) => w.url().endsWith('/phone/sw.js')) ?? (await context.waitForEvent('serviceworker'));
      const cdp = await context.newCDPSession(page);
      const registrations: { registrationId: string; scopeURL: string }[] = [];
      cdp.on('ServiceWorker.workerRegistrationUpdated', (e) => registrations.push(...e.registrations));
      await cdp.send('ServiceWorker.enable');
      const registration = await eventually(async () => registrations.find((r) => r.scopeURL === `${sys.courtUrl}/phone/`), Boolean, { what: 'the registration' });
      await recordHandledEvents(worker);
      await cdp.send('ServiceWorker.deliverPushMessage', { origin: sys.courtUrl, registrationId: registration!.registrationId, data: JSON.stringify(received.message) });

      // The notifications are read once the push handler's work has settled, never while it shows
      // one: Chromium's getNotifications() deletes a notification it reads between storing and
      // showing it (test/support/service-worker.ts).
      const [pushed] = await eventually(() => handledEvents(worker, 'push'), (events) => events.length === 1 && events[0].state !== 'pending', { what: 'the push event handled' });
      expect(pushed).toEqual({ type: 'push', state: 'fulfilled' });
      const shown = await notificationsOf(worker);
      expect(shown.filter((x) => x.data.alertId === alertId)).toEqual([
        expect.objectContaining({ title: '查封车辆预警', actions: [{ action: 'acknowledge', title: '签收' }, { action: 'open', title: '查看' }] }),
      ]);

      // The officer taps Acknowledge on the notification: the worker's notificationclick handler runs.
      await page.goto('about:blank'); // no page of the app is open
      sys.clock.advance(45_000);
      await worker.evaluate(async (id: string) => {
         
        const sw = globalThis as any;
        const [n] = (await sw.registration.getNotifications()).filter((x: { data: { alertId: string } }) => x.data.alertId === id);
        sw.dispatchEvent(new sw.NotificationEvent('notificationclick', { notification: n, action: 'acknowledge' }));
      }, alertId);
      const [clicked] = await eventually(() => handledEvents(worker, 'notificationclick'), (events) => events.length === 1 && events[0].state !== 'pending', { what: 'the notificationclick handled' });
      expect(clicked).toEqual({ type: 'notificationclick', state: 'fulfilled' });
      const row = await eventually(
        async () => (await sys.db.query<{ state: string; ack_seconds: number }>('SELECT state, ack_seconds FROM court.alerts WHERE id = $1', [alertId]))[0],
        (r) => r.state === 'acknowledged',
        { what: 'the alert acknowledged in PostgreSQL' },
      );
      expect(row.ack_seconds).toBe(45);
      const [entry] = await sys.db.query<{ actor: string }>("SELECT actor FROM court.alert_timeline WHERE alert_id = $1 AND kind = 'acknowledged'", [alertId]);
      expect(entry.actor).toBe(`officer:${officer['李法官'].id}`);
      // The notification now says it is done.
      expect((await notificationsOf(worker)).filter((x) => x.data.alertId === alertId).map((x) => x.title)).toEqual(['已签收']);
    });
  });
});
