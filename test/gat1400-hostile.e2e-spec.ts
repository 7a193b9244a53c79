import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { api } from './support/api';
import { eventually } from './support/eventually';
import { watchlistApplied } from './support/watchlist';
import { startTestSystem, TestSystem, unreachedGat1400Platform } from './support/test-system';
import { GatDeviceSimulator } from './gat1400-sim/device-simulator';
import { send, viidTime } from './gat1400-sim/sim-wire';

/**
 * Hostile input on every /VIID operation of traffic-adapter's OpenAPI document (openapi/
 * traffic-adapter.json, the GA/T 1400 operations as integrators read them), both roles on, over
 * real HTTP with both apps, Kafka and PostgreSQL; property-based with fast-check, the breaks built
 * from the document's schemas and the standard (GAT1400.md), not from the connector's code:
 * - a body that is not JSON: HTTP 400, StatusCode 7, wherever a body is read;
 * - any JSON value: never a 5xx, always answered in GA/T 1400 form;
 * - batches of pass records (pushed by a device, in 布控 alarms, in subscription notifications)
 *   where one record is broken in one field: one status per record or notification, the good
 *   ones 0 and made hits exactly once (sent twice: still once), a broken required field 8 naming
 *   it, nothing a 5xx.
 */
type Schema = { $ref?: string; type?: string; properties?: Record<string, Schema>; required?: string[]; items?: Schema };
type Operation = { requestBody?: { content: Record<string, { schema: Schema }> } };
const doc = JSON.parse(readFileSync(join(__dirname, '../openapi/traffic-adapter.json'), 'utf8')) as { paths: Record<string, Record<string, Operation>>; components: { schemas: Record<string, Schema> } };
const resolve = (s: Schema): Schema => (s.$ref ? doc.components.schemas[s.$ref.split('/').pop()!] : s);
const VIID_OPERATIONS = Object.entries(doc.paths).filter(([path]) => path.startsWith('/VIID/')).flatMap(([path, item]) => Object.entries(item).map(([method, op]) => ({ path, method, op })));
const MOTOR_VEHICLE = resolve({ $ref: '#/components/schemas/ViidMotorVehicleObject' });

const SEED = Number(process.env.HOSTILE_SEED ?? 20261130);
const RUNS = Number(process.env.HOSTILE_RUNS ?? 10);
const DEVICE_ID = '45060300005030000007';
const PLATFORM_ID = '45060000005030000001';
const TOLLGATE = '45060300001210000001';
const SEALED = '桂PA2345';
/** A plate far from the sealed one: a broken record must not become a hit by a near match. */
const OTHER = '京N99999';

/** Text no field may hold, whatever it is. */
const hostileText = fc.constantFrom('__proto__', 'constructor', 'a\u0000b', '\ud800', 'x\udfff', 'x'.repeat(100_001), '=HYPERLINK("http://x","y")', "'; DROP TABLE traffic.hits; --", '2026-02-30 25:61:61', '99999999999999', '\u202e', '');
const wrongType = fc.constantFrom<unknown>(['a'], { a: 1 }, true, 1.5e300, -1, 12.5, null);
/** A MotorVehicleID the connector takes although the standard writes 48 digits (it is liberal in the id's length). */
const TAKEN_AS_ID = '99999999999999';

