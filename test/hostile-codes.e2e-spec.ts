import { api } from './support/api';
import { startTestSystem, TestSystem } from './support/test-system';

/**
 * What the OpenAPI-driven probe (tools/hostile-probe) found, kept: each case with the exact status
 * and code it must get, and nothing written. Before the fixes these were a 500 (null reaching a
 * NOT NULL column), 200s for input that is wrong (an array where one object goes, an unknown
 * plate colour, XML or a form where JSON is read, `?limit[]=`, duplicate roles) and a batch
 * refused whole for one item's NUL.
 */
describe('hostile input the probe found: exact status and code, nothing written', () => {
  let sys: TestSystem;
  let officer: { id: string; name: string; teamId: string; roles: string[] };

  beforeAll(async () => {
    sys = await startTestSystem({ clockStart: '2026-03-02T02:00:00.000Z' });
    officer = (await api(sys.courtUrl).get('/api/v1/officers?team=fangcheng').expect(200)).body.items[0];
  });

  afterAll(async () => {
    await sys?.stop();
  });

  const count = async (table: string) => (await sys.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`))[0].n;
  const seal = { caseNumber: '(2025)桂0603执3579号', plate: '桂PC3579', tribunal: '防城法庭' };
  const read = { plate: '桂PA2468', cameraId: 'FCG-K07', observedAt: '2026-03-02T09:59:00+08:00' };
  const officerRow = async () => (await sys.db.query(`SELECT name, team_id, roles, phone FROM court.officers WHERE id = $1`, [officer.id]))[0];

  it.each([
    ['name', { name: null }],
    ['teamId', { teamId: null }],
    ['roles', { roles: null }],
  ])('PATCH /officers/{id} with %s: null is 400 validation.not_null naming the field (was a 500 from the NOT NULL column), the officer unchanged', async (field, body) => {
    const before = await officerRow();
    const res = await api(sys.courtUrl).patch(`/api/v1/officers/${officer.id}`).send(body).expect(400);
    expect(res.body).toMatchObject({ statusCode: 400, code: 'validation.not_null', field, params: { field } });
    expect(res.body.message).toEqual([`${field} must not be null: leave it out instead`]);
    expect(await officerRow()).toEqual(before);
  });

  it('PATCH /officers/{id} with phone: null removes the phone (the one field where null means something)', async () => {
    await api(sys.courtUrl).patch(`/api/v1/officers/${officer.id}`).send({ phone: '+86 770 1234567' }).expect(200);
    await api(sys.courtUrl).patch(`/api/v1/officers/${officer.id}`).send({ phone: null }).expect(200);
    expect((await officerRow()).phone).toBeNull();
  });

  it('PATCH /officers/{id} with one role 20,000 times is 400 validation.items_repeated', async () => {
    const before = await officerRow();
    const res = await api(sys.courtUrl).patch(`/api/v1/officers/${officer.id}`).send({ roles: Array.from({ length: 20_000 }, () => 'officer') }).expect(400);
    expect(res.body).toMatchObject({ code: 'validation.items_repeated', field: 'roles' });
    expect(await officerRow()).toEqual(before);
  });

  it.each([
    ['XML', 'application/xml', '<officer><name>x</name></officer>', 'application/xml'],
    ['a form', 'application/x-www-form-urlencoded', 'name=x', 'application/x-www-form-urlencoded'],
    ['bytes', 'application/octet-stream', '{"name":"x"}', 'application/octet-stream'],
  ])('PATCH /officers/{id} with %s is 415 request.unsupported_media_type (was 200, the body unread)', async (_what, type, body, named) => {
    const before = await officerRow();
    const res = await api(sys.courtUrl).patch(`/api/v1/officers/${officer.id}`).set('content-type', type).send(body).expect(415);
    expect(res.body).toMatchObject({ statusCode: 415, error: 'Unsupported Media Type', code: 'request.unsupported_media_type', field: '', params: { type: named } });
    expect(await officerRow()).toEqual(before);
  });

  it('POST /seizures as a form is 415, and nothing is written', async () => {
    const res = await api(sys.courtUrl).post('/api/v1/seizures').set('content-type', 'application/x-www-form-urlencoded').send('caseNumber=x&plate=y').expect(415);
    expect(res.body.code).toBe('request.unsupported_media_type');
    expect(await count('court.seizures')).toBe(0);
  });

  it('POST /seizures with a body that is not the gzip it claims is 400 request.body_not_decodable (was request.refused)', async () => {
    const res = await api(sys.courtUrl).post('/api/v1/seizures').set('content-type', 'application/json').set('content-encoding', 'gzip').send(JSON.stringify(seal)).expect(400);
    expect(res.body).toMatchObject({ statusCode: 400, code: 'request.body_not_decodable', field: '' });
    expect(await count('court.seizures')).toBe(0);
  });

  it.each([
    ['a number', 12345],
    ['an unknown colour', 'NOT_A_VALUE'],
    ['an upper-case colour', 'BLUE'],
    ['an empty string', ''],
    ['an object', { a: 1 }],
  ])('POST /seizures with plateColor %s is 400 validation.not_one_of (was registered)', async (_what, plateColor) => {
    const res = await api(sys.courtUrl).post('/api/v1/seizures').send({ ...seal, plateColor }).expect(400);
    expect(res.body).toMatchObject({ code: 'validation.not_one_of', field: 'plateColor', params: { field: 'plateColor', values: expect.stringContaining('blue') } });
    expect(await count('court.seizures')).toBe(0);
    expect(await count('court.outbox')).toBe(0);
  });

  it.each([
    ['/api/v1/sightings', read],
    ['/api/v1/inspections', { plate: '桂PA2468', stationId: 'FCG-JC01', stage: 'arrived', scheduledAt: '2026-03-02T09:59:00+08:00' }],
  ])('POST %s with location as an array of objects is 400 validation.not_object (was taken)', async (path, item) => {
    const res = await api(sys.trafficUrl).post(path).send({ ...item, location: [{ lat: 21.7, lon: 108.3 }] }).expect(400);
    expect(res.body).toMatchObject({ code: 'validation.not_object', field: 'location' });
  });

  it('a batch of sightings takes the good read and refuses, by index and code, an item with an array location, an optional null, a NUL or a control character', async () => {
    const res = await api(sys.trafficUrl)
      .post('/api/v1/sightings')
      .send([
        { ...read, eventId: 'probe-good-1' },
        { ...read, location: [{ lat: 21.7, lon: 108.3 }] },
        { ...read, confidence: null },
        { ...read, cameraId: 'FCG\u0000K07' },
        { ...read, plate: '桂PA\u00072468' },
      ])
      .expect(207);
    expect(res.body).toMatchObject({ received: 1, refused: 4 });
    expect(res.body.refusals.map((r: { index: number; problems: { field: string; code: string }[] }) => [r.index, r.problems.map((p) => `${p.field} ${p.code}`)])).toEqual([
      [1, ['location validation.not_object']],
      [2, ['confidence validation.not_null']],
      [3, ['cameraId request.text_not_storable']],
      [4, ['plate request.control_character']],
    ]);
  });

  it.each([
    ['/api/v1/alerts?limit[]=5', 'limit'],
    ['/api/v1/alerts?state[a]=new', 'state'],
    ['/api/v1/officers?team[]=fangcheng', 'team'],
  ])('GET %s is 400 request.not_text naming the parameter (was 200, the parameter ignored)', async (path, field) => {
    const res = await api(sys.courtUrl).get(path).expect(400);
    expect(res.body).toMatchObject({ code: 'request.not_text', field });
  });

  it.each([
    ['startsAt in year 0', { startsAt: '0000-01-01T00:00:00Z', endsAt: '2026-03-03T12:00:00Z' }, 'startsAt', 'time.too_old'],
    ['startsAt in 1970', { startsAt: '1970-01-01T00:00:00Z', endsAt: '2026-03-03T12:00:00Z' }, 'startsAt', 'time.too_old'],
    ['endsAt in 9999', { startsAt: '2026-03-03T00:00:00Z', endsAt: '9999-12-31T23:59:59Z' }, 'endsAt', 'time.in_future'],
  ])('POST /roster/overrides with %s is 400 %s naming the field (was stored: a leave ruling the roster for ever), nothing written', async (_what, span, field, code) => {
    const before = await count('court.duty_overrides');
    const res = await api(sys.courtUrl).post('/api/v1/roster/overrides').send({ kind: 'leave', officerId: officer.id, ...span }).expect(400);
    expect(res.body).toMatchObject({ code, field });
    expect(await count('court.duty_overrides')).toBe(before);
  });

  it.each([
    ['a shift', '/api/v1/roster/shifts', 'court.duty_shifts', () => ({ officerId: officer.id, startLocal: '08:00', endLocal: '20:00', weekdays: Array.from({ length: 20_000 }, () => 1) })],
    ['a rotation', '/api/v1/roster/rotations', 'court.duty_rotations', () => ({ teamId: officer.teamId, name: '轮班', officerIds: [officer.id], period: 'week', anchorDate: '2026-03-02', startLocal: '08:00', endLocal: '20:00', weekdays: [1, 1] })],
  ])('%s with one weekday repeated is 400 validation.items_repeated naming weekdays (was stored as given), nothing written', async (_what, path, table, body) => {
    const before = await count(table);
    const res = await api(sys.courtUrl).post(path).send(body()).expect(400);
    expect(res.body).toMatchObject({ code: 'validation.items_repeated', field: 'weekdays' });
    expect(await count(table)).toBe(before);
  });

  it('the same shift sent twice at once is stored once: one 201, one 409 roster.shift_exists (both passed the copy check before either was written)', async () => {
    const shift = { officerId: officer.id, startLocal: '03:17', endLocal: '04:41', weekdays: [7] };
    const before = await count('court.duty_shifts');
    const answers = await Promise.all([1, 2, 3].map(() => api(sys.courtUrl).post('/api/v1/roster/shifts').send(shift)));
    expect(answers.map((r) => r.status).sort()).toEqual([201, 409, 409]);
    expect(answers.find((r) => r.status === 409)!.body).toMatchObject({ code: 'roster.shift_exists' });
    expect(await count('court.duty_shifts')).toBe(before + 1);
    await api(sys.courtUrl).delete(`/api/v1/roster/shifts/${answers.find((r) => r.status === 201)!.body.id}`).expect(204);
  });

  it('a rotation of 101 turns is 400 validation.too_many_items naming officerIds (20,000 turns of one officer were stored), nothing written', async () => {
    const before = await count('court.duty_rotations');
    const rotation = { teamId: officer.teamId, name: '轮班', period: 'week', anchorDate: '2026-03-02', startLocal: '08:00', endLocal: '20:00', weekdays: [1] };
    const res = await api(sys.courtUrl).post('/api/v1/roster/rotations').send({ ...rotation, officerIds: Array.from({ length: 101 }, () => officer.id) }).expect(400);
    expect(res.body).toMatchObject({ code: 'validation.too_many_items', field: 'officerIds', params: { max: 100 } });
    expect(await count('court.duty_rotations')).toBe(before);
    // An officer twice in a cycle is a rotation the roster takes.
    await api(sys.courtUrl).post('/api/v1/roster/rotations').send({ ...rotation, officerIds: [officer.id, officer.id] }).expect(201);
  });
});
