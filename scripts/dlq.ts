/**
 * Dead letters: list what was set aside and replay it to its source topic.
 *
 *   npm run dlq -- list [--topic T]
 *   npm run dlq -- replay --topic T (--offset N | --all)
 *
 * T is a topic (`court.seizures.v1`) or its dead-letter topic (`court.seizures.v1.dlq`); list
 * without --topic covers every topic. A replay sends the record unchanged (same key, same
 * envelope, so the same eventId: a consumer that did process it once ignores it), with
 * `x-dlq-replayed-from` naming where it came from. Dead-letter topics are append-only: a
 * replayed record stays listed; replaying it again is harmless for the same reason.
 * Reads KAFKA_BROKERS and the other KAFKA_* variables from the environment, like the apps.
 */
import { Logger } from '@nestjs/common';
import { allTopicSpecs, DeadLetterHeader, Topic } from '../libs/contracts/src';
import { CommonEnv, loadEnv } from '../libs/platform/src/config/env';
import { readTopic, DeadLetterRecord } from '../libs/platform/src/kafka/kafka-topic.reader';
import { kafkaSettingsFrom } from '../libs/platform/src/kafka/kafka.settings';
import { createKafka, KafkajsPublisher } from '../libs/platform/src/kafka/kafkajs.client';

const REPLAYED_FROM = 'x-dlq-replayed-from';
const KAFKA_CONNECTION = ['KAFKA_BROKERS', 'KAFKA_CLIENT_ID', 'KAFKA_SSL', 'KAFKA_SSL_CA', 'KAFKA_SASL_MECHANISM', 'KAFKA_SASL_USERNAME', 'KAFKA_SASL_PASSWORD'];

interface Args {
  command: 'list' | 'replay';
  topic?: string;
  offset?: string;
  all: boolean;
}

function parseArgs(argv: string[]): Args {
  const [command, ...rest] = argv;
  if (command !== 'list' && command !== 'replay') throw new Error(usage());
  const args: Args = { command, all: false };
  for (let i = 0; i < rest.length; i++) {
    const flag = rest[i];
    if (flag === '--topic') args.topic = rest[++i];
    else if (flag === '--offset') args.offset = rest[++i];
    else if (flag === '--all') args.all = true;
    else throw new Error(`unknown argument ${flag}\n${usage()}`);
  }
  if (args.offset !== undefined && !/^\d+$/.test(args.offset)) throw new Error(`--offset must be a whole number, got ${args.offset}`);
  if (command === 'replay' && (!args.topic || args.all === (args.offset !== undefined))) throw new Error(`replay needs --topic and one of --offset N or --all\n${usage()}`);
  return args;
}

function usage(): string {
  return 'usage: npm run dlq -- list [--topic T]\n       npm run dlq -- replay --topic T (--offset N | --all)';
}

function deadLetterTopics(topic: string | undefined): string[] {
  const known = allTopicSpecs().map((t) => t.name).filter((name) => name.endsWith('.dlq'));
  if (!topic) return known;
  const dlq = topic.endsWith('.dlq') ? topic : `${topic}.dlq`;
  if (!known.includes(dlq)) throw new Error(`unknown topic ${topic}; known: ${Object.values(Topic).join(', ')}`);
  return [dlq];
}

function describe(record: DeadLetterRecord): string {
  const h = record.headers;
  let event = 'not an envelope';
  try {
    const envelope = JSON.parse(record.value) as { eventId?: unknown; type?: unknown };
    if (envelope && typeof envelope === 'object') event = `${String(envelope.type ?? '?')} ${String(envelope.eventId ?? '?')}`;
  } catch {
    // shown as "not an envelope"
  }
  const replayed = h[REPLAYED_FROM] ? ` (itself a replay of ${h[REPLAYED_FROM]})` : '';
  return [
    `${record.topic}@${record.offset}  ${h[DeadLetterHeader.FailedAt] ?? '?'}  ${event}${replayed}`,
    `    from ${h[DeadLetterHeader.SourceTopic] ?? '?'}[${h[DeadLetterHeader.SourcePartition] ?? '?'}]@${h[DeadLetterHeader.SourceOffset] ?? '?'} by ${h[DeadLetterHeader.Consumer] ?? '?'}`,
    `    reason: ${h[DeadLetterHeader.Reason] ?? '?'}`,
  ].join('\n');
}

export async function runDlqCommand(argv: string[], env: Record<string, string | undefined>, out: (line: string) => void): Promise<number> {
  const args = parseArgs(argv);
  // Only the Kafka connection variables, validated as the apps validate them. tsx emits no
  // decorator metadata, so numbers are not converted from strings: the tool passes none.
  const kafkaEnv = Object.fromEntries(Object.entries(env).filter(([name]) => KAFKA_CONNECTION.includes(name)));
  const common = loadEnv(CommonEnv, { DATABASE_URL: 'unused by this tool', ...kafkaEnv, PORT: 0 as unknown as string });
  const settings = kafkaSettingsFrom(common, 'dlq-tool');
  const kafka = createKafka(settings, new Logger('dlq'));
  const topics = deadLetterTopics(args.topic);
  let count = 0;
  if (args.command === 'list') {
    for (const topic of topics) {
      const records = await readTopic(kafka, topic);
      out(`${topic}: ${records.length} dead letter${records.length === 1 ? '' : 's'}`);
      for (const record of records) out(describe(record));
      count += records.length;
    }
    return count;
  }

  const [dlq] = topics;
  const records = (await readTopic(kafka, dlq)).filter((r) => args.all || r.offset === args.offset);
  if (records.length === 0) throw new Error(`${dlq} has no record${args.offset ? ` at offset ${args.offset}` : 's'}`);
  const publisher = new KafkajsPublisher(kafka);
  try {
    for (const record of records) {
      const source = record.headers[DeadLetterHeader.SourceTopic] ?? dlq.replace(/\.dlq$/, '');
      await publisher.publish([{ topic: source, key: record.key, value: record.value, headers: { [REPLAYED_FROM]: `${dlq}@${record.offset}` } }]);
      out(`replayed ${dlq}@${record.offset} to ${source}`);
      count++;
    }
  } finally {
    await publisher.close();
  }
  return count;
}

if (require.main === module) {
  runDlqCommand(process.argv.slice(2), process.env, (line) => console.log(line)).then(
    () => process.exit(0),
    (error: Error) => {
      console.error(error.message);
      process.exit(1);
    },
  );
}
