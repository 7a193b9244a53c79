import { allTopicSpecs, DeadLetterHeader, deadLetterTopic, EventType, Topic } from '@app/contracts';
import { Kafka, logLevel, Producer } from 'kafkajs';
import { randomUUID } from 'node:crypto';
import { runDlqCommand } from '../scripts/dlq';
import { KafkaApiKey, KafkaMockCluster } from '../tools/kafka-mock/kafka-mock';
import { TEST_ADMIN_KEY } from './support/api';
import { AppProcess } from './support/app-process';
import { eventually } from './support/eventually';
import { watchlistApplied } from './support/watchlist';
import { TcpProxy } from './support/tcp-proxy';
import { TestDatabase } from './support/test-database';

/**
 * Fault injection over the real broker protocol and the real PostgreSQL, with both apps as child
 * processes (so they can be killed with SIGKILL). Each scenario registers seals, waits for them
 * on the watchlist, then sends a steady flow of sightings (and some releases) while one fault is
 * injected; afterwards every sighted seal has exactly one alert carrying every hit, no released
 * seal has an open alert, and nothing happened twice. A one-line summary per scenario gives the
 * figures.
 */
jest.setTimeout(120_000);

const LETTERS = 'ABCDEFGHJKLMNPQRSTUVWXYZ';
let plateCounter = 0;
/** Distinct valid plates across the whole file (each scenario has its own seals). */
const nextPlate = () => {
  const n = plateCounter++;
  return `桂${LETTERS[n % LETTERS.length]}${String(10000 + n).slice(-5)}`;
};

interface Seal {
  id: string;
  plate: string;
}

interface FlowFigures {
  seals: number;
  sightings: number;
  releases: number;
}

