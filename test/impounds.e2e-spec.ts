import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parse } from 'exifr';
import { ImpoundsService } from '../apps/court-gateway/src/impounds/impounds.service';
import { api } from './support/api';
import { seedAlertInState, SealFacts } from './support/impound-seed';
import { seedAlert } from './support/report-seed';
import { startTestSystem, TestSystem } from './support/test-system';

/** Photos made by cjpeg + exiftool and Python, not by the code under test (test/fixtures/impound/README.md). */
const fixture = (name: string) => fs.readFileSync(path.join(__dirname, 'fixtures', 'impound', name));

/** Text of a PDF as poppler's pdftotext reads it (scripts/prepare-test.ts installs poppler-utils). */
function pdfText(pdf: Buffer): string {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'impound-')), 'paper.pdf');
  fs.writeFileSync(file, pdf);
  return execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' }).replace(/\s+/g, '');
}

/** Collects a response body as bytes (superagent leaves PDFs unparsed). */
const binary = (res: import('superagent').Response, cb: (err: Error | null, body: Buffer) => void) => {
  const stream = res as unknown as NodeJS.ReadableStream;
  const chunks: Buffer[] = [];
  stream.on('data', (c: Buffer) => chunks.push(c));
  stream.on('end', () => cb(null, Buffer.concat(chunks)));
};

/** Yards of this test, at known rates (20 and 15.50 yuan a day). */
const YARDS = [
  { id: 'test-yard-a', name: '测试交警停车场', address: '防钦路1号', dailyRateYuan: 20 },
  { id: 'test-yard-b', name: '测试法院停放场', dailyRateYuan: 15.5 },
];

