import { randomUUID } from 'node:crypto';
import { api } from './support/api';
import { eventually } from './support/eventually';
import { watchlistApplied } from './support/watchlist';
import { startTestSystem, TestSystem } from './support/test-system';

/**
 * Misreads of sealed plates become possible hits at the court, carrying what differed; innocent
 * look-alikes beyond the threshold raise nothing; reads no camera could make get a 400.
 */
describe('fuzzy matching of camera misreads, end to end', () => {
  let sys: TestSystem;
  let seizureId: string;

  beforeAll(async () => {
    sys = await startTestSystem({ clockStart: '2026-03-02T02:00:00.000Z' });
    const { body } = await api(sys.courtUrl)
      .post('/api/v1/seizures')
      .send({ caseNumber: '(2025)桂0603执4321号', plate: '桂PB6780', plateColor: 'blue', tribunal: '防城法庭', sealedAt: '2026-02-01T00:00:00.000Z' })
      .expect(201);
    seizureId = body.id;
    await watchlistApplied(sys.db, sys.trafficUrl, [seizureId]);
  });

  afterAll(async () => {
    await sys?.stop();
  });

  const sighting = (plate: string, confidence: number, cameraId = 'FCG-K07') => ({
    plate,
    cameraId,
    observedAt: sys.clock.now().toISOString(),
    eventId: randomUUID(),
    confidence,
    imageUrl: 'https://traffic.example/images/2.jpg',
  });

  const trafficHits = async () => (await sys.db.query<{ n: number }>('SELECT count(*)::int AS n FROM traffic.hits'))[0].n;

  async function alertDetail(hitCount: number) {
    const alert = await eventually(
      async () => {
        const { body } = await api(sys.courtUrl).get('/api/v1/alerts?open=true').expect(200);
        return (body.items as { id: string; seizureId: string; hitCount: number }[]).find((a) => a.seizureId === seizureId);
      },
      (a) => a?.hitCount === hitCount,
      { what: `the alert with ${hitCount} hits` },
    );
    return (await api(sys.courtUrl).get(`/api/v1/alerts/${alert!.id}`).expect(200)).body;
  }

  it('turns a read with 8 for B into a possible-hit alert that says which character differed', async () => {
    await api(sys.trafficUrl).post('/api/v1/sightings').send(sighting('桂P86780', 0.72)).expect(200, { received: 1, hits: 1, duplicates: 0 });

    const detail = await alertDetail(1);
    expect(detail).toMatchObject({ plate: '桂PB6780', state: 'open', assignee: { name: '李法官' } });
    const [hit] = detail.hits;
    expect(hit).toMatchObject({ readPlate: '桂P86780', match: 'fuzzy', differences: [{ position: 2, expected: 'B', read: '8' }] });
    expect(hit.score).toBeGreaterThanOrEqual(0.45);
    expect(hit.score).toBeLessThan(1);
  });

  it('folds a read that lost the province, and one with O for 0, into the same alert as possible hits', async () => {
    sys.clock.advance(60_000);
    await api(sys.trafficUrl)
      .post('/api/v1/sightings')
      .send([sighting('p·b6780', 0.6, 'FCG-K09'), sighting('桂PB678O', 0.9, 'FCG-K10')])
      .expect(200, { received: 2, hits: 2, duplicates: 0 });

    const detail = await alertDetail(3);
    const byCamera = Object.fromEntries(detail.hits.map((h: { cameraId: string }) => [h.cameraId, h]));
    expect(byCamera['FCG-K09']).toMatchObject({ readPlate: 'PB6780', match: 'fuzzy', differences: [{ position: 0, expected: '桂', read: '' }] });
    expect(byCamera['FCG-K10']).toMatchObject({ readPlate: '桂PB678O', match: 'fuzzy', differences: [{ position: 6, expected: '0', read: 'O' }] });
  });

  it('marks an exact read as exact with score 1 and no differences', async () => {
    sys.clock.advance(60_000);
    await api(sys.trafficUrl).post('/api/v1/sightings').send(sighting('桂PB6780', 0.98, 'FCG-K11')).expect(200, { received: 1, hits: 1, duplicates: 0 });
    const detail = await alertDetail(4);
    expect(detail.hits.find((h: { cameraId: string }) => h.cameraId === 'FCG-K11')).toMatchObject({ match: 'exact', score: 1, differences: null });
  });

  it('raises nothing for innocent look-alikes: two confusions read with confidence, or a character no camera confuses', async () => {
    const before = await trafficHits();
    await api(sys.trafficUrl)
      .post('/api/v1/sightings')
      .send([sighting('桂P8G780', 0.95), sighting('桂PB6783', 0.95), sighting('桂PB6788', 0.6)])
      .expect(200, { received: 3, hits: 0, duplicates: 0 });
    expect(await trafficHits()).toBe(before);
  });

  it.each([
    ['a character on no plate', '桂PB67#0', 'plate contains "#", which appears on no Chinese plate'],
    ['too few characters', 'PB678', 'plate must have 6 or 7 characters after the province abbreviation, or 7 or 8 with it, got 5'],
    ['too many characters', '桂PB6780123', 'plate must have 7 characters (8 for new-energy plates), got 10'],
    ['a Chinese character in the middle', '桂PB6挂80', 'plate may hold a Chinese character only first (the province) or last (挂 学 警 领 港 澳 使)'],
  ])('POST /api/v1/sightings rejects a read with %s, naming the field', async (_what, plate, message) => {
    const res = await api(sys.trafficUrl).post('/api/v1/sightings').send([sighting('桂PB6780', 0.9), sighting(plate, 0.9)]).expect(400);
    expect(res.body.message).toEqual([`[1].${message}`]);
  });

  it('POST /api/v1/seizures rejects a plate colour the plate rules out, naming the field', async () => {
    const res = await api(sys.courtUrl).post('/api/v1/seizures').send({ caseNumber: '(2025)桂0603执4322号', plate: '桂PD12345', plateColor: 'blue' }).expect(400);
    expect(res.body.message).toEqual(['plateColor must be green or yellow-green for an 8-character new-energy plate, got blue']);
  });
});
