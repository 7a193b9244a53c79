import * as fs from 'node:fs';
import * as path from 'node:path';
import { randomUUID } from 'node:crypto';
import { Browser, BrowserContext, Page } from 'playwright-core';
import { api } from './support/api';
import { launchChromium } from './support/browser';
import { eventually } from './support/eventually';
import { watchlistApplied } from './support/watchlist';
import { startTestSystem, TestSystem } from './support/test-system';
import { buildWebForTest } from './support/web';

/** Kept in the repository (docs/screenshots/phone-*.png) when SCREENSHOTS=1; otherwise a temporary folder. */
const SCREENSHOTS = process.env.SCREENSHOTS === '1' ? path.resolve(__dirname, '..', 'docs', 'screenshots') : fs.mkdtempSync('/tmp/phone-shots-');

const settles = (check: () => Promise<unknown>, timeoutMs = 20_000) =>
  eventually(async () => {
    await check();
    return true;
  }, undefined, { timeoutMs });

const PASSWORD = 'li-on-the-road-2026';
const OTHERS: Record<string, { password: string; roles: string[]; officer?: string }> = {
  huang: { password: 'huang-dazhai-2026', roles: ['team_lead'], officer: '黄法官' },
  chen: { password: 'chen-night-shift-2026', roles: ['officer'], officer: '陈法警' },
  desk: { password: 'desk-dispatch-2026', roles: ['dispatcher'] },
};
/** 防城大道 K03, where the car was seen, and where 李法官's phone is (1.89 km away: Python's math.asin haversine, R = 6371 km). */
const K03 = { lat: 21.6051, lon: 108.3012, name: '防城大道 K03' };
const LI_AT = { latitude: 21.62, longitude: 108.31, accuracy: 20 };

/**
 * The officers' phone app in real headless Chromium at a phone's size (390×844), against both
 * apps over the Kafka mock and PostgreSQL: sign in, an alert arrives, one tap acknowledges it.
 */
