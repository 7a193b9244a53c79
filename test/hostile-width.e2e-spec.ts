import { randomUUID } from 'node:crypto';
import { IncomingMessage, get } from 'node:http';
import * as net from 'node:net';
import { api, TEST_ADMIN_KEY } from './support/api';
import { eventually } from './support/eventually';
import { startTestSystem, TestSystem } from './support/test-system';
import { GatDeviceSimulator } from './gat1400-sim/device-simulator';

/**
 * Bodies wider than any request of ours, and clients that never finish sending, against both apps
 * over real HTTP (both apps, Kafka and PostgreSQL):
 * - a valid JSON body of 357,000 unknown keys (4.2 MB, under the 5 MB limit) took 58–142 s, blocked
 *   the event loop until both apps' Kafka consumers were dropped from their groups, and was answered
 *   500 (a RangeError from spreading its problems); 70,000 keys an 11 MB answer listing each one and
 *   a 1 MB audit row. Now: a prompt 400 `request.too_many_fields` / `request.object_too_wide` naming
 *   the limit, on every JSON door and the GA/T 1400 /VIID doors alike; a 400 lists at most 20
 *   problems; a full batch of reads with every field, and a GA/T 1400 batch of full records, pass.
 * - sockets that send partial headers, nothing, or a body a byte at a time were held open for
 *   minutes (Node's 60 s headers and 300 s request timeouts); now the servers close them after
 *   HTTP_HEADERS_TIMEOUT_MS / HTTP_REQUEST_TIMEOUT_MS (short here), while an event stream, whose
 *   request is complete, stays open.
 * No test asserts a duration: each waits for the answer, or for the socket's close event.
 */
const DEVICE_ID = '45060300005030000007';
const TOLLGATE = '45060300001210000001';
const HEADERS_TIMEOUT_MS = 2000;
const REQUEST_TIMEOUT_MS = 5000;

