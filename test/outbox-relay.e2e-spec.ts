// Before any decorated class loads: env classes need their design-type metadata.
import 'reflect-metadata';
import { INestApplication } from '@nestjs/common';
import { allTopicSpecs, EventType, normalizePlate, Topic } from '@app/contracts';
import { loadEnv, ManualClock, partitionForKey } from '@app/platform';
import { Kafka, logLevel } from 'kafkajs';
import { startCourtGateway } from '../apps/court-gateway/src/bootstrap';
import { COURT_GROUP_ID, CourtGatewayEnv } from '../apps/court-gateway/src/config/court-gateway.env';
import { KafkaMockCluster } from '../tools/kafka-mock/kafka-mock';
import { api, TEST_ADMIN_KEY, TEST_TOKEN_SECRET } from './support/api';
import { eventually } from './support/eventually';
import { TestDatabase } from './support/test-database';
import { urlOf } from './support/test-system';

const DOWN = 1; // the broker taken down
const SEIZURES = Topic.Seizures;
const PARTITIONS = allTopicSpecs().find((t) => t.name === SEIZURES)!.partitions;
/** The seal topic's partitions led by the broker that goes down; every other partition (of every topic) is led by brokers 2 and 3. */
const DARK = new Set([0, 1]);
const STALL_SECONDS = 5;

interface Published {
  partition: number;
  key: string;
  eventId: string;
  type: string;
}

/**
 * The outbox relay with one of three brokers down, over the real broker protocol and PostgreSQL:
 * only the keys whose partition that broker leads wait; every other seal event reaches Kafka
 * meanwhile; readiness says the outbox is stalled once its oldest entry is older than the limit;
 * when the broker is back the held events go out, each key's in order, none lost or doubled.
 */
