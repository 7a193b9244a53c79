import { api } from './support/api';
import { startTestSystem, TestSystem } from './support/test-system';

/** Bad input gets a 400 that names what is wrong, and nothing is written. */
describe('bad input on the HTTP intake', () => {
  let sys: TestSystem;

  beforeAll(async () => {
    sys = await startTestSystem();
  });

  afterAll(async () => {
    await sys?.stop();
  });

  const count = async (table: string) => (await sys.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`))[0].n;
  const valid = { caseNumber: '(2025)桂0603执1234号', plate: '桂PA2345' };
  const sighting = { plate: '桂PA2345', cameraId: 'FCG-K01', observedAt: '2026-03-02T10:00:00+08:00' };

  it.each([
    ['an unknown field', { ...valid, colour: 'blue' }, 'property colour should not exist'],
    ['a missing case number', { plate: '桂PA2345' }, 'caseNumber must be a string'],
    ['a plate without a province', { ...valid, plate: 'PA23456' }, 'plate must start with a province abbreviation'],
    ['a plate with I', { ...valid, plate: '桂PI2345' }, 'plate contains I or O'],
    ['a plate of the wrong length', { ...valid, plate: '桂PA234' }, 'plate must have 7 characters (8 for new-energy and 应急 plates)'],
    ['a number where the plate goes', { ...valid, plate: 12345 }, 'plate must be a string'],
    ['an impossible date', { ...valid, sealedAt: '2026-02-30T00:00:00Z' }, 'sealedAt must be an RFC 3339 timestamp'],
    ['an expiry beyond the two-year term', { ...valid, sealedAt: '2026-01-01T00:00:00Z', expiresAt: '2029-01-01T00:00:00Z' }, 'expiresAt must be at most 2 years'],
    ['a bad VIN', { ...valid, vin: 'LSVAU2180N218329O' }, 'vin must be 17 letters and digits'],
    ['a livelihood flag as text', { ...valid, livelihood: 'yes' }, 'livelihood must be a boolean value'],
  ])('POST /api/v1/seizures rejects %s', async (_what, body, message) => {
    const res = await api(sys.courtUrl).post('/api/v1/seizures').send(body).expect(400);
    expect(res.body.message.join(' | ')).toContain(message);
    expect(await count('court.seizures')).toBe(0);
    expect(await count('court.outbox')).toBe(0);
  });

  it('POST /api/v1/seizures rejects malformed JSON with a 400 that says so', async () => {
    const res = await api(sys.courtUrl).post('/api/v1/seizures').set('content-type', 'application/json').send('{"caseNumber": "x",').expect(400);
    expect(res.body.message[0]).toMatch(/JSON/);
  });

  it('POST /api/v1/seizures/{id}/release answers 404 for an unknown seal and 400 for a malformed id', async () => {
    await api(sys.courtUrl).post('/api/v1/seizures/6f1c2f43-6d55-4f4e-9b8a-9c1d2e3f4a5b/release').send({}).expect(404);
    await api(sys.courtUrl).post('/api/v1/seizures/not-a-uuid/release').send({}).expect(400);
  });

  it('POST /api/v1/sightings takes the good reads of a batch and answers 207 naming each refused item, its index and field', async () => {
    const res = await api(sys.trafficUrl)
      .post('/api/v1/sightings')
      .send([sighting, { ...sighting, eventId: 'r-2', observedAt: 'yesterday' }, { ...sighting, location: { lat: 200, lon: 108 } }])
      .expect(207);
    expect(res.body).toEqual({
      received: 1,
      hits: 0,
      duplicates: 0,
      refused: 2,
      refusals: [
        { index: 1, eventId: 'r-2', errors: [expect.stringContaining('observedAt must be an RFC 3339 timestamp')] },
        { index: 2, errors: [expect.stringContaining('location.lat must be a number of degrees from -90 to 90')] },
      ],
    });
    expect(await count('traffic.hits')).toBe(0);
  });

  it('POST /api/v1/sightings refuses with a 400 a batch none of whose reads can be taken, naming index and field', async () => {
    const res = await api(sys.trafficUrl)
      .post('/api/v1/sightings')
      .send([{ ...sighting, observedAt: 'yesterday' }, { ...sighting, plate: '' }])
      .expect(400);
    expect(res.body.message).toEqual([expect.stringContaining('[0].observedAt must be an RFC 3339 timestamp'), '[1].plate is empty']);
  });

  it('POST /api/v1/sightings rejects an empty array, a non-object item and an oversized batch', async () => {
    expect((await api(sys.trafficUrl).post('/api/v1/sightings').send([]).expect(400)).body.message).toEqual(['body is an empty array']);
    expect((await api(sys.trafficUrl).post('/api/v1/sightings').send([sighting, 'x']).expect(207)).body.refusals).toEqual([{ index: 1, errors: ['item must be a JSON object'] }]);
    expect((await api(sys.trafficUrl).post('/api/v1/sightings').send(['x']).expect(400)).body.message).toEqual(['[0] must be a JSON object']);
    const tooMany = Array.from({ length: 1001 }, () => sighting);
    expect((await api(sys.trafficUrl).post('/api/v1/sightings').send(tooMany).expect(400)).body.message[0]).toMatch(/at most 1000/);
  });

  it('GET /api/v1/alerts/{id} answers 404 for an unknown alert and the service keeps running', async () => {
    await api(sys.courtUrl).get('/api/v1/alerts/6f1c2f43-6d55-4f4e-9b8a-9c1d2e3f4a5b').expect(404);
    await api(sys.courtUrl).get('/api/v1/alerts?state=bogus').expect(400);
    await api(sys.courtUrl).get('/api/v1/alerts').expect(200);
  });
});
