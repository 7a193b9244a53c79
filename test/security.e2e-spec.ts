import { INestApplication, RequestMethod } from '@nestjs/common';
import { PATH_METADATA, METHOD_METADATA } from '@nestjs/common/constants';
import { ModulesContainer } from '@nestjs/core';
import { ALLOWED_ROLES, hashApiKey, PUBLIC_ENDPOINT } from '@app/platform';
import { randomUUID } from 'node:crypto';
import { api, signedHeaders } from './support/api';
import { eventually } from './support/eventually';
import { startTestSystem, TestSystem } from './support/test-system';
import { entriesOf } from './support/timeline';

const TRAFFIC_SECRET = 'traffic-webhook-secret-for-security-tests';

/**
 * Who may call what, over both real apps: API keys for systems (hashed, scoped, revocable, rate
 * limited), people signed in with tokens carrying their roles, team confinement, signed
 * webhooks, and the append-only audit log.
 */
describe('security: keys, people, roles, limits, audit', () => {
  let sys: TestSystem;

  beforeAll(async () => {
    // Monday 2026-03-02 10:00 in Asia/Shanghai: 李法官 of 防城法庭 is on duty.
    sys = await startTestSystem({ clockStart: '2026-03-02T02:00:00.000Z', trafficEnv: { TRAFFIC_WEBHOOK_SECRET: TRAFFIC_SECRET } });
  });

  afterAll(async () => {
    await sys?.stop();
  });

  const asKey = (url: string, key: string) => api(url, { 'x-api-key': key });
  const asPerson = (token: string) => api(sys.courtUrl, { authorization: `Bearer ${token}` });

  async function issueKey(url: string, name: string, roles: string[], extra: Record<string, unknown> = {}): Promise<{ id: string; key: string }> {
    const { body } = await api(url).post('/api/v1/admin/api-keys').send({ name, roles, ...extra }).expect(201);
    return body;
  }

  /** People by username: a test reuses an account another test made (sign-ins are limited to 20 a minute per address). */
  const people = new Map<string, Promise<{ id: string; token: string }>>();
  function person(username: string, roles: string[], extra: Record<string, unknown> = {}): Promise<{ id: string; token: string }> {
    if (!people.has(username)) people.set(username, signUp(username, roles, extra));
    return people.get(username)!;
  }

  async function signUp(username: string, roles: string[], extra: Record<string, unknown>): Promise<{ id: string; token: string }> {
    const password = `pw-${username}-0123456789`;
    const { body: user } = await api(sys.courtUrl).post('/api/v1/admin/users').send({ username, displayName: username, password, roles, ...extra }).expect(201);
    const { body } = await api(sys.courtUrl, {}).post('/api/v1/auth/login').send({ username, password }).expect(200);
    return { id: user.id, token: body.token };
  }

  /** gateway_http_refusals_total{reason} as /metrics shows it. */
  async function refusals(url: string, reason: string): Promise<number> {
    const text = (await api(url, {}).get('/metrics').expect(200)).text;
    const line = text.split('\n').find((l) => l.startsWith('gateway_http_refusals_total{') && l.includes(`reason="${reason}"`));
    return line ? Number(line.split(' ').at(-1)) : 0;
  }

  let officers: { id: string; badge: string; teamId: string }[];
  const officer = (badge: string) => officers.find((o) => o.badge === badge)!.id;
  let plateSeq = 0;

  async function fangchengAlert(): Promise<{ alertId: string; seizureId: string }> {
    const plate = `桂PS${String(1000 + plateSeq++)}`;
    const { body: seal } = await api(sys.courtUrl)
      .post('/api/v1/seizures')
      .send({ caseNumber: `(2025)桂0603执${7000 + plateSeq}号`, plate, tribunal: '防城法庭', sealedAt: '2026-02-01T00:00:00.000Z' })
      .expect(201);
    await eventually(
      async () => (await api(sys.trafficUrl).post('/api/v1/sightings').send({ plate, cameraId: 'FCG-K07', observedAt: sys.clock.now().toISOString(), eventId: randomUUID() }).expect(200)).body.hits,
      (hits) => hits === 1,
      { what: 'the seal on the watchlist' },
    );
    const alert = await eventually(
      async () => ((await api(sys.courtUrl).get('/api/v1/alerts?open=true').expect(200)).body.items as { id: string; seizureId: string }[]).find((a) => a.seizureId === seal.id),
      Boolean,
      { what: 'the alert' },
    );
    return { alertId: alert!.id, seizureId: seal.id };
  }

  beforeAll(async () => {
    officers = (await api(sys.courtUrl).get('/api/v1/officers').expect(200)).body.items;
  });

  it('answers 401 without credentials and with unknown ones, naming what to send; health and metrics stay open', async () => {
    const none = await api(sys.courtUrl, {}).get('/api/v1/alerts').expect(401);
    expect(none.body.message[0]).toMatch(/authentication required: send an API key \(header X-Api-Key\) or a bearer token/);
    expect(none.body.code).toBe('auth.required');
    await api(sys.trafficUrl, {}).post('/api/v1/sightings').send({ plate: '桂PA2345', cameraId: 'K', observedAt: sys.clock.now().toISOString() }).expect(401);
    expect((await asKey(sys.courtUrl, 'sag_not-a-real-key').get('/api/v1/alerts').expect(401)).body).toMatchObject({ message: ['API key not recognised or revoked'], code: 'auth.api_key_not_recognised' });
    const expired = await asPerson('not.a.token').get('/api/v1/alerts').expect(401);
    expect(expired.body.message[0]).toMatch(/session token invalid or expired/);
    expect(expired.body.code).toBe('auth.session_invalid');
    await api(sys.courtUrl, {}).get('/health/live').expect(200);
    await api(sys.trafficUrl, {}).get('/metrics').expect(200);
    expect(await refusals(sys.courtUrl, 'unauthenticated')).toBeGreaterThanOrEqual(3);
    // The OpenAPI document tells integrators how to authenticate.
    const { body: openapi } = await api(sys.trafficUrl, {}).get('/docs/openapi.json').expect(200);
    expect(openapi.components.securitySchemes).toMatchObject({ apiKey: { type: 'apiKey', in: 'header', name: 'X-Api-Key' }, bearer: { type: 'http', scheme: 'bearer' } });
  });

  it('keys are scoped: the case system registers seals but reads no alerts; a traffic system posts sightings but cannot reconcile or reach the court', async () => {
    const caseSystem = await issueKey(sys.courtUrl, 'case system', ['case_system']);
    const traffic = await issueKey(sys.trafficUrl, '防城港交警卡口平台', ['traffic_system']);
    await asKey(sys.courtUrl, caseSystem.key)
      .post('/api/v1/seizures')
      .send({ caseNumber: '(2025)桂0603执6001号', plate: '桂PK6001', tribunal: '防城法庭' })
      .expect(201);
    const refused = await asKey(sys.courtUrl, caseSystem.key).get('/api/v1/alerts').expect(403);
    expect(refused.body.message[0]).toBe('case system (case_system) may not call alerts.list; it needs one of: admin, dispatcher, duty_director, team_lead, officer, leadership');
    expect(refused.body).toMatchObject({ code: 'auth.role_not_allowed', params: { caller: 'case system', action: 'alerts.list' } });
    await asKey(sys.courtUrl, caseSystem.key).get('/api/v1/admin/api-keys').expect(403);
    await asKey(sys.trafficUrl, traffic.key).post('/api/v1/sightings').send({ plate: '桂PK6001', cameraId: 'FCG-K07', observedAt: sys.clock.now().toISOString() }).expect(200);
    await asKey(sys.trafficUrl, traffic.key).post('/api/v1/watchlist/reconcile').expect(403);
    // Each service keeps its own keys: a traffic key means nothing to the court.
    await asKey(sys.courtUrl, traffic.key).post('/api/v1/seizures').send({ caseNumber: 'x', plate: '桂PK6002' }).expect(401);
    // A key is only as strong as the roles its service gives out.
    const wrong = await api(sys.courtUrl).post('/api/v1/admin/api-keys').send({ name: 'x', roles: ['traffic_system'] }).expect(400);
    expect(wrong.body.message[0]).toMatch(/roles traffic_system cannot be given to a key of this service/);
    expect(wrong.body).toMatchObject({ code: 'api_key.roles_not_allowed', field: 'roles', params: { roles: 'traffic_system' } });
  });

  it('stores keys only as hashes, shows each once, and refuses a revoked key at once', async () => {
    const issued = await issueKey(sys.courtUrl, 'reconciler', ['watchlist_reader']);
    expect(issued.key).toMatch(/^sag_[A-Za-z0-9_-]{32}$/);
    const [row] = await sys.db.query<{ key_hash: string; key_prefix: string }>('SELECT key_hash, key_prefix FROM court.api_keys WHERE id = $1', [issued.id]);
    expect(row.key_hash).toBe(hashApiKey(issued.key));
    expect(issued.key.startsWith(row.key_prefix)).toBe(true);
    const listed = (await api(sys.courtUrl).get('/api/v1/admin/api-keys').expect(200)).body.items.find((k: { id: string }) => k.id === issued.id);
    expect(listed).toMatchObject({ name: 'reconciler', roles: ['watchlist_reader'], revokedAt: null });
    expect(JSON.stringify(listed)).not.toContain(issued.key);

    await asKey(sys.courtUrl, issued.key).get('/api/v1/watchlist-export').expect(200);
    const revoked = (await api(sys.courtUrl).delete(`/api/v1/admin/api-keys/${issued.id}`).expect(200)).body;
    expect(revoked.revokedAt).toBe(sys.clock.now().toISOString());
    await asKey(sys.courtUrl, issued.key).get('/api/v1/watchlist-export').expect(401);
  });

  it('limits requests per key: a key over its budget gets 429 with Retry-After, another key is unaffected', async () => {
    const slow = await issueKey(sys.trafficUrl, 'small camera vendor', ['traffic_system'], { rateLimitPerMinute: 3 });
    const other = await issueKey(sys.trafficUrl, 'other vendor', ['traffic_system']);
    for (let i = 0; i < 3; i++) await asKey(sys.trafficUrl, slow.key).get('/api/v1/checkpoints').expect(200);
    const limited = await asKey(sys.trafficUrl, slow.key).get('/api/v1/checkpoints').expect(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(limited.body.message[0]).toMatch(/rate limit exceeded/);
    await asKey(sys.trafficUrl, other.key).get('/api/v1/checkpoints').expect(200);
    expect(await refusals(sys.trafficUrl, 'rate_limited')).toBe(1);
  });

  it('people sign in with a password and get a token carrying their roles; wrong passwords, tampered, foreign and expired tokens are refused', async () => {
    const { token } = await person('dispatcher1', ['dispatcher']);
    const me = (await asPerson(token).get('/api/v1/auth/me').expect(200)).body;
    expect(me).toMatchObject({ kind: 'user', name: 'dispatcher1', roles: ['dispatcher'] });
    const wrong = await api(sys.courtUrl, {}).post('/api/v1/auth/login').send({ username: 'dispatcher1', password: 'not-the-password' }).expect(401);
    const unknown = await api(sys.courtUrl, {}).post('/api/v1/auth/login').send({ username: 'nobody', password: 'not-the-password' }).expect(401);
    expect(wrong.body.message).toEqual(unknown.body.message);

    const [header, payload, signature] = token.split('.');
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
    const promoted = Buffer.from(JSON.stringify({ ...claims, roles: ['admin'] })).toString('base64url');
    await asPerson(`${header}.${promoted}.${signature}`).get('/api/v1/auth/me').expect(401);

    // Signed with another secret (another deployment): refused.
    const { createHmac } = await import('node:crypto');
    const foreignSig = createHmac('sha256', 'another-deployment-secret-0123456789').update(`${header}.${payload}`).digest('base64url');
    await asPerson(`${header}.${payload}.${foreignSig}`).get('/api/v1/auth/me').expect(401);

    // A shift is 12 hours: the token lapses after that on the service's clock.
    const start = sys.clock.now();
    sys.clock.set(new Date(start.getTime() + 12 * 3600_000 + 1000));
    try {
      await asPerson(token).get('/api/v1/auth/me').expect(401);
    } finally {
      sys.clock.set(start);
    }
  });

  it('officers and team leads see and act on their own team only; leadership reads but cannot act; reports are for leadership', async () => {
    const { alertId } = await fangchengAlert();
    const lead = await person('huang.dazhai', ['team_lead', 'officer'], { officerId: officer('FC-2001') });
    const fcOfficer = await person('li.fangcheng', ['team_lead', 'officer'], { officerId: officer('FC-1001') });
    const leader = await person('yuan.leader', ['leadership']);
    const dispatcher = await person('desk2', ['dispatcher']);

    const dazhaiView = (await asPerson(lead.token).get('/api/v1/alerts?open=true').expect(200)).body.items as { id: string; team: { id: string } }[];
    expect(dazhaiView.map((a) => a.team.id).filter((t) => t !== 'dazhai')).toEqual([]);
    await asPerson(lead.token).get('/api/v1/alerts?team=fangcheng').expect(403);
    await asPerson(lead.token).get(`/api/v1/alerts/${alertId}`).expect(403);
    const foreign = await asPerson(lead.token).post(`/api/v1/alerts/${alertId}/acknowledge`).send({}).expect(403);
    expect(foreign.body.message[0]).toBe("huang.dazhai belongs to team dazhai and may not act on team fangcheng's alert");
    // Nor by naming someone else as the acting officer, nor without being a roster officer at all.
    await asPerson(fcOfficer.token).post(`/api/v1/alerts/${alertId}/acknowledge`).send({ officerId: officer('FC-0001') }).expect(403);
    const unlinked = await person('no.roster', ['officer'], { teamId: 'fangcheng' });
    const refused = await asPerson(unlinked.token).post(`/api/v1/alerts/${alertId}/acknowledge`).send({ officerId: officer('FC-1001') }).expect(403);
    expect(refused.body.message).toEqual(['no.roster is not linked to a roster officer; an admin sets officerId on the account']);

    await asPerson(leader.token).get(`/api/v1/alerts/${alertId}`).expect(200);
    await asPerson(leader.token).post(`/api/v1/alerts/${alertId}/acknowledge`).send({}).expect(403);
    await asPerson(leader.token).get('/api/v1/reports?period=day&start=2026-03-02').expect(200);
    await asPerson(dispatcher.token).get('/api/v1/reports?period=day&start=2026-03-02').expect(403);

    const acked = (await asPerson(fcOfficer.token).post(`/api/v1/alerts/${alertId}/acknowledge`).send({ note: '收到' }).expect(200)).body;
    expect(acked.state).toBe('acknowledged');
    expect(entriesOf(acked, 'acknowledged')).toEqual([expect.objectContaining({ actor: `officer:${officer('FC-1001')}` })]);
  });

  it('scopes what people read to their role: team-bound roles see their team\'s seals only, phone numbers go to those who dispatch', async () => {
    const { seizureId } = await fangchengAlert();
    const { body: dazhaiSeal } = await api(sys.courtUrl)
      .post('/api/v1/seizures')
      .send({ caseNumber: '(2025)桂0603执7801号', plate: '桂PS7801', tribunal: '大寨法庭', ownerName: '黄某' })
      .expect(201);
    const lead = await person('huang.dazhai', ['team_lead', 'officer'], { officerId: officer('FC-2001') });
    const fcOfficer = await person('chen.scope', ['officer'], { officerId: officer('FC-1002') });
    const fcLead = await person('li.fangcheng', ['team_lead', 'officer'], { officerId: officer('FC-1001') });
    const dispatcher = await person('desk2', ['dispatcher']);
    await api(sys.courtUrl).patch(`/api/v1/officers/${officer('FC-1002')}`).send({ phone: '+86 139 0000 1002' }).expect(200);
    await api(sys.courtUrl).patch(`/api/v1/officers/${officer('FC-2001')}`).send({ phone: '+86 139 0000 2001' }).expect(200);

    // Seals: a team lead of 大寨 lists 大寨's seals only; another team's seal is not found.
    const seen = (await asPerson(lead.token).get('/api/v1/seizures?limit=1000').expect(200)).body.items as { id: string; tribunal: string | null }[];
    expect(seen.map((s) => s.id)).toContain(dazhaiSeal.id);
    expect(seen.filter((s) => s.tribunal !== '大寨法庭')).toEqual([]);
    await asPerson(lead.token).get(`/api/v1/seizures/${seizureId}`).expect(404);
    expect((await asPerson(lead.token).get('/api/v1/seizures/expiring?withinDays=730').expect(200)).body.items.filter((s: { tribunal: string }) => s.tribunal !== '大寨法庭')).toEqual([]);
    expect((await asPerson(dispatcher.token).get('/api/v1/seizures?limit=1000').expect(200)).body.items.map((s: { id: string }) => s.id)).toEqual(expect.arrayContaining([seizureId, dazhaiSeal.id]));

    // Phones: an officer sees none, a team lead their own team's, the desk everybody's (lists and on-duty alike).
    const phones = async (token: string, path = '/api/v1/officers') =>
      Object.fromEntries(((await asPerson(token).get(path).expect(200)).body.items as { badge: string; phone: string | null }[]).map((o) => [o.badge, o.phone]));
    expect(await phones(fcOfficer.token)).toMatchObject({ 'FC-1002': null, 'FC-2001': null });
    expect(await phones(fcLead.token)).toMatchObject({ 'FC-1002': '+86 139 0000 1002', 'FC-2001': null });
    expect(await phones(dispatcher.token)).toMatchObject({ 'FC-1002': '+86 139 0000 1002', 'FC-2001': '+86 139 0000 2001' });
    const onDuty = (await asPerson(fcOfficer.token).get('/api/v1/roster/on-duty').expect(200)).body.teams.flatMap((t: { officers: { phone: string | null }[] }) => t.officers);
    expect(onDuty.filter((o: { phone: string | null }) => o.phone !== null)).toEqual([]);
  });

  it('silences follow the same confinement as alert actions: own team\'s seals only, as one\'s own roster officer', async () => {
    const { seizureId } = await fangchengAlert();
    const dazhaiLead = await person('huang.dazhai', ['team_lead', 'officer'], { officerId: officer('FC-2001') });
    const fcLead = await person('li.fangcheng', ['team_lead', 'officer'], { officerId: officer('FC-1001') });
    const silence = { minutes: 30, reason: '已联系车主，约定到庭' };

    const foreign = await asPerson(dazhaiLead.token).post(`/api/v1/seizures/${seizureId}/silences`).send(silence).expect(403);
    expect(foreign.body.message).toEqual(["huang.dazhai belongs to team dazhai and may not silence team fangcheng's seal"]);
    const inAnotherName = await asPerson(fcLead.token).post(`/api/v1/seizures/${seizureId}/silences`).send({ ...silence, officerId: officer('FC-2001') }).expect(403);
    expect(inAnotherName.body.message).toEqual([`li.fangcheng acts as their own roster officer, not as officer ${officer('FC-2001')}`]);
    expect(await sys.db.query('SELECT 1 FROM court.silences WHERE seizure_id = $1', [seizureId])).toEqual([]);

    const own = (await asPerson(fcLead.token).post(`/api/v1/seizures/${seizureId}/silences`).send(silence).expect(201)).body;
    expect(own).toMatchObject({ seizureId, createdBy: `officer:${officer('FC-1001')}` });
  });

  it('signing out ends every session of the person, not just the cookie', async () => {
    const first = await person('two.devices', ['dispatcher']);
    const { body: second } = await api(sys.courtUrl, {}).post('/api/v1/auth/login').send({ username: 'two.devices', password: 'pw-two.devices-0123456789' }).expect(200);
    expect((await asPerson(second.token).get('/api/v1/auth/me').expect(200)).body).toMatchObject({ name: 'two.devices', displayName: 'two.devices' });
    const out = await asPerson(first.token).post('/api/v1/auth/logout').expect(204);
    expect(out.headers['set-cookie']?.[0]).toMatch(/^sag_session=;/);
    await asPerson(first.token).get('/api/v1/auth/me').expect(401);
    await asPerson(second.token).get('/api/v1/auth/me').expect(401);
    const { body: again } = await api(sys.courtUrl, {}).post('/api/v1/auth/login').send({ username: 'two.devices', password: 'pw-two.devices-0123456789' }).expect(200);
    await asPerson(again.token).get('/api/v1/auth/me').expect(200);
  });

  it('a disabled account stops working on its next request, before its token expires', async () => {
    const { id, token } = await person('temp.clerk', ['dispatcher']);
    await asPerson(token).get('/api/v1/alerts').expect(200);
    await api(sys.courtUrl).patch(`/api/v1/admin/users/${id}`).send({ disabled: true }).expect(200);
    await asPerson(token).get('/api/v1/alerts').expect(401);
    await api(sys.courtUrl).patch(`/api/v1/admin/users/${id}`).send({ disabled: false, roles: ['leadership'] }).expect(200);
    // Enabled again, the account signs in afresh: what it held before it was disabled stays ended.
    await asPerson(token).get('/api/v1/alerts').expect(401);
    const { body: again } = await api(sys.courtUrl, {}).post('/api/v1/auth/login').send({ username: 'temp.clerk', password: 'pw-temp.clerk-0123456789' }).expect(200);
    // Roles are read afresh too: now leadership, no longer a dispatcher.
    await asPerson(again.token).post('/api/v1/seizures').send({ caseNumber: '(2025)桂0603执6101号', plate: '桂PK6101' }).expect(403);
    // A roles change alone keeps the session; a new password set by an admin ends it.
    await api(sys.courtUrl).patch(`/api/v1/admin/users/${id}`).send({ roles: ['dispatcher'] }).expect(200);
    await asPerson(again.token).get('/api/v1/alerts').expect(200);
    await api(sys.courtUrl).patch(`/api/v1/admin/users/${id}`).send({ password: 'a-new-password-2026-12' }).expect(200);
    await asPerson(again.token).get('/api/v1/alerts').expect(401);
  });

  it('refuses unsigned, forged, stale and replayed interception outcomes from the traffic side', async () => {
    const path = `/api/v1/interceptions/${randomUUID()}/outcome`;
    const raw = JSON.stringify({ result: 'stopped' });
    const send = (headers: Record<string, string>) => api(sys.trafficUrl).post(path).set(headers).send(raw);
    await send({ 'content-type': 'application/json' }).expect(401);
    const forged = signedHeaders('not-the-secret', path, raw, sys.clock.now());
    const forgedAnswer = await send(forged).expect(401);
    expect(forgedAnswer.body.message[0]).toMatch(/X-Signature does not match/);
    expect(forgedAnswer.body.code).toBe('auth.signature_invalid');
    await send(signedHeaders(TRAFFIC_SECRET, path, raw, new Date(sys.clock.now().getTime() - 10 * 60_000))).expect(401);
    // Signed for another interception: the path is part of what is signed.
    const other = signedHeaders(TRAFFIC_SECRET, `/api/v1/interceptions/${randomUUID()}/outcome`, raw, sys.clock.now());
    await send(other).expect(401);
    const good = signedHeaders(TRAFFIC_SECRET, path, raw, sys.clock.now());
    await send(good).expect(404); // authentic, but no such interception
    expect((await send(good).expect(401)).body).toMatchObject({ message: ['this signed request was already received (replayed)'], code: 'auth.signature_replayed' });
  });

  it('keeps an append-only audit log of who did what to which seal and alert, refusals included, plates masked, for admins only', async () => {
    const caseSystem = await issueKey(sys.courtUrl, 'case system B', ['case_system']);
    const { body: seal } = await asKey(sys.courtUrl, caseSystem.key)
      .post('/api/v1/seizures')
      .send({ caseNumber: '(2025)桂0603执6201号', plate: '桂PK6201', tribunal: '防城法庭' })
      .expect(201);
    const clerk = await person('clerk.release', ['dispatcher']);
    await asPerson(clerk.token).post(`/api/v1/seizures/${seal.id}/release`).send({ reason: '已履行' }).expect(200);
    // A plate typed into free text, a path or a query is masked like a plate field (found by a black-box probe).
    await asPerson(clerk.token).post(`/api/v1/seizures/${seal.id}/release`).send({ reason: '桂P·K6201 已履行，车 桂pk6201' }).expect(409);
    await asPerson(clerk.token).get(`/api/v1/alerts/${encodeURIComponent('桂PK6201')}?status=${encodeURIComponent('桂PK6201')}`).expect(400);
    const leader = await person('leader.audit', ['leadership']);
    await asPerson(leader.token).post(`/api/v1/seizures/${seal.id}/renew`).send({ expiresAt: '2027-01-01T00:00:00.000Z' }).expect(403);

    const { body } = await api(sys.courtUrl).get(`/api/v1/admin/audit?targetType=seizure&targetId=${seal.id}`).expect(200);
    const entries = (body.items as { action: string; actor: { name: string; kind: string }; outcome: string; status: number; details: { body?: Record<string, unknown> } }[]).reverse();
    expect(entries.map((e) => [e.action, e.actor.kind, e.actor.name, e.outcome, e.status])).toEqual([
      ['seizures.register', 'api_key', 'case system B', 'ok', 201],
      ['seizures.release', 'user', 'clerk.release', 'ok', 200],
      ['seizures.release', 'user', 'clerk.release', 'refused', 409],
      ['seizures.renew', 'user', 'leader.audit', 'denied', 403],
    ]);
    expect(entries[0].details.body).toMatchObject({ plate: '桂P****1', caseNumber: '(2025)桂0603执6201号' });
    const whole = await sys.db.query(`SELECT path, target_id, details FROM court.audit_log WHERE path || coalesce(target_id, '') || coalesce(details::text, '') ~* 'K.?6201'`);
    expect(whole).toEqual([]);

    const logins = (await api(sys.courtUrl).get('/api/v1/admin/audit?action=session.login&actor=clerk.release').expect(200)).body.items;
    expect(logins[0].details.body).toEqual({ username: 'clerk.release', password: '[redacted]' });

    await asPerson(leader.token).get('/api/v1/admin/audit').expect(403);
    await expect(sys.db.query('UPDATE court.audit_log SET actor_name = $1', ['someone else'])).rejects.toThrow(/audit_log is append-only: UPDATE/);
    await expect(sys.db.query('DELETE FROM court.audit_log')).rejects.toThrow(/audit_log is append-only: DELETE/);
  });

  it('audits every refusal of a signed-in caller, whatever refused it (before routing, the guard, validation, the handler), with hostile text made safe', async () => {
    const clerk = await person('desk2', ['dispatcher']);
    const trafficKey = await issueKey(sys.trafficUrl, 'feed refused', ['traffic_system']);
    type Refusal = [what: string, app: 'court' | 'traffic', method: 'get' | 'post' | 'put', path: string, body: string | undefined, status: number, action: string, outcome: string];
    const refusals: Refusal[] = [
      ['a lone surrogate in the body', 'court', 'post', '/api/v1/seizures', '{"caseNumber":"(2025)桂0603执6301号","plate":"桂PK6301","ownerName":"王\\ud800"}', 400, 'request.refused_before_routing', 'refused'],
      ['a NUL in the path', 'court', 'put', '/api/v1/teams/a%00b/base', '{"lat":21.7,"lon":108.3}', 400, 'request.refused_before_routing', 'refused'],
      ['a NUL in the query', 'court', 'get', '/api/v1/officers?team=a%00b', undefined, 400, 'request.refused_before_routing', 'refused'],
      ['a repeated query parameter', 'court', 'get', '/api/v1/officers?team=a&team=b', undefined, 400, 'request.refused_before_routing', 'refused'],
      ['broken JSON', 'court', 'post', '/api/v1/seizures', '{"caseNumber":', 400, 'request.refused_before_routing', 'refused'],
      ['an invalid body', 'court', 'post', '/api/v1/seizures', '{"caseNumber":"x","plate":"桂PK6301"}', 400, 'seizures.register', 'refused'],
      ['a read of an unknown alert', 'court', 'get', `/api/v1/alerts/${randomUUID()}`, undefined, 404, 'alerts.get', 'refused'],
      ['a role it lacks', 'court', 'post', '/api/v1/admin/users', '{}', 403, 'users.create', 'denied'],
      ['a read from 2099 on a data feed', 'traffic', 'post', '/api/v1/sightings', '{"plate":"桂PK6301","cameraId":"K1","observedAt":"2099-01-01T00:00:00Z"}', 400, 'sightings.intake', 'refused'],
    ];
    for (const [what, app, method, path, body, status, action, outcome] of refusals) {
      const correlationId = `refusal-${randomUUID()}`;
      const caller = app === 'court' ? asPerson(clerk.token) : asKey(sys.trafficUrl, trafficKey.key);
      let req = caller[method](path).set('x-correlation-id', correlationId);
      if (body !== undefined) req = req.set('content-type', 'application/json').send(body);
      const res = await req;
      const rows = await sys.db.query<{ action: string; actor_name: string; status: number; outcome: string; details: { error?: string[] } }>(
        `SELECT action, actor_name, status, outcome, details FROM ${app === 'court' ? 'court' : 'traffic'}.audit_log WHERE correlation_id = $1`,
        [correlationId],
      );
      expect({ what, status: res.status, rows: rows.map((r) => [r.action, r.actor_name, r.status, r.outcome]) }).toEqual({
        what,
        status,
        rows: [[action, app === 'court' ? 'desk2' : 'feed refused', status, outcome]],
      });
      expect(rows[0].details.error).toEqual(res.body.message);
    }
    // Anonymous refusals are not kept: anyone could flood the log with them.
    const anonymous = `refusal-${randomUUID()}`;
    await api(sys.courtUrl, {}).get('/api/v1/officers?team=a%00b').set('x-correlation-id', anonymous).expect(400);
    expect(await sys.db.query('SELECT 1 FROM court.audit_log WHERE correlation_id = $1', [anonymous])).toEqual([]);
  });

  it('every HTTP endpoint of both apps declares who may call it (closed by default)', () => {
    const matrix: string[] = [];
    const undeclared: string[] = [];
    for (const [name, app] of [['court-gateway', sys.court], ['traffic-adapter', sys.traffic]] as [string, INestApplication][]) {
      for (const module of app.get(ModulesContainer).values()) {
        for (const { metatype } of module.controllers.values()) {
          if (!metatype) continue;
          const base = Reflect.getMetadata(PATH_METADATA, metatype) as string | undefined;
          for (const key of Object.getOwnPropertyNames(metatype.prototype)) {
            const handler = metatype.prototype[key];
            const path = typeof handler === 'function' ? (Reflect.getMetadata(PATH_METADATA, handler) as string | undefined) : undefined;
            if (path === undefined || Reflect.getMetadata(METHOD_METADATA, handler) === undefined) continue;
            const route = `${name} ${RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as number]} /${[base, path].filter((p) => p && p !== '/').join('/')}`;
            const isPublic = Reflect.getMetadata(PUBLIC_ENDPOINT, handler) ?? Reflect.getMetadata(PUBLIC_ENDPOINT, metatype);
            const roles = (Reflect.getMetadata(ALLOWED_ROLES, handler) ?? Reflect.getMetadata(ALLOWED_ROLES, metatype)) as string[] | undefined;
            if (!isPublic && !roles) undeclared.push(route);
            matrix.push(`${route}: ${isPublic ? 'public' : [...new Set(['admin', ...(roles ?? [])])].join(', ')}`);
          }
        }
      }
    }
    console.log(`security: ${matrix.length} endpoints\n${matrix.join('\n')}`);
    expect(undeclared).toEqual([]);
    expect(matrix.length).toBeGreaterThan(50);
  });
});
