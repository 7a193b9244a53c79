import { allTopicSpecs, EventType, Topic } from '@app/contracts';
import { KafkaConsumerStatus, KafkaEventContext, KafkaEventServer, KafkajsPublisher } from '@app/platform';
import { Kafka, logLevel } from 'kafkajs';
import { randomUUID } from 'node:crypto';
import { KafkaMockCluster } from '../tools/kafka-mock/kafka-mock';
import { eventually } from './support/eventually';

/**
 * The consumer transport over the real broker protocol, without the apps: a partition whose
 * handler keeps failing transiently must not hold the other partitions up, and its offset must
 * not be committed past the record that is not done.
 */
describe(KafkaEventServer.name, () => {
  let cluster: KafkaMockCluster;
  let kafka: Kafka;

  beforeAll(async () => {
    cluster = await KafkaMockCluster.start({ brokers: 3, topics: allTopicSpecs() });
    kafka = new Kafka({ clientId: 'isolation-test', brokers: cluster.brokers, logLevel: logLevel.NOTHING });
  });

  afterAll(async () => {
    await cluster?.stop();
  });

  const hit = (label: string) => ({
    eventId: randomUUID(),
    type: EventType.VehicleSighted,
    schemaVersion: 1,
    occurredAt: new Date().toISOString(),
    producer: 'isolation-test',
    correlationId: `sighting-${label}`,
    payload: {
      hitId: randomUUID(),
      seizureId: randomUUID(),
      plate: '桂PA2345',
      readPlate: '桂PA2345',
      match: 'exact',
      source: 'checkpoint',
      sightingId: randomUUID(),
      cameraId: label,
      observedAt: new Date().toISOString(),
    },
  });

  it('keeps consuming every other partition while one partition fails, commits nothing past the failing record, and catches up once it heals', async () => {
    const STUCK = 0;
    const PER_PARTITION = 5;
    const partitions = allTopicSpecs().find((t) => t.name === Topic.Hits)!.partitions;
    const groupId = `isolation-${randomUUID()}`;
    const done = new Map<number, string[]>();
    let healed = false;

    const status = new KafkaConsumerStatus();
    const sut = new KafkaEventServer(kafka, new KafkajsPublisher(kafka), { groupId, fetchMaxWaitMs: 100, sessionTimeoutMs: 6000, retryInitialMs: 100, retryMaxMs: 400, retryInPlaceMs: 2000 }, status);
    sut.addHandler(
      Topic.Hits,
      async (envelope: { payload: { cameraId: string } }, context: KafkaEventContext) => {
        if (context.partition === STUCK && !healed) throw new Error('database row locked (simulated transient failure)');
        done.set(context.partition, [...(done.get(context.partition) ?? []), envelope.payload.cameraId]);
      },
      true,
    );
    sut.listen(() => undefined);

    const producer = kafka.producer();
    await producer.connect();
    const send = (p: number, from: number, count: number) =>
      producer.send({
        topic: Topic.Hits,
        messages: Array.from({ length: count }, (_, i) => ({ partition: p, key: `p${p}`, value: JSON.stringify(hit(`p${p}-${from + i}`)) })),
      });
    const retried = () => status.outcomes.get(`${Topic.Hits}|${EventType.VehicleSighted}|retried`) ?? 0;
    // First the failing partition gets stuck; only then does work arrive for the others, so it
    // must get past the stuck partition's fetcher (one broker leads several partitions).
    await send(STUCK, 0, PER_PARTITION);
    await eventually(async () => retried(), (n) => n > 0, { timeoutMs: 30_000, what: 'the failing partition retrying' });
    for (let p = 0; p < partitions; p++) if (p !== STUCK) await send(p, 0, PER_PARTITION);
    await producer.disconnect();
    const admin = kafka.admin();
    await admin.connect();

    try {
      const healthyDone = () => [...done.entries()].filter(([p]) => p !== STUCK).reduce((n, [, ids]) => n + ids.length, 0);
      await eventually(async () => healthyDone(), (n) => n === (partitions - 1) * PER_PARTITION, { timeoutMs: 30_000, what: 'every healthy partition consumed' });
      expect(done.get(STUCK)).toBeUndefined();
      for (const [p, ids] of done) expect(ids).toEqual(Array.from({ length: PER_PARTITION }, (_, i) => `p${p}-${i}`)); // in order

      const committed = async () =>
        Object.fromEntries((await admin.fetchOffsets({ groupId, topics: [Topic.Hits] }))[0].partitions.map((x) => [x.partition, Number(x.offset)]));
      await eventually(committed, (c) => Object.entries(c).filter(([p]) => Number(p) !== STUCK).every(([, o]) => o === PER_PARTITION), { what: 'healthy offsets committed' });
      const before = await committed();
      expect(before[STUCK] <= 0).toBe(true); // nothing committed on the failing partition
      // The healthy partitions may all be done while the stuck record is still retried in place
      // (retryInPlaceMs), so the pause is awaited rather than expected to have happened already.
      await eventually(async () => status.outcomes.get(`${Topic.Hits}|${EventType.VehicleSighted}|paused`) ?? 0, (n) => n > 0, { timeoutMs: 10_000, what: 'the failing partition paused' });
      expect((await committed())[STUCK] <= 0).toBe(true); // still nothing committed past the failing record

      healed = true;
      await eventually(async () => done.get(STUCK)?.length ?? 0, (n) => n === PER_PARTITION, { timeoutMs: 20_000, what: 'the healed partition caught up' });
      expect(done.get(STUCK)).toEqual(Array.from({ length: PER_PARTITION }, (_, i) => `p${STUCK}-${i}`));
      await eventually(committed, (c) => c[STUCK] === PER_PARTITION, { what: 'healed offset committed' });
      console.log(
        `consumer isolation: ${partitions} partitions x ${PER_PARTITION} records, partition ${STUCK} failing; ` +
          `${(partitions - 1) * PER_PARTITION} consumed meanwhile, ${status.outcomes.get(`${Topic.Hits}|${EventType.VehicleSighted}|paused`)} pauses, ` +
          `${status.outcomes.get(`${Topic.Hits}|${EventType.VehicleSighted}|processed`)} processed in all`,
      );
    } finally {
      await admin.disconnect();
      await sut.close();
    }
  }, 90_000);
});
