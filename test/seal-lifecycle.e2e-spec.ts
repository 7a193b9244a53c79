import { INestApplication } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type request from 'supertest';
import { api } from './support/api';
import { SealExpiryService } from '../apps/court-gateway/src/seizures/seal-expiry.service';
import { startTrafficAdapter } from '../apps/traffic-adapter/src/bootstrap';
import { TrafficAdapterEnv } from '../apps/traffic-adapter/src/config/traffic-adapter.env';
import { WatchlistService } from '../apps/traffic-adapter/src/watchlist/watchlist.service';
import { eventually } from './support/eventually';
import { watchlistApplied } from './support/watchlist';
import { startTestSystem, TestSystem, urlOf } from './support/test-system';

const DAY = 24 * 3600_000;

/**
 * The seal lifecycle as the traffic side sees it, over the real broker protocol and PostgreSQL:
 * renewal (续封), expiry on both sides, warnings before a seal lapses, reconciliation of the
 * watchlist with the court, and several adapter instances sharing one watchlist.
 */
describe('seal lifecycle on the traffic side, end to end', () => {
  let sys: TestSystem;

  beforeAll(async () => {
    // Folding off: these tests read "no hit" as "no longer watched", which a folded repeat would fake.
    sys = await startTestSystem({ clockStart: '2026-03-02T02:00:00.000Z', trafficEnv: { HIT_FOLD_WINDOW_SECONDS: '0' } });
  });

  afterAll(async () => {
    await sys?.stop();
  });

  let caseNo = 1000;
  const register = async (plate: string, overrides: Record<string, unknown> = {}) => {
    const { body } = await api(sys.courtUrl)
      .post('/api/v1/seizures')
      .send({ caseNumber: `(2025)桂0603执${caseNo++}号`, plate, tribunal: '防城法庭', sealedAt: '2026-02-01T00:00:00.000Z', ...overrides })
      .expect(201);
    await watchlistApplied(sys.db, sys.trafficUrl, [body.id]);
    return body as { id: string; plate: string; expiresAt: string; caseNumber: string };
  };

  const watchRow = async (seizureId: string) =>
    (
      await sys.db.query<{ status: string; expires_at: Date; plate: string }>('SELECT status, expires_at, plate FROM traffic.watchlist WHERE seizure_id = $1', [seizureId])
    )[0];

  const sight = async (baseUrl: string, plate: string) =>
    (
      await api(baseUrl)
        .post('/api/v1/sightings')
        .send({ plate, cameraId: 'FCG-K07', observedAt: sys.clock.now().toISOString(), eventId: randomUUID() })
        .expect(200)
    ).body as { hits: number };

  describe('POST /api/v1/seizures/{id}/renew (续封)', () => {
    it('renews a seal up to two years from the renewal and the watchlist takes the new expiry from SeizureRenewed', async () => {
      const seal = await register('桂PR1001', { expiresAt: '2026-03-20T00:00:00.000Z' });
      const { body } = await api(sys.courtUrl).post(`/api/v1/seizures/${seal.id}/renew`).send({ expiresAt: '2028-03-02T02:00:00.000Z' }).expect(200);
      expect(body).toMatchObject({ status: 'active', expiresAt: '2028-03-02T02:00:00.000Z', renewedAt: sys.clock.now().toISOString() });
      const row = await eventually(() => watchRow(seal.id), (r) => r?.expires_at.toISOString() === '2028-03-02T02:00:00.000Z', { what: 'the renewed expiry on the watchlist' });
      expect(row.status).toBe('active');
      const [outbox] = await sys.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM court.outbox WHERE topic = 'court.seizures.v1' AND key = $1 AND envelope->>'type' = 'SeizureRenewed'`, [seal.plate]);
      expect(outbox.n).toBe(1);
    });

    it('rejects a term longer than two years from the renewal, or not after the current one, naming expiresAt', async () => {
      const seal = await register('桂PR1002', { expiresAt: '2026-04-01T00:00:00.000Z' });
      const tooLong = await api(sys.courtUrl).post(`/api/v1/seizures/${seal.id}/renew`).send({ expiresAt: '2028-03-02T02:00:01.000Z' }).expect(400);
      expect(tooLong.body.message).toEqual(['expiresAt must be at most 2 years after the renewal (2028-03-02T02:00:00.000Z)']);
      const shorter = await api(sys.courtUrl).post(`/api/v1/seizures/${seal.id}/renew`).send({ expiresAt: '2026-03-15T00:00:00.000Z' }).expect(400);
      expect(shorter.body.message[0]).toContain('expiresAt must be after the current expiry');
      const missing = await api(sys.courtUrl).post(`/api/v1/seizures/${seal.id}/renew`).send({}).expect(400);
      expect(missing.body.message.join()).toContain('expiresAt');
      const { body } = await api(sys.courtUrl).get(`/api/v1/seizures/${seal.id}`).expect(200);
      expect(body.expiresAt).toBe('2026-04-01T00:00:00.000Z');
    });

    it('refuses to renew a released seal (409) and an unknown one (404)', async () => {
      const seal = await register('桂PR1003');
      await api(sys.courtUrl).post(`/api/v1/seizures/${seal.id}/release`).send({}).expect(200);
      const refused = await api(sys.courtUrl).post(`/api/v1/seizures/${seal.id}/renew`).send({ expiresAt: '2028-01-01T00:00:00.000Z' }).expect(409);
      // The English sentence as before, and the code and values a client (or the desk) acts on.
      expect(refused.body).toMatchObject({
        message: [`seizure ${seal.id} is released; only an active seal can be renewed`],
        code: 'seizure.not_active_for_renewal',
        params: { id: seal.id, status: 'released' },
      });
      const unknown = randomUUID();
      const missing = await api(sys.courtUrl).post(`/api/v1/seizures/${unknown}/renew`).send({ expiresAt: '2028-01-01T00:00:00.000Z' }).expect(404);
      expect(missing.body).toMatchObject({ message: [`seizure ${unknown} not found`], code: 'seizure.not_found' });
    });
  });

  describe('warnings before a seal lapses', () => {
    it('warns the registering court once per seal and term, lists expiring seals, and warns again for a renewed term', async () => {
      const seal = await register('桂PW2001', { expiresAt: new Date(sys.clock.now().getTime() + 20 * DAY).toISOString() });
      const farOff = await register('桂PW2002');
      const expiry = sys.court.get(SealExpiryService);

      const before = await api(sys.courtUrl).get('/api/v1/seizures/expiring').expect(200);
      expect(before.body.items.find((i: { seizureId: string }) => i.seizureId === seal.id)).toMatchObject({ daysLeft: 20, warnedAt: null, tribunal: '防城法庭', plate: '桂PW2001' });
      expect(before.body.items.find((i: { seizureId: string }) => i.seizureId === farOff.id)).toBeUndefined();

      const created = await expiry.warnExpiring();
      expect(created.filter((w) => w.seizureId === seal.id)).toEqual([
        { seizureId: seal.id, caseNumber: seal.caseNumber, plate: '桂PW2001', tribunal: '防城法庭', expiresAt: seal.expiresAt, warnedAt: sys.clock.now().toISOString(), daysLeft: 20 },
      ]);
      expect((await expiry.warnExpiring()).filter((w) => w.seizureId === seal.id)).toEqual([]);
      const stored = await sys.db.query('SELECT * FROM court.seal_expiry_warnings WHERE seizure_id = $1', [seal.id]);
      expect(stored).toHaveLength(1);

      const after = await api(sys.courtUrl).get('/api/v1/seizures/expiring?withinDays=30').expect(200);
      expect(after.body.items.find((i: { seizureId: string }) => i.seizureId === seal.id).warnedAt).toBe(sys.clock.now().toISOString());
      const wider = await api(sys.courtUrl).get('/api/v1/seizures/expiring?withinDays=730').expect(200);
      expect(wider.body.items.map((i: { seizureId: string }) => i.seizureId)).toContain(farOff.id);

      // A renewal starts a new term, which is warned of once in its turn.
      await api(sys.courtUrl).post(`/api/v1/seizures/${seal.id}/renew`).send({ expiresAt: new Date(sys.clock.now().getTime() + 25 * DAY).toISOString() }).expect(200);
      expect((await expiry.warnExpiring()).filter((w) => w.seizureId === seal.id)).toHaveLength(1);
      expect(await sys.db.query('SELECT * FROM court.seal_expiry_warnings WHERE seizure_id = $1', [seal.id])).toHaveLength(2);
    });

    it('rejects a window out of range, naming withinDays', async () => {
      const { body } = await api(sys.courtUrl).get('/api/v1/seizures/expiring?withinDays=999').expect(400);
      expect(body.message).toEqual(['withinDays must be a whole number from 1 to 730']);
    });
  });

  describe('expiry', () => {
    it('expires a lapsed seal on both sides with no event: the court marks it expired, the adapter drops it from table and index', async () => {
      const seal = await register('桂PX3001', { expiresAt: new Date(sys.clock.now().getTime() + DAY).toISOString() });
      expect(await sight(sys.trafficUrl, '桂PX3001')).toMatchObject({ hits: 1 });
      const sizeBefore = (await api(sys.trafficUrl).get('/api/v1/watchlist/stats').expect(200)).body.size;

      sys.clock.advance(2 * DAY);
      // Matching already ignores it at its expiry, before any job has run.
      expect(await sight(sys.trafficUrl, '桂PX3001')).toMatchObject({ hits: 0 });

      const expired = await sys.court.get(SealExpiryService).expireLapsed();
      expect(expired).toEqual([{ seizureId: seal.id, plate: '桂PX3001' }]);
      const { body: atCourt } = await api(sys.courtUrl).get(`/api/v1/seizures/${seal.id}`).expect(200);
      expect(atCourt).toMatchObject({ status: 'expired', expiredAt: sys.clock.now().toISOString() });
      await api(sys.courtUrl).post(`/api/v1/seizures/${seal.id}/renew`).send({ expiresAt: '2027-01-01T00:00:00.000Z' }).expect(409);
      await api(sys.courtUrl).post(`/api/v1/seizures/${seal.id}/release`).send({}).expect(409);

      const dropped = await sys.traffic.get(WatchlistService).expireLapsed();
      expect(dropped).toEqual([{ seizureId: seal.id, plate: '桂PX3001' }]);
      expect((await watchRow(seal.id)).status).toBe('expired');
      const { body: stats } = await api(sys.trafficUrl).get('/api/v1/watchlist/stats').expect(200);
      expect(stats.size).toBe(sizeBefore - 1);
      expect(await sys.traffic.get(WatchlistService).expireLapsed()).toEqual([]);
    });
  });

  describe('reconciliation with court-gateway', () => {
    it('GET /api/v1/watchlist-export pages through exactly the seals in force', async () => {
      const pages: { items: { seizureId: string; plate: string }[]; nextCursor: string | null }[] = [];
      let cursor: string | null = null;
      do {
        const response: request.Response = await api(sys.courtUrl).get('/api/v1/watchlist-export').query({ limit: 2, ...(cursor ? { cursor } : {}) }).expect(200);
        const body = response.body as (typeof pages)[number];
        pages.push(body);
        cursor = body.nextCursor;
      } while (cursor);
      const exported = pages.flatMap((p) => p.items);
      const [{ n }] = await sys.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM court.seizures WHERE status = 'active' AND expires_at > $1`, [sys.clock.now()]);
      expect(exported).toHaveLength(n);
      expect(new Set(exported.map((s) => s.seizureId)).size).toBe(n);
      expect(pages.length).toBeGreaterThan(1);
      expect(exported.map((s) => s.plate)).not.toContain('桂PX3001');
      expect(exported.map((s) => s.plate)).not.toContain('桂PR1003');
      await api(sys.courtUrl).get('/api/v1/watchlist-export?cursor=nope').expect(400);
    });

    it('repairs deliberate drift (lost row, bogus row, released row revived, wrong expiry), reports it, and never re-adds a released seal', async () => {
      const lost = await register('桂PC4001');
      const wrongExpiry = await register('桂PC4002');
      const released = await register('桂PC4003');
      await api(sys.courtUrl).post(`/api/v1/seizures/${released.id}/release`).send({}).expect(200);
      await watchlistApplied(sys.db, sys.trafficUrl, [released.id], { status: 'released' });
      const clean = (await api(sys.trafficUrl).post('/api/v1/watchlist/reconcile').expect(200)).body;
      expect(clean).toMatchObject({ added: 0, removed: 0, changed: 0 });

      const bogusId = randomUUID();
      await sys.db.query('DELETE FROM traffic.watchlist WHERE seizure_id = $1', [lost.id]);
      await sys.db.query(`INSERT INTO traffic.watchlist (seizure_id, plate, status, livelihood, expires_at, updated_at) VALUES ($1, '桂PC4999', 'active', false, '2027-01-01', now())`, [bogusId]);
      await sys.db.query(`UPDATE traffic.watchlist SET status = 'active' WHERE seizure_id = $1`, [released.id]);
      await sys.db.query(`UPDATE traffic.watchlist SET expires_at = '2026-04-01' WHERE seizure_id = $1`, [wrongExpiry.id]);

      const { body: report } = await api(sys.trafficUrl).post('/api/v1/watchlist/reconcile').expect(200);
      expect(report).toMatchObject({ added: 1, removed: 2, changed: 1, tombstonesKept: 0, exported: clean.exported });

      expect(await watchRow(lost.id)).toMatchObject({ status: 'active', plate: '桂PC4001' });
      expect((await watchRow(bogusId)).status).toBe('released');
      expect((await watchRow(released.id)).status).toBe('released');
      expect((await watchRow(wrongExpiry.id)).expires_at.toISOString()).toBe(wrongExpiry.expiresAt);
      expect(await sight(sys.trafficUrl, '桂PC4001')).toMatchObject({ hits: 1 });
      expect(await sight(sys.trafficUrl, '桂PC4999')).toMatchObject({ hits: 0 });
      expect(await sight(sys.trafficUrl, '桂PC4003')).toMatchObject({ hits: 0 });

      const { body: stats } = await api(sys.trafficUrl).get('/api/v1/watchlist/stats').expect(200);
      expect(stats.reconciliation).toMatchObject({ runs: 2, failures: 0, driftRepaired: { added: 1, removed: 2, changed: 1 }, last: report });
      const [{ n: active }] = await sys.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM traffic.watchlist WHERE status = 'active'`);
      expect(stats.size).toBe(active);
      expect((await api(sys.trafficUrl).post('/api/v1/watchlist/reconcile').expect(200)).body).toMatchObject({ added: 0, removed: 0, changed: 0 });
    });
  });

  describe('several adapter instances', () => {
    let second: INestApplication;
    let secondUrl: string;

    beforeAll(async () => {
      // Same database and brokers; its court-gateway URL leads nowhere, which the last test uses
      // (one extra instance keeps the consumer-group rebalances, and the file, short).
      second = await startTrafficAdapter(Object.assign(new TrafficAdapterEnv(), sys.trafficEnv, { PORT: 0, COURT_GATEWAY_URL: 'http://127.0.0.1:9' }), sys.clock);
      secondUrl = urlOf(second);
      // Ready once it has joined the `traffic-adapter` group, i.e. the rebalance it caused is over.
      await eventually(async () => (await api(secondUrl).get('/health')).status, (status) => status === 200, { what: 'the second instance in the consumer group', timeoutMs: 90_000 });
    }, 120_000);

    afterAll(async () => {
      await second?.close();
    });

    it('starts a second instance with the whole watchlist in memory', async () => {
      const [first, other] = await Promise.all([sys.trafficUrl, secondUrl].map(async (url) => (await api(url).get('/api/v1/watchlist/stats').expect(200)).body));
      expect(other.size).toBe(first.size);
      expect(other.size).toBeGreaterThan(0);
    });

    it('a seal registered once is matched by both instances, each over its own HTTP, and its release removes it from both', async () => {
      const seal = await register('桂PM5001');
      for (const url of [sys.trafficUrl, secondUrl]) {
        await eventually(() => sight(url, '桂PM5001'), (r) => r.hits === 1, { what: `a hit from ${url}`, timeoutMs: 45_000 });
      }
      await api(sys.courtUrl).post(`/api/v1/seizures/${seal.id}/release`).send({}).expect(200);
      for (const url of [sys.trafficUrl, secondUrl]) {
        await eventually(() => sight(url, '桂PM5001'), (r) => r.hits === 0, { what: `no more hits from ${url}`, timeoutMs: 45_000 });
      }
      const [a, b] = await Promise.all([sys.trafficUrl, secondUrl].map(async (url) => (await api(url).get('/api/v1/watchlist/stats').expect(200)).body));
      expect(a.size).toBe(b.size);
    }, 120_000);

    it('reports a failed reconciliation with 502 and changes nothing when court-gateway is unreachable', async () => {
      const before = await sys.db.query('SELECT seizure_id, status, version FROM traffic.watchlist ORDER BY seizure_id');
      const { body } = await api(secondUrl).post('/api/v1/watchlist/reconcile').expect(502);
      expect(body.message[0]).toContain('court-gateway at http://127.0.0.1:9 unreachable');
      expect(body).toMatchObject({ statusCode: 502, error: 'Bad Gateway', code: 'watchlist.source_unreachable', params: { reason: body.message[0] } });
      const { body: stats } = await api(secondUrl).get('/api/v1/watchlist/stats').expect(200);
      expect(stats.reconciliation).toMatchObject({ runs: 0, failures: 1, last: { error: body.message[0] } });
      expect(await sys.db.query('SELECT seizure_id, status, version FROM traffic.watchlist ORDER BY seizure_id')).toEqual(before);
    });
  });
});
