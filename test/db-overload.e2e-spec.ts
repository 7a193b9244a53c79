import { INestApplication } from '@nestjs/common';
import { ErrorCode } from '@app/contracts';
import { isDatabaseUnavailable } from '@app/platform';
import { DataSource, QueryRunner } from 'typeorm';
import { api } from './support/api';
import { eventually } from './support/eventually';
import { startTestSystem, TestSystem } from './support/test-system';
import { GatDeviceSimulator } from './gat1400-sim/device-simulator';

/**
 * What the black-box probe found: at ~100 requests/s from 32 clients court-gateway's pool of 10
 * connections ran dry, and requests that waited out the connect timeout were answered 500 (and
 * their audit entries dropped). Here each app runs with a pool of 2 and a 500 ms connect timeout,
 * and the test takes every connection of the pool itself, through the app's own DataSource, so a
 * request finds none free for certain (no load, no timing to win). Such a request must be answered
 * 503 with Retry-After in the app's error shape (GA/T 1400's under /VIID), its audit entry must
 * be written once the pool has a connection again, and once the connections are given back the
 * same requests must succeed.
 */
const POOL = { DATABASE_POOL_SIZE: '2', DATABASE_CONNECT_TIMEOUT_MS: '500' };
const DEVICE_ID = '45060300005030000007';

const BUSY = { statusCode: 503, error: 'Service Unavailable', message: ['the database is busy; try again in 2 s'], code: ErrorCode.ServiceOverloaded, field: '', params: { retryAfter: 2 } };

/**
 * Checks out every connection of the app's pool and keeps them until the returned function gives
 * them back. The app's background work (outbox relay, watchlist refresh) takes connections for a
 * moment now and then: an attempt that found none free within the connect timeout is made again.
 */
async function holdEveryConnection(app: INestApplication, poolSize: number): Promise<() => Promise<void>> {
  const dataSource = app.get(DataSource);
  const held: QueryRunner[] = [];
  while (held.length < poolSize) {
    const runner = dataSource.createQueryRunner();
    try {
      await runner.connect();
      held.push(runner);
    } catch (error) {
      if (!isDatabaseUnavailable(error)) throw error;
    }
  }
  return async () => {
    for (const runner of held) await runner.release();
  };
}

describe('a database too busy for a request: 503 with Retry-After, then served again', () => {
  let sys: TestSystem;
  let device: GatDeviceSimulator;

  beforeAll(async () => {
    sys = await startTestSystem({
      courtEnv: POOL,
      trafficEnv: { ...POOL, GAT1400_SERVER_DEVICES: JSON.stringify([{ id: DEVICE_ID, password: 'device-secret-7' }]), GAT1400_SERVER_ID: '45060000005030000099' },
    });
    device = new GatDeviceSimulator({ target: sys.trafficUrl, deviceId: DEVICE_ID, password: 'device-secret-7', now: () => sys.clock.now() });
    expect((await device.register()).status).toBe(200);
  });

  afterAll(async () => {
    await sys?.stop();
  });

  const seal = { caseNumber: '(2025)桂0603执9301号', plate: '桂PB9301', tribunal: '防城法庭', sealedAt: '2026-02-01T00:00:00.000Z' };

  it('answers reads and writes on both apps 503 with Retry-After while no connection is free, and 200 once one is', async () => {
    const releaseCourt = await holdEveryConnection(sys.court, 2);
    const releaseTraffic = await holdEveryConnection(sys.traffic, 2);
    let released = false;
    try {
      const read = await api(sys.courtUrl).get('/api/v1/seizures?status=active');
      expect([read.status, read.headers['retry-after'], read.body]).toEqual([503, '2', BUSY]);
      const write = await api(sys.courtUrl).post('/api/v1/seizures').send(seal);
      expect([write.status, write.headers['retry-after'], write.body]).toEqual([503, '2', BUSY]);
      // As the probe sent them: many at once, none a 500.
      const burst = await Promise.all(Array.from({ length: 12 }, () => api(sys.courtUrl).get('/api/v1/seizures')));
      expect(burst.map((r) => r.status)).toEqual(Array(12).fill(503));
      const traffic = await api(sys.trafficUrl).get('/api/v1/checkpoints');
      expect([traffic.status, traffic.headers['retry-after'], traffic.body]).toEqual([503, '2', BUSY]);
      // GA/T 1400 in its own form: StatusCode 2 (device busy).
      const keepalive = await device.keepalive();
      expect([keepalive.status, keepalive.headers['retry-after'], keepalive.body?.ResponseStatusObject?.StatusCode]).toEqual([503, '2', 2]);

      await releaseCourt();
      await releaseTraffic();
      released = true;

      await api(sys.courtUrl).get('/api/v1/seizures?status=active').expect(200);
      const registered = await api(sys.courtUrl).post('/api/v1/seizures').send(seal).expect(201);
      expect(registered.body).toMatchObject({ plate: seal.plate, status: 'active' });
      await api(sys.trafficUrl).get('/api/v1/checkpoints').expect(200);
      expect((await device.keepalive()).status).toBe(200);
    } finally {
      if (!released) await Promise.all([releaseCourt(), releaseTraffic()]);
    }
  });

  it('writes the audit entries of the refusals once the pool has a connection again, none dropped', async () => {
    const entries = await eventually(
      async () => (await api(sys.courtUrl).get('/api/v1/admin/audit?outcome=failed&limit=100').expect(200)).body.items as { status: number; method: string; path: string }[],
      (items) => items.filter((e) => e.status === 503).length === 14,
      { what: "the 14 refusals' audit entries" },
    );
    expect(entries.filter((e) => e.status === 503 && e.method === 'POST').map((e) => e.path)).toEqual(['/api/v1/seizures']);
    const metrics = (await api(sys.courtUrl, {}).get('/metrics').expect(200)).text;
    const dropped = metrics.split('\n').filter((l) => l.startsWith('gateway_audit_entries_dropped_total{'));
    expect(dropped).toHaveLength(4);
    expect(dropped.map((l) => Number(l.split(' ').at(-1)))).toEqual([0, 0, 0, 0]);
    expect(metrics).toMatch(/^gateway_audit_entries_pending\{[^}]*\} 0$/m);
  });
});
