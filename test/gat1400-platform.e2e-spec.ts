import { INestApplication } from '@nestjs/common';
import { AddressInfo, createServer } from 'node:net';
import { DispositionSync } from '../apps/traffic-adapter/src/gat1400/client/disposition-sync.service';
import { PlatformSession } from '../apps/traffic-adapter/src/gat1400/client/platform-session.service';
import { api } from './support/api';
import { eventually } from './support/eventually';
import { startTestSystem, TestSystem } from './support/test-system';
import { watchlistApplied } from './support/watchlist';
import { GatPlatformSimulator } from './gat1400-sim/platform-simulator';
import { viidTime } from './gat1400-sim/sim-wire';

const DEVICE_ID = '45060300005030000042';
const USER = 'fcg-court';
const PASSWORD = 'court-digest-secret';

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** The connector's variables for a deployment that is a client of `sim`, reachable on `port`. */
function clientEnv(sim: GatPlatformSimulator, port: number, extra: Record<string, string> = {}): Record<string, string> {
  return {
    PORT: String(port),
    GAT1400_PLATFORM_URL: sim.url,
    GAT1400_PLATFORM_ID: sim.platformId,
    GAT1400_DEVICE_ID: DEVICE_ID,
    GAT1400_USERNAME: USER,
    GAT1400_PASSWORD: PASSWORD,
    GAT1400_RECEIVE_URL: `http://127.0.0.1:${port}`,
    GAT1400_DISPOSITION_AREA: '450600',
    GAT1400_REQUEST_TIMEOUT_MS: '800',
    GAT1400_RECONCILE_CRON: 'off',
    HIT_FOLD_WINDOW_SECONDS: '0',
    ...extra,
  };
}

/**
 * traffic-adapter as a client of the police 视图库 (GA/T 1400), against the platform simulator,
 * over real HTTP with both apps, the Kafka mock cluster and PostgreSQL.
 */
