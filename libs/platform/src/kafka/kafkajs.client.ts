import { Logger } from '@nestjs/common';
import { Admin, Kafka, logLevel, LogEntry, Partitioners, Producer } from 'kafkajs';
import { KafkaSettings } from './kafka.settings';
import { withTimeout } from './with-timeout';

/**
 * The only place that builds kafkajs clients. kafkajs has had no release since 2023: keeping it
 * behind this folder lets a maintained KafkaJS-compatible client replace it without touching
 * the domain code.
 */
export function createKafka(settings: KafkaSettings, logger: Logger): Kafka {
  return new Kafka({
    clientId: settings.clientId,
    brokers: settings.brokers,
    ssl: typeof settings.ssl === 'object' ? { rejectUnauthorized: true, ca: [settings.ssl.ca] } : settings.ssl,
    sasl: settings.sasl as never,
    connectionTimeout: 3000,
    requestTimeout: 30000,
    // Retries are ours (outbox relay, consumer loop): keep kafkajs' own short so a dead broker
    // surfaces quickly instead of hanging a request for minutes.
    retry: { initialRetryTime: 200, retries: 5, maxRetryTime: 5000 },
    logLevel: logLevel.WARN,
    logCreator: () => (entry: LogEntry) => {
      const { message, ...extra } = entry.log;
      const line = `[kafkajs ${entry.namespace}] ${message} ${JSON.stringify(extra)}`;
      if (entry.level <= logLevel.ERROR) logger.error(line);
      else logger.warn(line);
    },
  });
}

export interface OutgoingRecord {
  topic: string;
  key: string | null;
  value: string;
  headers?: Record<string, string>;
  /** Set by a caller that chose it ({@link partitionForKey}); otherwise the client's murmur2 partitioner picks it from the key. */
  partition?: number;
}

/** The port every publish goes through (the outbox relay and the dead-letter writer). */
export abstract class MessagePublisher {
  abstract publish(records: OutgoingRecord[]): Promise<void>;
  /** How many partitions `topic` has on the cluster (from its metadata, cached). */
  abstract partitionCount(topic: string): Promise<number>;
  abstract close(): Promise<void>;
}

const METADATA_MAX_AGE_MS = 60_000;

export class KafkajsPublisher extends MessagePublisher {
  private producer: Producer | null = null;
  private connecting: Promise<Producer> | null = null;
  private admin: Admin | null = null;
  private readonly partitions = new Map<string, { count: number; at: number }>();

  constructor(private readonly kafka: Kafka) {
    super();
  }

  async publish(records: OutgoingRecord[]): Promise<void> {
    if (records.length === 0) return;
    const producer = await this.connected();
    const byTopic = new Map<string, OutgoingRecord[]>();
    for (const r of records) byTopic.set(r.topic, [...(byTopic.get(r.topic) ?? []), r]);
    await producer.sendBatch({
      // acks=-1: a publish counts only once every in-sync replica has it; the outbox row is
      // marked sent only after this resolves.
      acks: -1,
      topicMessages: [...byTopic.entries()].map(([topic, rs]) => ({
        topic,
        messages: rs.map((r) => ({ key: r.key, value: r.value, headers: r.headers, partition: r.partition })),
      })),
    });
  }

  async partitionCount(topic: string): Promise<number> {
    const known = this.partitions.get(topic);
    if (known && Date.now() - known.at < METADATA_MAX_AGE_MS) return known.count;
    try {
      const admin = await this.connectedAdmin();
      const { topics } = await withTimeout(admin.fetchTopicMetadata({ topics: [topic] }), 5_000);
      const count = topics.find((t) => t.name === topic)?.partitions.length ?? 0;
      if (count < 1) throw new Error(`topic ${topic} has no partitions in the cluster's metadata`);
      this.partitions.set(topic, { count, at: Date.now() });
      return count;
    } catch (error) {
      if (known) return known.count; // partition counts only ever grow, and rarely: the last known one is the best guess
      throw error;
    }
  }

  async close(): Promise<void> {
    const producer = this.producer;
    const admin = this.admin;
    this.producer = null;
    this.connecting = null;
    this.admin = null;
    await producer?.disconnect().catch(() => undefined);
    await admin?.disconnect().catch(() => undefined);
  }

  private async connectedAdmin(): Promise<Admin> {
    if (!this.admin) {
      const admin = this.kafka.admin();
      try {
        await withTimeout(admin.connect(), 5_000);
      } catch (error) {
        await admin.disconnect().catch(() => undefined);
        throw error;
      }
      this.admin = admin;
    }
    return this.admin;
  }

  private connected(): Promise<Producer> {
    if (this.producer) return Promise.resolve(this.producer);
    if (!this.connecting) {
      // Not idempotent on purpose: duplicates are absorbed by consumers' inboxes, and kafkajs'
      // idempotent producer needs broker features not every deployment (or the dev mock) has.
      // The default partitioner named, not implied: it is the Java client's murmur2 (what the
      // partition-for-key rule is checked against), and naming it stops kafkajs warning at every
      // start that its v2 default changed.
      const producer = this.kafka.producer({ allowAutoTopicCreation: false, idempotent: false, createPartitioner: Partitioners.DefaultPartitioner });
      producer.on(producer.events.DISCONNECT, () => {
        if (this.producer === producer) this.producer = null;
      });
      this.connecting = producer
        .connect()
        .then(() => {
          this.producer = producer;
          return producer;
        })
        .finally(() => {
          this.connecting = null;
        });
    }
    return this.connecting;
  }
}