describe('outbox relay: a partition whose leader is down holds back only its own keys', () => {
  let cluster: KafkaMockCluster;
  let db: TestDatabase;
  let court: INestApplication;
  let url: string;

  beforeAll(async () => {
    cluster = await KafkaMockCluster.start({ brokers: 3, topics: allTopicSpecs() });
    // Leaders pinned (the mock never moves them, not even off a broker that is down): only the
    // seal topic's partitions 0 and 1 live on the broker that goes down, and court-gateway's
    // own consumer group is coordinated elsewhere, so its consumer is not what the test sees.
    for (const { name, partitions } of allTopicSpecs()) {
      for (let p = 0; p < partitions; p++) await cluster.setPartitionLeader(name, p, name === SEIZURES && DARK.has(p) ? DOWN : 2 + (p % 2));
    }
    await cluster.setGroupCoordinator(COURT_GROUP_ID, 2);
    db = await TestDatabase.create('outbox');
    court = await startCourtGateway(
      loadEnv(CourtGatewayEnv, {
        PORT: '0',
        DATABASE_URL: db.url,
        KAFKA_BROKERS: cluster.bootstrap,
        OUTBOX_POLL_MS: '50',
        OUTBOX_STALL_SECONDS: String(STALL_SECONDS),
        LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'error',
        ADMIN_API_KEY: TEST_ADMIN_KEY,
        AUTH_TOKEN_SECRET: TEST_TOKEN_SECRET,
        SEAL_EXPIRY_CRON: 'off',
        SCHEDULER_ENABLED: 'false',
      }),
      new ManualClock('2026-03-02T02:00:00.000Z'),
    );
    url = urlOf(court);
    await eventually(async () => (await api(url).get('/health/ready')).status, (s) => s === 200, { timeoutMs: 30_000, what: 'court-gateway ready' });
  }, 60_000);

  afterAll(async () => {
    await cluster?.setBrokerUp(DOWN).catch(() => undefined);
    await court?.close();
    await cluster?.stop();
    await db?.drop();
  });

  /** Plates (distinct, valid), `dark` of them keyed onto the partitions that go dark and `lit` onto the others. */
  function plates(dark: number, lit: number): string[] {
    const picked: string[] = [];
    let darkLeft = dark;
    let litLeft = lit;
    for (let n = 0; darkLeft + litLeft > 0; n++) {
      const plate = `桂P${'ABCDEFGHJK'[Math.floor(n / 1000) % 10]}${String(1000 + (n % 1000)).padStart(4, '0')}`;
      const onDark = DARK.has(partitionForKey(normalizePlate(plate), PARTITIONS));
      if (onDark && darkLeft > 0) darkLeft--;
      else if (!onDark && litLeft > 0) litLeft--;
      else continue;
      picked.push(plate);
    }
    return picked;
  }

  const outboxRows = () =>
    db.query<{ event_id: string; key: string; published: boolean }>(
      `SELECT event_id, key, published_at IS NOT NULL AS published FROM court.outbox WHERE topic = $1 ORDER BY id`,
      [SEIZURES],
    );

  it('publishes every other partition meanwhile, says it is stalled, then sends the held keys in order', async () => {
    const seals: { id: string; plate: string }[] = [];
    let publishedDuringOutage = new Set<string>();
    await cluster.setBrokerDown(DOWN);
    try {
      let n = 0;
      for (const plate of plates(4, 8)) {
        const res = await api(url).post('/api/v1/seizures').send({ caseNumber: `(2025)桂0603执${71000 + n++}号`, plate, tribunal: '防城法庭' });
        expect(res.status).toBe(201);
        seals.push({ id: res.body.id, plate });
      }
      // Half of them released at once: those keys carry two events that must stay in order.
      for (const seal of seals.filter((_, i) => i % 2 === 0)) {
        expect((await api(url).post(`/api/v1/seizures/${seal.id}/release`).send({ reason: '已履行' })).status).toBe(200);
      }

      const heldKey = (key: string) => DARK.has(partitionForKey(key, PARTITIONS));
      const during = await eventually(outboxRows, (rows) => rows.length === 18 && rows.every((r) => r.published !== heldKey(r.key)), {
        timeoutMs: 30_000,
        what: 'every event of a live partition published while the dark ones wait',
      });
      const ready = await eventually(async () => api(url).get('/health/ready'), (res) => res.status === 503 && /failing/.test(res.body.outbox), {
        timeoutMs: (STALL_SECONDS + 15) * 1000,
        what: 'readiness to say the outbox is stalled',
      });
      expect(ready.body).toMatchObject({ kafka: 'up', database: 'up' });
      expect(ready.body.outbox).toMatch(new RegExp(`^stalled: oldest unpublished entry is \\d+ s old \\(limit ${STALL_SECONDS} s\\); failing: ${SEIZURES.replace(/\./g, '\\.')}\\[[01]\\]`));
      publishedDuringOutage = new Set(during.filter((r) => r.published).map((r) => r.event_id));
      console.log(`outbox relay: broker ${DOWN} down: ${publishedDuringOutage.size} of ${during.length} seal events published meanwhile, ${during.length - publishedDuringOutage.size} held; readiness: ${ready.body.outbox}`);
    } finally {
      await cluster.setBrokerUp(DOWN);
    }
    const upAt = Date.now();
    await eventually(outboxRows, (rows) => rows.every((r) => r.published), { timeoutMs: 30_000, what: 'the held events published' });
    const drainedMs = Date.now() - upAt;
    await eventually(async () => (await api(url).get('/health/ready')).status, (s) => s === 200, { what: 'ready again' });

    // What the broker holds: every seal event once, each on the partition its key hashes to,
    // the held ones exactly those on the partitions that were dark, each key's events in order.
    const onKafka = await readTopic(18);
    expect(new Set(onKafka.map((r) => r.eventId)).size).toBe(18); // nothing doubled
    const rows = await outboxRows();
    expect(new Set(onKafka.map((r) => r.eventId))).toEqual(new Set(rows.map((r) => r.event_id))); // nothing lost
    for (const record of onKafka) expect(publishedDuringOutage.has(record.eventId)).toBe(!DARK.has(record.partition));
    for (const seal of seals) {
      const key = normalizePlate(seal.plate);
      const types = onKafka.filter((r) => r.key === key).map((r) => r.type);
      expect(types).toEqual(types.length === 2 ? [EventType.SeizureRegistered, EventType.SeizureReleased] : [EventType.SeizureRegistered]);
    }
    console.log(`outbox relay: broker ${DOWN} back: the held events published within ${drainedMs} ms, in order per key`);
  }, 120_000);

  /** Every record of the seal topic, read back from the broker (in partition order). */
  async function readTopic(expected: number): Promise<Published[]> {
    const kafka = new Kafka({ clientId: 'outbox-relay-test', brokers: cluster.brokers, logLevel: logLevel.NOTHING });
    const groupId = `outbox-relay-reader-${Date.now()}`;
    await cluster.setGroupCoordinator(groupId, 2);
    const consumer = kafka.consumer({ groupId, sessionTimeout: 6000, heartbeatInterval: 1000, maxWaitTimeInMs: 100 });
    const records: Published[] = [];
    try {
      await consumer.connect();
      await consumer.subscribe({ topic: SEIZURES, fromBeginning: true });
      await consumer.run({
        eachMessage: async ({ partition, message }) => {
          const envelope = JSON.parse(message.value!.toString()) as { eventId: string; type: string };
          records.push({ partition, key: message.key!.toString(), eventId: envelope.eventId, type: envelope.type });
        },
      });
      await eventually(async () => records.length, (n) => n >= expected, { timeoutMs: 30_000, what: `${expected} records read back` });
      return records;
    } finally {
      await consumer.disconnect();
    }
  }
});