describe('bodies wider than any of ours, and clients that never finish: refused promptly, connections closed', () => {
  let sys: TestSystem;
  let device: GatDeviceSimulator;

  beforeAll(async () => {
    const timeouts = { HTTP_HEADERS_TIMEOUT_MS: String(HEADERS_TIMEOUT_MS), HTTP_REQUEST_TIMEOUT_MS: String(REQUEST_TIMEOUT_MS) };
    sys = await startTestSystem({
      courtEnv: timeouts,
      trafficEnv: {
        ...timeouts,
        GAT1400_SERVER_DEVICES: JSON.stringify([{ id: DEVICE_ID, password: 'device-secret-7' }]),
        GAT1400_SERVER_ID: '45060000005030000099',
        // 20 records a request: a body of 20 × 400 + 1,000 keys in all is the most one may hold.
        GAT1400_MAX_BATCH: '20',
      },
    });
    device = new GatDeviceSimulator({ target: sys.trafficUrl, deviceId: DEVICE_ID, password: 'device-secret-7', now: () => sys.clock.now() });
    expect((await device.register()).status).toBe(200);
  });

  afterAll(async () => {
    await sys?.stop();
  });

  const count = async (table: string) => (await sys.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`))[0].n;
  /** `n` keys `k0`…, as JSON text without the braces. */
  const keysText = (n: number) => Array.from({ length: n }, (_, i) => `"k${i}":1`).join(',');
  const keys = (n: number, prefix = 'k') => Object.fromEntries(Array.from({ length: n }, (_, i) => [`${prefix}${i}`, 1]));
  const seal = { caseNumber: '(2025)桂0603执8642号', plate: '桂PA8642', tribunal: '防城法庭' };
  const read = (i = 0) => ({ plate: `桂PB${String(10_000 + i).slice(-4)}`, cameraId: 'FCG-K07', observedAt: '2026-03-02T09:59:00+08:00' });
  /** A refused request's audit entry, by its correlation id: how much it keeps. */
  const auditOf = async (app: 'court' | 'traffic', correlationId: string) =>
    (await sys.db.query<{ size: number; errors: number }>(`SELECT length(details::text) AS size, jsonb_array_length(details->'error') AS errors FROM ${app}.audit_log WHERE correlation_id = $1`, [correlationId]))[0];

  describe('wide bodies', () => {
    it("traffic-adapter answers the probe's body (357,000 unknown keys, 4.2 MB) with 400 request.too_many_fields naming the limit, audits it small, and stays healthy", async () => {
      const body = `{${keysText(357_000)}}`;
      expect(body.length).toBeGreaterThan(4_000_000);
      expect(body.length).toBeLessThan(5 * 1024 * 1024);
      const correlationId = randomUUID();
      const res = await api(sys.trafficUrl).post('/api/v1/sightings').set('x-correlation-id', correlationId).set('content-type', 'application/json').send(body);
      expect(res.status).toBe(400);
      // 1000 reads (SIGHTINGS_MAX_BATCH) of 32 keys each.
      expect(res.body).toMatchObject({ statusCode: 400, code: 'request.too_many_fields', field: '', params: { max: 32_000 }, message: ['body holds more than 32000 fields (keys of its objects, every level counted)'] });
      expect(res.text.length).toBeLessThan(2000);
      const audit = await auditOf('traffic', correlationId);
      expect(audit.errors).toBe(1);
      expect(audit.size).toBeLessThan(10_000);
      await api(sys.trafficUrl).get('/health/live').expect(200);
      // Ready too: the Kafka consumers kept their group (they were dropped while the loop was blocked).
      await eventually(async () => (await api(sys.trafficUrl).get('/health')).body, (b) => b.status === 'ok', { what: 'traffic-adapter ready' });
    });

    it('court-gateway answers 70,000 unknown keys (under its 1 MB limit) with 400 request.too_many_fields, nothing written', async () => {
      const before = await count('court.seizures');
      const body = `{"caseNumber":"(2025)桂0603执8642号","plate":"桂PA8642",${keysText(70_000)}}`;
      expect(body.length).toBeLessThan(1024 * 1024);
      const res = await api(sys.courtUrl).post('/api/v1/seizures').set('content-type', 'application/json').send(body);
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ code: 'request.too_many_fields', field: '', params: { max: 10_000 } });
      expect(await count('court.seizures')).toBe(before);
      await eventually(async () => (await api(sys.courtUrl).get('/health')).body, (b) => b.status === 'ok', { what: 'court-gateway ready' });
    });

    it('names one object wider than any of ours where it is, on both apps', async () => {
      const court = await api(sys.courtUrl).post('/api/v1/seizures').send({ ...seal, vehicle: keys(101) }).expect(400);
      expect(court.body).toMatchObject({ code: 'request.object_too_wide', field: 'vehicle', params: { field: 'vehicle', max: 100 }, message: ['vehicle holds more than 100 fields'] });
      const traffic = await api(sys.trafficUrl).put('/api/v1/checkpoints/FCG-K99').send({ name: 'K99', ...keys(150) }).expect(400);
      expect(traffic.body).toMatchObject({ code: 'request.object_too_wide', field: '', params: { max: 100 } });
    });

    it('refuses a batch of reads wider in all than a full batch (1,000 reads of 60 unknown keys) whole, nothing taken', async () => {
      const hits = await count('traffic.hits');
      const batch = Array.from({ length: 1000 }, (_, i) => ({ ...read(i), ...keys(60, 'x') }));
      const res = await api(sys.trafficUrl).post('/api/v1/sightings').send(batch).expect(400);
      expect(res.body).toMatchObject({ code: 'request.too_many_fields', params: { max: 32_000 } });
      expect(await count('traffic.hits')).toBe(hits);
    });

    it('refuses one read too wide alone, its neighbours taken (207)', async () => {
      const res = await api(sys.trafficUrl).post('/api/v1/sightings').send([read(1), { ...read(2), ...keys(101) }, read(3)]).expect(207);
      expect(res.body).toMatchObject({ received: 2, refused: 1, refusals: [{ index: 1, errors: ['item holds more than 100 fields'], problems: [{ code: 'request.object_too_wide', field: '' }] }] });
    });

    it('lists the first 20 problems of a body with many and how many more; the audit entry keeps the same 20', async () => {
      const correlationId = randomUUID();
      const res = await api(sys.courtUrl).post('/api/v1/seizures').set('x-correlation-id', correlationId).send({ ...seal, ...keys(90) }).expect(400);
      expect(res.body).toMatchObject({ code: 'validation.failed', params: { count: 90 } });
      expect(res.body.message).toHaveLength(21);
      expect(res.body.errors).toHaveLength(21);
      expect(res.body.message[20]).toBe('… and 70 more problems');
      expect(res.body.errors[20]).toEqual({ field: '', code: 'request.more_problems', message: '… and 70 more problems', params: { field: '', count: 70 } });
      const audit = await auditOf('court', correlationId);
      expect(audit.errors).toBe(20);
      expect(audit.size).toBeLessThan(10_000);
      // A read of 90 unknown keys in a batch: its refusal lists 20 of them, then how many more.
      const batch = await api(sys.trafficUrl).post('/api/v1/sightings').send([read(4), { ...read(5), ...keys(90) }]).expect(207);
      expect(batch.body.refusals[0].errors).toHaveLength(21);
      expect(batch.body.refusals[0].errors[20]).toBe('… and 70 more problems');
    });

    it('still takes a full batch of reads, every field given (1,000 reads of 15 keys)', async () => {
      const full = Array.from({ length: 1000 }, (_, i) => ({
        ...read(i),
        eventId: `width-${i}`,
        confidence: 0.9,
        location: { lat: 21.7, lon: 108.3, name: '防城港收费站' },
        imageUrl: `https://cam.example/${i}.jpg`,
        plateColor: 'blue',
        vehicleColor: 'white',
        vehicleBrand: '大众',
        vehicleModel: '朗逸',
        vehicleType: 'car',
      }));
      expect(full.reduce((n, r) => n + Object.keys(r).length + Object.keys(r.location).length, 0)).toBe(15_000);
      const res = await api(sys.trafficUrl).post('/api/v1/sightings').send(full);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ received: 1000 });
    });

    describe('GA/T 1400 /VIID doors, which parse their own JSON', () => {
      /** A pass record as platforms send it, all of the standard's usual fields and three pictures: about 100 keys. */
      const fullRecord = (plate: string) => ({
        ...device.passRecord(plate, TOLLGATE),
        ...Object.fromEntries(['PlateClass', 'PlateDescribe', 'IsDecked', 'Speed', 'Direction', 'DrivingStatusCode', 'UsingPropertiesCode', 'VehicleBrand', 'VehicleModel', 'VehicleStyles', 'VehicleLength', 'VehicleWidth', 'VehicleHeight', 'VehicleColorDepth', 'VehicleHood', 'VehicleTrunk', 'VehicleWheel', 'WheelPrintedPattern', 'VehicleWindow', 'VehicleRoof', 'VehicleDoor', 'SideOfVehicle', 'CarOfVehicle', 'RearviewMirror', 'VehicleChassis', 'VehicleShielding', 'FilmColor', 'IsModified', 'HitMarkInfo', 'VehicleBodyDesc', 'VehicleFrontItem', 'DescOfFrontItem', 'VehicleRearItem', 'DescOfRearItem', 'NumOfPassenger', 'NameOfPassedRoad', 'IsSuspicious', 'Sunvisor', 'SafetyBelt', 'Calling', 'PlateCharReliability', 'BrandReliability', 'LeftTopX', 'LeftTopY', 'RightBtmX', 'RightBtmY', 'MarkTime', 'AppearTime', 'DisappearTime'].map((k) => [k, '0'])),
        SubImageList: { SubImageInfoObject: [1, 2, 3].map((n) => ({ ImageID: `${TOLLGATE}0${n}`, EventSort: 1, DeviceID: TOLLGATE, StoragePath: `http://device.local/pics/${n}.jpg`, Type: String(n), FileFormat: 'Jpeg', ShotTime: '20260302095900', Width: 1920, Height: 1080 })) },
      });

      it('refuses a record of 300,000 keys (the probe sent one) with 400 StatusCode 8 naming the limit', async () => {
        const record = JSON.stringify(device.passRecord('桂PA8642', TOLLGATE));
        const raw = `{"MotorVehicleListObject":{"MotorVehicleObject":[${record.slice(0, -1)},${keysText(300_000)}}]}}`;
        const res = await device.pushMotorVehicles({ raw });
        expect(res.status).toBe(400);
        expect(res.body.ResponseStatusObject).toMatchObject({ StatusCode: 8, StatusString: 'the body holds more than 9000 keys in all (400 a record); send fewer records per request' });
      });

      it('refuses one object wider than 1,000 keys by its place, and a body wider in all than its records could be', async () => {
        const wide = await device.pushMotorVehicles([device.passRecord('桂PA8642', TOLLGATE), { ...device.passRecord('桂PA8643', TOLLGATE), ...keys(1001) }]);
        expect(wide.status).toBe(400);
        expect(wide.body.ResponseStatusObject).toMatchObject({ StatusCode: 8, StatusString: 'MotorVehicleListObject.MotorVehicleObject[1] holds more than 1000 keys' });
        const many = await device.pushMotorVehicles(Array.from({ length: 20 }, (_, i) => ({ ...device.passRecord(`桂PC${1000 + i}`, TOLLGATE), ...keys(500) })));
        expect(many.status).toBe(400);
        expect(many.body.ResponseStatusObject).toMatchObject({ StatusCode: 8, StatusString: expect.stringContaining('more than 9000 keys in all') });
      });

      it('still takes a full batch of full records (GAT1400_MAX_BATCH records of about 100 keys)', async () => {
        const records = Array.from({ length: 20 }, (_, i) => fullRecord(`桂PD${1000 + i}`));
        const res = await device.pushMotorVehicles(records);
        expect(res.status).toBe(200);
        expect(res.body.ResponseStatusListObject.ResponseStatusObject.map((s: { StatusCode: number }) => s.StatusCode)).toEqual(Array(20).fill(0));
      });
    });
  });

  describe('clients that never finish sending', () => {
    /** A raw connection to `url` that reads what it is sent (a socket that never reads never sees the server close it). */
    function connect(url: string): { socket: net.Socket; received: () => string; closed: Promise<void> } {
      const { hostname, port } = new URL(url);
      const socket = net.connect(Number(port), hostname);
      let text = '';
      socket.on('data', (chunk) => (text += chunk.toString()));
      socket.on('error', () => undefined);
      const closed = new Promise<void>((resolve) => socket.on('close', () => resolve()));
      return { socket, received: () => text, closed };
    }

    it(
      'closes a connection whose headers never end, and one that sends nothing, after HTTP_HEADERS_TIMEOUT_MS, on both apps (408)',
      async () => {
        const partial = connect(sys.courtUrl);
        partial.socket.write(`POST /api/v1/seizures HTTP/1.1\r\nHost: x\r\nX-Api-Key: ${TEST_ADMIN_KEY}\r\n`);
        const silent = connect(sys.trafficUrl);
        const viid = connect(sys.trafficUrl);
        viid.socket.write(`POST /VIID/MotorVehicles HTTP/1.1\r\nHost: x\r\n`);
        await Promise.all([partial.closed, silent.closed, viid.closed]);
        expect(partial.received()).toMatch(/^HTTP\/1\.1 408 /);
        expect(viid.received()).toMatch(/^HTTP\/1\.1 408 /);
        await api(sys.courtUrl).get('/health/live').expect(200);
      },
      60_000,
    );

    it(
      'closes a connection whose body comes a byte at a time after HTTP_REQUEST_TIMEOUT_MS, while an event stream opened before it stays open',
      async () => {
        let stream: IncomingMessage | undefined;
        let streamEnded = false;
        const streamRequest = get(`${sys.courtUrl}/api/v1/alerts/stream`, { headers: { 'x-api-key': TEST_ADMIN_KEY } }, (res) => {
          stream = res;
          res.on('data', () => undefined);
          res.on('close', () => (streamEnded = true));
        });
        streamRequest.on('error', () => undefined);
        try {
          const trickle = connect(sys.courtUrl);
          trickle.socket.write(`POST /api/v1/seizures HTTP/1.1\r\nHost: x\r\nX-Api-Key: ${TEST_ADMIN_KEY}\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"plate":`);
          // A byte well within the headers timeout each time: only the request timeout ends it.
          const drip = setInterval(() => trickle.socket.writable && trickle.socket.write(' '), HEADERS_TIMEOUT_MS / 4);
          try {
            await trickle.closed;
          } finally {
            clearInterval(drip);
          }
          expect(trickle.received()).toMatch(/^HTTP\/1\.1 408 /);
          // The stream's request was complete long before: the request timeout never applied to it.
          expect(stream?.statusCode).toBe(200);
          expect(streamEnded).toBe(false);
        } finally {
          streamRequest.destroy();
        }
      },
      60_000,
    );
  });
});