describe('seizure (扣押) on record: POST /api/v1/alerts/:id/impound, custody, papers, report', () => {
  let sys: TestSystem;
  let officers: { id: string; badge: string }[];
  const officer = (badge: string) => officers.find((o) => o.badge === badge)!.id;
  const tokens = new Map<string, string>();
  const accounts = new Set<string>();
  let seq = 0;

  /** Every alert this test opens in March 2026, for the report's figures: verified, and whether the car was seized and how long after the hit. */
  const march: { verified: boolean; seizedAfterSeconds: number | null }[] = [];

  async function person(username: string, roles: string[], officerBadge?: string): Promise<ReturnType<typeof api>> {
    if (!tokens.has(username)) {
      const password = `pw-${username}-0123456789`;
      if (!accounts.has(username)) {
        await api(sys.courtUrl).post('/api/v1/admin/users').send({ username, displayName: username, password, roles, ...(officerBadge ? { officerId: officer(officerBadge) } : {}) }).expect(201);
        accounts.add(username);
      }
      const { body } = await api(sys.courtUrl, {}).post('/api/v1/auth/login').send({ username, password }).expect(200);
      tokens.set(username, body.token);
    }
    return api(sys.courtUrl, { authorization: `Bearer ${tokens.get(username)}` });
  }
  const chen = () => person('chen.officer', ['officer'], 'FC-1002');

  function seal(): SealFacts {
    seq++;
    return { caseNumber: `(2025)桂0603执${5100 + seq}号`, plate: `桂P8${String(1000 + seq)}`, vin: `LSVAU2180N21${String(10000 + seq)}`, ownerName: '王某' };
  }

  async function onSceneAlert(hitMinutesAgo = 20): Promise<{ alertId: string; seal: SealFacts }> {
    const facts = seal();
    const { alertId } = await seedAlertInState(sys.db, { seal: facts, state: 'on_scene', teamId: 'fangcheng', assigneeId: officer('FC-1002'), now: sys.clock.now(), hitMinutesAgo });
    return { alertId, seal: facts };
  }

  const record = (extra: Record<string, unknown> = {}) => ({
    keysCount: 2, registrationCertificate: true, vehicleCondition: '左前门划痕，车内无贵重物品', odometerKm: 86512, drivenBy: '陈法警', yardId: 'test-yard-a', debtorResponse: 'refused', ...extra,
  });

  async function written(alertId: string): Promise<{ impounds: number; photos: number; papers: number; state: string }> {
    const [row] = await sys.db.query<{ impounds: number; photos: number; papers: number; state: string }>(
      `SELECT (SELECT count(*)::int FROM court.impounds WHERE alert_id = $1) AS impounds,
              (SELECT count(*)::int FROM court.impound_photos p JOIN court.impounds i ON i.id = p.impound_id WHERE i.alert_id = $1) AS photos,
              (SELECT count(*)::int FROM court.impound_papers p JOIN court.impounds i ON i.id = p.impound_id WHERE i.alert_id = $1) AS papers,
              (SELECT state FROM court.alerts WHERE id = $1) AS state`,
      [alertId],
    );
    return row;
  }

  beforeAll(async () => {
    // Monday 2026-03-02 10:00 in Asia/Shanghai.
    sys = await startTestSystem({
      clockStart: '2026-03-02T02:00:00.000Z',
      courtEnv: { IMPOUND_YARDS: JSON.stringify(YARDS), IMPOUND_PHOTO_MAX_BYTES: '20000', IMPOUND_PHOTO_MAX_COUNT: '3', IMPOUND_FEE_WARNING_SHARE: '0.3' },
    });
    officers = (await api(sys.courtUrl).get('/api/v1/officers').expect(200)).body.items;
  });

  afterAll(async () => {
    await sys?.stop();
  });

  it('lists the configured yards with their daily rates', async () => {
    const { body } = await (await chen()).get('/api/v1/impounds/yards').expect(200);
    expect(body.items).toEqual([
      { id: 'test-yard-a', name: '测试交警停车场', address: '防钦路1号', dailyRateYuan: '20.00' },
      { id: 'test-yard-b', name: '测试法院停放场', address: null, dailyRateYuan: '15.50' },
    ]);
  });

  it('the assigned officer records the seizure with photos: GPS becomes the place, metadata is stripped, the alert is resolved as seized, the papers are printed', async () => {
    const { alertId, seal: facts } = await onSceneAlert(25);
    march.push({ verified: true, seizedAfterSeconds: 25 * 60 });
    const { body } = await (await chen())
      .post(`/api/v1/alerts/${alertId}/impound`)
      .field('record', JSON.stringify(record({ estimatedValueYuan: 3000 })))
      .attach('photos', fixture('car-gps.jpg'), 'IMG_0001.jpg')
      .attach('photos', fixture('png-text.png'), { filename: 'screenshot.png', contentType: 'application/octet-stream' })
      .expect(201);
    expect(body).toMatchObject({
      alertId, caseNumber: facts.caseNumber, plate: facts.plate, seizedAt: '2026-03-02T02:00:00.000Z',
      place: { name: null, lat: 21.686111, lon: 108.355278, source: 'photo' },
      keysCount: 2, registrationCertificate: true, odometerKm: 86512, drivenBy: '陈法警', debtorResponse: 'refused', estimatedValueYuan: '3000.00',
      yard: { id: 'test-yard-a', name: '测试交警停车场', dailyRateYuan: '20.00' }, recordedBy: '陈法警 (FC-1002)',
      custody: { state: 'in_custody', days: 1, feesYuan: '20.00', feeWarning: false },
    });
    expect(body.photos.map((p: { n: number }) => p.n)).toEqual([1, 2]);

    const alert = (await (await chen()).get(`/api/v1/alerts/${alertId}`).expect(200)).body;
    expect(alert).toMatchObject({ state: 'resolved', outcome: 'seized' });

    // The stored JPEG keeps nothing but its orientation; the PNG lost its text chunk.
    const jpeg = await (await chen()).get(`/api/v1/alerts/${alertId}/impound/photos/1`).buffer(true).parse(binary).expect(200);
    expect(jpeg.headers['content-type']).toMatch(/^image\/jpeg/);
    expect(await parse(jpeg.body, { tiff: true, exif: true, gps: true, xmp: true, icc: true, iptc: true })).toEqual({ Orientation: 'Rotate 90 CW' });
    expect(jpeg.body.toString('latin1')).not.toContain('TestPhoneMaker');
    const png = await (await chen()).get(`/api/v1/alerts/${alertId}/impound/photos/2`).buffer(true).parse(binary).expect(200);
    expect(png.headers['content-type']).toMatch(/^image\/png/);
    expect(png.body.toString('latin1')).not.toContain('png author');
    await (await chen()).get(`/api/v1/alerts/${alertId}/impound/photos/3`).expect(404);

    for (const paper of body.papers as { kind: string; url: string }[]) {
      const pdf = await (await chen()).get(paper.url).buffer(true).parse(binary).expect(200);
      expect(pdf.headers['content-type']).toBe('application/pdf');
      const text = pdfText(pdf.body);
      expect(text).toContain(facts.caseNumber);
      expect(text).toContain(facts.plate);
      expect(text).toContain(facts.vin);
      expect(text).toContain('测试交警停车场');
      expect(text).toContain(paper.kind === 'inventory' ? '扣押清单' : '协助执行通知书');
    }
    // The desk (a dispatcher) may read it too; leadership sees but may not record.
    await (await person('desk.one', ['dispatcher'])).get(`/api/v1/alerts/${alertId}/impound`).expect(200);
  });

  it('refuses bad input with a clear message and writes nothing', async () => {
    const { alertId } = await onSceneAlert(10);
    march.push({ verified: true, seizedAfterSeconds: null });
    const as = await chen();
    const post = () => as.post(`/api/v1/alerts/${alertId}/impound`);

    const big = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(30_000)]);
    const oversized = await post().field('record', JSON.stringify(record())).attach('photos', big, 'big.jpg').expect(400);
    expect(oversized.body).toMatchObject({ code: 'impound.photo_too_large', field: 'photos', message: ['a photo is larger than 20000 bytes'] });

    const notImage = await post()
      .field('record', JSON.stringify(record()))
      .attach('photos', fixture('car-plain.jpg'), 'ok.jpg')
      .attach('photos', Buffer.from('%PDF-1.4 this is a document, not a photo'), { filename: 'car.jpg', contentType: 'image/jpeg' })
      .expect(400);
    expect(notImage.body).toMatchObject({ code: 'impound.photo_not_image', field: 'photos[1]', message: ['photo 2 (car.jpg) is not a JPEG or PNG image by its content'] });

    const tooMany = await post()
      .field('record', JSON.stringify(record()))
      .attach('photos', fixture('car-plain.jpg'), '1.jpg')
      .attach('photos', fixture('car-plain.jpg'), '2.jpg')
      .attach('photos', fixture('car-plain.jpg'), '3.jpg')
      .attach('photos', fixture('car-plain.jpg'), '4.jpg')
      .expect(400);
    expect(tooMany.body.field).toBe('photos');

    const yard = await post().field('record', JSON.stringify(record({ yardId: 'no-such-yard' }))).expect(400);
    expect(yard.body).toMatchObject({ code: 'impound.yard_unknown', field: 'yardId', message: ['yardId no-such-yard is not a configured storage yard; known: test-yard-a, test-yard-b'] });

    const fields = await post().send(record({ keysCount: -1, debtorResponse: 'ran_away', odometerKm: 'many' })).expect(400);
    expect(fields.body.message.join(' ')).toMatch(/keysCount/);
    expect(fields.body.message.join(' ')).toMatch(/debtorResponse/);
    expect(fields.body.message.join(' ')).toMatch(/odometerKm/);
    await post().field('record', '{not json').expect(400);
    await post().attach('photos', fixture('car-plain.jpg'), 'a.jpg').expect(400);
    await post().send(record({ lat: 21.6 })).expect(400);
    const future = await post().send(record({ seizedAt: '2026-03-02T03:00:00.000Z' })).expect(400);
    expect(future.body.field).toBe('seizedAt');
    // A value JavaScript prints in exponent form once crashed the decimal check (500).
    for (const estimatedValueYuan of [1e-7, 5e-324, 3000.001]) {
      const value = await post().send(record({ estimatedValueYuan })).expect(400);
      expect(value.body.field).toBe('estimatedValueYuan');
      expect(value.body.message.join(' ')).toMatch(/^estimatedValueYuan must (not be less than 1|have at most two decimals)/);
    }

    expect(await written(alertId)).toEqual({ impounds: 0, photos: 0, papers: 0, state: 'on_scene' });
  });

  it('refuses an alert that is not on scene (409) and someone else\'s alert (403)', async () => {
    const facts = seal();
    const { alertId: acknowledged } = await seedAlertInState(sys.db, { seal: facts, state: 'acknowledged', teamId: 'fangcheng', assigneeId: officer('FC-1002'), now: sys.clock.now(), hitMinutesAgo: 5 });
    march.push({ verified: false, seizedAfterSeconds: null });
    const early = await (await chen()).post(`/api/v1/alerts/${acknowledged}/impound`).send(record()).expect(409);
    expect(early.body).toMatchObject({ code: 'impound.needs_on_scene', message: [`alert ${acknowledged} is acknowledged; a seizure (扣押) is recorded only while an officer is on scene`] });

    const { alertId } = await onSceneAlert(10);
    march.push({ verified: true, seizedAfterSeconds: null });
    const otherTeam = await (await person('huang.dazhai', ['team_lead', 'officer'], 'FC-2001')).post(`/api/v1/alerts/${alertId}/impound`).send(record()).expect(403);
    expect(otherTeam.body.code).toBe('alert.team_confined');
    const leader = await (await person('leader.one', ['leadership'])).post(`/api/v1/alerts/${alertId}/impound`).send(record()).expect(403);
    expect(leader.body.statusCode).toBe(403);
    await (await chen()).post('/api/v1/alerts/00000000-0000-4000-8000-000000000000/impound').send(record()).expect(404);
    expect(await written(alertId)).toEqual({ impounds: 0, photos: 0, papers: 0, state: 'on_scene' });
    expect(await written(acknowledged)).toEqual({ impounds: 0, photos: 0, papers: 0, state: 'acknowledged' });
  });

  it('the desk records for an officer, with a given place and time; a second record is refused', async () => {
    const { alertId } = await onSceneAlert(45);
    march.push({ verified: true, seizedAfterSeconds: 40 * 60 });
    const desk = await person('desk.one', ['dispatcher']);
    const seizedAt = new Date(sys.clock.now().getTime() - 5 * 60_000).toISOString();
    const { body } = await desk
      .post(`/api/v1/alerts/${alertId}/impound`)
      .send(record({ officerId: officer('FC-1002'), seizedAt, placeName: '防城区防钦路口', lat: 21.69, lon: 108.35, yardId: 'test-yard-b', debtorResponse: 'settlement', registrationCertificate: false }))
      .expect(201);
    expect(body).toMatchObject({ seizedAt, place: { name: '防城区防钦路口', lat: 21.69, lon: 108.35, source: 'given' }, yard: { id: 'test-yard-b' }, photos: [], recordedBy: '陈法警 (FC-1002)' });
    const again = await desk.post(`/api/v1/alerts/${alertId}/impound`).send(record()).expect(409);
    expect(again.body.code).toBe('impound.already_recorded');
  });

  it('reports seizures against the same month a year earlier, and the cars in custody', async () => {
    // March 2025 (local): four verified hits, one seized 3600 s after its hit.
    await seedAlert(sys.db, { teamId: 'fangcheng', openedLocal: '2025-03-05 10:00', ackSeconds: 60, onSceneSeconds: 900, resolveSeconds: 3600, verified: true, outcome: 'seized' });
    for (const day of ['12', '20', '25']) await seedAlert(sys.db, { teamId: 'fangcheng', openedLocal: `2025-03-${day} 10:00`, ackSeconds: 60, resolveSeconds: 5000, verified: true, outcome: 'not_found' });

    const { body } = await api(sys.courtUrl).get('/api/v1/reports?period=month&start=2026-03-01').expect(200);
    const seized = march.filter((a) => a.seizedAfterSeconds !== null);
    const verified = march.filter((a) => a.verified);
    const average = Math.round(seized.reduce((s, a) => s + a.seizedAfterSeconds!, 0) / seized.length);
    const rate = seized.length / verified.length;
    expect(body.seizures.current).toEqual({ vehiclesSeized: seized.length, averageHitToSeizureSeconds: average, verifiedHits: verified.length, seizedOfVerified: seized.length, successRate: rate });
    expect(body.seizures.yearEarlier).toEqual({ start: '2025-03-01', end: '2025-04-01', vehiclesSeized: 1, averageHitToSeizureSeconds: 3600, verifiedHits: 4, seizedOfVerified: 1, successRate: 0.25 });
    const byMetric = Object.fromEntries(body.seizures.comparison.map((c: { metric: string }) => [c.metric, c]));
    expect(byMetric.vehiclesSeized).toMatchObject({ current: seized.length, yearEarlier: 1, change: seized.length - 1, relativeChange: seized.length - 1 });
    expect(byMetric.successRate.relativeChange).toBeCloseTo((rate - 0.25) / 0.25, 5);
    expect(byMetric.averageHitToSeizureSeconds).toMatchObject({ current: average, yearEarlier: 3600, change: average - 3600 });

    expect(body.custody).toMatchObject({ cars: 2, feesYuan: '35.50', feeWarnings: 0 });
    for (const car of body.custody.list) expect(car.plate).toContain('*');

    const csv = await api(sys.courtUrl).get('/api/v1/reports/export.csv?period=month&start=2026-03-01').expect(200);
    expect(csv.text).toContain(`successRate,${rate}`);
  });

  it('accrues fees by the yard\'s daily rate on the clock, warns at the share of the value, and ends custody on release or auction', async () => {
    const impounds = sys.court.get(ImpoundsService);
    const list = async () => (await api(sys.courtUrl).get('/api/v1/impounds?custody=in_custody').expect(200)).body.items as { alertId: string; estimatedValueYuan: string | null; custody: { days: number; feesYuan: string; feeWarning: boolean } }[];
    const valued = async () => (await list()).find((i) => i.estimatedValueYuan === '3000.00')!;
    const start = sys.clock.now().getTime();
    const DAY = 24 * 3600_000;
    // 20 yuan a day on a car worth 3000: 30% is 900 yuan, reached when day 45 begins (44 days after the seizure).
    sys.clock.set(new Date(start + 44 * DAY - 3600_000));
    expect((await valued()).custody).toMatchObject({ days: 44, feesYuan: '880.00', feeWarning: false });
    expect(await impounds.raiseFeeWarnings()).toBe(0);
    sys.clock.set(new Date(start + 44 * DAY + 3600_000));
    expect((await valued()).custody).toMatchObject({ days: 45, feesYuan: '900.00', feeWarning: true });
    expect(await impounds.raiseFeeWarnings()).toBe(1);
    expect(await impounds.raiseFeeWarnings()).toBe(0);
    const metrics = (await api(sys.courtUrl, {}).get('/metrics').expect(200)).text;
    expect(metrics).toMatch(/^court_impounds_fee_warning\{app="court-gateway"\} 1$/m);
    expect(metrics).toMatch(/^court_impounds\{custody="in_custody",app="court-gateway"\} 2$/m);

    // Six weeks on, everyone signs in again (a sign-in lasts a shift).
    tokens.clear();
    const { alertId } = await valued();
    const released = await (await chen()).post(`/api/v1/alerts/${alertId}/impound/release`).send({ note: '被执行人已履行' }).expect(200);
    expect(released.body.custody).toMatchObject({ state: 'released', days: 45, feesYuan: '900.00', endedBy: '陈法警 (FC-1002)', endNote: '被执行人已履行' });
    sys.clock.set(new Date(start + 60 * DAY));
    tokens.clear();
    expect((await (await chen()).get(`/api/v1/alerts/${alertId}/impound`).expect(200)).body.custody).toMatchObject({ state: 'released', days: 45 });
    const twice = await (await chen()).post(`/api/v1/alerts/${alertId}/impound/hand-to-auction`).send({}).expect(409);
    expect(twice.body.code).toBe('impound.custody_ended');

    const other = (await list())[0];
    // The appraisal: a value with fen is taken; what has more decimals, in any notation, is refused naming the field.
    const desk = await person('desk.one', ['dispatcher']);
    for (const estimatedValueYuan of [1e-7, 5e-324, 1250.555, '1250']) {
      const refused = await desk.post(`/api/v1/alerts/${other.alertId}/impound/estimate`).send({ estimatedValueYuan }).expect(400);
      expect(refused.body.field).toBe('estimatedValueYuan');
    }
    const appraised = await desk.post(`/api/v1/alerts/${other.alertId}/impound/estimate`).send({ estimatedValueYuan: 1250.5 }).expect(200);
    expect(appraised.body.estimatedValueYuan).toBe('1250.50');
    const auctioned = await (await person('desk.one', ['dispatcher'])).post(`/api/v1/alerts/${other.alertId}/impound/hand-to-auction`).send({ note: '移交拍卖' }).expect(200);
    expect(auctioned.body.custody.state).toBe('handed_to_auction');
    expect(await list()).toEqual([]);
  });
});
