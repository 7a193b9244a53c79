import { api } from './support/api';
import { startTestSystem, TestSystem } from './support/test-system';
import { send, sendWithDigest, viidTime } from './gat1400-sim/sim-wire';

/**
 * Who may speak GA/T 1400 to us, over real HTTP with the real apps: TLS when required (terminated
 * in front of us: X-Forwarded-Proto through TRUST_PROXY), the address allow-list, the device bound
 * to the address it registered from, a role that is not configured refused in GA/T form, an
 * operation this 视图库 does not have answered in GA/T form, and credentials in no answer.
 */
describe('GA/T 1400 security: TLS, address allow-list, registered address, roles that are off', () => {
  let sys: TestSystem;
  const DEVICE_ID = '45060300005030000007';
  const PASSWORD = 'device-secret-7-do-not-echo';
  const TOLLGATE = '45060300001210000001';
  const via = (address: string, proto = 'https') => ({ 'x-forwarded-for': address, 'x-forwarded-proto': proto, 'user-identify': DEVICE_ID });
  const url = (path: string) => `${sys.trafficUrl}${path}`;
  const record = () => {
    const at = viidTime(sys.clock.now());
    return { MotorVehicleID: `4506030000119000000102${at}0000102000001`, TollgateID: TOLLGATE, PlateNo: '京N99999', PassTime: at };
  };
  const push = (headers: Record<string, string>) => send('POST', url('/VIID/MotorVehicles'), { MotorVehicleListObject: { MotorVehicleObject: [record()] } }, headers);

  beforeAll(async () => {
    sys = await startTestSystem({
      trafficEnv: {
        GAT1400_SERVER_DEVICES: JSON.stringify([{ id: DEVICE_ID, password: PASSWORD }]),
        GAT1400_SERVER_ID: '45060000005030000099',
        GAT1400_ALLOW_FROM: '10.45.6.0/24,192.0.2.7',
        GAT1400_REQUIRE_TLS: 'true',
        TRUST_PROXY: 'loopback',
      },
    });
  });

  afterAll(async () => {
    await sys?.stop();
  });

  it('refuses a request not made over TLS, with StatusCode 4 saying so', async () => {
    const res = await sendWithDigest('POST', url('/VIID/System/Register'), { RegisterObject: { DeviceID: DEVICE_ID } }, { username: DEVICE_ID, password: PASSWORD }, via('10.45.6.7', 'http'));
    expect(res.status).toBe(403);
    expect(res.body.ResponseStatusObject).toMatchObject({ StatusCode: 4, StatusString: 'this 视图库 takes requests over TLS (https) only' });
  });

  it('refuses an address outside GAT1400_ALLOW_FROM before any work, and takes one inside', async () => {
    const outside = await send('GET', url('/VIID/System/Time'), undefined, via('10.45.7.1'));
    expect(outside.status).toBe(403);
    expect(outside.body.ResponseStatusObject).toMatchObject({ StatusCode: 4, StatusString: 'address 10.45.7.1 may not call this 视图库' });
    expect((await send('GET', url('/VIID/System/Time'), undefined, via('192.0.2.7'))).status).toBe(200);

    const registered = await sendWithDigest('POST', url('/VIID/System/Register'), { RegisterObject: { DeviceID: DEVICE_ID } }, { username: DEVICE_ID, password: PASSWORD }, via('10.45.6.7'));
    expect(registered.status).toBe(200);
    const pushed = await push(via('10.45.6.7'));
    expect(pushed.status).toBe(200);
    expect(pushed.body.ResponseStatusListObject.ResponseStatusObject[0]).toMatchObject({ StatusCode: 0 });
  });

  it('refuses the registered device calling from another address until it registers from there', async () => {
    const moved = await push(via('10.45.6.8'));
    expect(moved.status).toBe(401);
    expect(moved.body.ResponseStatusObject).toMatchObject({ StatusCode: 4, StatusString: `device ${DEVICE_ID} registered from another address: register again from this one` });
    expect(moved.headers['www-authenticate']).toMatch(/^Digest /);
    expect((await sendWithDigest('POST', url('/VIID/System/Register'), { RegisterObject: { DeviceID: DEVICE_ID } }, { username: DEVICE_ID, password: PASSWORD }, via('10.45.6.8'))).status).toBe(200);
    expect((await push(via('10.45.6.8'))).status).toBe(200);
    expect((await push(via('10.45.6.7'))).status).toBe(401);
  });

  it('answers a role that is not configured, and an operation this 视图库 does not have, in GA/T 1400 form', async () => {
    const alarm = await send('POST', url('/VIID/DispositionNotifications'), { DispositionNotificationListObject: { DispositionNotificationObject: [] } }, via('10.45.6.7'));
    expect(alarm.status).toBe(404);
    expect(alarm.body.ResponseStatusObject).toMatchObject({ StatusCode: 4, StatusString: expect.stringContaining('GAT1400_PLATFORM_URL is not set') });

    const faces = await send('POST', url('/VIID/Faces'), { FaceListObject: { FaceObject: [] } }, via('10.45.6.7'));
    expect(faces.status).toBe(404);
    expect(faces.body.ResponseStatusObject).toMatchObject({ RequestURL: '/VIID/Faces', StatusCode: 4, StatusString: expect.stringMatching(/^POST \/VIID\/Faces is not an operation of this 视图库/) });
    const wrongMethod = await send('DELETE', url('/VIID/MotorVehicles'), undefined, via('10.45.6.7'));
    expect(wrongMethod.status).toBe(404);
    expect(wrongMethod.body.ResponseStatusObject.StatusCode).toBe(4);
  });

  it('shows the credentials in no answer: not the connector status, not the OpenAPI document, not a refusal', async () => {
    const answers = [
      (await api(sys.trafficUrl).get('/api/v1/gat1400').expect(200)).text,
      (await api(sys.trafficUrl).get('/docs/openapi.json')).text,
      (await sendWithDigest('POST', url('/VIID/System/Register'), { RegisterObject: { DeviceID: DEVICE_ID } }, { username: DEVICE_ID, password: 'wrong-password' }, via('10.45.6.7'))).text,
      (await api(sys.trafficUrl).get('/metrics')).text,
    ];
    expect(answers[0]).toContain(DEVICE_ID);
    for (const text of answers) expect(text).not.toContain(PASSWORD);
  });
});
