import { allTopicSpecs, Topic } from '@app/contracts';
import { partitionForKey } from '@app/platform';
import { KafkaMockCluster } from '../tools/kafka-mock/kafka-mock';

/**
 * Which partition a keyed record lands on, ours against librdkafka's own partitioners (called in
 * the Kafka mock's binary, the library every confluent-kafka client and node-rdkafka wraps): a
 * traffic-side producer that does not hash keys as we do splits one camera's reads over two
 * partitions, and they lose their order. The keys are camera and station ids as a traffic
 * platform names them and Chinese plates (UTF-8), made here, not taken from our code.
 */
describe('partitioner: the keys of our topics land where the Java client and librdkafka murmur2 put them', () => {
  let cluster: KafkaMockCluster;

  beforeAll(async () => {
    cluster = await KafkaMockCluster.start({ brokers: 1, topics: [{ name: 'partitioner-probe', partitions: 1 }] });
  });

  afterAll(async () => {
    await cluster?.stop();
  });

  const cameras = Array.from({ length: 60 }, (_, i) => `FCG-K${String(i + 1).padStart(2, '0')}`);
  const gbIds = Array.from({ length: 40 }, (_, i) => `4506030000121${String(9000000 + i * 7919).slice(-7)}`); // GB/T 28181-style device ids
  const plates = Array.from({ length: 60 }, (_, i) => `${'桂粤湘琼云'[i % 5]}${'ABCPR'[i % 5]}${String(10000 + i * 37).slice(-5)}`);
  const keys = [...cameras, ...gbIds, ...plates, 'x', ''];

  it('agrees with librdkafka murmur2 (the Java default) on every key, for every partition count of the contract', async () => {
    const counts = [...new Set(allTopicSpecs().map((t) => t.partitions))];
    let compared = 0;
    for (const count of counts) {
      for (const key of keys) {
        const bytes = Buffer.from(key, 'utf8');
        expect([key, count, partitionForKey(bytes, count)]).toEqual([key, count, await cluster.librdkafkaPartition('murmur2', count, bytes)]);
        compared++;
      }
    }
    console.log(`partitioner: ${compared} keys x partition counts agree with librdkafka murmur2`);
  });

  it("disagrees with librdkafka's default (consistent_random: CRC32) for most keys, which is why producers must set murmur2", async () => {
    const count = allTopicSpecs().find((t) => t.name === Topic.Sightings)!.partitions;
    let differ = 0;
    for (const key of keys.filter(Boolean)) {
      if (partitionForKey(key, count) !== (await cluster.librdkafkaPartition('consistent', count, Buffer.from(key)))) differ++;
    }
    console.log(`partitioner: ${differ} of ${keys.length - 1} keys land elsewhere with librdkafka's default partitioner (${count} partitions)`);
    expect(differ).toBeGreaterThan((keys.length - 1) / 2);
  });
});
