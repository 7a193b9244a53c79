import { randomUUID } from 'node:crypto';
import { api } from './support/api';
import { sealPlates } from './support/watchlist';
import { startTestSystem, TestSystem } from './support/test-system';

/**
 * What reads no plate can be leave of their half of the false-hit budget, lent to valid reads,
 * through the intake (matching/spare-budget.ts): on a thin watchlist a lost character finds few
 * sealed plates around it and spends little of its share, and once the traffic has shown that, a
 * valid misread of a sealed plate (3 read as 8) that its own share could not raise is raised.
 */
describe('the budget reads no plate can be leave, lent to valid reads, end to end', () => {
  let sys: TestSystem;
  const plates = [...Array.from({ length: 20 }, (_, i) => `京A${30000 + i * 137}`), ...Array.from({ length: 20 }, (_, i) => `粤B${40000 + i * 211}`)];
  const sealed = '京A30411';
  // 3 read as 8, on the plate alone: just under what a valid read's own share of this budget lets through.
  const misread = '京A80411';
  let sealedId = '';

  beforeAll(async () => {
    sys = await startTestSystem({ clockStart: '2026-03-02T02:00:00.000Z', trafficEnv: { MATCH_FALSE_HIT_BUDGET_TEXT_ONLY: '0.002' } });
    sealedId = (await sealPlates(sys, plates)).get(sealed)!;
  });

  afterAll(async () => {
    await sys?.stop();
  });

  const sighting = (plate: string, cameraId = 'GX-1') => ({ plate, cameraId, observedAt: sys.clock.now().toISOString(), eventId: randomUUID() });
  const spareWeight = async () => Number((await api(sys.trafficUrl, {}).get('/metrics').expect(200)).text.match(/^traffic_spare_budget_weight(?:\{[^}]*\})? (\S+)$/m)?.[1]);

  it('raises a weak valid misread once the traffic shows what lost characters leave, and not before', async () => {
    // Nothing counted yet: each kind of read keeps its half.
    expect(await spareWeight()).toBe(1);
    await api(sys.trafficUrl).post('/api/v1/sightings').send(sighting(misread)).expect(200, { received: 1, hits: 0, duplicates: 0 });
    // Innocent traffic far from every seal; one read in fifty lost its last character (桂PZ001 for 桂PZ0012 …).
    const traffic = Array.from({ length: 6000 }, (_, i) => {
      const plate = `桂PZ${String(i).padStart(4, '0')}`;
      return sighting(i % 50 === 0 ? plate.slice(0, 6) : plate);
    });
    for (let i = 0; i < traffic.length; i += 1000) {
      await api(sys.trafficUrl).post('/api/v1/sightings').send(traffic.slice(i, i + 1000)).expect(200, { received: 1000, hits: 0, duplicates: 0 });
    }
    expect(await spareWeight()).toBeGreaterThan(1.4);
    await api(sys.trafficUrl).post('/api/v1/sightings').send(sighting(misread)).expect(200, { received: 1, hits: 1, duplicates: 0 });
    const rows = await sys.db.query<{ seizure_id: string; match: string }>(`SELECT seizure_id, match FROM traffic.hits WHERE read_plate = $1`, [misread]);
    expect(rows).toEqual([{ seizure_id: sealedId, match: 'fuzzy' }]);
  });
});
