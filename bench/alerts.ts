/**
 * `npm run bench:alerts`: hits turned into alerts by court-gateway, in process, over the Kafka
 * mock (librdkafka's mock cluster) and a scratch PostgreSQL database.
 *
 * N hits for S active seals are produced to traffic.hits.v1 as fast as possible, keyed by
 * seizure id as traffic-adapter's outbox publishes them (each seal's hits in order, several per
 * seal, so alerts are both opened and folded into). Measured from the first produce:
 *   - stored: every hit committed (court.hits, alerts' hit_count), i.e. what GET /api/v1/alerts
 *     returns;
 *   - on the desk: every alert's final view (its last hit counted) received by a desk connected
 *     to GET /api/v1/alerts/stream.
 * Then checked: one alert per seal, each hit stored once (hits, timeline, hit_count), and each
 * alert's timeline holding its hits in the order they were produced.
 *
 * Flags (defaults): --hits 20000 --seals 2000 --brokers 3. court-gateway reads its usual
 * variables (KAFKA_FETCH_MAX_WAIT_MS...). PostgreSQL: PGHOST/PGPORT/PGUSER (127.0.0.1:5432 postgres).
 */
// Decorators read metadata when their classes are defined: first, before any app code loads.
import 'reflect-metadata';
import { INestApplication } from '@nestjs/common';
import { EventType, HitSource, MatchKind, Topic } from '@app/contracts';
import { KafkaConsumerStatus, loadEnv } from '@app/platform';
import { Kafka, logLevel, Partitioners, Producer } from 'kafkajs';
import { randomUUID } from 'node:crypto';
import * as http from 'node:http';
import { AddressInfo } from 'node:net';
import * as os from 'node:os';
import { performance } from 'node:perf_hooks';
import { startCourtGateway } from '../apps/court-gateway/src/bootstrap';
import { CourtGatewayEnv } from '../apps/court-gateway/src/config/court-gateway.env';
import { distinctPlates } from '../scripts/traffic-plates';
import { sleep, parseFlags, startBenchInfrastructure } from './support';

interface Flags {
  hits: number;
  seals: number;
  brokers: number;
}

// The mock keeps at most 5 MiB per partition (rdkafka_mock.c: max_size): 20,000 hits of ~700
// bytes on 6 partitions stay well inside it.
const DEFAULT_FLAGS: Flags = { hits: 20_000, seals: 2_000, brokers: 3 };

const ADMIN_KEY = 'bench-admin-key-0123456789abcdef';

/** Checkpoints of the demo roster's jurisdictions, so alerts are routed as in service. */
const CAMERAS = ['FCG-K07', 'FCG-K09', 'FCG-K12', 'DZ-K02', 'NL-K05', 'FCG-K25'];

function hitMessage(seal: { id: string; plate: string }, observedAt: Date) {
  const hitId = randomUUID();
  const cameraId = CAMERAS[Math.floor(Math.random() * CAMERAS.length)];
  return {
    hitId,
    key: seal.id,
    value: JSON.stringify({
      eventId: randomUUID(),
      type: EventType.VehicleSighted,
      schemaVersion: 1,
      occurredAt: observedAt.toISOString(),
      producer: 'bench',
      correlationId: randomUUID(),
      payload: {
        hitId,
        seizureId: seal.id,
        plate: seal.plate,
        readPlate: seal.plate,
        match: MatchKind.Exact,
        score: 1,
        source: HitSource.Checkpoint,
        sightingId: randomUUID(),
        cameraId,
        checkpointId: cameraId,
        observedAt: observedAt.toISOString(),
        confidence: 0.95,
        location: { lat: 21.7, lon: 108.35, name: `${cameraId} 路段` },
      },
    }),
  };
}

