import * as fs from 'node:fs';
import * as path from 'node:path';
import { randomUUID } from 'node:crypto';
import { Browser, BrowserContext, Page } from 'playwright-core';
import { buildWeb } from '../scripts/build-web';
import { api } from './support/api';
import { launchChromium } from './support/browser';
import { eventually } from './support/eventually';
import { watchlistApplied } from './support/watchlist';
import { startTestSystem, TestSystem } from './support/test-system';

/** Kept in the repository (docs/screenshots/phone-*.png) when SCREENSHOTS=1; otherwise a temporary folder. */
const SCREENSHOTS = process.env.SCREENSHOTS === '1' ? path.resolve(__dirname, '..', 'docs', 'screenshots') : fs.mkdtempSync('/tmp/phone-shots-');

const settles = (check: () => Promise<unknown>, timeoutMs = 20_000) =>
  eventually(async () => {
    await check();
    return true;
  }, undefined, { timeoutMs });

const PASSWORD = 'li-on-the-road-2026';

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

  beforeAll(async () => {
    buildWeb();
    // Monday 2026-03-02 10:00 in Asia/Shanghai: 李法官 of 防城法庭 is on duty.
    sys = await startTestSystem({ clockStart: '2026-03-02T02:00:00.000Z' });
    const { body: roster } = await api(sys.courtUrl).get('/api/v1/officers').expect(200);
    for (const o of roster.items) officer[o.name] = { id: o.id, teamId: o.teamId ?? o.team?.id };
    await api(sys.courtUrl)
      .post('/api/v1/admin/users')
      .send({ username: 'li', displayName: '李法官', password: PASSWORD, roles: ['officer'], officerId: officer['李法官'].id })
      .expect(201);
    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, timezoneId: 'Asia/Shanghai' });
    await context.clock.install({ time: sys.clock.now() });
    page = await context.newPage();
  });

  afterAll(async () => {
    await browser?.close();
    await sys?.stop();
  });

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
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
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

    await raiseAlert('桂PD5678', '(2025)桂0603执3321号', 'FCG-K03', { lat: 21.6051, lon: 108.3012, name: '防城大道 K03' });
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
});
