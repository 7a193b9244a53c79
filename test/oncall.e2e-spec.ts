// Before any decorated class loads: env classes need their design-type metadata.
import 'reflect-metadata';
import { INestApplication } from '@nestjs/common';
import { loadEnv, verifySignature } from '@app/platform';
import { createServer, get, IncomingMessage, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { api, signedHeaders, TEST_ADMIN_KEY } from './support/api';
import { startCourtGateway } from '../apps/court-gateway/src/bootstrap';
import { CourtGatewayEnv } from '../apps/court-gateway/src/config/court-gateway.env';
import { EscalationService } from '../apps/court-gateway/src/escalation/escalation.service';
import { NotificationsService } from '../apps/court-gateway/src/notifications/notifications.service';
import { eventually } from './support/eventually';
import { watchlistApplied } from './support/watchlist';
import { startTestSystem, TestSystem } from './support/test-system';
import { entriesOf } from './support/timeline';

const MINUTE = 60_000;
const NOTIFY_SECRET = 'notify-secret';
const TRAFFIC_SECRET = 'traffic-secret';

interface Received {
  path: string;
  body: Record<string, unknown>;
  signed: boolean;
}

/**
 * The on-call engine over both apps, the real broker protocol and PostgreSQL, with a local HTTP
 * server standing in for the SMS gateway and the traffic system. Time moves only by the clock.
 */
describe('on-call: routing, roster, lifecycle, SLA, escalation, notifications, interceptions', () => {
  let sys: TestSystem;
  let second: INestApplication;
  let gateway: Server;
  const received: Received[] = [];
  let failNotifications = false;

  beforeAll(async () => {
    gateway = createServer((req, res) => {
      let raw = '';
      req.on('data', (c) => (raw += c));
      req.on('end', () => {
        const secret = req.url === '/traffic' ? TRAFFIC_SECRET : NOTIFY_SECRET;
        const signed = verifySignature(secret, raw, req.headers['x-signature'] as string, req.headers['x-timestamp'] as string, new Date(), 10 * 365 * 86400);
        received.push({ path: req.url ?? '', body: JSON.parse(raw), signed });
        res.statusCode = req.url === '/notify' && failNotifications ? 503 : 200;
        res.end('{}');
      });
    });
    await new Promise<void>((r) => gateway.listen(0, '127.0.0.1', r));
    const base = `http://127.0.0.1:${(gateway.address() as AddressInfo).port}`;
    // Monday 2026-03-02 10:00 in Asia/Shanghai.
    sys = await startTestSystem({
      clockStart: '2026-03-02T02:00:00.000Z',
      courtEnv: { SCHEDULER_ENABLED: 'false', NOTIFY_WEBHOOK_URL: `${base}/notify`, NOTIFY_WEBHOOK_SECRET: NOTIFY_SECRET },
      trafficEnv: { TRAFFIC_WEBHOOK_URL: `${base}/traffic`, TRAFFIC_WEBHOOK_SECRET: TRAFFIC_SECRET },
    });
    // A second court-gateway on the same database, brokers and clock, as in a scaled-out deployment.
    second = await startCourtGateway(loadEnv(CourtGatewayEnv, sys.courtEnv), sys.clock);
    // The second instance joining makes the consumer group rebalance; wait until hits flow again.
    await alertFor({ waitMs: 90_000 });
  }, 150_000);

  afterAll(async () => {
    await second?.close().catch(() => undefined);
    await sys?.stop();
    await new Promise((r) => gateway?.close(r));
  });

  let plateSeq = 0;
  const nextPlate = () => `桂P${'ABCDEFGHJK'[Math.floor(plateSeq / 10) % 10]}${String(1000 + plateSeq++).slice(-4)}`;

  async function officerByBadge(badge: string): Promise<{ id: string; teamId: string }> {
    const { body } = await api(sys.courtUrl).get('/api/v1/officers').expect(200);
    return body.items.find((o: { badge: string }) => o.badge === badge);
  }

  /** Registers a seal, waits for the watchlist, reports a sighting and returns the alert it opened. */
  async function alertFor(options: { tribunal?: string | null; cameraId?: string; livelihood?: boolean; waitMs?: number } = {}) {
    const plate = nextPlate();
    const seal = {
      caseNumber: `(2025)桂0603执${100000 + Math.floor(Math.random() * 900000)}号`, plate, livelihood: options.livelihood ?? false,
      sealedAt: '2026-02-01T00:00:00.000Z', ...(options.tribunal === null ? {} : { tribunal: options.tribunal ?? '防城法庭' }),
    };
    const { body: seizure } = await api(sys.courtUrl).post('/api/v1/seizures').send(seal).expect(201);
    await watchlistApplied(sys.db, sys.trafficUrl, [seizure.id]);
    await sighting(plate, options.cameraId ?? 'FCG-K07');
    const alert = await eventually(async () => (await sys.db.query<{ id: string }>('SELECT id FROM court.alerts WHERE seizure_id = $1', [seizure.id]))[0], Boolean, { what: 'alert', timeoutMs: options.waitMs ?? 20_000 });
    return { seizure, alertId: alert.id, plate };
  }

  async function sighting(plate: string, cameraId: string) {
    await api(sys.trafficUrl)
      .post('/api/v1/sightings')
      .send({ plate, cameraId, observedAt: sys.clock.now().toISOString(), eventId: randomUUID(), confidence: 0.95, location: { lat: 21.7, lon: 108.35, name: cameraId } })
      .expect(200);
  }

  const detail = async (id: string) => (await api(sys.courtUrl).get(`/api/v1/alerts/${id}`).expect(200)).body;
  const act = (id: string, action: string, body: object = {}) => api(sys.courtUrl).post(`/api/v1/alerts/${id}/${action}`).send(body);

  it('routes by jurisdiction, falls back to the seal tribunal, and sends a hit outside every jurisdiction to the command center', async () => {
    await api(sys.courtUrl).post('/api/v1/jurisdictions').send({ teamId: 'dazhai', checkpointPrefix: 'DZ-' }).expect(201);
    await api(sys.courtUrl).post('/api/v1/jurisdictions').send({ teamId: 'dazhai', checkpointPrefix: 'DZ-', extra: 1 }).expect(400);
    await api(sys.courtUrl).post('/api/v1/jurisdictions').send({ teamId: 'dazhai', checkpointPrefix: 'DZ-' }).expect(409);

    const inDazhai = await alertFor({ cameraId: 'DZ-K01' });
    const d1 = await detail(inDazhai.alertId);
    expect(d1).toMatchObject({ team: { id: 'dazhai' }, assignee: { name: '黄法官' } });
    expect(d1.timeline.find((t: { kind: string }) => t.kind === 'assigned').details).toMatchObject({ rule: 'jurisdiction', teamId: 'dazhai' });

    const outsideWithTribunal = await alertFor({ cameraId: 'XX-001' });
    expect(await detail(outsideWithTribunal.alertId)).toMatchObject({ team: { id: 'fangcheng' }, assignee: { name: '李法官' } });

    const outside = await alertFor({ cameraId: 'XX-002', tribunal: null });
    const d3 = await detail(outside.alertId);
    expect(d3).toMatchObject({ team: { id: 'command-center' }, assignee: { name: '张指挥' } });
    expect(d3.routingReason).toContain('outside every jurisdiction');
    expect(d3.timeline.find((t: { kind: string }) => t.kind === 'assigned').details.rule).toBe('command_center');
  });

  it('lets an override beat the rotation in the on-duty answer, and imports and exports the roster as CSV', async () => {
    const a = (await api(sys.courtUrl).post('/api/v1/officers').send({ teamId: 'naliang', name: '覃法警', badge: 'FC-3101', roles: ['officer'] }).expect(201)).body;
    const b = (await api(sys.courtUrl).post('/api/v1/officers').send({ teamId: 'naliang', name: '农法警', badge: 'FC-3102', phone: '13800000000', roles: ['officer'] }).expect(201)).body;
    const taken = await api(sys.courtUrl).post('/api/v1/officers').send({ teamId: 'naliang', name: 'x', badge: 'FC-3101', roles: ['officer'] }).expect(409);
    expect(taken.body).toMatchObject({ code: 'roster.badge_taken', field: 'badge', params: { badge: 'FC-3101' }, message: ['badge FC-3101 is taken'] });
    const nowhere = await api(sys.courtUrl).get('/api/v1/roster/on-duty?team=nowhere').expect(404);
    expect(nowhere.body).toMatchObject({ code: 'roster.team_not_found', field: 'team', params: { id: 'nowhere' } });
    await api(sys.courtUrl).post('/api/v1/officers').send({ teamId: 'naliang', name: 'x', badge: 'FC-3199', roles: ['boss'] }).expect(400);
    await api(sys.courtUrl)
      .post('/api/v1/roster/rotations')
      .send({ teamId: 'naliang', name: 'night', officerIds: [a.id, b.id], period: 'day', anchorDate: '2026-03-02', weekdays: [1, 2, 3, 4, 5, 6, 7], startLocal: '18:00', endLocal: '08:00' })
      .expect(201);
    const onDuty = async (at: string) => {
      const { body } = await api(sys.courtUrl).get(`/api/v1/roster/on-duty?at=${at}&team=naliang`).expect(200);
      return body.teams[0].officers.map((o: { badge: string }) => o.badge);
    };
    // Monday 20:00 local: a's night; Tuesday 20:00: b's.
    expect(await onDuty('2026-03-02T12:00:00.000Z')).toEqual(['FC-3101']);
    expect(await onDuty('2026-03-03T12:00:00.000Z')).toEqual(['FC-3102']);
    // b swaps with a for Monday night: the override wins.
    await api(sys.courtUrl)
      .post('/api/v1/roster/overrides')
      .send({ kind: 'swap', officerId: b.id, replacesOfficerId: a.id, startsAt: '2026-03-02T10:00:00.000Z', endsAt: '2026-03-02T20:00:00.000Z', note: '调班到凌晨4点' })
      .expect(201);
    expect(await onDuty('2026-03-02T12:00:00.000Z')).toEqual(['FC-3102']);
    // 07:30 local on Tuesday: still Monday's night, and the swap ended at 04:00.
    expect(await onDuty('2026-03-02T23:30:00.000Z')).toEqual(['FC-3101']);
    await api(sys.courtUrl).post('/api/v1/roster/overrides').send({ kind: 'swap', officerId: b.id, startsAt: '2026-03-02T10:00:00.000Z', endsAt: '2026-03-03T00:00:00.000Z' }).expect(400);

    const csv = (await api(sys.courtUrl).get('/api/v1/roster/export.csv?team=naliang').expect(200)).text;
    expect(csv.split('\n')[0]).toBe('team_id,badge,label,weekdays,start_local,end_local');
    expect(csv).toContain('naliang,FC-3001,,1|2|3|4|5,08:30,17:30');
    const imported = await api(sys.courtUrl)
      .post('/api/v1/roster/import')
      .set('Content-Type', 'text/csv')
      .send(`${csv.trim()}\nnaliang,FC-3102,lunch,6|7,12:00,14:00\n`)
      .expect(200);
    expect(imported.body).toEqual({ teams: ['naliang'], shifts: 2 });
    // Saturday 13:00 local: the lunchtime cover and nobody else.
    expect(await onDuty('2026-03-07T05:00:00.000Z')).toEqual(['FC-3102']);
    const bad = await api(sys.courtUrl).post('/api/v1/roster/import').set('Content-Type', 'text/csv').send('team_id,badge,label,weekdays,start_local,end_local\nnaliang,NOPE,day,8,25:00,08:00\n').expect(400);
    expect(bad.body.message).toEqual(expect.arrayContaining(['line 2: badge NOPE is unknown', 'line 2: weekdays: each value must not be greater than 7', 'line 2: start_local must be HH:MM']));
  });

  it('escalates an unacknowledged alert exactly once per level at the right minute with two instances running', async () => {
    const lead = (await api(sys.courtUrl).post('/api/v1/officers').send({ teamId: 'fangcheng', name: '刘庭长', badge: 'FC-1900', phone: '13900000000', roles: ['team_lead'] }).expect(201)).body;
    const { alertId } = await alertFor();
    const openedAt = new Date((await detail(alertId)).openedAt).getTime();
    const instances = [sys.court, second].map((app) => app.get(EscalationService));
    const runBoth = async (at: number) => {
      sys.clock.set(new Date(at));
      await Promise.all(instances.map((s) => s.runDueEscalations(new Date(at))));
      await Promise.all(instances.map((s) => s.runSlaChecks(new Date(at))));
    };
    const escalations = () => sys.db.query<{ level: number; target_role: string; escalated_at: Date }>('SELECT level, target_role, escalated_at FROM court.alert_escalations WHERE alert_id = $1 ORDER BY level', [alertId]);

    await runBoth(openedAt + 5 * MINUTE - 1000);
    expect(await escalations()).toEqual([]);
    await runBoth(openedAt + 5 * MINUTE);
    await runBoth(openedAt + 5 * MINUTE);
    expect(await escalations()).toEqual([{ level: 1, target_role: 'team_lead', escalated_at: new Date(openedAt + 5 * MINUTE) }]);
    await runBoth(openedAt + 10 * MINUTE - 1000);
    expect(await escalations()).toHaveLength(1);
    await runBoth(openedAt + 10 * MINUTE);
    await runBoth(openedAt + 10 * MINUTE);
    expect((await escalations()).map((e) => [e.level, e.target_role, e.escalated_at.getTime()])).toEqual([
      [1, 'team_lead', openedAt + 5 * MINUTE],
      [2, 'duty_director', openedAt + 10 * MINUTE],
    ]);

    const escalated = await detail(alertId);
    expect(escalated.escalationLevel).toBe(2);
    const entries = escalated.timeline.filter((t: { kind: string }) => t.kind === 'escalated');
    expect(entries.map((e: { details: { level: number } }) => e.details.level)).toEqual([1, 2]);
    expect(entries[0].details.officers).toEqual([{ id: lead.id, name: '刘庭长', badge: 'FC-1900' }]);
    expect(entries[1].details.officers.map((o: { name: string }) => o.name)).toEqual(['张指挥']);
    expect(escalated.notifications.filter((n: { channel: string }) => n.channel === 'webhook').map((n: { recipient: string }) => n.recipient)).toEqual(
      expect.arrayContaining(['李法官 (FC-1001)', '刘庭长 (FC-1900)', '张指挥 (FC-0001)']),
    );
    const [breach] = await sys.db.query<{ target: string; late_seconds: number }>('SELECT target, late_seconds FROM court.sla_breaches WHERE alert_id = $1', [alertId]);
    // First seen breached by the check at 9:59: 299 s late so far.
    expect(breach).toEqual({ target: 'ack', late_seconds: 299 });

    // Acknowledged at 11:00: escalation stops and the breach records exactly how late.
    sys.clock.set(new Date(openedAt + 11 * MINUTE));
    await act(alertId, 'acknowledge', { officerId: lead.id }).expect(200);
    await runBoth(openedAt + 20 * MINUTE);
    expect(await escalations()).toHaveLength(2);
    const breaches = await sys.db.query('SELECT target, late_seconds FROM court.sla_breaches WHERE alert_id = $1 ORDER BY target', [alertId]);
    expect(breaches).toEqual([{ target: 'ack', late_seconds: 360 }]);

    const metrics = (await api(sys.courtUrl).get('/metrics').expect(200)).text;
    expect(metrics).toMatch(/^court_sla_breaches\{[^}]*target="ack"[^}]*\} [1-9]/m);
    expect(metrics).toMatch(/^court_notifications\{[^}]*channel="webhook"[^}]*\} [1-9]/m);
  });

  it('records a breach on time while other work holds the alert (waits for the row, never skips it)', async () => {
    // A page's delivery marks the alert notified in its own transaction, holding the alert's row
    // while it calls the webhook. The SLA check used to skip such a row (SKIP LOCKED) and record
    // the breach a tick late: 300 s instead of 299 in the test above, under load.
    const { alertId } = await alertFor();
    const openedAt = new Date((await detail(alertId)).openedAt).getTime();
    const holder = new Client({ connectionString: sys.db.url });
    await holder.connect();
    try {
      await holder.query('BEGIN');
      await holder.query('SELECT 1 FROM court.alerts WHERE id = $1 FOR UPDATE', [alertId]);
      const check = second.get(EscalationService).runSlaChecks(new Date(openedAt + 6 * MINUTE));
      // The check is queued behind our lock (seen by the server, no sleeping), then we let go.
      await eventually(
        async () => (await holder.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE pg_backend_pid() = ANY (pg_blocking_pids(pid))`)).rows[0].n,
        (n: number) => n > 0,
        { what: 'the SLA check waiting for the held row' },
      );
      await holder.query('COMMIT');
      await check;
    } finally {
      await holder.end();
    }
    const breaches = await sys.db.query('SELECT target, late_seconds FROM court.sla_breaches WHERE alert_id = $1', [alertId]);
    expect(breaches).toEqual([{ target: 'ack', late_seconds: 60 }]);
  });

  it('puts a breach in the timeline once, also when the late acknowledgement comes before any SLA pass saw it', async () => {
    const { alertId } = await alertFor();
    const d0 = await detail(alertId);
    const li = await officerByBadge('FC-1001');
    // Acknowledged well past the target, with no SLA pass in between: the breach is settled by the action itself.
    sys.clock.set(new Date(new Date(d0.sla.ackDueAt).getTime() + 4 * MINUTE));
    await act(alertId, 'acknowledge', { officerId: li.id }).expect(200);
    await sys.court.get(EscalationService).runSlaChecks(sys.clock.now());
    const breached = (await detail(alertId)).timeline.filter((t: { kind: string }) => t.kind === 'sla_breached');
    expect(breached).toEqual([expect.objectContaining({ details: expect.objectContaining({ target: 'ack', lateSeconds: 240 }) })]);
    expect(await sys.db.query('SELECT target, late_seconds FROM court.sla_breaches WHERE alert_id = $1', [alertId])).toEqual([{ target: 'ack', late_seconds: 240 }]);
  });

  it('records a resolved alert’s SLA figures exactly to the second, with 403 for another team and 409 for invalid transitions', async () => {
    sys.clock.set('2026-03-02T03:00:00.000Z');
    const { alertId, plate } = await alertFor();
    const opened = new Date((await detail(alertId)).openedAt).getTime();
    const huang = await officerByBadge('FC-2001'); // team lead of 大寨, not of 防城
    const li = await officerByBadge('FC-1001');

    const forbidden = await act(alertId, 'acknowledge', { officerId: huang.id }).expect(403);
    expect(forbidden.body.message[0]).toContain('FC-2001');
    await act(alertId, 'dispatch', { officerId: li.id }).expect(409);
    await act(alertId, 'resolve', { outcome: 'seized' }).expect(409);

    sys.clock.set(new Date(opened + 67_000));
    await act(alertId, 'acknowledge', { officerId: li.id }).expect(200);
    await act(alertId, 'verify', { note: '图像比对一致' }).expect(200);
    await act(alertId, 'on-scene', {}).expect(409);
    sys.clock.set(new Date(opened + 3 * MINUTE));
    await act(alertId, 'dispatch', {}).expect(200);
    sys.clock.set(new Date(opened + 21 * MINUTE + 7_000));
    const onScene = (await act(alertId, 'on-scene', {}).expect(200)).body;
    expect(onScene.sla).toMatchObject({ ackSeconds: 67, onSceneSeconds: 1267, onSceneAt: new Date(opened + 1267_000).toISOString() });

    // On scene, another camera read of the car updates the alert and pages nobody.
    const pagesBefore = onScene.notifications.length;
    await sighting(plate, 'FCG-K11');
    const folded = await eventually(() => detail(alertId), (d) => d.hitCount === 2, { what: 'hit folded while on scene' });
    expect(entriesOf(folded, 'hit').at(-1)).toMatchObject({ details: { cameraId: 'FCG-K11', paged: false } });
    expect(folded.notifications).toHaveLength(pagesBefore);

    sys.clock.set(new Date(opened + 45 * MINUTE + 30_000));
    const resolved = (await act(alertId, 'resolve', { outcome: 'seized', note: '已扣押' }).expect(200)).body;
    expect(resolved).toMatchObject({ state: 'resolved', outcome: 'seized', closedAt: new Date(opened + 2730_000).toISOString() });
    expect(resolved.sla).toMatchObject({ ackSeconds: 67, onSceneSeconds: 1267, resolveSeconds: 2730 });
    expect(resolved.timeline.map((t: { kind: string }) => t.kind)).toEqual(expect.arrayContaining(['acknowledged', 'verified', 'dispatched', 'on_scene', 'resolved']));
    const [row] = await sys.db.query('SELECT ack_seconds, on_scene_seconds, resolve_seconds, outcome FROM court.alerts WHERE id = $1', [alertId]);
    expect(row).toEqual({ ack_seconds: 67, on_scene_seconds: 1267, resolve_seconds: 2730, outcome: 'seized' });
    await act(alertId, 'resolve', { outcome: 'seized' }).expect(409);
    await act(alertId, 'resolve', { outcome: 'gone' }).expect(400);
  });

  it('gives a livelihood seal (涉民生) the green-channel priority and its shorter deadlines', async () => {
    const { alertId } = await alertFor({ livelihood: true });
    const d = await detail(alertId);
    const opened = new Date(d.openedAt).getTime();
    expect(d).toMatchObject({ priority: 'livelihood', source: 'checkpoint', match: 'exact' });
    expect(d.sla).toMatchObject({
      ackDueAt: new Date(opened + 3 * MINUTE).toISOString(),
      onSceneDueAt: new Date(opened + 20 * MINUTE).toISOString(),
      onSceneAtRiskAt: new Date(opened + 16 * MINUTE).toISOString(),
    });
  });

  it('rejects a false hit with a reason, closing it as false_hit', async () => {
    const { alertId } = await alertFor();
    await act(alertId, 'reject', { reason: 'photoshop' }).expect(400);
    const rejected = (await act(alertId, 'reject', { reason: 'plate_cloned', note: '套牌' }).expect(200)).body;
    expect(rejected).toMatchObject({ state: 'resolved', outcome: 'false_hit', rejectionReason: 'plate_cloned' });
    const [row] = await sys.db.query('SELECT outcome, rejection_reason FROM court.alerts WHERE id = $1', [alertId]);
    expect(row).toEqual({ outcome: 'false_hit', rejection_reason: 'plate_cloned' });
  });

  it('retries a webhook notification that failed, with backoff, and marks the alert notified once delivered', async () => {
    failNotifications = true;
    const { alertId } = await alertFor();
    const rows = () => sys.db.query<{ status: string; attempts: number; next_attempt_at: Date }>(`SELECT status, attempts, next_attempt_at FROM court.notifications WHERE alert_id = $1 AND channel = 'webhook'`, [alertId]);
    // Counted when claimed, its backoff written once the attempt failed.
    const [failed] = await eventually(rows, (r) => r[0]?.attempts === 1 && r[0].next_attempt_at.getTime() < sys.clock.now().getTime() + 60_000, { what: 'first delivery attempt, failed' });
    expect(failed.status).toBe('pending');
    expect(failed.next_attempt_at.getTime()).toBe(sys.clock.now().getTime() + 10_000);
    failNotifications = false;

    const notifications = sys.court.get(NotificationsService);
    expect(await notifications.deliverDue(sys.clock.now())).toBe(0); // not due yet
    sys.clock.advance(10_000);
    expect(await notifications.deliverDue(sys.clock.now())).toBeGreaterThanOrEqual(1);
    expect((await rows())[0]).toMatchObject({ status: 'delivered', attempts: 2 });

    const d = await detail(alertId);
    expect(d.state).toBe('notified');
    expect(d.notifications.find((n: { channel: string }) => n.channel === 'webhook')).toMatchObject({ status: 'delivered', attempts: 2, recipient: '李法官 (FC-1001)' });
    const sent = received.filter((r) => r.path === '/notify' && r.body.alertId === alertId);
    expect(sent).toHaveLength(2);
    expect(sent.every((r) => r.signed)).toBe(true);
    expect(sent[0].body.plate).not.toContain('·'); // masked plate only
  });

  it('silences a seal: hits land in the timeline, nobody is paged or escalated until the silence expires', async () => {
    const { seizure, alertId } = await alertFor();
    await act(alertId, 'reject', { reason: 'misread' }).expect(200);
    await api(sys.courtUrl).post(`/api/v1/seizures/${seizure.id}/silences`).send({ minutes: 0, reason: 'x' }).expect(400);
    const silence = (await api(sys.courtUrl).post(`/api/v1/seizures/${seizure.id}/silences`).send({ minutes: 30, reason: '和解协商中' }).expect(201)).body;
    expect(silence.endsAt).toBe(new Date(sys.clock.now().getTime() + 30 * MINUTE).toISOString());

    await sighting(seizure.plate, 'FCG-K20');
    const silenced = await eventually(async () => (await sys.db.query<{ id: string }>(`SELECT id FROM court.alerts WHERE seizure_id = $1 AND state = 'open'`, [seizure.id]))[0], Boolean, { what: 'silenced alert' });
    const d = await detail(silenced.id);
    expect(d.silencedUntil).toBe(silence.endsAt);
    expect(d.notifications).toEqual([]);
    expect(d.timeline.map((t: { kind: string }) => t.kind)).toEqual(['opened', 'assigned', 'hit', 'silenced']);

    const escalation = sys.court.get(EscalationService);
    sys.clock.advance(10 * MINUTE);
    await escalation.runDueEscalations(sys.clock.now());
    expect((await detail(silenced.id)).escalationLevel).toBe(0);
    sys.clock.advance(21 * MINUTE);
    await escalation.runDueEscalations(sys.clock.now());
    const after = await detail(silenced.id);
    expect(after.silencedUntil).toBeNull();
    expect(after.escalationLevel).toBe(1);
  });

  it('carries an interception request to the traffic system (signed) and its outcome back into the timeline', async () => {
    const { alertId, plate } = await alertFor();
    const requested = (await act(alertId, 'interceptions', { contactPhone: '13700000000', note: '请在K07拦停' }).expect(200)).body;
    const requests = entriesOf(requested, 'interception_requested');
    expect(requests).toHaveLength(1);
    const [entry] = requests;
    expect(entry).toMatchObject({ kind: 'interception_requested', details: { contactPhone: '13700000000' } });
    const interceptionId = entry.details!.interceptionId as string;

    const delivered = await eventually(async () => received.find((r) => r.path === '/traffic' && r.body.interceptionId === interceptionId), Boolean, { what: 'webhook to the traffic system' });
    expect(delivered!.signed).toBe(true);
    expect(delivered!.body).toMatchObject({ alertId, plate, contactPhone: '13700000000', lastCameraId: 'FCG-K07' });

    // The traffic system signs its answer (path and body, with a timestamp) and sends each signed request once.
    const outcome = (id: string, body: object) => {
      const path = `/api/v1/interceptions/${id}/outcome`;
      const raw = JSON.stringify(body);
      return { path, raw, headers: signedHeaders(TRAFFIC_SECRET, path, raw, sys.clock.now()) };
    };
    const send = (o: ReturnType<typeof outcome>) => api(sys.trafficUrl).post(o.path).set(o.headers).send(o.raw);
    await send(outcome(interceptionId, { result: 'maybe' })).expect(400);
    await send(outcome(randomUUID(), { result: 'stopped' })).expect(404);
    const stopped = outcome(interceptionId, { result: 'stopped', reportedBy: '交警三中队', note: '已在K07拦停' });
    await send(stopped).expect(200);
    expect((await send(stopped).expect(401)).body.message).toEqual(['this signed request was already received (replayed)']);
    await api(sys.trafficUrl).post(stopped.path).send(JSON.parse(stopped.raw)).expect(401);
    await send(outcome(interceptionId, { result: 'stopped' })).expect(200);
    await send(outcome(interceptionId, { result: 'lost' })).expect(409);

    const withOutcome = await eventually(() => detail(alertId), (d) => d.timeline.some((t: { kind: string }) => t.kind === 'interception_outcome'), { what: 'outcome in the timeline' });
    const outcomes = withOutcome.timeline.filter((t: { kind: string }) => t.kind === 'interception_outcome');
    expect(outcomes).toHaveLength(1);
    expect(outcomes[0]).toMatchObject({ actor: 'traffic-police', details: { interceptionId, result: 'stopped', reportedBy: '交警三中队' } });
    await act(alertId, 'reject', { reason: 'wrong_vehicle' }).expect(200);
    await act(alertId, 'interceptions', {}).expect(409);
  });

  it('streams alert changes to the dispatch desk over SSE, from either instance', async () => {
    const { alertId } = await alertFor();
    const events: { event: string; data: { id: string; state: string } }[] = [];
    let res: IncomingMessage | undefined;
    // Connected to the second instance; the change is made through the first.
    const secondUrl = `http://127.0.0.1:${(second.getHttpServer().address() as AddressInfo).port}`;
    const req = get(`${secondUrl}/api/v1/alerts/stream?team=fangcheng`, { headers: { 'x-api-key': TEST_ADMIN_KEY } }, (r) => {
      res = r;
      let buffer = '';
      r.on('data', (chunk) => {
        buffer += chunk;
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const event = /^event: (.*)$/m.exec(block)?.[1] ?? 'message';
          const data = /^data: (.*)$/m.exec(block)?.[1];
          if (data) events.push({ event, data: JSON.parse(data) });
        }
      });
    });
    try {
      await eventually(async () => res?.statusCode, (s) => s === 200, { what: 'stream open' });
      expect(res!.headers['content-type']).toContain('text/event-stream');
      await act(alertId, 'acknowledge', {}).expect(200);
      const got = await eventually(async () => events.find((e) => e.event === 'alert' && e.data.id === alertId && e.data.state === 'acknowledged'), Boolean, { what: 'alert event' });
      expect(got!.data).toMatchObject({ team: { id: 'fangcheng' }, sla: { ackSeconds: expect.any(Number) } });
    } finally {
      req.destroy();
    }
  });
});
