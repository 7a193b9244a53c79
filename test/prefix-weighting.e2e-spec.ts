import { randomUUID } from 'node:crypto';
import { api } from './support/api';
import { sealPlates } from './support/watchlist';
import { startTestSystem, TestSystem } from './support/test-system';

/**
 * The budget by prefix through the intake (matching/prefix-traffic.ts): the same misread of a
 * sealed 京A plate is raised from a camera that seldom reads 京A, and not from one that reads 京A
 * all day, nor from a camera not yet seen. Weighing is switched on here (MATCH_TRAFFIC_WEIGHTING);
 * unset it waits for a watchlist of more than 20,000 seals.
 */
describe('a read weighed by how seldom its camera reads its prefix, end to end', () => {
  let sys: TestSystem;
  // A national watchlist in small: 京A and 粤B hold nearly every seal, 桂P two.
  const plates = [
    ...Array.from({ length: 20 }, (_, i) => `京A${30000 + i * 137}`),
    ...Array.from({ length: 20 }, (_, i) => `粤B${40000 + i * 211}`),
    '桂P50001',
    '桂P50002',
  ];
  const sealed = '京A30411';
  // 3 read as B (an unlike slip), on the plate alone: under what an unweighed read needs at this budget.
  const misread = '京AB0411';
  let sealedId = '';

  beforeAll(async () => {
    sys = await startTestSystem({ clockStart: '2026-03-02T02:00:00.000Z', trafficEnv: { MATCH_FALSE_HIT_BUDGET_TEXT_ONLY: '0.0001', MATCH_TRAFFIC_WEIGHTING: 'true' } });
    sealedId = (await sealPlates(sys, plates)).get(sealed)!;
  });

  afterAll(async () => {
    await sys?.stop();
  });

  const sighting = (plate: string, cameraId: string, confidence?: number) => ({
    plate,
    cameraId,
    observedAt: sys.clock.now().toISOString(),
    eventId: randomUUID(),
    ...(confidence === undefined ? {} : { confidence }),
  });

  it('raises a misread of a 京A seal from a Guangxi camera, not from a Beijing one or a camera not yet seen', async () => {
    // Not yet seen: every prefix weighs 1.
    await api(sys.trafficUrl).post('/api/v1/sightings').send(sighting(misread, 'NEW-1', 0.9)).expect(200, { received: 1, hits: 0, duplicates: 0 });
    // A day of each camera's own traffic, innocent cars (no confidence: only the prefixes count here).
    const traffic = Array.from({ length: 3000 }, (_, i) => [sighting(`桂PZ${String(i).padStart(4, '0')}`, 'GX-1'), sighting(`京AZ${String(i).padStart(4, '0')}`, 'BJ-1')]).flat();
    for (let i = 0; i < traffic.length; i += 1000) {
      await api(sys.trafficUrl).post('/api/v1/sightings').send(traffic.slice(i, i + 1000)).expect(200, { received: 1000, hits: 0, duplicates: 0 });
    }
    await api(sys.trafficUrl).post('/api/v1/sightings').send(sighting(misread, 'BJ-1', 0.9)).expect(200, { received: 1, hits: 0, duplicates: 0 });
    await api(sys.trafficUrl).post('/api/v1/sightings').send(sighting(misread, 'GX-1', 0.9)).expect(200, { received: 1, hits: 1, duplicates: 0 });
    // Operations see that reads are weighed so, and for which cameras' mixes.
    const metrics = (await api(sys.trafficUrl, {}).get('/metrics').expect(200)).text;
    expect(metrics).toMatch(/^traffic_prefix_weighting\{state="on"[^}]*\} 1$/m);
    expect(metrics).toMatch(/^traffic_prefix_weighting\{state="cameras"[^}]*\} 3$/m);
    const rows = await sys.db.query<{ seizure_id: string; camera_id: string; match: string }>(`SELECT seizure_id, camera_id, match FROM traffic.hits WHERE read_plate = $1`, [misread]);
    expect(rows).toEqual([{ seizure_id: sealedId, camera_id: 'GX-1', match: 'fuzzy' }]);
  });
});