describe('GA/T 1400 client, disposition mode (布控): seal → 布控 → alarm → alert; release → 撤控', () => {
  let sys: TestSystem;
  let sim: GatPlatformSimulator;
  let session: PlatformSession;

  beforeAll(async () => {
    sim = await GatPlatformSimulator.start({ users: { [USER]: PASSWORD }, now: () => (sys ? sys.clock.now() : new Date('2026-03-02T02:00:00.000Z')), nonceTtlMs: 60_000, lapseMs: 180_000 });
    sys = await startTestSystem({ trafficEnv: clientEnv(sim, await freePort()) });
    session = sys.traffic.get(PlatformSession);
  });

  afterAll(async () => {
    await sys?.stop();
    await sim?.stop();
  });

  const tick = () => session.tick();

  async function seal(plate: string, extra: Record<string, unknown> = {}): Promise<string> {
    const { body } = await api(sys.courtUrl)
      .post('/api/v1/seizures')
      .send({ caseNumber: `(2025)桂0603执${Math.floor(Math.random() * 9000) + 1000}号`, plate, plateColor: 'blue', tribunal: '防城法庭', sealedAt: '2026-02-01T00:00:00.000Z', ...extra })
      .expect(201);
    return body.id;
  }

  const courtDisposition = async (seizureId: string) => (await api(sys.courtUrl).get(`/api/v1/seizures/${seizureId}`).expect(200)).body.disposition;
  const alertFor = async (seizureId: string) => {
    const { body } = await api(sys.courtUrl).get('/api/v1/alerts?open=true').expect(200);
    return (body.items as { seizureId: string; id: string; hitCount: number }[]).find((a) => a.seizureId === seizureId);
  };

  it('registers with digest authentication and keeps alive on the clock', async () => {
    await eventually(async () => sim.registrations.get(DEVICE_ID), Boolean, { what: 'the registration on the platform' });
    const registers = sim.requests.filter((r) => r.path === '/VIID/System/Register');
    expect(registers.map((r) => r.status)).toEqual([401, 200]);
    // The platform records the registration when it answers 200; the session checks the time only
    // after that answer has reached it, so wait for the request rather than look at once.
    await eventually(async () => sim.requests.some((r) => r.path === '/VIID/System/Time'), Boolean, { what: 'the time check after registering' });
    sys.clock.advance(30_000);
    await tick();
    expect(sim.registrations.get(DEVICE_ID)!.keepalives).toBe(1);
    expect(sim.requests.filter((r) => r.path === '/VIID/System/Keepalive').every((r) => r.userIdentify === DEVICE_ID)).toBe(true);
  });

  it('sends one 布控 per seal, the seal\'s term and priority in it, and shows it confirmed on the seal', async () => {
    const seizureId = await seal('桂PD2468', { livelihood: true });
    const d = await eventually(async () => sim.activeDispositionFor('桂PD2468'), Boolean, { what: 'the 布控 on the platform' });
    expect(d!.id).toMatch(new RegExp(`^${DEVICE_ID}03\\d{11}$`));
    expect(d!.object).toMatchObject({
      DispositionCategory: '3', TargetFeature: '(3=桂PD2468)', PriorityLevel: '1', OperateType: 0, DispositionRange: '2', DispositionArea: '450600',
      BeginTime: viidTime(sys.clock.now()), EndTime: '20280201080000', ReceiveAddr: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/VIID\/DispositionNotifications$/),
    });
    const disposition = await eventually(() => courtDisposition(seizureId), (x) => x?.state === 'confirmed', { what: 'the 布控 confirmed on the seal' });
    expect(disposition).toMatchObject({ dispositionId: d!.id, statusCode: 0, endsAt: '2028-02-01T00:00:00.000Z', platformId: sim.platformId });
  });

  it('turns the platform\'s alarm into an alert on the desk through the same intake as every read', async () => {
    const seizureId = await seal('桂PE1357');
    await eventually(async () => sim.activeDispositionFor('桂PE1357'), Boolean, { what: 'the 布控' });
    // The 布控's confirmation reaches the seal on traffic.dispositions.v1 and the alert on
    // traffic.hits.v1: two topics, no order between them. Wait for it as a desk would see it later.
    await eventually(() => courtDisposition(seizureId), (x) => x?.state === 'confirmed', { what: 'the 布控 confirmed on the seal' });
    const { alarms, record } = await sim.pass({ plateNo: '桂PE1357', tollgateId: '45060300001210000005' });
    expect(alarms).toBe(1);
    expect(sim.sent.at(-1)).toMatchObject({ kind: 'alarm', status: 200, answer: { ResponseStatusListObject: { ResponseStatusObject: [expect.objectContaining({ StatusCode: 0 })] } } });
    const alert = await eventually(() => alertFor(seizureId), Boolean, { what: 'the alert' });
    const { body: detail } = await api(sys.courtUrl).get(`/api/v1/alerts/${alert!.id}`).expect(200);
    expect(detail.hits[0]).toMatchObject({ readPlate: '桂PE1357', source: 'checkpoint', observedAt: sys.clock.now().toISOString(), imageUrl: record.StorageUrl1 });
    expect(detail.seizure.disposition).toMatchObject({ state: 'confirmed' });

    // The same alarm again (the platform did not hear our answer): answered, not doubled.
    const sent = sim.sent.at(-1)!.body;
    await sim.raiseAlarm(sent.DispositionNotificationListObject.DispositionNotificationObject[0].DispositionID, record);
    const [{ n }] = await sys.db.query<{ n: number }>('SELECT count(*)::int AS n FROM traffic.hits WHERE seizure_id = $1', [seizureId]);
    expect(n).toBe(1);
  });

  it('never passes on a read of a car that is not sealed, and refuses notifications from anyone but the platform', async () => {
    const id = [...sim.dispositions.keys()][0];
    const stray = await sim.raiseAlarm(id, sim.passRecord({ plateNo: '桂A00001' }));
    expect(stray.status).toBe(200);
    expect(await sys.db.query('SELECT 1 FROM traffic.hits WHERE read_plate = $1', ['桂A00001'])).toEqual([]);

    const impostor = await fetch(`${sys.trafficUrl}/VIID/DispositionNotifications`, {
      method: 'POST', headers: { 'content-type': 'application/VIID+JSON', 'user-identify': '45060000005030000999' },
      body: JSON.stringify({ DispositionNotificationListObject: { DispositionNotificationObject: [{ NotificationID: '1', MotorVehicleObject: sim.passRecord({ plateNo: '桂PE1357' }) }] } }),
    });
    expect(impostor.status).toBe(403);
    expect(((await impostor.json()) as any).ResponseStatusObject).toMatchObject({ StatusCode: 4, StatusString: 'User-Identify 45060000005030000999 is not the platform this deployment is registered with' });
  });

  it('withdraws the 布控 (撤控) when the seal is released, and shows it revoked', async () => {
    const seizureId = await seal('桂PF8642');
    const d = await eventually(async () => sim.activeDispositionFor('桂PF8642'), Boolean, { what: 'the 布控' });
    await api(sys.courtUrl).post(`/api/v1/seizures/${seizureId}/release`).send({ reason: '已履行' }).expect(200);
    await eventually(async () => sim.dispositions.get(d!.id)!.state, (s) => s === 'revoked', { what: '撤控 on the platform' });
    expect(sim.dispositions.get(d!.id)).toMatchObject({ revokeReason: '案件解封，撤销布控' });
    expect(sim.dispositions.get(d!.id)!.object).toMatchObject({ OperateType: 1, DispositionRemoveOrg: '人民法院' });
    await eventually(() => courtDisposition(seizureId), (x) => x?.state === 'revoked', { what: 'revoked on the seal' });
    expect((await sim.pass({ plateNo: '桂PF8642' })).alarms).toBe(0);
  });

  it('moves EndTime on renewal (续封) and withdraws the 布控 when the seal lapses', async () => {
    const renewed = await seal('桂PG1122', { expiresAt: '2026-06-01T00:00:00.000Z' });
    const lapsing = await seal('桂PG3344', { expiresAt: '2026-03-02T02:10:00.000Z' });
    const r = await eventually(async () => sim.activeDispositionFor('桂PG1122'), Boolean, { what: 'the 布控 to renew' });
    const l = await eventually(async () => sim.activeDispositionFor('桂PG3344'), Boolean, { what: 'the 布控 to lapse' });
    expect(l!.object.EndTime).toBe('20260302101000');

    await api(sys.courtUrl).post(`/api/v1/seizures/${renewed}/renew`).send({ expiresAt: '2027-06-01T00:00:00.000Z' }).expect(200);
    await eventually(async () => sim.dispositions.get(r!.id)!.object.EndTime, (e) => e === '20270601080000', { what: 'EndTime moved on the platform' });
    expect(sim.dispositions.get(r!.id)!.updates).toBe(1);
    await eventually(() => courtDisposition(renewed), (x) => x?.endsAt === '2027-06-01T00:00:00.000Z', { what: 'the renewed term on the seal' });

    sys.clock.advance(11 * 60_000);
    await tick();
    await eventually(async () => sim.dispositions.get(l!.id)!.state, (s) => s === 'revoked', { what: '撤控 of the lapsed seal' });
    expect(sim.dispositions.get(l!.id)!.revokeReason).toBe('查封期满，撤销布控');
    await eventually(() => courtDisposition(lapsing), (x) => x?.state === 'revoked', { what: 'revoked on the lapsed seal' });
  });

  it('shows a 布控 the platform refused as failed with its StatusString, and sends it again until it is taken', async () => {
    sim.rejectNextDispositions(1, 8, '布控区域不在本平台管辖范围');
    const seizureId = await seal('桂PH5566');
    const failed = await eventually(() => courtDisposition(seizureId), (x) => x?.state === 'failed', { what: 'the refusal on the seal' });
    expect(failed).toMatchObject({ statusCode: 8, statusString: '布控区域不在本平台管辖范围' });
    const summary = (await api(sys.courtUrl).get('/api/v1/dispositions/summary').expect(200)).body;
    expect(summary.notInForce).toEqual([expect.objectContaining({ seizureId, plate: '桂PH5566', state: 'failed', statusString: '布控区域不在本平台管辖范围' })]);

    sys.clock.advance(31_000);
    await tick();
    await eventually(() => courtDisposition(seizureId), (x) => x?.state === 'confirmed', { what: 'the retried 布控 confirmed' });
  });

  it('recovers from platform faults: 500s, a slow platform, a restart that forgets registrations, a registration lapse', async () => {
    // A 500 on the 布控: failed, then taken on the retry.
    sim.failNext(/^\/VIID\/Dispositions$/, 1, 500, 'POST');
    const seizureId = await seal('桂PJ7788');
    await eventually(() => courtDisposition(seizureId), (x) => x?.state === 'failed', { what: 'the 500 seen as a failure' });
    sys.clock.advance(31_000);
    await tick();
    await eventually(() => courtDisposition(seizureId), (x) => x?.state === 'confirmed', { what: 'taken after the 500' });

    // Keepalives that get no answer in time: after three, the client registers again.
    const registrations = sim.requests.filter((r) => r.path === '/VIID/System/Register' && r.status === 200).length;
    sim.slowNext(/Keepalive/, 1500, 3);
    for (let i = 0; i < 3; i++) {
      sys.clock.advance(30_000);
      await tick();
    }
    await eventually(async () => sim.requests.filter((r) => r.path === '/VIID/System/Register' && r.status === 200).length, (n) => n > registrations, { what: 'registering again after unanswered keepalives' });

    // The platform restarts and forgets every registration: the next keepalive finds out, and we register again.
    sim.restart();
    expect(sim.registrations.has(DEVICE_ID)).toBe(false);
    sys.clock.advance(30_000);
    await tick();
    expect(sim.registrations.has(DEVICE_ID)).toBe(true);

    // We were silent longer than the platform allows (its lapse): our keepalive is refused and we register again.
    sys.clock.advance(200_000);
    await tick();
    expect(sim.registrations.get(DEVICE_ID)!.registeredAt.getTime()).toBe(sys.clock.now().getTime());
    expect((await sys.db.query<{ state: string }>(`SELECT state FROM traffic.gat1400_link WHERE link = 'platform'`))[0].state).toBe('registered');
  });

  it('reconciles with the platform\'s own list: a lost 布控 is sent again, one of no seal is withdrawn', async () => {
    const seizureId = await seal('桂PK9900');
    const d = await eventually(async () => sim.activeDispositionFor('桂PK9900'), Boolean, { what: 'the 布控' });
    sim.forgetDisposition(d!.id);
    // A 布控 of ours the platform still holds for a seal we no longer have (released while it could not be reached).
    const orphanId = `${DEVICE_ID}03260301${'99999'}`;
    sim.dispositions.set(orphanId, {
      id: orphanId, plate: '桂PL0001', state: 'active', owner: DEVICE_ID, createdAt: sys.clock.now(), updates: 0,
      object: { DispositionID: orphanId, TargetFeature: '(3=桂PL0001)', OperateType: 0, ReceiveAddr: d!.object.ReceiveAddr },
    });
    sys.traffic.get(DispositionSync).requestFullComparison();
    await tick();
    await eventually(async () => sim.activeDispositionFor('桂PK9900'), Boolean, { what: 'the lost 布控 sent again' });
    await eventually(() => courtDisposition(seizureId), (x) => x?.state === 'confirmed', { what: 'confirmed again' });
    expect(sim.dispositions.get(orphanId)).toMatchObject({ state: 'revoked', revokeReason: '查封已撤销，撤销布控' });
  });

  it('shows the link blind in feed health while the platform refuses us or its clock is off, and restored after', async () => {
    const platformHealth = async () => {
      const { body } = await api(sys.courtUrl).get('/api/v1/feed-health?scope=platform').expect(200);
      return body.items[0];
    };
    // The platform restarts and then refuses every registration for a while.
    sim.restart();
    sim.failNext(/Register/, 1000, 500);
    sys.clock.advance(30_000);
    await tick();
    sys.clock.advance(61_000);
    await tick();
    const blind = await eventually(platformHealth, (x) => x?.state === 'quiet', { what: 'the link reported blind' });
    expect(blind).toMatchObject({ subjectId: sim.platformId, reason: 'not registered with the police 视图库: registration refused: HTTP 500' });
    expect((await api(sys.trafficUrl).get('/metrics').expect(200)).text).toMatch(/gat1400_platform_registered\{app="traffic-adapter"\} 0/);

    // It takes us again, but its clock is ten minutes ahead: still blind, for another reason.
    sim.clearFaults();
    sim.clockSkewMs = 600_000;
    sys.clock.advance(61_000);
    await tick();
    await eventually(platformHealth, (x) => x?.reason?.startsWith("the police 视图库's clock is 600 s off ours"), { what: 'the clock skew reported' });

    // Its clock is put right; at the next time check the link is restored.
    sim.clockSkewMs = 0;
    sys.clock.advance(10 * 60_000);
    await tick();
    await eventually(platformHealth, (x) => x?.state === 'restored', { what: 'the link restored' });
  });

  it('unregisters on shutdown', async () => {
    await (sys.traffic as INestApplication).close();
    expect(sim.registrations.has(DEVICE_ID)).toBe(false);
    expect(sim.requests.at(-1)).toMatchObject({ path: '/VIID/System/UnRegister', status: 200 });
  });
});

