/**
 * `npm run bench:intake`: end-to-end Kafka intake of traffic-adapter, in process, on the Kafka
 * mock (librdkafka's mock cluster) and a scratch PostgreSQL database.
 *
 *   (a) sustained throughput: N reads produced to traffic.sightings.v1 as fast as possible;
 *       reads/s from the first produce until the adapter has taken in (decoded, validated,
 *       matched) the last one;
 *   (b) hit latency at a fixed rate with a share of sealed plates: from the read entering the
 *       adapter (its consumer handler) to its hit being published by the outbox relay (the
 *       broker acknowledged the send), p50/p99.
 *
 * Flags (defaults): --reads 100000 --seals 10000 --rate 1000 --seconds 30 --sealed-share 0.01
 * --checkpoints 40 --brokers 3. The adapter reads its usual variables, so tuning knobs are
 * env: KAFKA_PARTITIONS_CONSUMED_CONCURRENTLY, KAFKA_FETCH_MAX_WAIT_MS, OUTBOX_POLL_MS.
 * PostgreSQL: PGHOST/PGPORT/PGUSER (127.0.0.1:5432 postgres).
 */
// Decorators read metadata when their classes are defined: first, before any app code loads.
import 'reflect-metadata';
import { INestApplication } from '@nestjs/common';
import { EventType, Topic } from '@app/contracts';
import { KafkaConsumerStatus, loadEnv, MessagePublisher, OutgoingRecord } from '@app/platform';
import { Kafka, logLevel, Partitioners, Producer } from 'kafkajs';
import { randomUUID } from 'node:crypto';
import * as os from 'node:os';
import { performance } from 'node:perf_hooks';
import { startTrafficAdapter } from '../apps/traffic-adapter/src/bootstrap';
import { CheckpointsService } from '../apps/traffic-adapter/src/checkpoints/checkpoints.service';
import { TrafficAdapterEnv } from '../apps/traffic-adapter/src/config/traffic-adapter.env';
import { IntakeMetrics } from '../apps/traffic-adapter/src/sightings/intake.metrics';
import { WatchlistService } from '../apps/traffic-adapter/src/watchlist/watchlist.service';
import { distinctPlates, guangxiPlate } from '../scripts/traffic-plates';
import { sleep, percentile, parseFlags, waitFor, startBenchInfrastructure } from './support';

interface Flags {
  reads: number;
  seals: number;
  rate: number;
  seconds: number;
  sealedShare: number;
  checkpoints: number;
  brokers: number;
}

// librdkafka's mock keeps at most 5 MiB per partition and drops older records beyond that
// (rdkafka_mock.c: max_size); past ~120,000 reads on 12 partitions the adapter, still behind,
// would find its next offsets gone. A real cluster retains by time.
const DEFAULT_FLAGS: Flags = { reads: 100_000, seals: 10_000, rate: 1000, seconds: 30, sealedShare: 0.01, checkpoints: 40, brokers: 3 };


function sightingMessage(plate: string, cameraId: string, eventId = randomUUID()) {
  const observedAt = new Date().toISOString();
  return {
    key: cameraId,
    value: JSON.stringify({
      eventId,
      type: EventType.SightingReported,
      schemaVersion: 1,
      occurredAt: observedAt,
      producer: 'bench',
      payload: { plate, cameraId, observedAt, confidence: 0.9 },
    }),
  };
}


