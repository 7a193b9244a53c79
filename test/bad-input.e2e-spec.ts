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
    ['an unknown field', { ...valid, colour: 'blue' }, 'property colour should not exist', 'validation.unknown_field', 'colour'],
    ['a missing case number', { plate: '桂PA2345' }, 'caseNumber should not be empty', 'validation.required', 'caseNumber'],
    ['a plate without a province', { ...valid, plate: 'PA23456' }, 'plate must start with a province abbreviation', 'validation.plate', 'plate'],
    ['a plate with I', { ...valid, plate: '桂PI2345' }, 'plate contains I or O', 'validation.plate', 'plate'],
    ['a plate of the wrong length', { ...valid, plate: '桂PA234' }, 'plate must have 7 characters (8 for new-energy and 应急 plates)', 'validation.plate', 'plate'],
    ['a number where the plate goes', { ...valid, plate: 12345 }, 'plate must be a string', 'validation.plate', 'plate'],
    ['an impossible date', { ...valid, sealedAt: '2026-02-30T00:00:00Z' }, 'sealedAt must be an RFC 3339 timestamp', 'validation.not_timestamp', 'sealedAt'],
    ['an expiry beyond the two-year term', { ...valid, sealedAt: '2026-01-01T00:00:00Z', expiresAt: '2029-01-01T00:00:00Z' }, 'expiresAt must be at most 2 years', 'seal.term_too_long', 'expiresAt'],
    ['a bad VIN', { ...valid, vin: 'LSVAU2180N218329O' }, 'vin must be 17 letters and digits', 'validation.format', 'vin'],
    ['a livelihood flag as text', { ...valid, livelihood: 'yes' }, 'livelihood must be a boolean value', 'validation.not_boolean', 'livelihood'],
  ])('POST /api/v1/seizures rejects %s, with its code and field', async (_what, body, message, code, field) => {
    const res = await api(sys.courtUrl).post('/api/v1/seizures').send(body).expect(400);
    expect(res.body.message.join(' | ')).toContain(message);
    // One problem: its code and field are the answer's; several: each is in `errors`.
    const problems = res.body.errors ?? [{ code: res.body.code, field: res.body.field }];
    expect(problems).toContainEqual(expect.objectContaining({ code, field }));
    expect(typeof res.body.code).toBe('string');
    expect(await count('court.seizures')).toBe(0);
    expect(await count('court.outbox')).toBe(0);
  });

  it('POST /api/v1/seizures rejects malformed JSON with a 400 that says so', async () => {
    const res = await api(sys.courtUrl).post('/api/v1/seizures').set('content-type', 'application/json').send('{"caseNumber": "x",').expect(400);
    expect(res.body.message[0]).toMatch(/JSON/);
    expect(res.body).toMatchObject({ statusCode: 400, code: 'request.body_not_json', field: '' });
  });

  it('answers every list-shaped 400 with a code and the field (path) for each problem: nested fields, array items, parameters', async () => {
    const nested = await api(sys.trafficUrl).post('/api/v1/sightings').send({ ...sighting, location: { lat: 'north', lon: 108, extra: 1 } }).expect(400);
    expect(nested.body.errors.map((e: { field: string; code: string }) => `${e.field} ${e.code}`).sort()).toEqual(['location.extra validation.unknown_field', 'location.lat validation.not_latitude']);
    expect(nested.body).toMatchObject({ code: 'validation.failed', params: { count: 2 } });
    const limit = await api(sys.courtUrl).get('/api/v1/alerts?limit=abc').expect(400);
    expect(limit.body).toMatchObject({ message: ['limit must be a whole number from 1 to 1000'], code: 'validation.int_range', field: 'limit', params: { field: 'limit', min: 1, max: 1000 } });
    const id = await api(sys.courtUrl).get('/api/v1/alerts/not-a-uuid').expect(400);
    expect(id.body).toMatchObject({ message: ['id must be a UUID'], code: 'validation.not_uuid', field: 'id' });
    const open = await api(sys.courtUrl).get('/api/v1/alerts?open=banana').expect(400);
    expect(open.body).toMatchObject({ code: 'validation.not_boolean', field: 'open' });
    const repeated = await api(sys.courtUrl).get('/api/v1/alerts?team=a&team=b').expect(400);
    expect(repeated.body).toMatchObject({ code: 'request.repeated', field: 'team', params: { times: 2 } });
    const route = await api(sys.courtUrl).get('/api/v1/no-such-thing').expect(404);
    expect(route.body).toMatchObject({ code: 'request.route_not_found', field: '', params: { method: 'GET', path: '/api/v1/no-such-thing' } });
    const noBody = await api(sys.trafficUrl).post('/api/v1/watchlist/reconcile').send({ force: true }).expect(400);
    expect(noBody.body).toMatchObject({ code: 'request.body_not_expected', params: { fields: 'force' } });
  });

  it('answers 403 with auth.no_roles for a key that has no roles left, naming what it needs', async () => {
    const created = await api(sys.trafficUrl).post('/api/v1/admin/api-keys').send({ name: 'feed-without-roles', roles: ['traffic_system'] }).expect(201);
    await sys.db.query(`UPDATE traffic.api_keys SET roles = '{}' WHERE id = $1`, [created.body.id]);
    const res = await api(sys.trafficUrl, { 'x-api-key': created.body.key }).post('/api/v1/sightings').send(sighting).expect(403);
    expect(res.body).toMatchObject({ code: 'auth.no_roles', params: { caller: expect.stringContaining('feed-without-roles'), needed: 'admin, traffic_system' } });
    expect(res.body.params.roles).toBeUndefined();
  });

  it('POST /api/v1/seizures/{id}/release answers 404 for an unknown seal and 400 for a malformed id', async () => {
    await api(sys.courtUrl).post('/api/v1/seizures/6f1c2f43-6d55-4f4e-9b8a-9c1d2e3f4a5b/release').send({}).expect(404);
    expect((await api(sys.courtUrl).post('/api/v1/seizures/not-a-uuid/release').send({}).expect(400)).body).toMatchObject({ code: 'validation.not_uuid', field: 'id' });
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
        {
          index: 1,
          eventId: 'r-2',
          errors: [expect.stringContaining('observedAt must be an RFC 3339 timestamp')],
          problems: [{ field: 'observedAt', code: 'validation.not_timestamp', message: expect.stringContaining('observedAt must be'), params: { field: 'observedAt' } }],
        },
        {
          index: 2,
          errors: [expect.stringContaining('location.lat must be a number of degrees from -90 to 90')],
          problems: [{ field: 'location.lat', code: 'validation.not_latitude', message: expect.stringContaining('location.lat must be'), params: { field: 'location.lat' } }],
        },
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
    expect(res.body).toMatchObject({ code: 'validation.failed', field: '[0].observedAt', params: { count: 2 } });
    expect(res.body.errors.map((e: { field: string; code: string }) => [e.field, e.code])).toEqual([
      ['[0].observedAt', 'validation.not_timestamp'],
      ['[1].plate', 'validation.plate_read'],
    ]);
  });

  it('POST /api/v1/sightings rejects an empty array, a non-object item and an oversized batch', async () => {
    expect((await api(sys.trafficUrl).post('/api/v1/sightings').send([]).expect(400)).body).toMatchObject({ message: ['body is an empty array'], code: 'batch.empty', field: '' });
    expect((await api(sys.trafficUrl).post('/api/v1/sightings').send([sighting, 'x']).expect(207)).body.refusals).toEqual([
      { index: 1, errors: ['item must be a JSON object'], problems: [{ field: '', code: 'batch.item_not_object', message: 'item must be a JSON object', params: { field: '' } }] },
    ]);
    expect((await api(sys.trafficUrl).post('/api/v1/sightings').send(['x']).expect(400)).body).toMatchObject({ message: ['[0] must be a JSON object'], code: 'batch.item_not_object', field: '[0]' });
    const tooMany = Array.from({ length: 1001 }, () => sighting);
    const refused = (await api(sys.trafficUrl).post('/api/v1/sightings').send(tooMany).expect(400)).body;
    expect(refused.message[0]).toMatch(/at most 1000/);
    expect(refused).toMatchObject({ code: 'batch.too_many', params: { count: 1001, max: 1000 } });
  });

  it('GET /api/v1/alerts/{id} answers 404 for an unknown alert and the service keeps running', async () => {
    await api(sys.courtUrl).get('/api/v1/alerts/6f1c2f43-6d55-4f4e-9b8a-9c1d2e3f4a5b').expect(404);
    await api(sys.courtUrl).get('/api/v1/alerts?state=bogus').expect(400);
    await api(sys.courtUrl).get('/api/v1/alerts').expect(200);
  });
});