describe('fault tolerance: nothing lost, nothing doubled', () => {
  let cluster: KafkaMockCluster;
  let db: TestDatabase;
  let pgProxy: TcpProxy;
  let court: AppProcess;
  let traffic: AppProcess;
  let kafka: Kafka;
  let producer: Producer;

  beforeAll(async () => {
    cluster = await KafkaMockCluster.start({ brokers: 3, topics: allTopicSpecs() });
    db = await TestDatabase.create('faults');
    pgProxy = await TcpProxy.start(process.env.PGHOST ?? '127.0.0.1', Number(process.env.PGPORT ?? 5432));
    const dbUrl = new URL(db.url);
    dbUrl.host = `127.0.0.1:${pgProxy.port}`;
    const env = {
      DATABASE_URL: dbUrl.toString(),
      KAFKA_BROKERS: cluster.bootstrap,
      KAFKA_FETCH_MAX_WAIT_MS: '100',
      OUTBOX_POLL_MS: '50',
      LOG_FORMAT: 'json',
      LOG_LEVEL: 'log',
      SEED_DEMO_ROSTER: 'true',
      ADMIN_API_KEY: TEST_ADMIN_KEY,
      // Folding off: every sighting must arrive as its own hit for the exact hit counts below.
      HIT_FOLD_WINDOW_SECONDS: '0',
    };
    court = await AppProcess.create('court-gateway', env);
    traffic = await AppProcess.create('traffic-adapter', env);
    await Promise.all([court.start(), traffic.start()]);
    kafka = new Kafka({ clientId: 'faults-test', brokers: cluster.brokers, logLevel: logLevel.NOTHING });
    producer = kafka.producer();
    await producer.connect();
  }, 120_000);

  // One app that could not start or restart (or crashed) fails every later test at once, naming
  // why, rather than ten tests each waiting out their own timeouts against a dead port.
  beforeEach(() => {
    const why = [court, traffic].map((app) => (app ? app.unusable() : 'beforeAll did not create the apps')).find(Boolean);
    if (why) throw new Error(`not run: ${why}`);
  });

  afterAll(async () => {
    await producer?.disconnect().catch(() => undefined);
    await Promise.all([court?.stop(), traffic?.stop()]);
    await pgProxy?.stop();
    await cluster?.stop();
    await db?.drop();
  });

  // --- the client side: a traffic system and a court clerk that retry until answered --------

  async function call(app: AppProcess, method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: any; headers: Headers }> {
    const deadline = Date.now() + 90_000;
    for (;;) {
      try {
        const res = await fetch(app.url + path, {
          method,
          headers: { 'content-type': 'application/json', 'x-api-key': TEST_ADMIN_KEY, ...headers },
          body: body === undefined ? undefined : JSON.stringify(body),
          signal: AbortSignal.timeout(10_000),
        });
        const text = await res.text();
        // 5xx (database unreachable) and no answer (process killed) are retried, as a client would.
        if (res.status < 500) return { status: res.status, body: text ? JSON.parse(text) : null, headers: res.headers };
      } catch {
        // connection refused or reset: the app is down or restarting
      }
      if (Date.now() > deadline) throw new Error(`${method} ${app.app}${path} got no answer for 90 s`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  async function registerSeals(n: number): Promise<Seal[]> {
    const seals: Seal[] = [];
    for (let i = 0; i < n; i++) {
      const plate = nextPlate();
      const res = await call(court, 'POST', '/api/v1/seizures', {
        caseNumber: `(2025)桂0603执${5000 + plateCounter}号`,
        plate,
        tribunal: '防城法庭',
        sealedAt: '2026-01-01T00:00:00.000Z',
      });
      expect([200, 201]).toContain(res.status);
      seals.push({ id: res.body.id, plate });
    }
    await watchlistApplied(db, traffic.url, seals.map((s) => s.id), { timeoutMs: 60_000 });
    return seals;
  }

  const sighting = (plate: string) => ({ plate, cameraId: 'FCG-K07', observedAt: new Date().toISOString(), eventId: randomUUID(), confidence: 0.95 });

  /**
   * Rounds of one sighting per seal; the fault runs alongside from the end of round one. After
   * round two, `releases` seals are lifted. Every request is retried until answered.
   */
  async function flow(seals: Seal[], rounds: number, releases: number, fault: () => Promise<void>): Promise<{ figures: FlowFigures; released: Seal[]; sent: Map<string, string[]> }> {
    const sent = new Map<string, string[]>(seals.map((s) => [s.id, []]));
    const released: Seal[] = [];
    let faultRun: Promise<void> | null = null;
    for (let round = 1; round <= rounds; round++) {
      for (const seal of seals) {
        if (released.includes(seal)) continue;
        const read = sighting(seal.plate);
        const res = await call(traffic, 'POST', '/api/v1/sightings', read);
        expect(res.status).toBe(200);
        sent.get(seal.id)!.push(read.eventId);
        await new Promise((r) => setTimeout(r, 40));
      }
      if (round === 1) faultRun = fault();
      if (round === 2) {
        for (const seal of seals.slice(0, releases)) {
          const res = await call(court, 'POST', `/api/v1/seizures/${seal.id}/release`, { reason: '已履行' });
          expect([200, 409]).toContain(res.status); // 409: the first try did land before the answer was lost
          released.push(seal);
        }
      }
    }
    await faultRun;
    const sightings = [...sent.values()].reduce((n, ids) => n + ids.length, 0);
    return { figures: { seals: seals.length, sightings, releases: released.length }, released, sent };
  }

  interface AlertRow {
    seizure_id: string;
    state: string;
    hit_count: number;
  }

  /** Waits for the effects to settle, then checks them exactly and prints the figures. */
  async function verify(name: string, seals: Seal[], released: Seal[], sent: Map<string, string[]>, figures: FlowFigures, startedAt: number) {
    const releasedIds = new Set(released.map((s) => s.id));
    const kept = seals.filter((s) => !releasedIds.has(s.id));
    const alertsOf = () => db.query<AlertRow>('SELECT seizure_id, state, hit_count FROM court.alerts WHERE seizure_id = ANY($1::uuid[])', [seals.map((s) => s.id)]);
    const settled = (rows: AlertRow[]) =>
      kept.every((s) => rows.some((a) => a.seizure_id === s.id && a.state === 'open' && a.hit_count === sent.get(s.id)!.length)) &&
      released.every((s) => !rows.some((a) => a.seizure_id === s.id && a.state === 'open'));
    const rows = await eventually(alertsOf, settled, { timeoutMs: 90_000, intervalMs: 250, what: `${name}: every expected alert with all its hits` });

    const alertsPerSeal = new Map<string, number>();
    for (const row of rows) alertsPerSeal.set(row.seizure_id, (alertsPerSeal.get(row.seizure_id) ?? 0) + 1);
    const duplicateAlerts = kept.reduce((n, s) => n + Math.max(0, (alertsPerSeal.get(s.id) ?? 0) - 1), 0);
    const found = kept.filter((s) => alertsPerSeal.get(s.id) === 1).length;
    const releasedWithOpenAlert = released.filter((s) => rows.some((a) => a.seizure_id === s.id && a.state === 'open')).length;
    const [{ n: duplicateHits }] = await db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM (SELECT 1 FROM traffic.hits WHERE seizure_id = ANY($1::uuid[]) GROUP BY sighting_id, seizure_id HAVING count(*) > 1) d`,
      [seals.map((s) => s.id)],
    );
    const hitsExpected = kept.reduce((n, s) => n + sent.get(s.id)!.length, 0);
    const hitsFound = rows.filter((r) => r.state === 'open').reduce((n, r) => n + r.hit_count, 0);
    const escalations = await duplicateEscalations();
    console.log(
      `faults: ${name}: events sent ${figures.seals + figures.sightings + figures.releases} (seals ${figures.seals}, sightings ${figures.sightings}, releases ${figures.releases}); ` +
        `alerts expected ${kept.length}, found ${found}, duplicates ${duplicateAlerts}; hits expected ${hitsExpected}, found ${hitsFound}, duplicate hits ${duplicateHits}; ` +
        `released seals with an open alert ${releasedWithOpenAlert}; duplicate escalations ${escalations ?? 'n/a (no escalations table)'}; ${((Date.now() - startedAt) / 1000).toFixed(1)} s`,
    );
    expect({ found, duplicateAlerts, hitsFound, duplicateHits, releasedWithOpenAlert, escalations: escalations ?? 0 }).toEqual({
      found: kept.length,
      duplicateAlerts: 0,
      hitsFound: hitsExpected,
      duplicateHits: 0,
      releasedWithOpenAlert: 0,
      escalations: 0,
    });
  }

  /** Escalations are another branch's work: counted when their table exists. */
  async function duplicateEscalations(): Promise<number | null> {
    const [{ present }] = await db.query<{ present: boolean }>(`SELECT to_regclass('court.alert_escalations') IS NOT NULL AS present`);
    if (!present) return null;
    const columns = (await db.query<{ column_name: string }>(`SELECT column_name FROM information_schema.columns WHERE table_schema = 'court' AND table_name = 'alert_escalations'`)).map((c) => c.column_name);
    const level = ['level', 'step', 'tier'].find((c) => columns.includes(c));
    if (!columns.includes('alert_id') || !level) return null;
    const [{ n }] = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM (SELECT 1 FROM court.alert_escalations GROUP BY alert_id, ${level} HAVING count(*) > 1) d`);
    return n;
  }

  async function runScenario(name: string, fault: () => Promise<void>, { seals: n = 6, rounds = 3, releases = 1 } = {}) {
    const startedAt = Date.now();
    const seals = await registerSeals(n);
    const { figures, released, sent } = await flow(seals, rounds, releases, fault);
    await verify(name, seals, released, sent, figures, startedAt);
  }

  // --- the scenarios ---------------------------------------------------------------------------

  /** From the stop to /health 200 again, and how much of it was the process starting (until it listened). */
  function restartFigures(app: AppProcess, stoppedAt: number): string {
    return `stop to ready again ${((Date.now() - stoppedAt) / 1000).toFixed(1)} s (process up and listening after ${((app.listeningAt - stoppedAt) / 1000).toFixed(1)} s)`;
  }

  it('kill -9 of traffic-adapter mid-flow, then restart', async () => {
    let figures = '';
    await runScenario('kill -9 traffic-adapter', async () => {
      const t0 = Date.now();
      await traffic.kill();
      await new Promise((r) => setTimeout(r, 1_000));
      await traffic.start();
      figures = restartFigures(traffic, t0);
    });
    console.log(`faults: kill -9 traffic-adapter: ${figures}`);
  });

  it('kill -9 of court-gateway mid-flow, then restart', async () => {
    let figures = '';
    await runScenario('kill -9 court-gateway', async () => {
      const t0 = Date.now();
      await court.kill();
      await new Promise((r) => setTimeout(r, 1_000));
      await court.start();
      figures = restartFigures(court, t0);
    });
    console.log(`faults: kill -9 court-gateway: ${figures}`);
  });

  it('graceful stop (SIGTERM) of court-gateway mid-flow, then restart: it leaves the consumer group on the way out', async () => {
    let graceful = false;
    let stopMs = 0;
    let figures = '';
    let leftGroup = false;
    await runScenario('SIGTERM court-gateway', async () => {
      const t0 = Date.now();
      graceful = await court.stop();
      stopMs = Date.now() - t0;
      // The coordinator answered its LeaveGroup: the restarted instance need not wait out a session.
      leftGroup = court.jsonLines().some((l) => String(l.message) === 'left consumer group court-gateway');
      await court.start();
      figures = restartFigures(court, t0);
    });
    console.log(`faults: SIGTERM court-gateway: shut down in ${stopMs} ms; ${figures}`);
    expect(graceful).toBe(true);
    expect(leftGroup).toBe(true);
  });

  it('every Kafka broker down for 20 s mid-flow', async () => {
    await runScenario('all brokers down 20 s', async () => {
      await cluster.setAllBrokersDown();
      await new Promise((r) => setTimeout(r, 20_000));
      await cluster.setAllBrokersUp();
    });
  });

  it('request errors and slow responses injected on produce and fetch', async () => {
    await runScenario('produce/fetch errors + 300 ms RTT', async () => {
      for (const broker of [1, 2, 3]) await cluster.setRtt(broker, 300);
      await cluster.pushRequestErrors(KafkaApiKey.Produce, 7, 6); // REQUEST_TIMED_OUT
      await cluster.pushRequestErrors(KafkaApiKey.Fetch, 7, 6);
      await new Promise((r) => setTimeout(r, 5_000));
      for (const broker of [1, 2, 3]) await cluster.setRtt(broker, 0);
    });
  });

  it('PostgreSQL unreachable for 10 s mid-flow; readiness says so meanwhile', async () => {
    const readiness: (number | null)[] = [];
    await runScenario('PostgreSQL cut 10 s', async () => {
      pgProxy.cut();
      await new Promise((r) => setTimeout(r, 3_000));
      readiness.push(await court.status('/health/ready'), await traffic.status('/health'));
      expect(await court.status('/health/live')).toBe(200);
      await new Promise((r) => setTimeout(r, 7_000));
      pgProxy.restore();
    });
    expect(readiness).toEqual([503, 503]);
    expect(await court.status('/health/ready')).toBe(200);
  });

  it('the same events delivered twice and out of order (hits repeated and reversed, a release before its registration)', async () => {
    const startedAt = Date.now();
    const seals = await registerSeals(4);
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
    await producer.send({ topic: Topic.Hits, messages: copies.map((e) => ({ key: e.payload.seizureId, value: JSON.stringify(e) })) });

    // A seal released before it registers, with both events delivered twice.
    const lateSeizureId = randomUUID();
    const latePlate = nextPlate();
    const seizureEvent = (type: EventType, payload: object) => ({ eventId: randomUUID(), type, schemaVersion: 1, occurredAt: new Date().toISOString(), producer: 'faults-test', payload });
    const release = seizureEvent(EventType.SeizureReleased, { seizureId: lateSeizureId, plate: latePlate, releasedAt: new Date().toISOString() });
    const register = seizureEvent(EventType.SeizureRegistered, {
      seizureId: lateSeizureId, caseNumber: '(2025)桂0603执8888号', plate: latePlate, livelihood: false, sealedAt: '2026-01-01T00:00:00.000Z', expiresAt: '2027-12-31T00:00:00.000Z',
    });
    await producer.send({ topic: Topic.Seizures, messages: [release, register, release, register].map((e) => ({ key: latePlate, value: JSON.stringify(e) })) });
    // A seal released over the API whose original registration event is delivered again afterwards.
    const [replayed] = await registerSeals(1);
    await call(court, 'POST', `/api/v1/seizures/${replayed.id}/release`, {});
    const [{ envelope: original }] = await db.query<{ envelope: object }>(
      `SELECT envelope FROM court.outbox WHERE envelope->>'type' = 'SeizureRegistered' AND envelope->'payload'->>'seizureId' = $1`,
      [replayed.id],
    );
    await watchlistApplied(db, traffic.url, [replayed.id], { status: 'released' });
    await producer.send({ topic: Topic.Seizures, messages: [{ key: replayed.plate, value: JSON.stringify(original) }] });

    await eventually(
      async () => (await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM traffic.inbox WHERE consumer = 'watchlist' AND event_id = ANY($1)`, [[release.eventId, register.eventId]]))[0].n,
      (n) => n === 2,
      { what: 'both out-of-order seal events consumed' },
    );
    // Give the re-delivered registration (behind them on its partition or another) time to land.
    await producer.send({ topic: Topic.Seizures, messages: [{ key: replayed.plate, value: JSON.stringify(seizureEvent(EventType.SeizureReleased, { seizureId: replayed.id, plate: replayed.plate, releasedAt: new Date().toISOString() })) }] });
    await eventually(async () => (await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM traffic.inbox WHERE consumer = 'watchlist' AND event_id = $1`, [(original as { eventId: string }).eventId]))[0].n, (n) => n === 1);
    for (const plate of [latePlate, replayed.plate]) {
      const res = await call(traffic, 'POST', '/api/v1/sightings', sighting(plate));
      expect(res.body).toEqual({ received: 1, hits: 0, duplicates: 0 });
    }
    await verify(
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
    const [seal] = await registerSeals(1);
    const read = sighting(seal.plate);
    const res = await call(traffic, 'POST', '/api/v1/sightings', read, { 'X-Correlation-Id': 'feed-batch-42' });
    expect(res.headers.get('x-correlation-id')).toBe('feed-batch-42');
    const alert = await eventually<{ id: string }>(
      async () => (await call(court, 'GET', '/api/v1/alerts?open=true&limit=200')).body.items.find((a: { seizureId: string }) => a.seizureId === seal.id),
      Boolean,
      { what: 'the alert' },
    );
    const { body: detail } = await call(court, 'GET', `/api/v1/alerts/${alert.id}`);
    expect(detail.timeline[0]).toMatchObject({ kind: 'opened', details: { correlationId: read.eventId } });

    await eventually(async () => court.jsonLines().some((l) => l.correlationId === read.eventId && String(l.message).includes(`alert ${alert.id} opened`)), Boolean, { what: 'the court log line' });
    const trafficLines = traffic.jsonLines().filter((l) => l.correlationId === read.eventId);
    expect(trafficLines.some((l) => String(l.message).startsWith('hit: '))).toBe(true);
    // Plates are masked in every log line of both apps, whatever the flow.
    for (const line of [...court.lines, ...traffic.lines]) expect(line).not.toContain(seal.plate);
  });

  it('serves Prometheus metrics on both apps: intake, hits, alerts by state, consumer lag, outbox backlog, dead letters', async () => {
    const scrape = async (app: AppProcess) => (await (await fetch(`${app.url}/metrics`)).text()).split('\n');
    const value = (lines: string[], prefix: string) => lines.filter((l) => l.startsWith(prefix)).map((l) => Number(l.split(' ').at(-1)));
    const courtLines = await scrape(court);
    const trafficLines = await scrape(traffic);
    const [{ n: openAlerts }] = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM court.alerts WHERE state = 'open'`);
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
    const dlq = (...argv: string[]) => runDlqCommand(argv, { KAFKA_BROKERS: cluster.bootstrap }, (line) => out.push(line));
    // A poison record: court-gateway sets it aside.
    await producer.send({ topic: Topic.Hits, messages: [{ key: 'junk', value: '{"not": "an envelope"' }] });
    await eventually(async () => (await dlq('list', '--topic', Topic.Hits)) >= 1, Boolean, { what: 'the poison record dead-lettered' });
    expect(out.join('\n')).toMatch(/reason: value is not JSON/);
    expect(out.join('\n')).toMatch(/from traffic\.hits\.v1\[\d\]@\d+ by court-gateway/);

    // A valid hit that an earlier release could not handle, set aside by hand as the transport would.
    const [seal, markerSeal] = await registerSeals(2);
    const hitOf = (seizure: Seal, cameraId: string) => ({
      eventId: randomUUID(), type: EventType.VehicleSighted, schemaVersion: 1, occurredAt: new Date().toISOString(), producer: 'faults-test',
      payload: { hitId: randomUUID(), seizureId: seizure.id, plate: seizure.plate, readPlate: seizure.plate, match: 'exact', source: 'checkpoint', sightingId: randomUUID(), cameraId, observedAt: new Date().toISOString() },
    });
    const hit = hitOf(seal, 'FCG-K99');
    await producer.send({
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
    await producer.send({ topic: Topic.Hits, messages: [{ key: seal.id, value: JSON.stringify(marker) }] });
    await eventually(
      async () => (await db.query(`SELECT 1 FROM court.alerts WHERE seizure_id = $1`, [markerSeal.id])).length,
      (n) => n === 1,
      { what: 'the marker behind the replays consumed' },
    );
    const alert = await db.query<{ hit_count: number }>(`SELECT hit_count FROM court.alerts WHERE seizure_id = $1`, [seal.id]);
    expect(alert).toHaveLength(1);
    expect((await db.query(`SELECT 1 FROM court.inbox WHERE event_id = $1`, [hit.eventId])).length).toBe(1);
    expect(alert[0].hit_count).toBe(1);
    console.log(`faults: dead letters: ${total} listed on ${Topic.Hits}.dlq, one replayed twice, alerts 1, hits 1`);
  });
});
