import { EventType, Topic } from '@app/contracts';
import { Kafka, logLevel } from 'kafkajs';
import { randomUUID } from 'node:crypto';
import { api } from './support/api';
import { eventually } from './support/eventually';
import { startTestSystem, TestSystem } from './support/test-system';

/**
 * What an operator sees: every declared series exists from the start (at 0) with its type, the
 * new series move when things happen (HTTP rate and latency, hit to alert, time to acknowledge,
 * at-risk, intake by door, outbox age), and one JSON access-log line per request carries the
 * correlation id and never a plate.
 */
describe('observability: metrics from zero, access log', () => {
  let sys: TestSystem;
  const written: string[] = [];
  let stdout: jest.SpyInstance;

  beforeAll(async () => {
    stdout = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      written.push(chunk.toString());
      return true;
    });
    const logs = { LOG_FORMAT: 'json', LOG_LEVEL: 'log' };
    sys = await startTestSystem({ clockStart: '2026-03-02T02:00:00.000Z', courtEnv: logs, trafficEnv: logs });
  });

  afterAll(async () => {
    await sys?.stop();
    stdout?.mockRestore();
  });

  const scrape = async (url: string) => (await api(url, {}).get('/metrics').expect(200)).text;
  /** The value of one series, or undefined when it has no sample. */
  const sample = (text: string, name: string, labels: Record<string, string> = {}) => {
    const line = text.split('\n').find((l) => l.startsWith(`${name}{`) && Object.entries(labels).every(([k, v]) => l.includes(`${k}="${v}"`)));
    return line === undefined ? undefined : Number(line.split(' ').at(-1));
  };
  const typeOf = (text: string, name: string) => text.match(new RegExp(`^# TYPE ${name} (\\w+)$`, 'm'))?.[1];

  it('has every series the runbook names from the first scrape, at 0, with the right type', async () => {
    const court = await scrape(sys.courtUrl);
    const traffic = await scrape(sys.trafficUrl);
    const expected: [text: string, name: string, type: string, labels: Record<string, string>][] = [
      [court, 'court_sla_breaches', 'gauge', { target: 'ack' }],
      [court, 'court_sla_breaches', 'gauge', { target: 'resolve' }],
      [court, 'court_alerts_escalated_open', 'gauge', { level: '1' }],
      [court, 'court_alerts_escalated_open', 'gauge', { level: '4' }],
      [court, 'court_alerts_at_risk', 'gauge', { target: 'on_scene' }],
      [court, 'court_alerts', 'gauge', { state: 'acknowledged' }],
      [court, 'court_interceptions', 'gauge', { result: 'pending' }],
      [court, 'court_notifications', 'gauge', { channel: 'webhook', status: 'failed' }],
      [court, 'gateway_http_refusals_total', 'counter', { reason: 'unauthenticated' }],
      [court, 'gateway_http_refusals_total', 'counter', { reason: 'rate_limited' }],
      [court, 'gateway_events_consumed_total', 'counter', { topic: Topic.Hits, type: EventType.VehicleSighted, outcome: 'dead-lettered' }],
      [court, 'court_time_to_acknowledge_seconds_count', 'histogram', { priority: 'normal' }],
      [court, 'court_hit_to_alert_seconds_count', 'histogram', { source: 'checkpoint' }],
      [traffic, 'traffic_intake_reads_total', 'counter', { door: 'kafka', outcome: 'hits' }],
      [traffic, 'traffic_feed_quiet', 'gauge', { scope: 'camera' }],
      [traffic, 'traffic_interceptions', 'gauge', { status: 'failed' }],
      [traffic, 'traffic_watchlist_drift_repaired_total', 'counter', { kind: 'added' }],
      [traffic, 'traffic_confidence_cameras', 'gauge', { state: 'calibrated' }],
      [traffic, 'traffic_prefix_weighting', 'gauge', { state: 'cameras' }],
      [traffic, 'traffic_prefix_weighting', 'gauge', { state: 'on' }],
      [traffic, 'gateway_outbox_oldest_seconds', 'gauge', {}],
      [court, 'gateway_audit_entries_dropped_total', 'counter', { reason: 'retries_exhausted' }],
      [traffic, 'gateway_audit_entries_dropped_total', 'counter', { reason: 'queue_full' }],
      [court, 'gateway_audit_entries_pending', 'gauge', {}],
    ];
    const found = expected.map(([text, name, , labels]) => [name, labels, sample(text, name, labels) ?? (Object.keys(labels).length ? undefined : Number(text.match(new RegExp(`^${name}\\{[^}]*\\} (\\S+)$`, 'm'))?.[1]))]);
    expect(found).toEqual(expected.map(([, name, , labels]) => [name, labels, 0]));
    const types = expected.map(([text, name]) => [name, typeOf(text, name.replace(/_count$/, ''))]);
    expect(types).toEqual(expected.map(([, name, type]) => [name, type]));
    console.log(`observability: ${expected.length} series checked at 0 before any traffic`);
  });

  it('counts requests, hits by door, hit-to-alert and time-to-acknowledge as they happen', async () => {
    const { body: seal } = await api(sys.courtUrl)
      .post('/api/v1/seizures')
      .send({ caseNumber: '(2025)桂0603执9101号', plate: '桂PM9101', tribunal: '防城法庭', sealedAt: '2026-02-01T00:00:00.000Z' })
      .expect(201);
    // Over Kafka, as a traffic platform would send it, until the seal is on the watchlist and the read makes a hit.
    const kafka = new Kafka({ clientId: 'observability-test', brokers: sys.kafka.brokers, logLevel: logLevel.NOTHING });
    const producer = kafka.producer();
    await producer.connect();
    const send = () =>
      producer.send({
        topic: Topic.Sightings,
        messages: [{ key: 'FCG-K07', value: JSON.stringify({ eventId: randomUUID(), type: EventType.SightingReported, schemaVersion: 1, occurredAt: sys.clock.now().toISOString(), producer: 'traffic-platform', payload: { plate: '桂PM9101', cameraId: 'FCG-K07', observedAt: sys.clock.now().toISOString() } }) }],
      });
    const alert = await eventually(
      async () => {
        await send();
        const items = (await api(sys.courtUrl).get('/api/v1/alerts?open=true').expect(200)).body.items as { id: string; seizureId: string }[];
        return items.find((a) => a.seizureId === seal.id);
      },
      Boolean,
      { what: 'an alert from a Kafka read' },
    );
    await producer.disconnect();
    sys.clock.advance(90_000);
    await api(sys.courtUrl).post(`/api/v1/alerts/${alert!.id}/acknowledge`).send({}).expect(200);

    const court = await scrape(sys.courtUrl);
    const traffic = await scrape(sys.trafficUrl);
    expect(sample(traffic, 'traffic_intake_reads_total', { door: 'kafka', outcome: 'hits' })).toBeGreaterThanOrEqual(1);
    expect(sample(court, 'court_hit_to_alert_seconds_count', { source: 'checkpoint' })).toBeGreaterThanOrEqual(1);
    expect(sample(court, 'court_time_to_acknowledge_seconds_count', { priority: 'normal' })).toBe(1);
    // 90 s on the manual clock: in the 120 s bucket, not the 60 s one.
    expect(sample(court, 'court_time_to_acknowledge_seconds_bucket', { priority: 'normal', le: '60' })).toBe(0);
    expect(sample(court, 'court_time_to_acknowledge_seconds_bucket', { priority: 'normal', le: '120' })).toBe(1);
    expect(sample(court, 'court_alerts', { state: 'acknowledged' })).toBe(1);
    expect(sample(court, 'gateway_http_requests_total', { method: 'POST', route: '/api/v1/alerts/:id/acknowledge', status: '200' })).toBe(1);
    expect(sample(court, 'gateway_http_request_duration_seconds_count', { method: 'POST', route: '/api/v1/seizures' })).toBe(1);
  });

  it('writes one JSON access-log line per request with its correlation id and no plate', async () => {
    const correlationId = `access-${randomUUID()}`;
    await api(sys.courtUrl).get('/api/v1/teams/%E6%A1%82PA2345/nothing').set('x-correlation-id', correlationId).expect(404);
    await api(sys.trafficUrl)
      .post('/api/v1/sightings')
      .set('x-correlation-id', correlationId)
      .send({ plate: '桂PA2345', cameraId: 'FCG-K07', observedAt: sys.clock.now().toISOString() })
      .expect(200);
    const lines = await eventually(
      async () => written.join('').split('\n').filter((l) => l.includes(correlationId) && l.includes('"access":true')),
      (l) => l.length === 2,
      { what: 'two access-log lines' },
    );
    const entries = lines.map((l) => JSON.parse(l));
    expect(entries.map((e) => ({ ...e.message, ms: typeof e.message.ms, correlationId: e.correlationId }))).toEqual([
      { access: true, method: 'GET', route: 'unmatched', path: '/api/v1/teams/桂P***/nothing', status: 404, ms: 'number', caller: 'ADMIN_API_KEY', correlationId, bytes: expect.any(Number) },
      { access: true, method: 'POST', route: '/api/v1/sightings', path: '/api/v1/sightings', status: 200, ms: 'number', caller: 'ADMIN_API_KEY', correlationId, bytes: expect.any(Number) },
    ]);
    expect(lines.join('\n')).not.toMatch(/PA2345/);
  });
});