async function main(): Promise<void> {
  const f = parseFlags(process.argv.slice(2), DEFAULT_FLAGS);
  const log = (line: string) => console.log(`[bench] ${line}`);
  const { kafka, db, stop } = await startBenchInfrastructure(f.brokers);
  let app: INestApplication | null = null;
  let producer: Producer | null = null;
  try {
    const env = loadEnv(TrafficAdapterEnv, {
      ...process.env,
      PORT: '0',
      DATABASE_URL: db.url,
      KAFKA_BROKERS: kafka.bootstrap,
      LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
    });
    app = await startTrafficAdapter(env);
    const metrics = app.get(IntakeMetrics);

    // The watchlist, inserted directly, then loaded into the index as at start-up.
    const sealedPlates = distinctPlates(f.seals);
    await db.query(
      `INSERT INTO traffic.watchlist (seizure_id, plate, case_number, livelihood, sealed_at, expires_at, status, updated_at)
       SELECT gen_random_uuid(), p, '(2025)桂0603执' || n || '号', false, now(), now() + interval '2 years', 'active', now()
       FROM unnest($1::text[]) WITH ORDINALITY AS t(p, n)`,
      [sealedPlates],
    );
    await app.get(WatchlistService).rebuildIndex();
    const cameras: string[] = [];
    for (let i = 1; i <= f.checkpoints; i++) {
      const id = `BENCH-K${String(i).padStart(3, '0')}`;
      await app.get(CheckpointsService).put(id, { name: id, lat: 21.7, lon: 108.35, jurisdiction: 'fangcheng', groupId: `BENCH-G${Math.ceil(i / 5)}` });
      cameras.push(id);
    }
    const sealedSet = new Set(sealedPlates);
    const innocent = () => {
      for (;;) {
        const plate = guangxiPlate();
        if (!sealedSet.has(plate)) return plate;
      }
    };
    const camera = () => cameras[Math.floor(Math.random() * cameras.length)];

    producer = new Kafka({ clientId: 'bench', brokers: kafka.brokers, logLevel: logLevel.NOTHING }).producer({ allowAutoTopicCreation: false, createPartitioner: Partitioners.DefaultPartitioner });
    await producer.connect();
    await waitFor('the adapter consumer to join', () => app!.get(KafkaConsumerStatus).joined, 60_000);

    // Warm-up: JIT, connections, partition assignment.
    const warm = 5000;
    const before = metrics.readsReceived;
    await producer.send({ topic: Topic.Sightings, messages: Array.from({ length: warm }, () => sightingMessage(innocent(), camera())) });
    await waitFor('the warm-up reads', () => metrics.readsReceived - before >= warm, 120_000);
    log(`warm-up done: ${f.seals} seals watched, ${f.checkpoints} checkpoints, ${warm} reads`);

    // (a) Sustained throughput.
    let sealedIdx = 0;
    const messages = Array.from({ length: f.reads }, () =>
      Math.random() < 0.001 ? sightingMessage(sealedPlates[sealedIdx++ % sealedPlates.length], camera()) : sightingMessage(innocent(), camera()),
    );
    const startCount = metrics.readsReceived;
    const startHits = metrics.hitsPublished;
    const t0 = performance.now();
    const chunk = 2000;
    let produced = 0;
    const inFlight: Promise<unknown>[] = [];
    for (let i = 0; i < messages.length; i += chunk) {
      inFlight.push(producer.send({ topic: Topic.Sightings, acks: 1, messages: messages.slice(i, i + chunk) }).then(() => (produced += chunk)));
      if (inFlight.length >= 8) await inFlight.shift();
    }
    await Promise.all(inFlight);
    const tProduced = performance.now();
    await waitFor('every read to be taken in', () => metrics.readsReceived - startCount >= f.reads, 600_000);
    const tDone = performance.now();
    const throughput = f.reads / ((tDone - t0) / 1000);
    log(`(a) ${f.reads} reads: produced in ${((tProduced - t0) / 1000).toFixed(1)} s, taken in and matched in ${((tDone - t0) / 1000).toFixed(1)} s → ${Math.round(throughput)} reads/s end to end (${metrics.hitsPublished - startHits} hits published)`);

    // (b) Hit latency at a fixed rate.
    const enteredAt = new Map<string, number>();
    const sealedIds = new Set<string>();
    const latencies: number[] = [];
    metrics.onKafkaRead = (id) => {
      if (sealedIds.has(id)) enteredAt.set(id, performance.now());
    };
    const publisher = app.get(MessagePublisher);
    const publish = publisher.publish.bind(publisher);
    publisher.publish = async (records: OutgoingRecord[]) => {
      await publish(records);
      const at = performance.now();
      for (const r of records) {
        if (r.topic !== Topic.Hits) continue;
        const sightingId = JSON.parse(r.value).payload.sightingId as string;
        const entered = enteredAt.get(sightingId);
        if (entered !== undefined) latencies.push(at - entered);
      }
    };
    const tickMs = 10;
    const perTick = (f.rate * tickMs) / 1000;
    const tStart = performance.now();
    let due = 0;
    let sent = 0;
    while (performance.now() - tStart < f.seconds * 1000) {
      const tick = performance.now();
      due += perTick;
      const n = Math.floor(due);
      due -= n;
      const batch = Array.from({ length: n }, () => {
        if (Math.random() >= f.sealedShare) return sightingMessage(innocent(), camera());
        const id = randomUUID();
        sealedIds.add(id);
        // A seal not seen before: its hit is never folded.
        return sightingMessage(sealedPlates[sealedIdx++ % sealedPlates.length], camera(), id);
      });
      if (batch.length) void producer.send({ topic: Topic.Sightings, acks: 1, messages: batch });
      sent += n;
      const wait = tickMs - (performance.now() - tick);
      if (wait > 0) await sleep(wait);
    }
    await sleep(3000);
    const sorted = [...latencies].sort((a, b) => a - b);
    const elapsed = (performance.now() - tStart - 3000) / 1000;
    log(
      `(b) ${sent} reads at ${Math.round(sent / elapsed)} reads/s for ${f.seconds} s, ${sealedIds.size} sealed → ${latencies.length} hits measured: ` +
        `p50 ${percentile(sorted, 50)?.toFixed(1)} ms, p90 ${percentile(sorted, 90)?.toFixed(1)} ms, p99 ${percentile(sorted, 99)?.toFixed(1)} ms, max ${sorted.at(-1)?.toFixed(1)} ms`,
    );
    log(
      `machine: ${os.cpus().length} cores (${os.cpus()[0]?.model}), ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}; ` +
        `KAFKA_PARTITIONS_CONSUMED_CONCURRENTLY=${env.KAFKA_PARTITIONS_CONSUMED_CONCURRENTLY} KAFKA_FETCH_MAX_WAIT_MS=${env.KAFKA_FETCH_MAX_WAIT_MS} OUTBOX_POLL_MS=${env.OUTBOX_POLL_MS}; ` +
        `rss ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MB`,
    );
  } finally {
    await producer?.disconnect().catch(() => undefined);
    await app?.close().catch(() => undefined);
    await stop();
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(`bench failed: ${error instanceof Error ? error.stack : error}`);
    process.exit(1);
  },
);
