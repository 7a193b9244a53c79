import { DeadLetterHeader, deadLetterTopic, EventType, Topic } from '@app/contracts';
import { Kafka, logLevel, Producer } from 'kafkajs';
import { randomUUID } from 'node:crypto';
import { api } from './support/api';
import { eventually } from './support/eventually';
import { startTestSystem, TestSystem } from './support/test-system';

/**
 * Hostile and malformed input against both apps, over HTTP and Kafka: each case gets a clear
 * 4xx naming what is wrong (or a dead-letter entry with its reason), nothing is written, the
 * services keep running, and valid input sent afterwards still goes through. The last test
 * prints how many cases were tried (forged and replayed signatures are in security.e2e-spec).
 */
describe('hostile input: every case refused clearly, nothing written, nothing valid lost', () => {
  let sys: TestSystem;
  let kafka: Kafka;
  let producer: Producer;
  let httpCases = 0;
  let kafkaCases = 0;

  beforeAll(async () => {
    sys = await startTestSystem({ clockStart: '2026-03-02T02:00:00.000Z' });
    kafka = new Kafka({ clientId: 'hostile-input-test', brokers: sys.kafka.brokers, logLevel: logLevel.NOTHING });
    producer = kafka.producer();
    await producer.connect();
  });

  afterAll(async () => {
    await producer?.disconnect();
    await sys?.stop();
  });

  const count = async (table: string) => (await sys.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`))[0].n;
  const seal = { caseNumber: '(2025)桂0603执2468号', plate: '桂PA2468', tribunal: '防城法庭' };
  /** What a refused request must not have changed: row counts, and the roster's content. */
  const written = async () => ({
    seals: await count('court.seizures'),
    outbox: await count('court.outbox'),
    hits: await count('traffic.hits'),
    checkpoints: await count('traffic.checkpoints'),
    teams: (await sys.db.query<{ t: string }>(`SELECT string_agg(id || ':' || name || ':' || coalesce(base_lat::text, '-'), ',' ORDER BY id) AS t FROM court.teams`))[0].t,
    shifts: (await sys.db.query<{ t: string }>(`SELECT string_agg(officer_id || ':' || coalesce(label, '-') || ':' || start_local, ',' ORDER BY id) AS t FROM court.duty_shifts`))[0].t,
    jurisdictions: await count('court.jurisdictions'),
    rotations: await count('court.duty_rotations'),
    overrides: await count('court.duty_overrides'),
  });
  const csvHeader = 'team_id,badge,label,weekdays,start_local,end_local\n';
  const read = { plate: '桂PA2468', cameraId: 'FCG-K07', observedAt: '2026-03-02T10:00:00+08:00' };

  type Case = [what: string, app: 'court' | 'traffic', method: 'get' | 'post' | 'put' | 'delete', path: string, body: unknown, status: number, message: RegExp | string];
  const CSV = Symbol('CSV text');
  const csv = (text: string) => ({ [CSV]: text });
  const RAW = Symbol('raw JSON text');
  const raw = (text: string) => ({ [RAW]: text });

  const cases: Case[] = [
    // injection strings: stored parameterised anyway, but refused where a field has a shape
    ['SQL in the case number', 'court', 'post', '/api/v1/seizures', { ...seal, caseNumber: "'; DROP TABLE court.seizures; --" }, 400, 'caseNumber must be a court case number such as (2025)桂0603执1234号'],
    ['HTML in the case number', 'court', 'post', '/api/v1/seizures', { ...seal, caseNumber: '<img src=x onerror=alert(1)>' }, 400, 'caseNumber must be a court case number'],
    ['SQL in the plate', 'court', 'post', '/api/v1/seizures', { ...seal, plate: "桂PA2468' OR '1'='1" }, 400, /^plate /],
    ['SQL in a sighting plate', 'traffic', 'post', '/api/v1/sightings', { ...read, plate: "x' OR 1=1 --" }, 400, /plate/],
    ['an operator object as username', 'court', 'post', '/api/v1/auth/login', { username: { $ne: null }, password: 'x' }, 400, 'username must be a string'],
    ['prototype pollution', 'court', 'post', '/api/v1/seizures', raw(`{"__proto__":{"admin":true},"caseNumber":"(2025)桂0603执2468号","plate":"桂PA2468"}`), 400, 'property __proto__ is not allowed'],
    ['a nested constructor key', 'traffic', 'post', '/api/v1/sightings', [{ ...read, location: { lat: 21.7, lon: 108.3, constructor: { prototype: { admin: true } } } }], 400, 'property [0].location.constructor is not allowed'],
    // look-alike Unicode
    ['a Cyrillic А in the plate', 'court', 'post', '/api/v1/seizures', { ...seal, plate: '桂PА2468' }, 400, /^plate /],
    ['a Greek Α in the plate', 'court', 'post', '/api/v1/seizures', { ...seal, plate: '桂PΑ2468' }, 400, /^plate /],
    ['a right-to-left override in the plate', 'court', 'post', '/api/v1/seizures', { ...seal, plate: '桂PA\u202E2468' }, 400, /^plate /],
    ['a province look-alike (佳 for 桂)', 'court', 'post', '/api/v1/seizures', { ...seal, plate: '佳PA2468' }, 400, /^plate /],
    ['an emoji in a sighting plate', 'traffic', 'post', '/api/v1/sightings', { ...read, plate: '桂PA246😀' }, 400, /plate/],
    ['a NUL character in a camera id', 'traffic', 'post', '/api/v1/sightings', { ...read, cameraId: 'FCG\u0000K07' }, 400, 'cameraId contains a NUL character (U+0000), which no text field may hold'],
    ['a NUL character in an owner name', 'court', 'post', '/api/v1/seizures', { ...seal, ownerName: '王\u0000某' }, 400, 'ownerName contains a NUL character'],
    // impossible dates
    ['29 February in a common year', 'court', 'post', '/api/v1/seizures', { ...seal, sealedAt: '2026-02-29T00:00:00Z' }, 400, 'sealedAt must be an RFC 3339 timestamp'],
    ['month 13', 'court', 'post', '/api/v1/seizures', { ...seal, sealedAt: '2026-13-01T00:00:00Z' }, 400, 'sealedAt must be an RFC 3339 timestamp'],
    ['hour 25', 'traffic', 'post', '/api/v1/sightings', { ...read, observedAt: '2026-03-02T25:00:00Z' }, 400, 'observedAt must be an RFC 3339 timestamp'],
    ['a date as a number', 'traffic', 'post', '/api/v1/sightings', { ...read, observedAt: 1772416800000 }, 400, 'observedAt must be an RFC 3339 timestamp'],
    ['an expiry before the seal', 'court', 'post', '/api/v1/seizures', { ...seal, sealedAt: '2026-03-01T00:00:00Z', expiresAt: '2026-02-01T00:00:00Z' }, 400, /expiresAt/],
    ['an inspection on 31 April', 'traffic', 'post', '/api/v1/inspections', { plate: '桂PA2468', stationId: 'FCG-JC01', stage: 'booked', scheduledAt: '2026-04-31T09:00:00+08:00' }, 400, 'scheduledAt must be an RFC 3339 timestamp'],
    // ISO 8601 forms that are not RFC 3339, and reads from broken clocks: refused saying which, never taken and lost
    ['an ISO week date', 'traffic', 'post', '/api/v1/sightings', { ...read, observedAt: '2026-W05-1' }, 400, 'observedAt must be an RFC 3339 timestamp'],
    ['an ISO basic-format time', 'traffic', 'post', '/api/v1/sightings', { ...read, observedAt: '20260301T081500Z' }, 400, 'observedAt must be an RFC 3339 timestamp'],
    ['a time without an offset', 'traffic', 'post', '/api/v1/sightings', { ...read, observedAt: '2026-03-02T10:00:00' }, 400, 'observedAt must be an RFC 3339 timestamp'],
    ['an ISO ordinal date on an inspection', 'traffic', 'post', '/api/v1/inspections', { plate: '桂PA2468', stationId: 'FCG-JC01', stage: 'arrived', scheduledAt: '2026-032' }, 400, 'scheduledAt must be an RFC 3339 timestamp'],
    ['a read from 2099', 'traffic', 'post', '/api/v1/sightings', { ...read, observedAt: '2099-03-02T10:00:00+08:00' }, 400, /^observedAt 2099-03-02T02:00:00.000Z is more than 5 minute\(s\) in the future/],
    // (a batch whose other reads are good takes them and answers 207 naming this one: bad-input.e2e-spec)
    ['a read from 1970 in a batch', 'traffic', 'post', '/api/v1/sightings', [{ ...read, observedAt: '1970-01-01T00:00:00Z' }], 400, /^\[0\]\.observedAt 1970-01-01T00:00:00.000Z is older than the 90-day hit retention window/],
    ['an inspection arrival next year', 'traffic', 'post', '/api/v1/inspections', { plate: '桂PA2468', stationId: 'FCG-JC01', stage: 'arrived', scheduledAt: '2027-03-02T10:00:00+08:00' }, 400, /^scheduledAt .* in the future/],
    ['an ISO week date as sealedAt', 'court', 'post', '/api/v1/seizures', { ...seal, sealedAt: '2026-W05-1' }, 400, 'sealedAt must be an RFC 3339 timestamp'],
    ['an ordinal date as a renewal expiry', 'court', 'post', '/api/v1/seizures/6f1c2f43-6d55-4f4e-9b8a-9c1d2e3f4a5b/renew', { expiresAt: '2027-032' }, 400, 'expiresAt must be an RFC 3339 timestamp'],
    // numbers as text are refused, not coerced (nor stored as text)
    ['a latitude as text in a read', 'traffic', 'post', '/api/v1/sightings', { ...read, location: { lat: '21.7', lon: 108.3 } }, 400, 'location.lat must be a number of degrees from -90 to 90'],
    ['a longitude as text on a checkpoint', 'traffic', 'put', '/api/v1/checkpoints/FCG-K98', { name: 'K98', lat: 21.7, lon: '108.3' }, 400, 'lon must be a number of degrees from -180 to 180'],
    ['a latitude as text on a team base', 'court', 'put', '/api/v1/teams/fangcheng/base', { lat: '21.7', lon: 108.3 }, 400, 'lat must be a number of degrees from -90 to 90'],
    // text that is not text: NUL and lone surrogates anywhere in a body
    ['a lone surrogate in an owner name', 'court', 'post', '/api/v1/seizures', raw(`{"caseNumber":"(2025)桂0603执2468号","plate":"桂PA2468","ownerName":"王\\ud800某"}`), 400, 'ownerName contains a lone surrogate (U+D800), which is not text'],
    // the 500s: dates the validator took but Date could not parse, impossible dates, NUL in paths and queries, non-numeric ids
    ['an ISO week date on a roster override', 'court', 'post', '/api/v1/roster/overrides', { kind: 'leave', officerId: randomUUID(), startsAt: '2026-W10-1', endsAt: '2026-03-10T00:00:00Z' }, 400, 'startsAt must be an RFC 3339 timestamp'],
    ['30 February as a rotation anchor', 'court', 'post', '/api/v1/roster/rotations', { teamId: 'fangcheng', name: 'r', officerIds: [randomUUID()], period: 'day', anchorDate: '2026-02-30', weekdays: [1], startLocal: '08:00', endLocal: '20:00' }, 400, 'anchorDate must be a calendar date YYYY-MM-DD that exists'],
    ['0000-00-00 as a rotation anchor', 'court', 'post', '/api/v1/roster/rotations', { teamId: 'fangcheng', name: 'r', officerIds: [randomUUID()], period: 'day', anchorDate: '0000-00-00', weekdays: [1], startLocal: '08:00', endLocal: '20:00' }, 400, 'anchorDate must be a calendar date'],
    ['30 February as a report start', 'court', 'get', '/api/v1/reports?period=month&start=2026-02-30', undefined, 400, 'start must be a calendar date YYYY-MM-DD that exists'],
    ['30 February as a stored report start', 'court', 'get', '/api/v1/reports/stored/day/2026-02-30', undefined, 400, 'start must be a calendar date YYYY-MM-DD that exists'],
    ['an instant beyond Date on on-duty', 'court', 'get', '/api/v1/roster/on-duty?at=-271821-04-20T00:00:00Z', undefined, 400, 'at must be an RFC 3339 timestamp'],
    ['a NUL in a team path', 'court', 'put', '/api/v1/teams/a%00b/base', { lat: 21.7, lon: 108.3 }, 400, 'path segment 4 (a%00b) contains a NUL character'],
    ['a NUL in a team query', 'court', 'get', '/api/v1/officers?team=a%00b', undefined, 400, 'query parameter team contains a NUL character'],
    ['an encoded lone surrogate in a free-text audit query', 'court', 'get', '/api/v1/admin/audit?actor=%ED%A0%80', undefined, 400, 'query part actor=%ED%A0%80 is not valid percent-encoded UTF-8'],
    ['broken percent-encoding in a free-text audit query', 'court', 'get', '/api/v1/admin/audit?targetType=%E0%A4%A', undefined, 400, 'query part targetType=%E0%A4%A is not valid percent-encoded UTF-8'],
    ['a team query that is no team id', 'court', 'get', '/api/v1/roster/shifts?team=%3Cscript%3E', undefined, 400, 'team must be a team id'],
    ['a non-numeric jurisdiction id', 'court', 'delete', '/api/v1/jurisdictions/abc', undefined, 400, 'id must be a positive whole number'],
    ['a jurisdiction id past bigint', 'court', 'delete', '/api/v1/jurisdictions/99999999999999999999', undefined, 400, 'id must be a positive whole number'],
    // numbers out of range are refused, not clamped, on every endpoint that takes one
    ['a limit above its range on alerts', 'court', 'get', '/api/v1/alerts?limit=1001', undefined, 400, 'limit must be a whole number from 1 to 1000'],
    ['a zero limit on seals', 'court', 'get', '/api/v1/seizures?limit=0', undefined, 400, 'limit must be a whole number from 1 to 1000'],
    ['a limit above its range on expiring seals', 'court', 'get', '/api/v1/seizures/expiring?limit=5001', undefined, 400, 'limit must be a whole number from 1 to 5000'],
    ['withinDays 0 on expiring seals', 'court', 'get', '/api/v1/seizures/expiring?withinDays=0', undefined, 400, 'withinDays must be a whole number from 1 to 730'],
    ['a negative limit on dispositions', 'court', 'get', '/api/v1/dispositions/summary?limit=-1', undefined, 400, 'limit must be a whole number from 1 to 500'],
    ['a huge limit on feed health history', 'court', 'get', '/api/v1/feed-health/history?limit=99999999999', undefined, 400, 'limit must be a whole number from 1 to 1000'],
    ['a huge limit on the watchlist export', 'court', 'get', '/api/v1/watchlist-export?limit=1000000', undefined, 400, 'limit must be a whole number from 1 to 5000'],
    // a body where the operation takes none
    ['a body on a delete', 'court', 'delete', '/api/v1/jurisdictions/1', { force: true }, 400, 'this operation takes no request body; send none (found: force)'],
    ['a body on reconcile', 'traffic', 'post', '/api/v1/watchlist/reconcile', { full: true }, 400, 'this operation takes no request body'],
    // control characters: one rule for every free-text field, path and query
    ['a bell in a sighting location name', 'traffic', 'post', '/api/v1/sightings', { ...read, location: { lat: 21.7, lon: 108.3, name: 'K07\u0007' } }, 400, 'location.name contains a control character (U+0007)'],
    ['an escape sequence in an owner name', 'court', 'post', '/api/v1/seizures', { ...seal, ownerName: '王\u001b[2J某' }, 400, 'ownerName contains a control character (U+001B)'],
    ['a C1 control in a vehicle model', 'court', 'post', '/api/v1/seizures', { ...seal, vehicleModel: 'x\u0085y' }, 400, 'contains a control character (U+0085)'],
    ['a line break in a team query', 'court', 'get', '/api/v1/officers?team=a%0Ab', undefined, 400, 'query parameter team contains a control character (U+000A)'],
    ['a control character in a team path', 'court', 'put', '/api/v1/teams/a%01b/base', { lat: 21.7, lon: 108.3 }, 400, 'path segment 4 (a%01b) contains a control character (U+0001)'],
    // create is create
    ['POST /teams with an existing id', 'court', 'post', '/api/v1/teams', { id: 'fangcheng', name: '改名法庭' }, 409, 'team fangcheng or a team named 改名法庭 exists'],
    // roster CSV: a real parser, the JSON API's rules on every field
    ['a formula as a shift label', 'court', 'post', '/api/v1/roster/import', csv(`${csvHeader}fangcheng,FC-1001,=1+2,1,08:00,20:00\n`), 400, 'line 2: label must be empty or one of'],
    ['@SUM as a shift label', 'court', 'post', '/api/v1/roster/import', csv(`${csvHeader}fangcheng,FC-1001,@SUM(1+1),1,08:00,20:00\n`), 400, 'line 2: label must be empty or one of'],
    ['a command as a team id', 'court', 'post', '/api/v1/roster/import', csv(`${csvHeader}+cmd|' /C calc'!A0,FC-1001,day,1,08:00,20:00\n`), 400, 'line 2: team_id must be'],
    ['a quoted HYPERLINK as a label', 'court', 'post', '/api/v1/roster/import', csv(`${csvHeader}fangcheng,FC-1001,"=HYPERLINK(""http://x"",""y"")",1,08:00,20:00\n`), 400, 'line 2: label must be empty or one of'],
    ['banana as a label', 'court', 'post', '/api/v1/roster/import', csv(`${csvHeader}fangcheng,FC-1001,banana,1,08:00,20:00\n`), 400, 'line 2: label must be empty or one of'],
    ['a 10,000-character label', 'court', 'post', '/api/v1/roster/import', csv(`${csvHeader}fangcheng,FC-1001,${'x'.repeat(10_000)},1,08:00,20:00\n`), 400, 'line 2: label'],
    ['a control character in a label', 'court', 'post', '/api/v1/roster/import', csv(`${csvHeader}fangcheng,FC-1001,da\u0007y,1,08:00,20:00\n`), 400, 'line 2: label must be empty or one of'],
    ['a NUL in a CSV field', 'court', 'post', '/api/v1/roster/import', csv(`${csvHeader}fangcheng,FC-10\u000001,day,1,08:00,20:00\n`), 400, 'line 2: the file contains a NUL character'],
    ['an unclosed quote in the CSV', 'court', 'post', '/api/v1/roster/import', csv(`${csvHeader}"fangcheng,FC-1001,day,1,08:00,20:00\n`), 400, /^line \d+: not valid CSV: a quoted field is never closed/],
    // wrong types
    ['a plate as an array', 'court', 'post', '/api/v1/seizures', { ...seal, plate: ['桂PA2468'] }, 400, 'plate must be a string'],
    ['a confidence as text', 'traffic', 'post', '/api/v1/sightings', { ...read, confidence: '0.9' }, 400, /confidence/],
    ['a confidence above 1', 'traffic', 'post', '/api/v1/sightings', { ...read, confidence: 1.5 }, 400, /confidence/],
    ['a location as text', 'traffic', 'post', '/api/v1/sightings', { ...read, location: 'K07' }, 400, /location/],
    ['a JSON null body', 'court', 'post', '/api/v1/seizures', raw('null'), 400, /./],
    ['a JSON string body', 'court', 'post', '/api/v1/seizures', raw('"桂PA2468"'), 400, /./],
    ['an array where one object goes', 'court', 'post', '/api/v1/seizures', [seal], 400, /./],
    ['a checkpoint latitude as text', 'traffic', 'put', '/api/v1/checkpoints/FCG-K99', { name: 'K99', lat: 'north', lon: 108.3 }, 400, /lat/],
    ['an unknown inspection stage', 'traffic', 'post', '/api/v1/inspections', { plate: '桂PA2468', stationId: 'FCG-JC01', stage: 'done', scheduledAt: '2026-03-03T09:00:00+08:00' }, 400, 'stage must be one of the following values'],
    ['a role nobody has', 'court', 'post', '/api/v1/admin/users', { username: 'x1', displayName: 'x', password: 'long-enough-password', roles: ['god'] }, 400, 'each role must be one of'],
    ['a key with no roles', 'traffic', 'post', '/api/v1/admin/api-keys', { name: 'x', roles: [] }, 400, 'roles must contain at least 1 elements'],
    // sizes
    ['a case number of 10,000 characters', 'court', 'post', '/api/v1/seizures', { ...seal, caseNumber: '执'.repeat(10_000) }, 400, 'caseNumber must be shorter than or equal to 64 characters'],
    ['a body over 1 MB', 'court', 'post', '/api/v1/seizures', { ...seal, ownerName: 'x'.repeat(1_100_000) }, 413, 'body is larger than the allowed size'],
    ['a body over 5 MB on the intake', 'traffic', 'post', '/api/v1/sightings', { ...read, imageUrl: `https://x/${'a'.repeat(5_300_000)}` }, 413, 'body is larger than the allowed size'],
    ['10,000 levels of nesting', 'court', 'post', '/api/v1/seizures', raw(`{"caseNumber":"(2025)桂0603执2468号","plate":"桂PA2468","x":${'['.repeat(10_000)}${']'.repeat(10_000)}}`), 400, 'body is nested deeper than 32 levels'],
    // malformed
    ['truncated JSON', 'traffic', 'post', '/api/v1/sightings', raw('[{"plate":"桂PA2468",'), 400, /in JSON at position 20/],
    ['JSON with a trailing comma', 'court', 'post', '/api/v1/seizures', raw('{"caseNumber":"(2025)桂0603执2468号","plate":"桂PA2468",}'), 400, /in JSON at position \d+/],
  ];

  it.each(cases)('%s (%s %s %s) → %#', async (_what, app, method, path, body, status, message) => {
    httpCases++;
    const before = await written();
    const url = app === 'court' ? sys.courtUrl : sys.trafficUrl;
    const isRaw = body !== null && typeof body === 'object' && RAW in (body as object);
    const isCsv = body !== null && typeof body === 'object' && CSV in (body as object);
    const req = api(url)[method](path);
    const res =
      body === undefined
        ? await req
        : await req.set('content-type', isCsv ? 'text/csv' : 'application/json').send(isCsv ? (body as Record<symbol, string>)[CSV] : isRaw ? (body as Record<symbol, string>)[RAW] : JSON.stringify(body));
    expect({ status: res.status, message: res.body?.message }).toEqual({ status, message: expect.arrayContaining([typeof message === 'string' ? expect.stringContaining(message) : expect.stringMatching(message)]) });
    expect(await written()).toEqual(before);
    expect(({} as Record<string, unknown>).admin).toBeUndefined();
  });

  it('imports a roster CSV as spreadsheets save it and exports it with formulas neutralised', async () => {
    const officers = (await api(sys.courtUrl).get('/api/v1/officers?team=naliang').expect(200)).body.items as { id: string; badge: string }[];
    // Quoted fields, CRLF and a BOM, as LibreOffice saves "quote all text cells".
    const file = '\uFEFF"team_id","badge","label","weekdays","start_local","end_local"\r\n"naliang","FC-3001","day","1|2|3","08:30","17:30"\r\n';
    expect((await api(sys.courtUrl).post('/api/v1/roster/import').set('content-type', 'text/csv').send(file).expect(200)).body).toEqual({ teams: ['naliang'], shifts: 1 });
    // A row written before labels were validated (or by hand in the database) still must not run in a spreadsheet.
    await sys.db.query(`UPDATE court.duty_shifts SET label = '=HYPERLINK("http://evil","x")' WHERE officer_id = $1`, [officers[0].id]);
    const exported = (await api(sys.courtUrl).get('/api/v1/roster/export.csv?team=naliang').expect(200)).text;
    expect(exported).toBe('team_id,badge,label,weekdays,start_local,end_local\nnaliang,FC-3001,"\'=HYPERLINK(""http://evil"",""x"")",1|2|3,08:30,17:30\n');
  });

  it('still registers a valid seal and matches a valid read after all that', async () => {
    const { body } = await api(sys.courtUrl).post('/api/v1/seizures').send(seal).expect(201);
    await eventually(
      async () => (await api(sys.trafficUrl).post('/api/v1/sightings').send({ ...read, eventId: randomUUID() }).expect(200)).body.hits,
      (hits) => hits === 1,
      { what: 'a hit for the valid seal' },
    );
    expect(body.plate).toBe('桂PA2468');
    // Compatibility forms of the same characters (full-width, mathematical bold) are the same plate, not a new seal.
    const again = await api(sys.courtUrl).post('/api/v1/seizures').send({ ...seal, plate: '桂P𝐀２４６８' }).expect(200);
    expect(again.body.id).toBe(body.id);
  });

  const envelope = (type: string, payload: unknown, extra: Record<string, unknown> = {}) =>
    JSON.stringify({ eventId: randomUUID(), type, schemaVersion: 1, occurredAt: new Date().toISOString(), producer: 'hostile-test', payload, ...extra });

  const poison: [what: string, topic: Topic, value: string, reason: RegExp][] = [
    ['not JSON', Topic.Sightings, '{"plate": "桂PA2468"', /^value is not JSON/],
    ['a JSON array', Topic.Sightings, '[1,2,3]', /^value is not a JSON object envelope$/],
    ['an envelope without eventId', Topic.Sightings, JSON.stringify({ type: EventType.SightingReported, schemaVersion: 1, payload: {} }), /^invalid envelope: .*eventId/],
    ['an unknown event type', Topic.Sightings, envelope('SightingTeleported', {}), /^unknown event type SightingTeleported v1$/],
    ['a future schema version', Topic.Sightings, envelope(EventType.SightingReported, { ...read }, { schemaVersion: 99 }), /^unknown event type SightingReported v99$/],
    ['an event on the wrong topic', Topic.Sightings, envelope(EventType.SeizureReleased, { seizureId: randomUUID(), plate: '桂PA2468' }), /does not belong on topic traffic\.sightings\.v1/],
    ['a read with a Cyrillic plate', Topic.Sightings, envelope(EventType.SightingReported, { ...read, plate: '桂PА2468' }), /^invalid SightingReported payload: .*plate|^plate /],
    ['a read with an impossible date', Topic.Sightings, envelope(EventType.SightingReported, { ...read, observedAt: '2026-02-30T10:00:00Z' }), /observedAt/],
    ['a read from 2099', Topic.Sightings, envelope(EventType.SightingReported, { ...read, observedAt: '2099-01-01T00:00:00Z' }), /^observedAt 2099-01-01T00:00:00.000Z is more than 5 minute\(s\) in the future/],
    ['a read from 1970', Topic.Sightings, envelope(EventType.SightingReported, { ...read, observedAt: '1970-01-01T00:00:00Z' }), /^observedAt 1970-01-01T00:00:00.000Z is older than the 90-day/],
    ['a read with an ISO week date', Topic.Sightings, envelope(EventType.SightingReported, { ...read, observedAt: '2026-W10-1' }), /payload\.observedAt must be an RFC 3339 timestamp/],
    ['a read with a lone surrogate', Topic.Sightings, envelope(EventType.SightingReported, { ...read, cameraId: 'K\ud80007' }), /^payload\.cameraId contains a lone surrogate/],
    ['a read with a NUL character', Topic.Sightings, envelope(EventType.SightingReported, { ...read, cameraId: 'K\u000007' }), /^payload\.cameraId contains a NUL character/],
    ['a seal with SQL for a plate', Topic.Seizures, envelope(EventType.SeizureRegistered, { seizureId: randomUUID(), caseNumber: 'x', plate: "'; DROP TABLE traffic.watchlist; --" }), /^invalid SeizureRegistered payload/],
    ['a hit for a seizure id that is not a UUID', Topic.Hits, envelope(EventType.VehicleSighted, { hitId: randomUUID(), seizureId: '1 OR 1=1' }), /^invalid VehicleSighted payload: .*seizureId/],
  ];

  it('sets every malformed Kafka message aside on its dead-letter topic with the reason, and keeps consuming', async () => {
    const topics = [...new Set(poison.map(([, topic]) => topic))];
    const marker = `hostile-${randomUUID()}`;
    for (const [, topic, value] of poison) await producer.send({ topic, messages: [{ key: marker, value }] });
    kafkaCases = poison.length;

    const dead: { topic: string; value: string; reason: string }[] = [];
    const consumer = kafka.consumer({ groupId: `hostile-dlq-${randomUUID()}`, maxWaitTimeInMs: 100 });
    await consumer.connect();
    await consumer.subscribe({ topics: topics.map(deadLetterTopic), fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ topic, message }) => {
        if (message.key?.toString() === marker) dead.push({ topic, value: message.value?.toString() ?? '', reason: message.headers?.[DeadLetterHeader.Reason]?.toString() ?? '' });
      },
    });
    await eventually(async () => dead.length, (n) => n >= poison.length, { what: `${poison.length} dead letters`, timeoutMs: 60_000 });
    await consumer.disconnect();
    for (const [what, topic, value, reason] of poison) {
      const entry = dead.find((d) => d.value === value);
      expect({ what, topic: entry?.topic, reason: entry?.reason }).toEqual({ what, topic: deadLetterTopic(topic), reason: expect.stringMatching(reason) });
    }

    // Nothing was blocked: a valid read sent after the poison on the same topic still makes a hit.
    const hitsBefore = await count('traffic.hits');
    await producer.send({ topic: Topic.Sightings, messages: [{ key: 'FCG-K08', value: envelope(EventType.SightingReported, { ...read, cameraId: 'FCG-K08', observedAt: sys.clock.now().toISOString() }) }] });
    await eventually(() => count('traffic.hits'), (n) => n === hitsBefore + 1, { what: 'the valid read after the poison' });
  });

  it('reports how many hostile cases were tried', () => {
    console.log(`hostile input: ${httpCases} HTTP cases and ${kafkaCases} Kafka messages refused clearly; valid input afterwards went through`);
    expect(httpCases).toBe(cases.length);
    expect(kafkaCases).toBe(poison.length);
  });
});
