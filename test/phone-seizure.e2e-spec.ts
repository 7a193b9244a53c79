import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Browser, Page } from 'playwright-core';
import { api } from './support/api';
import { launchChromium } from './support/browser';
import { seedAlertInState } from './support/impound-seed';
import { startTestSystem, TestSystem } from './support/test-system';
import { buildWebForTest } from './support/web';

/** Kept in the repository (docs/screenshots/phone-impound-*.png) when SCREENSHOTS=1; otherwise a temporary folder. */
const SCREENSHOTS = process.env.SCREENSHOTS === '1' ? path.resolve(__dirname, '..', 'docs', 'screenshots') : fs.mkdtempSync(path.join(os.tmpdir(), 'impound-shots-'));
const PHOTO = path.join(__dirname, 'fixtures', 'impound', 'car-gps.jpg');
const PASSWORD = 'chen-on-scene-2026';
const SEAL = { caseNumber: '(2025)桂0603执6001号', plate: '桂P86001', vin: 'LSVAU2180N2186001', ownerName: '王某' };

/**
 * The seizure on the phone in headless Chromium at a phone's size: the officer on scene fills the
 * 扣押 form with a photo from the fixtures, the record appears with the yard and fees, and the
 * 扣押清单 downloaded from the page reads back (pdftotext) with the case number, plate and yard.
 */
describe('phone: recording a seizure (扣押)', () => {
  const web = buildWebForTest();
  let sys: TestSystem;
  let browser: Browser;
  let page: Page;
  let alertId: string;

  beforeAll(async () => {
    sys = await startTestSystem({ clockStart: '2026-03-02T02:00:00.000Z', courtEnv: { WEB_DIR: web.dir, IMPOUND_YARDS: JSON.stringify([{ id: 'fc-jj-yard', name: '防城区交警大队停车场', dailyRateYuan: 20 }]) } });
    const { body: roster } = await api(sys.courtUrl).get('/api/v1/officers').expect(200);
    const chen = roster.items.find((o: { badge: string }) => o.badge === 'FC-1002');
    await api(sys.courtUrl).post('/api/v1/admin/users').send({ username: 'chen', displayName: '陈法警', password: PASSWORD, roles: ['officer'], officerId: chen.id }).expect(201);
    ({ alertId } = await seedAlertInState(sys.db, { seal: SEAL, state: 'on_scene', teamId: 'fangcheng', assigneeId: chen.id, now: sys.clock.now(), hitMinutesAgo: 20 }));
    browser = await launchChromium();
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, timezoneId: 'Asia/Shanghai', acceptDownloads: true });
    page = await context.newPage();
  });

  afterAll(async () => {
    await browser?.close();
    await sys?.stop();
    web.remove();
  });

  it('records the seizure with a photo, shows custody and downloads the 扣押清单', async () => {
    await page.goto(`${sys.courtUrl}/phone/`);
    await page.getByTestId('login-username').fill('chen');
    await page.getByTestId('login-password').fill(PASSWORD);
    await page.getByTestId('login-submit').click();
    await page.goto(`${sys.courtUrl}/phone/#/alerts/${alertId}`);
    await page.getByTestId('impound-form').waitFor();
    await page.getByTestId('impound-yard').locator('option').first().waitFor({ state: 'attached' });
    await page.getByTestId('impound-photos').setInputFiles(PHOTO);
    await page.getByTestId('impound-keys').fill('2');
    await page.getByTestId('impound-licence').check();
    await page.getByTestId('impound-condition').fill('左前门划痕');
    await page.getByTestId('impound-odometer').fill('86512');
    await page.getByTestId('impound-driven-by').fill('陈法警');
    await page.getByTestId('impound-value').fill('30000');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'phone-impound-form.png'), fullPage: true });
    await page.getByTestId('impound-save').click();

    await page.getByTestId('impound-record').waitFor();
    expect(await page.getByTestId('alert-state').textContent()).toBe('已办结');
    expect(await page.getByTestId('impound-yard-name').textContent()).toContain('防城区交警大队停车场');
    expect(await page.getByTestId('impound-fees').textContent()).toBe('20.00 元');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'phone-impound-record.png'), fullPage: true });

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('impound-paper-inventory').click()]);
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'impound-dl-')), 'inventory.pdf');
    await download.saveAs(file);
    const text = execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' }).replace(/\s+/g, '');
    expect(text).toContain('扣押清单');
    expect(text).toContain(SEAL.caseNumber);
    expect(text).toContain(SEAL.plate);
    expect(text).toContain('防城区交警大队停车场');
    // The photo's GPS became the place, stored in PostgreSQL.
    const [row] = await sys.db.query<{ place_source: string; photos: number }>(
      `SELECT i.place_source, (SELECT count(*)::int FROM court.impound_photos p WHERE p.impound_id = i.id) AS photos FROM court.impounds i WHERE i.alert_id = $1`,
      [alertId],
    );
    expect(row).toEqual({ place_source: 'photo', photos: 1 });
  });
});
