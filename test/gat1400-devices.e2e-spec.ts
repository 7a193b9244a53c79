import { api } from './support/api';
import { eventually } from './support/eventually';
import { watchlistApplied } from './support/watchlist';
import { startTestSystem, TestSystem } from './support/test-system';
import { GatDeviceSimulator } from './gat1400-sim/device-simulator';

/**
 * traffic-adapter as a 视图库 for lower devices and checkpoint platforms (GA/T 1400), over real
 * HTTP with both apps, the Kafka mock cluster and PostgreSQL: digest registration, keepalive and
 * its lapse, tollgates into the checkpoint registry, MotorVehicles batches into hits, and every
 * kind of bad input answered with its StatusCode without losing or doubling the good records.
 */
describe('GA/T 1400 视图库 role: lower devices push pass records', () => {
  let sys: TestSystem;
  let device: GatDeviceSimulator;
  const DEVICE_ID = '45060300005030000007';
  const PASSWORD = 'device-secret-7';
  const TOLLGATE = '45060300001210000001';

  beforeAll(async () => {
    sys = await startTestSystem({
      trafficEnv: {
        GAT1400_SERVER_DEVICES: JSON.stringify([{ id: DEVICE_ID, username: 'fcg-kakou', password: PASSWORD }, { id: '45060300005030000008', password: 'other-device-pw' }]),
        GAT1400_SERVER_ID: '45060000005030000099',
        GAT1400_MAX_BODY_BYTES: String(256 * 1024),
        GAT1400_MAX_BATCH: '50',
        // Every hit counts: these tests count hits one by one.
        HIT_FOLD_WINDOW_SECONDS: '0',
      },
    });
    device = new GatDeviceSimulator({ target: sys.trafficUrl, deviceId: DEVICE_ID, username: 'fcg-kakou', password: PASSWORD, now: () => sys.clock.now() });
  });

  afterAll(async () => {
    await sys?.stop();
  });

  async function sealPlate(plate: string): Promise<string> {
    const { body } = await api(sys.courtUrl)
      .post('/api/v1/seizures')
      .send({ caseNumber: `(2025)桂0603执${Math.floor(Math.random() * 9000) + 1000}号`, plate, plateColor: 'blue', tribunal: '防城法庭', sealedAt: '2026-02-01T00:00:00.000Z' })
      .expect(201);
    await watchlistApplied(sys.db, sys.trafficUrl, [body.id]);
    return body.id;
  }

  const hitsOf = async (seizureId: string) => (await sys.db.query<{ n: number }>('SELECT count(*)::int AS n FROM traffic.hits WHERE seizure_id = $1', [seizureId]))[0].n;
  const codes = (body: any) => body.ResponseStatusListObject.ResponseStatusObject.map((s: { StatusCode: number }) => s.StatusCode);

  it('refuses pass records from a device that has not registered, with a challenge to register', async () => {
    const res = await device.pushMotorVehicles([device.passRecord('桂P12345', TOLLGATE)]);
    expect(res.status).toBe(401);
    expect(res.headers['www-authenticate']).toMatch(/^Digest realm="45060000005030000099", qop="auth", nonce="/);
    expect(res.body.ResponseStatusObject).toMatchObject({ StatusCode: 4, StatusString: `device ${DEVICE_ID} is not registered: POST /VIID/System/Register first` });
    const unknown = new GatDeviceSimulator({ target: sys.trafficUrl, deviceId: '45060300005030000123', password: 'x'.repeat(8) });
    expect((await unknown.pushMotorVehicles([])).body.ResponseStatusObject.StatusString).toMatch(/is not known to this 视图库/);
  });

  it('publishes in its OpenAPI document what each /VIID operation needs: digest to register, then User-Identify; none for the time', async () => {
    const { body: doc } = await api(sys.trafficUrl, {}).get('/docs/openapi.json').expect(200);
    expect(doc.components.securitySchemes).toMatchObject({
      viidDigest: { type: 'http', scheme: 'digest' },
      viidDevice: { type: 'apiKey', in: 'header', name: 'User-Identify' },
      viidPlatform: { type: 'apiKey', in: 'header', name: 'User-Identify' },
    });
    const needs: Record<string, string> = {};
    for (const [path, item] of Object.entries<Record<string, { security: Record<string, string[]>[] }>>(doc.paths)) {
      if (!path.startsWith('/VIID')) continue;
      for (const [method, op] of Object.entries(item)) needs[`${method.toUpperCase()} ${path}`] = op.security.flatMap((s) => Object.keys(s)).join(',') || 'none';
    }
    // The GA/T 1400 session (shared GAT1400.md, "Session"): register and unregister by digest, later calls name the registered id in User-Identify.
    expect(needs).toEqual({
      'POST /VIID/System/Register': 'viidDigest',
      'POST /VIID/System/UnRegister': 'viidDigest',
      'POST /VIID/System/Keepalive': 'viidDevice',
      'GET /VIID/System/Time': 'none',
      'POST /VIID/MotorVehicles': 'viidDevice',
      'POST /VIID/Tollgates': 'viidDevice',
      'PUT /VIID/Tollgates': 'viidDevice',
      'GET /VIID/Tollgates': 'viidDevice',
      'POST /VIID/DispositionNotifications': 'viidPlatform',
      'POST /VIID/SubscribeNotifications': 'viidPlatform',
    });
  });

  it('registers with digest authentication: no credentials and a wrong password get 401, the right ones 200', async () => {
    const wrong = await device.register('not-the-password');
    expect(wrong.status).toBe(401);
    expect(wrong.body.ResponseStatusObject).toMatchObject({ StatusCode: 4, StatusString: 'wrong digest response (user name or password)' });
    const other = new GatDeviceSimulator({ target: sys.trafficUrl, deviceId: DEVICE_ID, username: '45060300005030000008', password: 'other-device-pw' });
    expect((await other.register()).body.ResponseStatusObject.StatusString).toBe(`user "45060300005030000008" may not register device ${DEVICE_ID}`);

    const ok = await device.register();
    expect(ok.status).toBe(200);
    expect(ok.body.ResponseStatusObject).toMatchObject({ RequestURL: '/VIID/System/Register', StatusCode: 0, Id: DEVICE_ID });
    expect((await device.keepalive()).body.ResponseStatusObject).toMatchObject({ StatusCode: 0, Id: DEVICE_ID });
    const time = await device.time();
    expect(time.body.SystemTimeObject).toMatchObject({ VIIDServerID: '45060000005030000099', LocalTime: '20260302100000', TimeZone: 'Asia/Shanghai' });
  });

  it('takes tollgates into the checkpoint registry, one status per tollgate', async () => {
    const res = await device.pushTollgates([
      { TollgateID: TOLLGATE, Name: '防城区港口大道卡口', Longitude: 108.3541, Latitude: '21.7689', PlaceCode: '450603', TollgateUsage: 81, Status: 1 },
      { TollgateID: '45060300001210000002', Name: '无坐标卡口' },
      { TollgateID: '../etc', Name: 'x', Longitude: 108, Latitude: 21 },
    ]);
    expect(res.status).toBe(200);
    expect(res.body.ResponseStatusListObject.ResponseStatusObject).toEqual([
      expect.objectContaining({ StatusCode: 0, Id: TOLLGATE }),
      expect.objectContaining({ StatusCode: 8, StatusString: 'Longitude and Latitude are required for a new tollgate (decimal degrees)' }),
      expect.objectContaining({ StatusCode: 8, StatusString: 'TollgateID must be 1-100 letters, digits or . _ : -, got "../etc"' }),
    ]);
    const { body } = await api(sys.trafficUrl).get(`/api/v1/checkpoints/${TOLLGATE}`).expect(200);
    expect(body).toMatchObject({ id: TOLLGATE, name: '防城区港口大道卡口', lat: 21.7689, lon: 108.3541, groupId: '450603' });
  });

  it('takes a tollgate whose id is outside the standard, and the pass records made at it', async () => {
    // Platforms send such ids; the tollgate is a checkpoint, so its pass records must not be refused over the same id.
    const tollgate = await device.pushTollgates([{ TollgateID: 'FCG.K07:north', Name: '港口大道北卡口', Longitude: 108.3542, Latitude: 21.769 }]);
    expect(codes(tollgate.body)).toEqual([0]);
    await api(sys.trafficUrl).get('/api/v1/checkpoints/FCG.K07:north').expect(200);
    const record = { ...device.passRecord('桂P00020', TOLLGATE), TollgateID: 'FCG.K07:north', DeviceID: undefined };
    expect(codes((await device.pushMotorVehicles([record])).body)).toEqual([0]);
  });

  it('turns a batch into hits: one status per record, bad records refused with StatusCode 8, the good ones taken, nothing doubled', async () => {
    const seizureId = await sealPlate('桂PG7788');
    // A picture sent inline (JPEG's first bytes stand for it): kept with the hit only.
    const picture = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01]);
    const sealed = device.passRecord('桂PG7788', TOLLGATE, {
      SubImageList: { SubImageInfoObject: [{ ImageID: '1', Type: '01', StoragePath: 'http://device.local/pics/v1.jpg', FileFormat: 'Jpeg', Data: picture.toString('base64') }] },
    });
    const batch = [
      sealed,
      device.passRecord('桂P00001', TOLLGATE, { SubImageList: { SubImageInfoObject: [{ Type: '01', FileFormat: 'Jpeg', Data: picture.toString('base64') }] } }),
      device.passRecord('桂P00002', TOLLGATE, { PassTime: '2026-03-02 10:00' }),
      device.passRecord('桂P00003', TOLLGATE, { PassTime: '20260231100000' }),
      sealed,
      { ...sealed, PlateNo: '桂P00004' },
      device.passRecord('无牌', TOLLGATE),
      device.passRecord('桂P0000\u0000', TOLLGATE),
      device.passRecord('桂P<script>', TOLLGATE),
      { ...device.passRecord('桂P00005', TOLLGATE), MotorVehicleID: undefined },
      device.passRecord('桂P00006', TOLLGATE, { PassTime: '20990302100000' }),
    ];
    const res = await device.pushMotorVehicles(batch);
    expect(res.status).toBe(200);
    const statuses = res.body.ResponseStatusListObject.ResponseStatusObject;
    expect(codes(res.body)).toEqual([0, 0, 8, 8, 0, 8, 0, 8, 8, 8, 8]);
    expect(statuses[0]).toMatchObject({ RequestURL: '/VIID/MotorVehicles', Id: sealed.MotorVehicleID, StatusString: '正常' });
    expect(statuses[2].StatusString).toBe('PassTime must be yyyyMMddHHmmss (platform local time), got "2026-03-02 10:00"');
    expect(statuses[3].StatusString).toBe('PassTime is not a real date and time: "20260231100000"');
    expect(statuses[4].StatusString).toBe('duplicate of record 0, taken once');
    expect(statuses[5].StatusString).toBe('MotorVehicleID repeats record 0 of this batch with other content');
    expect(statuses[7].StatusString).toBe('PlateNo contains a NUL character (U+0000), which no text field may hold');
    expect(statuses[8].StatusString).toMatch(/^PlateNo contains "<"/);
    expect(statuses[9].StatusString).toBe('MotorVehicleID is required');
    expect(statuses[10].StatusString).toMatch(/^PassTime 2099-03-02T02:00:00.000Z is more than 5 minute\(s\) in the future/);

    const alert = await eventually(async () => {
      const { body } = await api(sys.courtUrl).get('/api/v1/alerts?open=true').expect(200);
      return (body.items as { seizureId: string; id: string }[]).find((a) => a.seizureId === seizureId);
    }, Boolean, { what: 'an alert for the pass record' });
    const { body: detail } = await api(sys.courtUrl).get(`/api/v1/alerts/${alert!.id}`).expect(200);
    expect(detail).toMatchObject({ hitCount: 1, lastCameraId: TOLLGATE, lastLocation: { lat: 21.7689, lon: 108.3541, name: '防城区港口大道卡口' } });
    expect(detail.hits[0]).toMatchObject({ readPlate: '桂PG7788', observedAt: '2026-03-02T02:00:00.000Z', confidence: 0.9, imageUrl: 'http://device.local/pics/v1.jpg' });
    expect(detail.hits[0].image).toBe(`/api/v1/alerts/${alert!.id}/hits/${detail.hits[0].hitId}/image`);
    const image = await api(sys.courtUrl).get(detail.hits[0].image).buffer(true).parse((res, done) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => done(null, Buffer.concat(chunks)));
    }).expect(200);
    expect(image.headers['content-type']).toBe('image/jpeg');
    expect(image.body).toEqual(picture);
    // The unmatched record's picture went nowhere.
    expect((await sys.db.query<{ n: number }>('SELECT count(*)::int AS n FROM court.hit_images'))[0].n).toBe(1);

    // The device did not hear the answer and sends the batch again: every record is answered, nothing doubles.
    const again = await device.pushMotorVehicles(batch);
    expect(codes(again.body)).toEqual([0, 0, 8, 8, 0, 8, 0, 8, 8, 8, 8]);
    // Hits are written in the transaction the answer waits for: the count is final here.
    expect(await hitsOf(seizureId)).toBe(1);
  });

  it('takes what platforms send differently: text/plain, a byte-order mark, trailing commas, one object for the list, lower-case keys', async () => {
    const seizureId = await sealPlate('桂PH3456');
    const record = device.passRecord('桂PH3456', TOLLGATE);
    const raw = `\ufeff{"motorVehicleListObject":{"motorVehicleObject":${JSON.stringify(record).replace(/}$/, ',}')},},}`;
    const res = await device.pushMotorVehicles({ raw, contentType: 'text/plain' });
    expect(res.status).toBe(200);
    expect(codes(res.body)).toEqual([0]);
    await eventually(() => hitsOf(seizureId), (n) => n === 1, { what: 'the hit' });
  });

  it('answers malformed JSON with StatusCode 7, a body without records and too many records with 8, an oversized body with 413', async () => {
    const malformed = await device.pushMotorVehicles({ raw: '{"MotorVehicleListObject":{"MotorVehicleObject":[{"PlateNo":"桂P1', contentType: 'application/VIID+JSON' });
    expect(malformed.status).toBe(400);
    expect(malformed.body.ResponseStatusObject).toMatchObject({ StatusCode: 7, StatusString: expect.stringMatching(/^the body is not valid JSON/) });

    const empty = await device.pushMotorVehicles({ raw: '{"Something":1}' });
    expect(empty.status).toBe(400);
    expect(empty.body.ResponseStatusObject).toMatchObject({ StatusCode: 8, StatusString: 'the body holds no MotorVehicleListObject.MotorVehicleObject records' });

    const many = await device.pushMotorVehicles(Array.from({ length: 51 }, () => device.passRecord('桂P00009', TOLLGATE)));
    expect(many.status).toBe(413);
    expect(many.body.ResponseStatusObject).toMatchObject({ StatusCode: 8, StatusString: '51 records in one request; at most 50' });

    const huge = await device.pushMotorVehicles([device.passRecord('桂P00009', TOLLGATE, { Note: 'x'.repeat(300 * 1024) })]);
    expect(huge.status).toBe(413);
    expect(huge.body.ResponseStatusObject).toMatchObject({ StatusCode: 8, StatusString: `the body is larger than ${256 * 1024} bytes; send fewer records per request` });

    const allBad = await device.pushMotorVehicles([device.passRecord('桂P00009', TOLLGATE, { PassTime: 'yesterday' })]);
    expect(allBad.status).toBe(400);
    expect(codes(allBad.body)).toEqual([8]);

    // The service is still up and taking records.
    expect(codes((await device.pushMotorVehicles([device.passRecord('桂P00010', TOLLGATE)])).body)).toEqual([0]);
  });

  it('refuses a device whose registration lapsed until it registers again, and one that unregistered', async () => {
    sys.clock.advance(181_000);
    const lapsed = await device.pushMotorVehicles([device.passRecord('桂P00011', TOLLGATE)]);
    expect(lapsed.status).toBe(401);
    expect(lapsed.body.ResponseStatusObject.StatusString).toMatch(/registration lapsed \(no keepalive for 181 s\): register again/);
    expect((await device.keepalive()).status).toBe(401);

    expect((await device.register()).status).toBe(200);
    expect(codes((await device.pushMotorVehicles([device.passRecord('桂P00012', TOLLGATE)])).body)).toEqual([0]);

    expect((await device.unregister()).status).toBe(200);
    const after = await device.pushMotorVehicles([device.passRecord('桂P00013', TOLLGATE)]);
    expect(after.status).toBe(401);
    expect(after.body.ResponseStatusObject.StatusString).toMatch(/is not registered/);
  });

  it('counts records taken and refused per reason in /metrics', async () => {
    const { text } = await api(sys.trafficUrl).get('/metrics').expect(200);
    expect(text).toMatch(/gat1400_records_total\{door="device",outcome="taken",app="traffic-adapter"\} \d+/);
    expect(text).toMatch(/gat1400_refusals_total\{door="device",reason="PassTime",app="traffic-adapter"\} [1-9]/);
    expect(text).toMatch(/gat1400_refusals_total\{door="device",reason="unregistered",app="traffic-adapter"\} [1-9]/);
    expect(text).toMatch(/gat1400_devices_registered\{app="traffic-adapter"\} 0/);
  });
});