describe('officer phone app, /phone/', () => {
  let sys: TestSystem;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const officer: Record<string, { id: string; teamId: string }> = {};

  const web = buildWebForTest();

  beforeAll(async () => {
    // Monday 2026-03-02 10:00 in Asia/Shanghai: 李法官 of 防城法庭 is on duty.
    // Nearest routing, so that a shared position counts (K03's nearest base is 防城法庭's either way).
    sys = await startTestSystem({ clockStart: '2026-03-02T02:00:00.000Z', courtEnv: { WEB_DIR: web.dir, ROUTING_MODE: 'nearest', SCHEDULER_ENABLED: 'false' } });
    const { body: roster } = await api(sys.courtUrl).get('/api/v1/officers').expect(200);
    for (const o of roster.items) officer[o.name] = { id: o.id, teamId: o.teamId ?? o.team?.id };
    await api(sys.courtUrl)
      .post('/api/v1/admin/users')
      .send({ username: 'li', displayName: '李法官', password: PASSWORD, roles: ['officer'], officerId: officer['李法官'].id })
      .expect(201);
    for (const [username, o] of Object.entries(OTHERS)) {
      await api(sys.courtUrl)
        .post('/api/v1/admin/users')
        .send({ username, displayName: username, password: o.password, roles: o.roles, ...(o.officer ? { officerId: officer[o.officer].id } : {}) })
        .expect(201);
      sessions[username] = (await api(sys.courtUrl, {}).post('/api/v1/auth/login').send({ username, password: o.password }).expect(200)).body.token;
    }
    sessions.li = (await api(sys.courtUrl, {}).post('/api/v1/auth/login').send({ username: 'li', password: PASSWORD }).expect(200)).body.token;
    browser = await launchChromium();
    context = await browser.newContext({
      viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, timezoneId: 'Asia/Shanghai',
      geolocation: LI_AT, permissions: ['geolocation'],
    });
    await context.clock.install({ time: sys.clock.now() });
    page = await context.newPage();
  });

  afterAll(async () => {
    await browser?.close();
    await sys?.stop();
    web.remove();
  });

  const sessions: Record<string, string> = {};
  const as = (username: string) => api(sys.courtUrl, { authorization: `Bearer ${sessions[username]}` });

  /** A promise the test resolves when it chooses. */
  function gate(): { opened: Promise<void>; open: () => void } {
    let open!: () => void;
    const opened = new Promise<void>((resolve) => (open = resolve));
    return { opened, open };
  }

  /** The page's next live-stream requests wait until the gate opens (`page.unroute` ends it). */
  async function holdStream(): Promise<{ open: () => void }> {
    const held = gate();
    await page.route('**/api/v1/alerts/stream', async (route) => {
      await held.opened;
      await route.continue();
    });
    return held;
  }

  /** Until the court has opened the alert of `caseNumber`. */
  async function alertOpened(caseNumber: string): Promise<void> {
    await eventually(
      () => sys.db.query('SELECT 1 FROM court.alerts a JOIN court.seizures s ON s.id = a.seizure_id WHERE s.case_number = $1', [caseNumber]),
      (rows) => rows.length === 1,
      { what: `the alert of ${caseNumber}` },
    );
  }

  async function raiseAlert(plate: string, caseNumber: string, cameraId: string, location: { lat: number; lon: number; name: string }) {
    const seal = await api(sys.courtUrl).post('/api/v1/seizures').send({ caseNumber, plate, tribunal: '防城法庭', ownerName: '王某', sealedAt: '2026-02-01T00:00:00.000Z' }).expect(201);
    await watchlistApplied(sys.db, sys.trafficUrl, [seal.body.id]);
    await api(sys.trafficUrl)
      .post('/api/v1/sightings')
      .send({ plate, cameraId, observedAt: sys.clock.now().toISOString(), eventId: randomUUID(), confidence: 0.95, location })
      .expect((r) => expect(r.status).toBeLessThan(300));
  }

  let alertId: string;

  it('is an installable app: the page links a manifest served at its scope, with icons', async () => {
    const response = await page.goto(`${sys.courtUrl}/phone/`);
    expect(response!.status()).toBe(200);
    const href = await page.locator('link[rel=manifest]').getAttribute('href');
    const manifest = await page.evaluate(async (url) => {
      const r = await fetch(url);
      return { type: r.headers.get('content-type'), body: (await r.json()) as { icons: { src: string }[] } };
    }, href!);
    expect(manifest.type).toContain('application/manifest+json');
    expect(manifest.body).toMatchObject({ start_url: '/phone/', scope: '/phone/', display: 'standalone', lang: 'zh-CN' });
    for (const icon of manifest.body.icons) {
      const status = await page.evaluate(async (src) => (await fetch(src)).status, icon.src);
      expect(status).toBe(200);
    }
    const sw = await page.evaluate(async () => {
       
      const registration = await (globalThis as any).navigator.serviceWorker.ready;
      return registration.scope;
    });
    expect(sw).toBe(`${sys.courtUrl}/phone/`);
  });

  it('signs the officer in (Chinese by default) and shows their alert arriving, most urgent first', async () => {
    await page.goto(`${sys.courtUrl}/phone/`);
    await page.getByTestId('login-form').waitFor();
    expect(await page.locator('h1').textContent()).toBe('执法通');
    await page.getByTestId('login-username').fill('li');
    await page.getByTestId('login-password').fill(PASSWORD);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('alerts-empty').waitFor();
    await settles(async () => expect(await page.getByTestId('live').getAttribute('class')).toContain('on'));

    await raiseAlert('桂PD5678', '(2025)桂0603执3321号', 'FCG-K03', K03);
    const card = page.locator('[data-testid=my-alerts] [data-testid=alert-card]', { hasText: '桂PD5678' });
    await card.waitFor({ timeout: 20_000 });
    alertId = (await card.getAttribute('data-alert-id'))!;
    expect(await card.getByTestId('card-state').textContent()).toBe('新预警');
    expect(await card.getByTestId('sla-ack').getAttribute('data-status')).toBe('ok');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'phone-alerts.png') });
  });

  it('acknowledges with one tap, and PostgreSQL records it as the officer', async () => {
    await page.locator(`[data-testid=alert-card][data-alert-id="${alertId}"]`).click();
    await page.getByTestId('alert-page').waitFor();
    // Only what the server allows now is offered.
    expect(await page.getByTestId('taps').locator('button').allTextContents()).toEqual(['签收', '请求交警拦停', '误报驳回']);
    sys.clock.advance(60_000);
    await page.getByTestId('tap-acknowledge').click();
    await page.getByTestId('alert-state').getByText('已签收').waitFor();
    const [row] = await sys.db.query<{ state: string; ack_seconds: number }>('SELECT state, ack_seconds FROM court.alerts WHERE id = $1', [alertId]);
    expect(row).toEqual({ state: 'acknowledged', ack_seconds: 60 });
    const [entry] = await sys.db.query<{ actor: string }>("SELECT actor FROM court.alert_timeline WHERE alert_id = $1 AND kind = 'acknowledged'", [alertId]);
    expect(entry.actor).toBe(`officer:${officer['李法官'].id}`);
    expect(await page.getByTestId('taps').locator('button').allTextContents()).toContain('核实无误');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'phone-alert.png') });
  });

  it('shows the way there (distance, straight-line ETA, the drawing) and shares the position only after consent', async () => {
    const way = page.getByTestId('way');
    await way.getByTestId('way-distance').waitFor();
    expect(await way.getByTestId('way-distance').textContent()).toBe('1.9');
    expect(await way.getByTestId('way-eta').textContent()).toBe('3'); // 1.89 km at 40 km/h
    expect(await way.locator('[data-testid=track] .track-point').count()).toBe(1);
    await way.getByTestId('track-me').waitFor();
    // Nothing is shared before the officer says so.
    expect(await sys.db.query('SELECT 1 FROM court.officer_positions')).toEqual([]);
    await page.getByTestId('share-position').check();
    await page.getByTestId('share-status').waitFor();
    expect(await page.getByTestId('share-status').getAttribute('class')).toBe('ok');
    const rows = await sys.db.query<{ alert_id: string; officer_id: string; lat: number; lon: number; accuracy_m: number }>(
      'SELECT alert_id, officer_id, lat, lon, accuracy_m FROM court.officer_positions',
    );
    expect(rows).toEqual([{ alert_id: alertId, officer_id: officer['李法官'].id, lat: LI_AT.latitude, lon: LI_AT.longitude, accuracy_m: LI_AT.accuracy }]);
    // From the top, so that the sticky title bar sits where it belongs in the full-page picture.
    await page.evaluate(() => (globalThis as unknown as { scrollTo(x: number, y: number): void }).scrollTo(0, 0));
    await page.screenshot({ path: path.join(SCREENSHOTS, 'phone-way.png'), fullPage: true });

    // Only the command center's dispatchers see it.
    const { body: seen } = await as('desk').get(`/api/v1/alerts/${alertId}/positions`).expect(200);
    expect(seen.items).toEqual([expect.objectContaining({ officerName: '李法官', lat: LI_AT.latitude, lon: LI_AT.longitude })]);
    await as('li').get(`/api/v1/alerts/${alertId}/positions`).expect(403);
    await as('chen').get(`/api/v1/alerts/${alertId}/positions`).expect(403);

    // Turning sharing off deletes it.
    await page.getByTestId('share-position').uncheck();
    await settles(async () => expect(await sys.db.query('SELECT 1 FROM court.officer_positions')).toEqual([]));
  });

  it('refuses positions out of range, vague, stale, implausibly fast, for an alert not responded to, and for someone else\'s alert', async () => {
    const share = (who: string, body: object, id = alertId) => as(who).post(`/api/v1/alerts/${id}/positions`).send(body);
    const message = async (r: Promise<{ body: { message: string[] } }>) => (await r).body.message.join('; ');
    const now = () => sys.clock.now().toISOString();
    expect(await message(share('li', { lat: 91, lon: 108.3, accuracy: 10 }).expect(400))).toContain('lat must not be greater than 90');
    expect(await message(share('li', { lat: 21.6, lon: -181, accuracy: 10 }).expect(400))).toContain('lon must not be less than -180');
    expect(await message(share('li', { lat: 21.6, lon: 108.3 }).expect(400))).toContain('accuracy');
    expect(await message(share('li', { lat: 21.6, lon: 108.3, accuracy: 5000 }).expect(400))).toContain('POSITION_MAX_ACCURACY_M');
    expect(await message(share('li', { lat: 21.6, lon: 108.3, accuracy: 10, at: new Date(sys.clock.now().getTime() + 5 * 60_000).toISOString() }).expect(400))).toContain('in the future');
    expect(await message(share('li', { lat: 21.6, lon: 108.3, accuracy: 10, at: new Date(sys.clock.now().getTime() - 30 * 60_000).toISOString() }).expect(400))).toContain('minutes old');
    expect(await message(share('li', { lat: '21.6', lon: 108.3, accuracy: 10 }).expect(400))).toContain('lat');
    expect(await sys.db.query('SELECT 1 FROM court.officer_positions')).toEqual([]);

    await share('li', { lat: LI_AT.latitude, lon: LI_AT.longitude, accuracy: 20, at: now() }).expect(200);
    // 97.9 km north one minute later (Python haversine): 5,870 km/h.
    sys.clock.advance(60_000);
    expect(await message(share('li', { lat: 22.5, lon: 108.31, accuracy: 20, at: now() }).expect(400))).toMatch(/implausible: 97\.\d\d km from the last fix in 60 s is \d+ km\/h, over the 200 km\/h believable \(POSITION_MAX_SPEED_KMH\)/);
    const [kept] = await sys.db.query<{ lat: number }>('SELECT lat FROM court.officer_positions WHERE alert_id = $1', [alertId]);
    expect(kept.lat).toBe(LI_AT.latitude);
    // A jitter within the fixes' accuracy is not movement.
    await share('li', { lat: LI_AT.latitude + 0.0002, lon: LI_AT.longitude, accuracy: 20, at: now() }).expect(200);

    // 黄法官 of 大寨法庭 may not share on 防城法庭's alert; a dispatcher on no roster has no position to share.
    expect(await message(share('huang', { lat: 21.6, lon: 108.3, accuracy: 10 }).expect(403))).toContain('dazhai');
    await share('desk', { lat: 21.6, lon: 108.3, accuracy: 10 }).expect(403);
    await share('li', { lat: 21.6, lon: 108.3, accuracy: 10 }, '00000000-0000-4000-8000-000000000000').expect(404);
    const rows = await sys.db.query<{ officer_id: string }>('SELECT officer_id FROM court.officer_positions');
    expect(rows).toEqual([{ officer_id: officer['李法官'].id }]);
  });

  it('routes a new hit (nearest mode) to the officer whose live position is nearest, before the team bases', async () => {
    // 李法官 drives towards 那良 (34.4 km in 15 minutes: 138 km/h, believable).
    sys.clock.advance(15 * 60_000);
    await as('li').post(`/api/v1/alerts/${alertId}/positions`).send({ lat: 21.66, lon: 107.98, accuracy: 30, at: sys.clock.now().toISOString() }).expect(200);
    // A hit next to 那良法庭's base: by bases it would go to 那良 (韦法官 is on duty); 李法官 is nearer.
    await raiseAlert('桂PE1357', '(2025)桂0603执3322号', 'NL-K02', { lat: 21.661, lon: 107.975, name: '那良镇 K02' });
    const [routed] = await eventually(
      () => sys.db.query<{ team_id: string; assignee_id: string; routing_reason: string }>(
        "SELECT a.team_id, a.assignee_id, a.routing_reason FROM court.alerts a JOIN court.seizures s ON s.id = a.seizure_id WHERE s.case_number = '(2025)桂0603执3322号'",
      ),
      (r) => r.length === 1,
      { what: 'the routed alert' },
    );
    expect(routed).toMatchObject({ team_id: 'fangcheng', assignee_id: officer['李法官'].id });
    expect(routed.routing_reason).toContain('live position');
  });

  it('deletes the position when the alert closes', async () => {
    expect(await sys.db.query('SELECT 1 FROM court.officer_positions WHERE alert_id = $1', [alertId])).toHaveLength(1);
    await as('li').post(`/api/v1/alerts/${alertId}/resolve`).send({ outcome: 'not_found' }).expect(200);
    // Not readable from the moment the close is answered, before the row itself goes.
    expect((await api(sys.courtUrl).get(`/api/v1/alerts/${alertId}/positions`).expect(200)).body.items).toEqual([]);
    await settles(async () => expect(await sys.db.query('SELECT 1 FROM court.officer_positions WHERE alert_id = $1', [alertId])).toEqual([]));
    await as('li').post(`/api/v1/alerts/${alertId}/positions`).send({ lat: 21.66, lon: 107.98, accuracy: 30 }).expect(409);
  });

  it('shows the shift handoff note first to the next officer on duty', async () => {
    const [{ id: openId }] = await sys.db.query<{ id: string }>(
      "SELECT a.id FROM court.alerts a JOIN court.seizures s ON s.id = a.seizure_id WHERE s.case_number = '(2025)桂0603执3322号'",
    );
    await page.goto(`${sys.courtUrl}/phone/#/alerts/${openId}`);
    await page.getByTestId('handoff-text').fill('车在那良镇K02附近，已联系交警三中队，车主电话未接');
    await page.getByTestId('handoff-write').click();
    await page.getByTestId('handoff-note').waitFor();
    expect(await as('huang').post(`/api/v1/alerts/${openId}/handoffs`).send({ note: '越权' }).then((r) => r.status)).toBe(403);
    await as('li').post(`/api/v1/alerts/${openId}/handoffs`).send({ note: '   ' }).expect(400);

    // 陈法警 takes the night shift: signed in on his phone, the note comes before the list.
    await page.getByTestId('logout').click();
    await page.getByTestId('login-username').fill('chen');
    await page.getByTestId('login-password').fill(OTHERS.chen.password);
    // The page's timers stand still from here, so the signed-in page is drawn but its effects (run
    // after the next frame) wait: the move to the list below comes before the page listens for it,
    // as it can on a slow phone, and must not be lost.
    await page.clock.pauseAt((await page.evaluate(() => Date.now())) + 1_000);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('logout').waitFor();
    await page.goto(`${sys.courtUrl}/phone/#/`);
    await page.clock.resume();
    const first = page.getByTestId('handoff-first');
    await first.waitFor();
    expect(await first.textContent()).toContain('已联系交警三中队');
    expect(await first.textContent()).toContain('李法官 (FC-1001)');
    const order = await page.locator('[data-testid=handoffs-first], [data-testid=team-alerts], [data-testid=my-alerts]').evaluateAll((els) => els.map((e) => e.getAttribute('data-testid')));
    expect(order[0]).toBe('handoffs-first');
    // A note written after 陈法警 opened the app (here by the dispatch desk: 李法官 has signed out)
    // reaches his open list live, without a reload.
    sys.clock.advance(5 * 60_000);
    await as('desk').post(`/api/v1/alerts/${openId}/handoffs`).send({ note: '车主回电：车停在东兴口岸停车场' }).expect(201);
    await page.getByTestId('handoff-first').filter({ hasText: '东兴口岸' }).waitFor({ timeout: 20_000 });
    await page.screenshot({ path: path.join(SCREENSHOTS, 'phone-handoff.png') });

    // The dispatch desk shows it on the alert too.
    const desk = await browser.newContext({ viewport: { width: 1440, height: 900 }, timezoneId: 'Asia/Shanghai' });
    const deskPage = await desk.newPage();
    await deskPage.goto(`${sys.courtUrl}/desk`);
    await deskPage.getByTestId('login-username').fill('desk');
    await deskPage.getByTestId('login-password').fill(OTHERS.desk.password);
    await deskPage.getByTestId('login-submit').click();
    await deskPage.locator(`[data-testid=queue-row][data-alert-id="${openId}"]`).click();
    const deskNotes = deskPage.locator(`[data-testid=detail][data-alert-id="${openId}"] [data-testid=handoff-note]`);
    await deskNotes.first().waitFor();
    // Both notes, newest first.
    const texts = await deskNotes.allTextContents();
    expect(texts).toHaveLength(2);
    expect(texts[0]).toContain('东兴口岸');
    expect(texts[1]).toContain('已联系交警三中队');
    await desk.close();
  });

  it('takes the note written last as the newest, when two are written in the same millisecond', async () => {
    const [{ id: openId }] = await sys.db.query<{ id: string }>(
      "SELECT a.id FROM court.alerts a JOIN court.seizures s ON s.id = a.seizure_id WHERE s.case_number = '(2025)桂0603执3322号'",
    );
    // The test clock stands still: both notes carry the same instant, and only the order they were
    // written in says which is the last word the next shift must read.
    sys.clock.advance(60_000);
    await as('desk').post(`/api/v1/alerts/${openId}/handoffs`).send({ note: '先写：车主说车在修理厂' }).expect(201);
    await as('desk').post(`/api/v1/alerts/${openId}/handoffs`).send({ note: '后写：修理厂说车已开走' }).expect(201);
    const { body: notes } = await as('desk').get(`/api/v1/alerts/${openId}/handoffs`).expect(200);
    expect(notes.items[0].createdAt).toBe(notes.items[1].createdAt);
    expect(notes.items.slice(0, 2).map((n: { note: string }) => n.note)).toEqual(['后写：修理厂说车已开走', '先写：车主说车在修理厂']);
    const { body: open } = await as('desk').get('/api/v1/handoffs').expect(200);
    expect(open.items.filter((n: { alertId: string }) => n.alertId === openId).map((n: { note: string }) => n.note)).toEqual(['后写：修理厂说车已开走']);
  });

  it('shows an alert raised while the live stream was still connecting', async () => {
    // The list is taken while the stream connects; the stream's request is held here until an
    // alert has been raised in between, so the stream never pushes it: only a fresh look once the
    // stream is open puts it on 陈法警's list.
    const stream = await holdStream();
    await page.reload();
    // The list has come (the open alert of the handoff is on it) before the new alert is raised.
    await page.locator('[data-testid=alert-card]', { hasText: '桂PE1357' }).waitFor();
    await raiseAlert('桂PD2468', '(2025)桂0603执3323号', 'FCG-K03', K03);
    await alertOpened('(2025)桂0603执3323号');
    stream.open();
    await page.locator('[data-testid=alert-card]', { hasText: '桂PD2468' }).waitFor({ timeout: 20_000 });
    await page.unroute('**/api/v1/alerts/stream');
  });

  it('keeps an alert the stream brought while an older list was on its way', async () => {
    // The list asked for when the stream opens is answered by the server at once but handed to
    // the page only after the stream has brought a newer alert: the older list must not drop it.
    // 桂PD1122 is raised while the stream is held, so only that list can show it: its arrival
    // says the list was applied.
    const list = gate();
    const fetched = gate();
    let holdList = false;
    await page.route('**/api/v1/alerts?open=true*', async (route) => {
      if (!holdList) return route.continue();
      holdList = false;
      const response = await route.fetch();
      fetched.open();
      await list.opened;
      await route.fulfill({ response });
    });
    const stream = await holdStream();
    await page.reload();
    await page.locator('[data-testid=alert-card]', { hasText: '桂PD2468' }).waitFor();
    await raiseAlert('桂PD1122', '(2025)桂0603执3324号', 'FCG-K03', K03);
    await alertOpened('(2025)桂0603执3324号');
    holdList = true;
    stream.open();
    await fetched.opened;
    await raiseAlert('桂PD3344', '(2025)桂0603执3325号', 'FCG-K03', K03);
    const pushed = page.locator('[data-testid=alert-card]', { hasText: '桂PD3344' });
    await pushed.waitFor({ timeout: 20_000 });
    list.open();
    await page.locator('[data-testid=alert-card]', { hasText: '桂PD1122' }).waitFor({ timeout: 20_000 });
    expect(await pushed.count()).toBe(1);
    await page.unroute('**/api/v1/alerts/stream');
    await page.unroute('**/api/v1/alerts?open=true*');
  });
});
