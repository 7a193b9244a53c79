/**
 * Where a keyed record lands: the partitioner of the Java client (`BuiltInPartitioner`,
 * `Utils.toPositive(Utils.murmur2(keyBytes)) % numPartitions`), which kafkajs' DefaultPartitioner
 * and librdkafka's `murmur2_random` implement too. Every producer of a topic must use it, or one
 * key's records land on two partitions and lose their order (librdkafka's own default,
 * `consistent_random`, hashes with CRC32 instead: see docs/operations.md, "Producing to our
 * topics"). The outbox relay uses it to know which partition, and so which leader, a row waits on.
 */

const SEED = 0x9747b28c;
const M = 0x5bd1e995;
const R = 24;

/** Kafka's murmur2 (`org.apache.kafka.common.utils.Utils.murmur2`): a signed 32-bit hash of the bytes. */
export function murmur2(data: Uint8Array): number {
  const length = data.length;
  let h = SEED ^ length;
  const whole = length & ~3;
  for (let i = 0; i < whole; i += 4) {
    let k = data[i] | (data[i + 1] << 8) | (data[i + 2] << 16) | (data[i + 3] << 24);
    k = Math.imul(k, M);
    k ^= k >>> R;
    k = Math.imul(k, M);
    h = Math.imul(h, M) ^ k;
  }
  // The 1 to 3 bytes left over, highest first (the Java code's switch that falls through).
  const rest = length & 3;
  if (rest > 0) {
    if (rest === 3) h ^= data[whole + 2] << 16;
    if (rest >= 2) h ^= data[whole + 1] << 8;
    h ^= data[whole];
    h = Math.imul(h, M);
  }
  h ^= h >>> 13;
  h = Math.imul(h, M);
  h ^= h >>> 15;
  return h | 0;
}

/** The partition of `partitions` a record keyed `key` (UTF-8, as string serializers write it) goes to. */
export function partitionForKey(key: string | Uint8Array, partitions: number): number {
  if (!Number.isInteger(partitions) || partitions < 1) throw new RangeError(`partition count must be a positive integer, got ${partitions}`);
  const bytes = typeof key === 'string' ? Buffer.from(key, 'utf8') : key;
  return (murmur2(bytes) & 0x7fffffff) % partitions;
}
