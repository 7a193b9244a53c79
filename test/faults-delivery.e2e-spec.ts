import { DeadLetterHeader, deadLetterTopic, EventType, Topic } from '@app/contracts';
import { randomUUID } from 'node:crypto';
import { runDlqCommand } from '../scripts/dlq';
import { AppProcess } from './support/app-process';
import { eventually } from './support/eventually';
import { faultSystemForFile, Seal } from './support/fault-system';
import { watchlistApplied } from './support/watchlist';

/**
 * Delivery faults and operations over running apps (test/support/fault-system.ts, both apps as
 * child processes): events delivered twice and out of order count once and in effect; one
 * correlation id followed through both apps' logs; the Prometheus metrics; dead letters listed
 * and replayed with `npm run dlq`.
 */
jest.setTimeout(120_000);

describe('fault tolerance, delivery and operations: nothing lost, nothing doubled', () => {
  const sys = faultSystemForFile('faults_delivery');

  it('the same events delivered twice and out of order (hits repeated and reversed, a release before its registration)', async () => {
    const startedAt = Date.now();
    const seals = await sys().registerSeals(4);
    const sent = new Map<string, string[]>();
    const hitEnvelopes = seals.flatMap((seal) => {
      const base = Date.now();
      const envelopes = [0, 1].map((i) => ({
        eventId: randomUUID(),
        type: EventType.VehicleSighted,
        schemaVersion: 1,
        occurredAt: new Date().toISOString(),
        producer: 'faults-test',
        correlationId: randomUUID(),
        payload: {
          hitId: randomUUID(), seizureId: seal.id, plate: seal.plate, readPlate: seal.plate, match: 'exact', source: 'checkpoint',
          sightingId: randomUUID(), cameraId: `FCG-K1${i}`, observedAt: new Date(base - i * 60_000).toISOString(),
        },
      }));
      sent.set(seal.id, envelopes.map((e) => e.eventId));
      return envelopes;
    });
    // Each hit twice, the later sighting first.
    const copies = [...hitEnvelopes, ...hitEnvelopes].reverse();
    await sys().producer.send({ topic: Topic.Hits, messages: copies.map((e) => ({ key: e.payload.seizureId, value: JSON.stringify(e) })) });

    // A seal released before it registers, with both events delivered twice.
    const lateSeizureId = randomUUID();
    const latePlate = sys().nextPlate();
    const seizureEvent = (type: EventType, payload: object) => ({ eventId: randomUUID(), type, schemaVersion: 1, occurredAt: new Date().toISOString(), producer: 'faults-test', payload });
    const release = seizureEvent(EventType.SeizureReleased, { seizureId: lateSeizureId, plate: latePlate, releasedAt: new Date().toISOString() });
    const register = seizureEvent(EventType.SeizureRegistered, {
      seizureId: lateSeizureId, caseNumber: '(2025)桂0603执8888号', plate: latePlate, livelihood: false, sealedAt: '2026-01-01T00:00:00.000Z', expiresAt: '2027-12-31T00:00:00.000Z',
    });
    await sys().producer.send({ topic: Topic.Seizures, messages: [release, register, release, register].map((e) => ({ key: latePlate, value: JSON.stringify(e) })) });
    // A seal released over the API whose original registration event is delivered again afterwards.
    const [replayed] = await sys().registerSeals(1);
    await sys().call(sys().court, 'POST', `/api/v1/seizures/${replayed.id}/release`, {});
    const [{ envelope: original }] = await sys().db.query<{ envelope: object }>(
      `SELECT envelope FROM court.outbox WHERE envelope->>'type' = 'SeizureRegistered' AND envelope->'payload'->>'seizureId' = $1`,
      [replayed.id],
    );
    await watchlistApplied(sys().db, sys().traffic.url, [replayed.id], { status: 'released' });
    await sys().producer.send({ topic: Topic.Seizures, messages: [{ key: replayed.plate, value: JSON.stringify(original) }] });

    await eventually(
      async () => (await sys().db.query<{ n: number }>(`SELECT count(*)::int AS n FROM traffic.inbox WHERE consumer = 'watchlist' AND event_id = ANY($1)`, [[release.eventId, register.eventId]]))[0].n,
      (n) => n === 2,
      { what: 'both out-of-order seal events consumed' },
    );
    // Give the re-delivered registration (behind them on its partition or another) time to land.
    await sys().producer.send({ topic: Topic.Seizures, messages: [{ key: replayed.plate, value: JSON.stringify(seizureEvent(EventType.SeizureReleased, { seizureId: replayed.id, plate: replayed.plate, releasedAt: new Date().toISOString() })) }] });
    await eventually(async () => (await sys().db.query<{ n: number }>(`SELECT count(*)::int AS n FROM traffic.inbox WHERE consumer = 'watchlist' AND event_id = $1`, [(original as { eventId: string }).eventId]))[0].n, (n) => n === 1);
    for (const plate of [latePlate, replayed.plate]) {
      const res = await sys().call(sys().traffic, 'POST', '/api/v1/sightings', sys().sighting(plate));
      expect(res.body).toEqual({ received: 1, hits: 0, duplicates: 0 });
    }
    await sys().verify(
      'duplicated and reordered delivery',
      [...seals, replayed],
      [replayed],
      sent,
      { seals: seals.length + 2, sightings: copies.length + 2, releases: 3 },
      startedAt,
    );
  });

  // --- operations over the same running system -------------------------------------------------

  it('follows one correlation id from the sighting to the alert, in the timeline and in both apps\' JSON logs', async () => {
    const [seal] = await sys().registerSeals(1);
    const read = sys().sighting(seal.plate);
    const res = await sys().call(sys().traffic, 'POST', '/api/v1/sightings', read, { 'X-Correlation-Id': 'feed-batch-42' });
    expect(res.headers.get('x-correlation-id')).toBe('feed-batch-42');
    const alert = await eventually<{ id: string }>(
      async () => (await sys().call(sys().court, 'GET', '/api/v1/alerts?open=true&limit=200')).body.items.find((a: { seizureId: string }) => a.seizureId === seal.id),
      Boolean,
      { what: 'the alert' },
    );
    const { body: detail } = await sys().call(sys().court, 'GET', `/api/v1/alerts/${alert.id}`);
    expect(detail.timeline[0]).toMatchObject({ kind: 'opened', details: { correlationId: read.eventId } });

    await eventually(async () => sys().court.jsonLines().some((l) => l.correlationId === read.eventId && String(l.message).includes(`alert ${alert.id} opened`)), Boolean, { what: 'the court log line' });
    const trafficLines = sys().traffic.jsonLines().filter((l) => l.correlationId === read.eventId);
    expect(trafficLines.some((l) => String(l.message).startsWith('hit: '))).toBe(true);
    // Plates are masked in every log line of both apps, whatever the flow.
    for (const line of [...sys().court.lines, ...sys().traffic.lines]) expect(line).not.toContain(seal.plate);
  });

  it('serves Prometheus metrics on both apps: intake, hits, alerts by state, consumer lag, outbox backlog, dead letters', async () => {
    const scrape = async (app: AppProcess) => (await (await fetch(`${app.url}/metrics`)).text()).split('\n');
    const value = (lines: string[], prefix: string) => lines.filter((l) => l.startsWith(prefix)).map((l) => Number(l.split(' ').at(-1)));
    const courtLines = await scrape(sys().court);
    const trafficLines = await scrape(sys().traffic);
    const [{ n: openAlerts }] = await sys().db.query<{ n: number }>(`SELECT count(*)::int AS n FROM court.alerts WHERE state = 'open'`);
    expect(value(courtLines, 'court_alerts{state="open"')).toEqual([openAlerts]);
    expect(value(courtLines, 'gateway_events_consumed_total{topic="traffic.hits.v1",type="VehicleSighted",outcome="processed"')[0]).toBeGreaterThan(0);
    expect(value(courtLines, 'gateway_outbox_backlog{')).toEqual([0]);
    expect(value(courtLines, 'gateway_consumer_lag{topic="traffic.hits.v1"')).toHaveLength(1);
    expect(value(courtLines, 'gateway_dead_letters{topic="traffic.hits.v1.dlq"')).toHaveLength(1);
    expect(value(trafficLines, 'traffic_intake_reads_total{door="http",outcome="received"')[0]).toBeGreaterThan(0);
    expect(value(trafficLines, 'traffic_hits_stored{')[0]).toBeGreaterThan(0);
    expect(value(trafficLines, 'gateway_consumer_lag{topic="court.seizures.v1"')).toHaveLength(1);
    expect(value(trafficLines, 'gateway_consumer_joined{')).toEqual([1]);
  });

  it('lists dead letters with their reason and replays one to its source topic, where it counts once however often it is replayed', async () => {
    const out: string[] = [];
    const dlq = (...argv: string[]) => runDlqCommand(argv, { KAFKA_BROKERS: sys().cluster.bootstrap }, (line) => out.push(line));
    // A poison record: court-gateway sets it aside.
    await sys().producer.send({ topic: Topic.Hits, messages: [{ key: 'junk', value: '{"not": "an envelope"' }] });
    await eventually(async () => (await dlq('list', '--topic', Topic.Hits)) >= 1, Boolean, { what: 'the poison record dead-lettered' });
    expect(out.join('\n')).toMatch(/reason: value is not JSON/);
    expect(out.join('\n')).toMatch(/from traffic\.hits\.v1\[\d\]@\d+ by court-gateway/);

    // A valid hit that an earlier release could not handle, set aside by hand as the transport would.
    const [seal, markerSeal] = await sys().registerSeals(2);
    const hitOf = (seizure: Seal, cameraId: string) => ({
      eventId: randomUUID(), type: EventType.VehicleSighted, schemaVersion: 1, occurredAt: new Date().toISOString(), producer: 'faults-test',
      payload: { hitId: randomUUID(), seizureId: seizure.id, plate: seizure.plate, readPlate: seizure.plate, match: 'exact', source: 'checkpoint', sightingId: randomUUID(), cameraId, observedAt: new Date().toISOString() },
    });
    const hit = hitOf(seal, 'FCG-K99');
    await sys().producer.send({
      topic: deadLetterTopic(Topic.Hits),
      messages: [{ key: seal.id, value: JSON.stringify(hit), headers: { [DeadLetterHeader.Reason]: 'handler bug in 0.9 (fixed)', [DeadLetterHeader.SourceTopic]: Topic.Hits } }],
    });
    out.length = 0;
    const total = await dlq('list', '--topic', `${Topic.Hits}.dlq`);
    const line = out.find((l) => l.includes(hit.eventId))!;
    const offset = /@(\d+)/.exec(line)![1];

    expect(await dlq('replay', '--topic', Topic.Hits, '--offset', offset)).toBe(1);
    expect(await dlq('replay', '--topic', Topic.Hits, '--offset', offset)).toBe(1);
    // A marker behind both replays on their partition (same key, so the same partition, consumed
    // in order): once its alert exists, both replays have been consumed, or the test fails here.
    const marker = hitOf(markerSeal, 'FCG-K98');
    await sys().producer.send({ topic: Topic.Hits, messages: [{ key: seal.id, value: JSON.stringify(marker) }] });
    await eventually(
      async () => (await sys().db.query(`SELECT 1 FROM court.alerts WHERE seizure_id = $1`, [markerSeal.id])).length,
      (n) => n === 1,
      { what: 'the marker behind the replays consumed' },
    );
    const alert = await sys().db.query<{ hit_count: number }>(`SELECT hit_count FROM court.alerts WHERE seizure_id = $1`, [seal.id]);
    expect(alert).toHaveLength(1);
    expect((await sys().db.query(`SELECT 1 FROM court.inbox WHERE event_id = $1`, [hit.eventId])).length).toBe(1);
    expect(alert[0].hit_count).toBe(1);
    console.log(`faults: dead letters: ${total} listed on ${Topic.Hits}.dlq, one replayed twice, alerts 1, hits 1`);
  });
});
