import { randomUUID } from 'node:crypto';
import { rawRequest } from '../tools/hostile-probe/raw-http';
import { api, signedHeaders, TEST_ADMIN_KEY } from './support/api';
import { eventually } from './support/eventually';
import { startTestSystem, TestSystem } from './support/test-system';
import { GatDeviceSimulator } from './gat1400-sim/device-simulator';

/**
 * What the probe found once it attacked every operation with its own credential (an officer's
 * session, a device token, a signed webhook, a GA/T 1400 device) and attacked the credentials
 * themselves, each with its exact status and code:
 * - headers Node's HTTP parser refuses (20 kB of them, a control character in one) were a bare
 *   431 / 400 without a body; now the error envelope (GA/T 1400's form under /VIID, StatusCode 4);
 * - instants read with class-validator's ISO 8601 rule (a position's `at`, a seizure's
 *   `seizedAt`) took a time without a zone, read in the server's; now the one timestamp rule;
 * - an interception outcome signed correctly took `reportedAt` in year 0, 1970 or 9999;
 * - a 400 raised as a domain error (a position implausible as a whole) carried no `field`.
 */
describe('hostile credentials and what lies behind them: exact status and code', () => {
  const WEBHOOK_SECRET = 'hostile-credentials-webhook-secret-01';
  const DEVICE_ID = '45060300005030000007';
  let sys: TestSystem;
  let alertId: string;
  let officerToken: string;
  const seal = { caseNumber: '(2025)桂0603执4680号', plate: '桂PE4680', tribunal: '防城法庭', sealedAt: '2026-03-01T00:00:00+08:00' };

  beforeAll(async () => {
    sys = await startTestSystem({
      clockStart: '2026-03-02T02:00:00.000Z',
      trafficEnv: { TRAFFIC_WEBHOOK_SECRET: WEBHOOK_SECRET, GAT1400_SERVER_DEVICES: JSON.stringify([{ id: DEVICE_ID, password: 'device-secret-7' }]), GAT1400_SERVER_ID: '45060000005030000099' },
    });
    await api(sys.trafficUrl).put('/api/v1/checkpoints/FCG-K07').send({ name: '防城港 K07', lat: 21.7, lon: 108.3 }).expect(201);
    const { body: sealed } = await api(sys.courtUrl).post('/api/v1/seizures').send(seal).expect(201);
    const alert = await eventually(
      async () => {
        await api(sys.trafficUrl).post('/api/v1/sightings').send({ plate: seal.plate, cameraId: 'FCG-K07', observedAt: '2026-03-02T09:58:00+08:00', eventId: randomUUID() });
        return ((await api(sys.courtUrl).get('/api/v1/alerts').expect(200)).body.items as { id: string; seizureId: string }[]).find((a) => a.seizureId === sealed.id);
      },
      Boolean,
      { what: 'the alert of the seal', intervalMs: 500 },
    );
    alertId = alert!.id;
    const { body: detail } = await api(sys.courtUrl).get(`/api/v1/alerts/${alertId}`).expect(200);
    await api(sys.courtUrl).post('/api/v1/admin/users').send({ username: 'hostile_officer', displayName: '警员', password: 'hostile-officer-pass-1', roles: ['officer'], officerId: detail.assignee.id }).expect(201);
    officerToken = (await api(sys.courtUrl, {}).post('/api/v1/auth/login').send({ username: 'hostile_officer', password: 'hostile-officer-pass-1' }).expect(200)).body.token;
    await api(sys.courtUrl, { authorization: `Bearer ${officerToken}` }).post(`/api/v1/alerts/${alertId}/acknowledge`).send({}).expect(200);
  });

  afterAll(async () => {
    await sys?.stop();
  });

  const json = (text: string) => JSON.parse(text) as Record<string, unknown> & { ResponseStatusObject?: { StatusCode: number; StatusString: string } };

  describe('headers the HTTP parser refuses are answered with the envelope (were a bare status, no body)', () => {
    it.each([
      ['court-gateway', () => sys.courtUrl, '/api/v1/alerts'],
      ['traffic-adapter', () => sys.trafficUrl, '/api/v1/checkpoints'],
    ])('%s: 20 kB of headers is 431 request.headers_too_large', async (_app, url, path) => {
      const res = await rawRequest(url() + path, 'GET', [['x-api-key', TEST_ADMIN_KEY], ['x-pad', 'x'.repeat(20_000)]]);
      expect(res.status).toBe(431);
      expect(res.headers['content-type']).toMatch(/^application\/json/);
      expect(json(res.text)).toMatchObject({ statusCode: 431, error: 'Request Header Fields Too Large', code: 'request.headers_too_large', field: '', params: { max: 16384 } });
    });

    it.each([
      ['an API key', 'x-api-key', `${TEST_ADMIN_KEY}\u0001`],
      ['a device token', 'x-device-token', 'dev_\u0007'],
    ])('a control character in %s is 400 request.not_http naming why', async (_what, name, value) => {
      const res = await rawRequest(`${sys.courtUrl}/api/v1/alerts`, 'GET', [[name, value]]);
      expect(res.status).toBe(400);
      expect(json(res.text)).toMatchObject({ statusCode: 400, code: 'request.not_http', field: '', params: { reason: expect.stringMatching(/header value char/i) } });
    });

    it('under /VIID the answer is GA/T 1400 form: a ResponseStatusObject with StatusCode 4 and why', async () => {
      for (const headers of [[['user-identify', 'x'.repeat(20_000)]], [['user-identify', `${DEVICE_ID}\u0001`]]] as [string, string][][]) {
        const res = await rawRequest(`${sys.trafficUrl}/VIID/MotorVehicles`, 'POST', [...headers, ['content-type', 'application/json']], '{}');
        expect([431, 400]).toContain(res.status);
        expect(res.headers['content-type']).toMatch(/VIID\+JSON/i);
        expect(json(res.text).ResponseStatusObject).toMatchObject({ RequestURL: '/VIID/MotorVehicles', StatusCode: 4, StatusString: expect.stringMatching(/headers are larger|not well-formed HTTP/) });
      }
    });

    it('the app still answers on a new connection afterwards', async () => {
      await api(sys.courtUrl).get('/api/v1/alerts').expect(200);
      const device = new GatDeviceSimulator({ target: sys.trafficUrl, deviceId: DEVICE_ID, password: 'device-secret-7', now: () => sys.clock.now() });
      expect((await device.register()).status).toBe(200);
    });
  });

  describe("instants without a zone are refused where the officer's phone sends them (were read in the server's zone)", () => {
    const officer = () => api(sys.courtUrl, { authorization: `Bearer ${officerToken}` });
    const positions = async () => (await sys.db.query<{ n: number }>('SELECT count(*)::int AS n FROM court.officer_positions')).map((r) => r.n)[0];

    it.each([
      ['no zone', '2026-03-02T09:59:00'],
      ['a date only', '2026-03-02'],
      ['a week date', '2026-W10-1'],
    ])("POST /alerts/{id}/positions with `at` as %s is 400 validation.not_timestamp naming `at`, nothing stored", async (_what, at) => {
      const before = await positions();
      const res = await officer().post(`/api/v1/alerts/${alertId}/positions`).send({ lat: 21.7, lon: 108.3, accuracy: 10, at }).expect(400);
      expect(res.body).toMatchObject({ code: 'validation.not_timestamp', field: 'at' });
      expect(await positions()).toBe(before);
    });

    it('a position with its offset is taken, and one implausibly far from it is 400 position.implausible with field "" (had no field)', async () => {
      await officer().post(`/api/v1/alerts/${alertId}/positions`).send({ lat: 21.7, lon: 108.3, accuracy: 10, at: '2026-03-02T09:59:30+08:00' }).expect(200);
      const res = await officer().post(`/api/v1/alerts/${alertId}/positions`).send({ lat: 0, lon: 108.3, accuracy: 10, at: '2026-03-02T09:59:40+08:00' }).expect(400);
      expect(res.body).toMatchObject({ statusCode: 400, code: 'position.implausible', field: '' });
    });

    it('POST /alerts/{id}/impound with `seizedAt` without a zone is 400 validation.not_timestamp naming `seizedAt`', async () => {
      const record = { keysCount: 2, registrationCertificate: true, vehicleCondition: '完好', odometerKm: 86512, drivenBy: '陈法警', yardId: 'fc-jj-yard', debtorResponse: 'refused' };
      const res = await api(sys.courtUrl).post(`/api/v1/alerts/${alertId}/impound`).send({ ...record, seizedAt: '2026-03-02T10:30:00' }).expect(400);
      expect(res.body).toMatchObject({ code: 'validation.not_timestamp', field: 'seizedAt' });
    });

    it.each([
      ['lat', { lat: '21.7', lon: 108.3 }],
      ['lon', { lat: 21.7, lon: '108.3' }],
    ])('POST /alerts/{id}/impound with %s as text is 400 naming it (class-validator took "21.7")', async (field, place) => {
      const record = { keysCount: 2, registrationCertificate: true, vehicleCondition: '完好', odometerKm: 86512, drivenBy: '陈法警', yardId: 'fc-jj-yard', debtorResponse: 'refused' };
      const res = await api(sys.courtUrl).post(`/api/v1/alerts/${alertId}/impound`).send({ ...record, ...place }).expect(400);
      expect(res.body).toMatchObject({ field, code: expect.stringMatching(/^validation\./) });
    });
  });

  describe('a correctly signed interception outcome with an impossible reportedAt (was taken)', () => {
    let interceptionId: string;
    const post = (body: Record<string, unknown>) => {
      const path = `/api/v1/interceptions/${interceptionId}/outcome`;
      const raw = JSON.stringify(body);
      return api(sys.trafficUrl).post(path).set(signedHeaders(WEBHOOK_SECRET, path, raw, sys.clock.now())).send(raw);
    };
    const stored = async () => (await sys.db.query<{ result: string | null }>('SELECT result FROM traffic.interceptions WHERE interception_id = $1', [interceptionId]))[0].result;

    beforeAll(async () => {
      await api(sys.courtUrl).post(`/api/v1/alerts/${alertId}/interceptions`).send({}).expect(200);
      const rows = await eventually(() => sys.db.query<{ id: string }>('SELECT interception_id AS id FROM traffic.interceptions WHERE alert_id = $1', [alertId]), (r) => r.length === 1, { what: 'the interception request in traffic-adapter' });
      interceptionId = rows[0].id;
    });

    it.each([
      ['year 0', '0000-01-01T00:00:00Z', 'time.too_old'],
      ['1970', '1970-01-01T00:00:00Z', 'time.too_old'],
      ['the day before the request', '2026-03-01T02:00:00Z', 'time.too_old'],
      ['9999', '9999-12-31T23:59:59Z', 'time.in_future'],
      ['an hour ahead', '2026-03-02T03:00:00Z', 'time.in_future'],
    ])('reportedAt %s is 400 %s naming reportedAt, nothing recorded', async (_what, reportedAt, code) => {
      const res = await post({ result: 'stopped', reportedAt }).expect(400);
      expect(res.body).toMatchObject({ code, field: 'reportedAt' });
      expect(await stored()).toBeNull();
    });

    it('a believable reportedAt is taken; the same result again with an impossible one is still refused', async () => {
      await post({ result: 'stopped', reportedAt: '2026-03-02T01:59:00Z' }).expect(200);
      expect(await stored()).toBe('stopped');
      const res = await post({ result: 'stopped', reportedAt: '0000-01-01T00:00:00Z', note: 'sent again' }).expect(400);
      expect(res.body.code).toBe('time.too_old');
    });
  });
});