/** A desk on the live stream: the highest hitCount seen per alert, and when each was seen. */
function connectDesk(url: string): Promise<{ seen: Map<string, { hitCount: number; at: number }>; close: () => void }> {
  const seen = new Map<string, { hitCount: number; at: number }>();
  return new Promise((resolve, reject) => {
    const req = http.get(`${url}/api/v1/alerts/stream`, { headers: { 'x-api-key': ADMIN_KEY, accept: 'text/event-stream' } }, (res) => {
      if (res.statusCode !== 200) return reject(new Error(`stream answered ${res.statusCode}`));
      let buffer = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        buffer += chunk;
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          if (!/^event: alert$/m.test(block)) continue;
          const data = /^data: (.*)$/m.exec(block)?.[1];
          if (!data) continue;
          const view = JSON.parse(data) as { seizureId: string; hitCount: number };
          const before = seen.get(view.seizureId);
          if (!before || view.hitCount > before.hitCount) seen.set(view.seizureId, { hitCount: view.hitCount, at: performance.now() });
        }
      });
      resolve({ seen, close: () => req.destroy() });
    });
    req.on('error', reject);
  });
}

async function main(): Promise<void> {
  const f = parseFlags(process.argv.slice(2), DEFAULT_FLAGS, (v: number) => Number.isInteger(v) && v > 0);
  const log = (line: string) => console.log(`[bench] ${line}`);
  const { kafka, db, stop } = await startBenchInfrastructure(f.brokers);
  let app: INestApplication | null = null;
  let producer: Producer | null = null;
  let desk: Awaited<ReturnType<typeof connectDesk>> | null = null;
  try {
    const env = loadEnv(CourtGatewayEnv, {
      ...process.env,
      PORT: '0',
      DATABASE_URL: db.url,
      KAFKA_BROKERS: kafka.bootstrap,
      LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
      ADMIN_API_KEY: ADMIN_KEY,
      SEED_DEMO_ROSTER: 'true',
      // Nobody acknowledges during the run; keep escalation and expiry out of the measurement.
      SCHEDULER_ENABLED: 'false',
      SEAL_EXPIRY_CRON: 'off',
    });
    app = await startCourtGateway(env);
    const url = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;

    // The seals, inserted directly: registering them over HTTP is not what is measured.
    const plates = distinctPlates(f.seals + 100);
    const rows: { id: string; plate: string }[] = plates.map((plate) => ({ id: randomUUID(), plate }));
    await db.query(
      `INSERT INTO court.seizures (id, case_number, plate, tribunal, livelihood, sealed_at, expires_at, status, created_at)
       SELECT id, '(2025)桂0603执' || n || '号', p, '防城法庭', n % 10 = 0, now() - interval '1 day', now() + interval '700 days', 'active', now()
       FROM unnest($1::uuid[], $2::text[]) WITH ORDINALITY AS t(id, p, n)`,
      [rows.map((r) => r.id), rows.map((r) => r.plate)],
    );
    await db.query('ANALYZE court.seizures');
    const warmSeals = rows.slice(f.seals);
    const seals = rows.slice(0, f.seals);

    producer = new Kafka({ clientId: 'bench', brokers: kafka.brokers, logLevel: logLevel.NOTHING }).producer({
      allowAutoTopicCreation: false,
      createPartitioner: Partitioners.DefaultPartitioner,
    });
    await producer.connect();
    const status = app.get(KafkaConsumerStatus);
    for (const deadline = Date.now() + 60_000; !status.joined; await sleep(20)) if (Date.now() > deadline) throw new Error('court-gateway did not join its group');
    desk = await connectDesk(url);

    const countHits = async () => Number((await db.query<{ n: string }>('SELECT count(*) AS n FROM court.hits'))[0].n);
    const waitForHits = async (n: number, timeoutMs: number) => {
      for (const deadline = Date.now() + timeoutMs; (await countHits()) < n; await sleep(20)) {
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${n} hits (have ${await countHits()})`);
      }
    };

    // Warm-up: JIT, connections, partition assignment, the stream.
    await producer.send({ topic: Topic.Hits, messages: warmSeals.map((s) => hitMessage(s, new Date())).map(({ key, value }) => ({ key, value })) });
    await waitForHits(warmSeals.length, 120_000);
    log(`warm-up done: ${warmSeals.length} hits`);

    // The run: hits spread over the seals, each seal's hits produced in order.
    const produced = new Map<string, string[]>();
    const base = Date.now();
    const messages = Array.from({ length: f.hits }, (_, i) => {
      const seal = seals[Math.floor(Math.random() * seals.length)];
      const m = hitMessage(seal, new Date(base + i));
      const order = produced.get(seal.id) ?? [];
      order.push(m.hitId);
      produced.set(seal.id, order);
      return m;
    });
    const before = await countHits();
    const t0 = performance.now();
    const chunk = 1000;
    for (let i = 0; i < messages.length; i += chunk) {
      await producer.send({ topic: Topic.Hits, acks: -1, messages: messages.slice(i, i + chunk).map(({ key, value }) => ({ key, value })) });
    }
    const tProduced = performance.now();
    await waitForHits(before + f.hits, 600_000);
    const tStored = performance.now();
    const expected = new Map([...produced].map(([id, hits]) => [id, hits.length]));
    for (const deadline = Date.now() + 120_000; ; await sleep(20)) {
      if ([...expected].every(([id, n]) => (desk!.seen.get(id)?.hitCount ?? 0) >= n)) break;
      if (Date.now() > deadline) throw new Error('timed out waiting for the desk stream to show every hit');
    }
    const tDesk = Math.max(...[...expected.keys()].map((id) => desk!.seen.get(id)!.at));
    const seconds = (t: number) => ((t - t0) / 1000).toFixed(2);
    log(
      `${f.hits} hits for ${produced.size} seals: produced in ${seconds(tProduced)} s; stored in ${seconds(tStored)} s → ${Math.round(f.hits / ((tStored - t0) / 1000))} hits/s; ` +
        `on the desk stream in ${seconds(tDesk)} s → ${Math.round(f.hits / ((tDesk - t0) / 1000))} hits/s`,
    );

    // Exactly once, and in order.
    const ids = [...produced.keys()];
    const [counts] = await db.query<{ alerts: number; open: number; hit_count: number; hits: number; timeline: number }>(
      `SELECT (SELECT count(*)::int FROM court.alerts WHERE seizure_id = ANY($1)) AS alerts,
              (SELECT count(DISTINCT seizure_id)::int FROM court.alerts WHERE seizure_id = ANY($1) AND state NOT IN ('resolved', 'cancelled')) AS open,
              (SELECT sum(hit_count)::int FROM court.alerts WHERE seizure_id = ANY($1)) AS hit_count,
              (SELECT count(*)::int FROM court.hits WHERE seizure_id = ANY($1)) AS hits,
              (SELECT count(*)::int FROM court.alert_timeline t JOIN court.alerts a ON a.id = t.alert_id WHERE a.seizure_id = ANY($1) AND t.kind = 'hit') AS timeline`,
      [ids],
    );
    const timeline = await db.query<{ seizure_id: string; hit_id: string }>(
      `SELECT a.seizure_id, t.details->>'hitId' AS hit_id FROM court.alert_timeline t JOIN court.alerts a ON a.id = t.alert_id
        WHERE a.seizure_id = ANY($1) AND t.kind = 'hit' ORDER BY t.id`,
      [ids],
    );
    const stored = new Map<string, string[]>();
    for (const r of timeline) stored.set(r.seizure_id, [...(stored.get(r.seizure_id) ?? []), r.hit_id]);
    const outOfOrder = ids.filter((id) => (stored.get(id) ?? []).join() !== produced.get(id)!.join()).length;
    const ok = counts.alerts === ids.length && counts.open === ids.length && counts.hit_count === f.hits && counts.hits === f.hits && counts.timeline === f.hits && outOfOrder === 0;
    log(
      `check: ${counts.alerts} alerts for ${ids.length} seals, hit_count ${counts.hit_count}, hit rows ${counts.hits}, timeline hit entries ${counts.timeline} ` +
        `(expected ${f.hits} each), ${outOfOrder} alerts with hits out of order → ${ok ? 'exactly once, in order' : 'MISMATCH'}`,
    );
    log(
      `machine: ${os.cpus().length} cores (${os.cpus()[0]?.model}), ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, load ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}; ` +
        `KAFKA_FETCH_MAX_WAIT_MS=${env.KAFKA_FETCH_MAX_WAIT_MS}; rss ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MB`,
    );
    if (!ok) process.exitCode = 1;
  } finally {
    desk?.close();
    await producer?.disconnect().catch(() => undefined);
    await app?.close().catch(() => undefined);
    await stop();
  }
}

main().then(
  () => process.exit(process.exitCode ?? 0),
  (error) => {
    console.error(`bench failed: ${error instanceof Error ? error.stack : error}`);
    process.exit(1);
  },
);