describe('GA/T 1400 client, subscription mode: pass records of the tollgates through our matcher', () => {
  let sys: TestSystem;
  let sim: GatPlatformSimulator;
  let session: PlatformSession;
  const TOLLGATES = ['45060300001210000011', '45060300001210000012'];

  beforeAll(async () => {
    sim = await GatPlatformSimulator.start({ users: { [USER]: PASSWORD }, now: () => (sys ? sys.clock.now() : new Date('2026-03-02T02:00:00.000Z')), statusCodeAsString: true });
    sys = await startTestSystem({
      trafficEnv: clientEnv(sim, await freePort(), {
        GAT1400_MODE: 'subscription',
        GAT1400_SUBSCRIBE_TOLLGATES: TOLLGATES.join(','),
        GAT1400_SUBSCRIBE_HOURS: '2',
        GAT1400_SUBSCRIBE_RENEW_MINUTES: '30',
        GAT1400_SUBSCRIBE_CANCEL_ON_SHUTDOWN: 'true',
        GAT1400_SUBSCRIBE_DETAIL: '13,',
      }),
    });
    session = sys.traffic.get(PlatformSession);
  });

  afterAll(async () => {
    await sys?.stop();
    await sim?.stop();
  });

  const subscription = () => [...sim.subscriptions.values()].find((s) => s.state === 'active');
  const hitsOf = async (seizureId: string) => (await sys.db.query<{ n: number }>('SELECT count(*)::int AS n FROM traffic.hits WHERE seizure_id = $1', [seizureId]))[0].n;

  it('subscribes to the motor-vehicle records (SubscribeDetail 13) of the configured tollgates, and sends no 布控', async () => {
    const s = await eventually(async () => subscription(), Boolean, { what: 'the subscription on the platform' });
    expect(s!.id).toMatch(new RegExp(`^${DEVICE_ID}02\\d{11}$`));
    expect(s!.object).toMatchObject({
      SubscribeDetail: '13,', ResourceURI: TOLLGATES.join(','), ResourceClass: 0, OperateType: 0, EndTime: viidTime(new Date(sys.clock.now().getTime() + 2 * 3_600_000)),
      ReceiveAddr: expect.stringMatching(/\/VIID\/SubscribeNotifications$/),
    });
    expect(sim.dispositions.size).toBe(0);
  });

  it('matches every pushed record, in both list forms: the sealed car becomes a hit, the rest leave nothing behind', async () => {
    const { body: seal } = await api(sys.courtUrl)
      .post('/api/v1/seizures')
      .send({ caseNumber: '(2025)桂0603执7001号', plate: '桂PM2233', plateColor: 'blue', tribunal: '防城法庭', sealedAt: '2026-02-01T00:00:00.000Z' })
      .expect(201);
    // The index, not the row: a record pushed between the seal consumer's commit and its index
    // refresh finds nothing (test/support/watchlist.ts).
    await watchlistApplied(sys.db, sys.trafficUrl, [seal.id]);

    const other = await sim.pass({ plateNo: '桂A12345', tollgateId: TOLLGATES[0] }, { listForm: 'MotorVehicleListObject' });
    expect(other.notifications).toBe(1);
    const sealed = await sim.pass({ plateNo: '桂PM2233', tollgateId: TOLLGATES[1] }, { listForm: 'MotorVehicleObjectList' });
    expect(sealed.notifications).toBe(1);
    expect(sim.sent.slice(-2).map((x) => x.answer.ResponseStatusListObject.ResponseStatusObject[0].StatusCode)).toEqual([0, 0]);
    expect(await hitsOf(seal.id)).toBe(1);
    expect(await sys.db.query('SELECT 1 FROM traffic.hits WHERE read_plate = $1', ['桂A12345'])).toEqual([]);
    // A tollgate not subscribed to sends nothing.
    expect((await sim.pass({ plateNo: '桂PM2233', tollgateId: '45060300001210000099' })).notifications).toBe(0);

    await eventually(async () => {
      const { body } = await api(sys.courtUrl).get('/api/v1/alerts?open=true').expect(200);
      return (body.items as { seizureId: string }[]).find((a) => a.seizureId === seal.id);
    }, Boolean, { what: 'the alert' });
  });

  it('answers a notification with a bad record with StatusCode 8 for it and takes the good ones', async () => {
    const s = subscription()!;
    const good = sim.passRecord({ plateNo: '桂PM2233', tollgateId: TOLLGATES[0] });
    const bad = sim.passRecord({ plateNo: '桂PM2233', tollgateId: TOLLGATES[0], extra: { PassTime: '2026-03-02' } });
    await sim.notify(s.id, [good]);
    const answer = await sim.notify(s.id, [bad]);
    expect(answer.status).toBe(400);
    expect(answer.answer.ResponseStatusListObject.ResponseStatusObject[0]).toMatchObject({ StatusCode: 8, StatusString: 'PassTime must be yyyyMMddHHmmss (platform local time), got "2026-03-02"' });
  });

  it('renews the subscription before its EndTime', async () => {
    const s = subscription()!;
    sys.clock.advance(91 * 60_000);
    await session.tick();
    expect(subscription()!.id).toBe(s.id);
    expect(subscription()!.updates).toBe(1);
    expect(subscription()!.object.EndTime).toBe(viidTime(new Date(sys.clock.now().getTime() + 2 * 3_600_000)));
  });

  it('cancels the subscription on shutdown when configured', async () => {
    const s = subscription()!;
    await (sys.traffic as INestApplication).close();
    expect(sim.subscriptions.get(s.id)!.state).toBe('cancelled');
    expect(sim.registrations.has(DEVICE_ID)).toBe(false);
  });
});