describe('GA/T 1400 hostile input, generated from the /VIID operations of the OpenAPI document: never a 5xx, 7 for a body that is not JSON, 8 for a bad record, the good records of a batch taken once', () => {
  let sys: TestSystem;
  let device: GatDeviceSimulator;
  let seizureId: string;
  let good = 0;
  let serial = 0;
  const failures: string[] = [];
  const counts = { requests: 0, records: 0, refused: 0 };

  beforeAll(async () => {
    sys = await startTestSystem({
      trafficEnv: {
        GAT1400_SERVER_DEVICES: JSON.stringify([{ id: DEVICE_ID, password: 'device-secret-7' }]),
        GAT1400_SERVER_ID: '45060000005030000099',
        // The client role too, so the notification endpoints are live; its platform is never reached.
        ...unreachedGat1400Platform(PLATFORM_ID),
        HIT_FOLD_WINDOW_SECONDS: '0',
      },
    });
    device = new GatDeviceSimulator({ target: sys.trafficUrl, deviceId: DEVICE_ID, password: 'device-secret-7', now: () => sys.clock.now() });
    expect((await device.register()).status).toBe(200);
    const { body } = await api(sys.courtUrl)
      .post('/api/v1/seizures')
      .send({ caseNumber: '(2025)桂0603执7001号', plate: SEALED, plateColor: 'blue', tribunal: '防城法庭', sealedAt: '2026-02-01T00:00:00.000Z' })
      .expect(201);
    seizureId = body.id;
    await watchlistApplied(sys.db, sys.trafficUrl, [seizureId]);
  });

  afterAll(async () => {
    await sys?.stop();
  });

  const headersOf = (path: string) => ({ 'user-identify': path.includes('Notifications') ? PLATFORM_ID : DEVICE_ID });
  const hits = async () => (await sys.db.query<{ n: number }>('SELECT count(*)::int AS n FROM traffic.hits WHERE seizure_id = $1', [seizureId]))[0].n;

  /** A pass record as the standard writes it, with a MotorVehicleID never sent before. */
  function record(plate: string): Record<string, unknown> {
    const at = sys.clock.now();
    const n = String(++serial).padStart(5, '0');
    const source = `${TOLLGATE.slice(0, 10)}119${TOLLGATE.slice(13)}02${viidTime(at)}${n}`;
    return { MotorVehicleID: `${source}02${n}`, InfoKind: 1, SourceID: source, TollgateID: TOLLGATE, DeviceID: `${TOLLGATE.slice(0, 10)}119${TOLLGATE.slice(13)}`, PlateNo: plate, PlateColor: '5', PlateReliability: '90', PassTime: viidTime(at), VehicleColor: '2', VehicleClass: 'K33' };
  }

  type Breakage = { how: string; must8: boolean; apply: ((r: Record<string, unknown>) => void) | null };
  /** One field of a pass record broken as the document's schema forbids; `must8` when the standard needs the field or the text is never allowed (NUL, a lone surrogate). */
  const brokenRecord: fc.Arbitrary<Breakage> = fc.oneof(
    ...Object.keys(MOTOR_VEHICLE.properties!).flatMap((key) => {
      const required = (MOTOR_VEHICLE.required ?? []).includes(key);
      return [
        fc.constant<Breakage>({ how: `without ${key}`, must8: required, apply: (r) => { delete r[key]; } }),
        wrongType.map<Breakage>((v) => ({ how: `${key} as ${JSON.stringify(v)}`, must8: required, apply: (r) => { r[key] = v; } })),
        hostileText.map<Breakage>((t) => ({ how: `${key} as hostile text ${JSON.stringify(t.slice(0, 12))}`, must8: (required && t !== TAKEN_AS_ID) || t.includes('\u0000') || /[\ud800-\udfff]/.test(t), apply: (r) => { r[key] = t; } })),
      ];
    }),
    fc.constant<Breakage>({ how: 'the record as a string', must8: true, apply: null }),
  );

  async function post(path: string, body: unknown, method = 'POST') {
    counts.requests++;
    const res = await send(method, `${sys.trafficUrl}${path}`, body, headersOf(path));
    if (res.status >= 500 && !(res.status === 503 && res.body?.ResponseStatusListObject)) failures.push(`${method} ${path}: ${res.status} ${res.text.slice(0, 200)}`);
    const gatForm = res.body && typeof res.body === 'object' && ('ResponseStatusObject' in res.body || 'ResponseStatusListObject' in res.body || 'SystemTimeObject' in res.body || 'TollgateListObject' in res.body);
    if (!gatForm) failures.push(`${method} ${path}: answered ${res.status} not in GA/T 1400 form: ${res.text.slice(0, 200)}`);
    return res;
  }

  it('documents every GA/T 1400 operation the connector serves', () => {
    expect(VIID_OPERATIONS.map(({ method, path }) => `${method.toUpperCase()} ${path}`).sort()).toEqual([
      'GET /VIID/System/Time', 'GET /VIID/Tollgates', 'POST /VIID/DispositionNotifications', 'POST /VIID/MotorVehicles', 'POST /VIID/SubscribeNotifications',
      'POST /VIID/System/Keepalive', 'POST /VIID/System/Register', 'POST /VIID/System/UnRegister', 'POST /VIID/Tollgates', 'PUT /VIID/Tollgates',
    ]);
  });

  // A body that is not JSON: 7 wherever the handler reads one (Register and UnRegister ask for the digest first).
  for (const { path, method } of VIID_OPERATIONS.filter(({ op, path }) => op.requestBody && !/Register$/.test(path) && !path.endsWith('Keepalive'))) {
    it(`${method.toUpperCase()} ${path}: a body that is not JSON is answered 400 with StatusCode 7`, async () => {
      const notJson = fc.oneof(
        fc.string({ minLength: 1, maxLength: 40 }).filter((s) => { try { JSON.parse(s); return false; } catch { return true; } }),
        fc.constantFrom('{"MotorVehicleListObject":{"MotorVehicleObject":[{"PlateNo":"桂P1', '{,}', '[1,,2]', '\u0000', "{'a':1}", '{"a":01}', 'NaN'),
      );
      await fc.assert(
        fc.asyncProperty(notJson, async (raw) => {
          const res = await post(path, raw, method.toUpperCase());
          expect({ raw, status: res.status, code: res.body?.ResponseStatusObject?.StatusCode }).toEqual({ raw, status: 400, code: 7 });
        }),
        { numRuns: RUNS, seed: SEED },
      );
    });
  }

  // Any JSON value on every operation: never a 5xx, the answer in GA/T 1400 form.
  for (const { path, method } of VIID_OPERATIONS.filter(({ method }) => method !== 'get')) {
    it(`${method.toUpperCase()} ${path}: any JSON value is answered in GA/T 1400 form, never a 5xx`, async () => {
      await fc.assert(
        fc.asyncProperty(fc.jsonValue({ maxDepth: 4 }), async (value) => {
          const res = await post(path, JSON.stringify(value) ?? 'null', method.toUpperCase());
          expect(res.status).toBeLessThan(500);
        }),
        { numRuns: RUNS, seed: SEED },
      );
    });
  }

  /** The three doors of pass records, each wrapping records as the standard does. */
  const doors: { path: string; wrap: (records: unknown[]) => unknown }[] = [
    { path: '/VIID/MotorVehicles', wrap: (records) => ({ MotorVehicleListObject: { MotorVehicleObject: records } }) },
    {
      path: '/VIID/DispositionNotifications',
      wrap: (records) => ({ DispositionNotificationListObject: { DispositionNotificationObject: records.map((r, i) => ({ NotificationID: `A${serial}-${i}`, DispositionID: '450600000050300000420220260302', TriggerTime: viidTime(sys.clock.now()), MotorVehicleObject: r })) } }),
    },
    {
      path: '/VIID/SubscribeNotifications',
      wrap: (records) => ({ SubscribeNotificationListObject: { SubscribeNotificationObject: records.map((r, i) => ({ NotificationID: `N${serial}-${i}`, SubscribeID: '450600000050300000420320260302', MotorVehicleObjectList: { MotorVehicleObject: [r] } })) } }),
    },
  ];

  for (const door of doors) {
    it(`${door.path}: a batch with a record broken in one field answers it 0 or 8 (8 for a required field), takes the good ones once, and again once when sent twice`, async () => {
      await fc.assert(
        fc.asyncProperty(brokenRecord, fc.integer({ min: 0, max: 2 }), async (breakage, position) => {
          const records: unknown[] = [record(SEALED), record(SEALED)];
          const bad = record(OTHER);
          breakage.apply?.(bad);
          records.splice(position, 0, breakage.apply ? bad : JSON.stringify(bad));
          const before = await hits();
          const res = await post(door.path, door.wrap(records));
          const statuses = res.body?.ResponseStatusListObject?.ResponseStatusObject as { StatusCode: number; StatusString: string }[] | undefined;
          const what = `${door.path} ${breakage.how} at ${position}`;
          counts.records += records.length;
          expect({ what, status: res.status, statuses: statuses?.length }).toEqual({ what, status: 200, statuses: 3 });
          const goodCodes = statuses!.filter((_, i) => i !== position).map((s) => s.StatusCode);
          expect({ what, goodCodes }).toEqual({ what, goodCodes: [0, 0] });
          const badStatus = statuses![position];
          if (badStatus.StatusCode !== 0) counts.refused++;
          expect({ what, inRange: [0, 8].includes(badStatus.StatusCode), named: badStatus.StatusCode === 0 || badStatus.StatusString.length > 0 }).toEqual({ what, inRange: true, named: true });
          if (breakage.must8) expect({ what, code: badStatus.StatusCode }).toEqual({ what, code: 8 });
          good += 2;
          await eventually(hits, (n) => n === before + 2, { what: `2 hits of ${what}` });
          // The same batch again (a sender's retry): answered alike, no hit made twice.
          const again = await post(door.path, door.wrap(records));
          expect({ what, again: (again.body?.ResponseStatusListObject?.ResponseStatusObject as { StatusCode: number }[]).filter((_, i) => i !== position).map((s) => s.StatusCode) }).toEqual({ what, again: [0, 0] });
        }),
        { numRuns: RUNS, seed: SEED },
      );
      await new Promise((r) => setTimeout(r, 300));
      expect(await hits()).toBe(good);
    });
  }

  it('/VIID/MotorVehicles: the names every object inherits, in every field of a record, are read as text, never as a code table\'s entry', async () => {
    const names = ['__proto__', 'constructor', 'toString', 'hasOwnProperty'];
    const broken = Object.keys(MOTOR_VEHICLE.properties!).flatMap((key) => names.map((name) => ({ key, name, r: { ...record(OTHER), [key]: name } })));
    const records = [record(SEALED), ...broken.map((b) => b.r), record(SEALED)];
    const before = await hits();
    const res = await post('/VIID/MotorVehicles', { MotorVehicleListObject: { MotorVehicleObject: records } });
    expect(res.status).toBe(200);
    const codes = (res.body.ResponseStatusListObject.ResponseStatusObject as { StatusCode: number }[]).map((st) => st.StatusCode);
    expect([codes[0], codes[codes.length - 1]]).toEqual([0, 0]);
    const unexpected = broken.map((b, i) => ({ field: b.key, value: b.name, code: codes[i + 1] })).filter((b) => b.code !== 0 && b.code !== 8);
    expect(unexpected).toEqual([]);
    good += 2;
    counts.records += records.length;
    await eventually(hits, (n) => n === before + 2, { what: 'the 2 good records of the batch as hits' });
  });

  it('reports what was tried and found nothing wrong', () => {
    console.log(`GA/T 1400 hostile input (seed ${SEED}): ${VIID_OPERATIONS.length} operations, ${counts.requests} requests, ${counts.records} records in batches, ${counts.refused} broken records refused; failures: ${failures.length}`);
    expect(failures).toEqual([]);
  });
});
