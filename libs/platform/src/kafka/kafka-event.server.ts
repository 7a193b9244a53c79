import { Logger } from '@nestjs/common';
import { BaseRpcContext, CustomTransportStrategy, MessageHandler, Server } from '@nestjs/microservices';
import { DeadLetterHeader, decodeEnvelope, deadLetterTopic, EventEnvelope, Topic } from '@app/contracts';
import { Consumer, EachBatchPayload, Kafka, KafkaMessage } from 'kafkajs';
import { lastValueFrom } from 'rxjs';
import { runWithCorrelationId } from '../context/correlation';
import { MessagePublisher } from './kafkajs.client';
import { permanentReason } from './permanent-event.error';
import { withTimeout } from './with-timeout';

export class KafkaEventContext extends BaseRpcContext<[string, number, string]> {
  constructor(readonly topic: string, readonly partition: number, readonly offset: string) {
    super([topic, partition, offset]);
  }
}

export interface KafkaEventServerOptions {
  /** Used as is: no `-server` suffix, so the group (and its committed offsets) survives upgrades. */
  groupId: string;
  partitionsConsumedConcurrently?: number;
  fetchMaxWaitMs?: number;
  /** Backoff bounds for transient failures (database down, broker hiccup). */
  retryInitialMs?: number;
  retryMaxMs?: number;
  /**
   * How long one record is retried in place before its partition is paused and the record
   * fetched again later. In-place retries hold the fetcher of the partition's broker (kafkajs
   * fetches again only when every batch it handed out is done), so this bounds how long a
   * stuck partition can hold up the others.
   */
  retryInPlaceMs?: number;
  /** Consumer group session timeout: how soon a killed instance's partitions move on. */
  sessionTimeoutMs?: number;
}

/**
 * Extras of `@EventPattern(topic, BATCH_HANDLER)`: the handler takes every decoded envelope of
 * a fetched batch at once (`EventEnvelope[]`, one transaction for their effects) and returns a
 * {@link BatchHandlerResult}. For high-volume intake, where a transaction per record costs more
 * than the work itself.
 */
export const BATCH_HANDLER = { batch: true } as const;

/** What a batch handler reports: envelopes (by index in the batch) that can never be processed, to be dead-lettered. */
export interface BatchHandlerResult {
  rejected: { index: number; reason: string }[];
}

export type ConsumeOutcome = 'processed' | 'dead-lettered' | 'retried' | 'paused';

/** What readiness checks and metrics read about a consumer. */
export class KafkaConsumerStatus {
  joined = false;
  lastError: string | null = null;
  /** Topics the consumer is subscribed to (set when it starts). */
  topics: string[] = [];
  /** Counts by `topic|type|outcome`, read by the metrics endpoint. */
  readonly outcomes = new Map<string, number>();

  count(topic: string, type: string, outcome: ConsumeOutcome): void {
    const key = `${topic}|${type}|${outcome}`;
    this.outcomes.set(key, (this.outcomes.get(key) ?? 0) + 1);
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A Nest microservice transport over kafkajs that handles the known traps of the stock Kafka
 * transport deliberately:
 * - every record is decoded and validated before a handler sees it; one that can never be
 *   processed goes to `<topic>.dlq` with the reason in headers, so it cannot block its partition;
 * - offsets are resolved by hand (eachBatch, no auto-resolve), one record at a time, only after
 *   its handler's effect is stored (or it is safely dead-lettered); kafkajs' auto-commit then
 *   commits only resolved offsets, so a crash or shutdown at any point leaves the unfinished
 *   record to be redone and the inbox absorbs the repeat;
 * - transient failures are retried in place with capped backoff while heartbeating, for at most
 *   `retryInPlaceMs`; after that the partition is paused and the record fetched again after a
 *   backoff, so one stuck partition never holds the others up for long;
 * - the group id is fixed and a new group starts from the earliest offset, so nothing produced
 *   during a deploy is skipped;
 * - each record's handler runs in its envelope's correlation context, so log lines and the
 *   events it causes carry the correlation id.
 * Handlers are `@EventPattern(Topic.X)` methods taking the validated envelope.
 */
export class KafkaEventServer extends Server implements CustomTransportStrategy {
  private consumer: Consumer | null = null;
  private startup: Promise<void> | null = null;
  private stopping = false;
  private readonly log = new Logger(KafkaEventServer.name);
  /** Per paused partition: the timer that resumes it and how many times in a row it got stuck. */
  private readonly stuck = new Map<string, { timer: NodeJS.Timeout | null; times: number }>();

  constructor(
    private readonly kafka: Kafka,
    private readonly deadLetters: MessagePublisher,
    private readonly options: KafkaEventServerOptions,
    private readonly consumerStatus: KafkaConsumerStatus = new KafkaConsumerStatus(),
  ) {
    super();
  }

  listen(callback: (...optionalParams: unknown[]) => void): void {
    // Consumption starts in the background and keeps retrying: an app whose broker is down at
    // boot still serves HTTP (and reports not ready) instead of crash-looping.
    this.startup = this.runUntilStopped();
    callback();
  }

  async close(): Promise<void> {
    this.stopping = true;
    for (const entry of this.stuck.values()) if (entry.timer) clearTimeout(entry.timer);
    // A disconnect that races a group join in flight does not stop kafkajs from fetching once
    // the join completes: let the start-up settle first (bounded, for a broker that is down).
    await withTimeout(this.startup ?? Promise.resolve(), 10_000).catch(() => undefined);
    // disconnect() waits for in-flight batches and commits the offsets they resolved; records
    // not yet done stay unresolved and are redone by whoever gets the partition next.
    await this.consumer?.disconnect().catch(() => undefined);
    await this.deadLetters.close();
  }

  on(): never {
    throw new Error('KafkaEventServer does not emit events');
  }

  unwrap<T>(): T {
    return this.consumer as T;
  }

  private async runUntilStopped(): Promise<void> {
    let delay = this.options.retryInitialMs ?? 500;
    while (!this.stopping) {
      try {
        await this.start();
        return;
      } catch (error) {
        this.consumerStatus.lastError = (error as Error).message;
        this.log.warn(`consumer ${this.options.groupId} could not start (${(error as Error).message}); retrying in ${delay} ms`);
        await this.consumer?.disconnect().catch(() => undefined);
        await sleep(delay);
        delay = Math.min(delay * 2, this.options.retryMaxMs ?? 10_000);
      }
    }
  }

  private async start(): Promise<void> {
    const topics = [...this.getHandlers().keys()];
    this.consumerStatus.topics = topics;
    const sessionTimeout = this.options.sessionTimeoutMs ?? 30_000;
    const consumer = this.kafka.consumer({
      groupId: this.options.groupId,
      allowAutoTopicCreation: false,
      sessionTimeout,
      heartbeatInterval: Math.max(500, Math.min(3_000, Math.floor(sessionTimeout / 6))),
      maxWaitTimeInMs: this.options.fetchMaxWaitMs ?? 200,
      retry: {
        retries: Number.MAX_SAFE_INTEGER,
        initialRetryTime: 300,
        maxRetryTime: 10_000,
        // kafkajs restarts a crashed consumer by itself; it must not outlive close().
        restartOnFailure: async () => !this.stopping,
      },
    });
    this.consumer = consumer;
    consumer.on(consumer.events.GROUP_JOIN, () => {
      this.consumerStatus.joined = true;
      this.consumerStatus.lastError = null;
    });
    consumer.on(consumer.events.CRASH, (e) => {
      this.consumerStatus.joined = false;
      this.consumerStatus.lastError = e.payload.error.message;
    });
    consumer.on(consumer.events.STOP, () => {
      this.consumerStatus.joined = false;
    });
    await consumer.connect();
    await consumer.subscribe({ topics, fromBeginning: true });
    await consumer.run({
      partitionsConsumedConcurrently: this.options.partitionsConsumedConcurrently ?? 3,
      eachBatchAutoResolve: false,
      eachBatch: (payload) => this.handleBatch(payload),
    });
  }

  private async handleBatch({ batch, resolveOffset, heartbeat, pause, isRunning, isStale }: EachBatchPayload): Promise<void> {
    const { topic, partition } = batch;
    const handler = this.getHandlerByPattern(topic);
    if (handler?.extras?.batch === true) {
      if (this.stopping || !isRunning() || isStale()) return;
      const done = await this.handleWholeBatch(topic, partition, batch.messages, handler, heartbeat, isRunning);
      const first = batch.messages[0];
      if (!done) {
        if (first) this.pauseStuckPartition(topic, partition, first.offset, pause);
        return;
      }
      const last = batch.messages.at(-1);
      if (last) resolveOffset(last.offset);
      this.stuck.delete(`${topic}|${partition}`);
      await heartbeat().catch(() => undefined);
      return;
    }
    for (const message of batch.messages) {
      if (this.stopping || !isRunning() || isStale()) return;
      const done = await this.handleRecord(topic, partition, message, heartbeat, isRunning);
      if (!done) {
        this.pauseStuckPartition(topic, partition, message.offset, pause);
        return; // the record stays unresolved: fetched again when the partition resumes
      }
      resolveOffset(message.offset);
      this.stuck.delete(`${topic}|${partition}`);
      await heartbeat().catch(() => undefined);
    }
  }

  /** True once the whole batch's effects are stored and its bad records set aside; false to redo it later. */
  private async handleWholeBatch(
    topic: string,
    partition: number,
    messages: KafkaMessage[],
    handler: MessageHandler,
    heartbeat: () => Promise<void>,
    isRunning: () => boolean,
  ): Promise<boolean> {
    const envelopes: EventEnvelope[] = [];
    const sources: KafkaMessage[] = [];
    const undecodable: { message: KafkaMessage; reason: string }[] = [];
    for (const message of messages) {
      const decoded = decodeEnvelope(topic, message.value);
      if (decoded.ok) {
        envelopes.push(decoded.envelope);
        sources.push(message);
      } else undecodable.push({ message, reason: decoded.reason });
    }
    // A redone batch may set a record aside twice; a replay of dead letters is idempotent on eventId.
    for (const { message, reason } of undecodable) if (!(await this.setAside(topic, partition, message, reason))) return false;
    if (envelopes.length === 0) return true;
    const context = new KafkaEventContext(topic, partition, messages[0].offset);
    const giveUpAt = Date.now() + (this.options.retryInPlaceMs ?? 15_000);
    let delay = this.options.retryInitialMs ?? 500;
    for (let attempt = 1; ; attempt++) {
      try {
        const result = (await lastValueFrom(this.transformToObservable(await handler(envelopes, context)), { defaultValue: undefined })) as
          | BatchHandlerResult
          | undefined;
        const rejected = new Set((result?.rejected ?? []).map((r) => r.index));
        for (const { index, reason } of result?.rejected ?? []) {
          if (sources[index] && !(await this.setAside(topic, partition, sources[index], reason, envelopes[index]))) return false;
        }
        envelopes.forEach((e, i) => !rejected.has(i) && this.consumerStatus.count(topic, e.type, 'processed'));
        return true;
      } catch (error) {
        const permanent = permanentReason(error);
        if (permanent !== null) {
          for (const [index, envelope] of envelopes.entries()) {
            if (!(await this.setAside(topic, partition, sources[index], permanent, envelope))) return false;
          }
          return true;
        }
        if (this.stopping || !isRunning() || Date.now() + delay > giveUpAt) {
          this.log.warn(`batch of ${envelopes.length} from ${topic}[${partition}] failed (attempt ${attempt}): ${describe(error)}; pausing the partition`);
          return false;
        }
        this.log.warn(`batch of ${envelopes.length} from ${topic}[${partition}] failed (attempt ${attempt}): ${describe(error)}; retrying in ${delay} ms`);
        await sleep(delay);
        delay = Math.min(delay * 2, this.options.retryMaxMs ?? 10_000);
        await heartbeat().catch(() => undefined);
      }
    }
  }

  /** True once the record's effect is stored or it is set aside; false if it should be redone later. */
  private async handleRecord(
    topic: string,
    partition: number,
    message: KafkaMessage,
    heartbeat: () => Promise<void>,
    isRunning: () => boolean,
  ): Promise<boolean> {
    const decoded = decodeEnvelope(topic, message.value);
    if (!decoded.ok) {
      return this.setAside(topic, partition, message, decoded.reason);
    }
    const handler = this.getHandlerByPattern(topic);
    if (!handler) return this.setAside(topic, partition, message, `no handler for topic ${topic}`, decoded.envelope);
    const envelope = decoded.envelope;
    const context = new KafkaEventContext(topic, partition, message.offset);
    // The whole handling (retry and dead-letter log lines included) runs in the envelope's flow.
    return runWithCorrelationId(envelope.correlationId ?? envelope.eventId, () =>
      this.runHandler(topic, partition, message, envelope, handler, context, heartbeat, isRunning),
    );
  }

  private async runHandler(
    topic: string,
    partition: number,
    message: KafkaMessage,
    envelope: EventEnvelope,
    handler: MessageHandler,
    context: KafkaEventContext,
    heartbeat: () => Promise<void>,
    isRunning: () => boolean,
  ): Promise<boolean> {
    const giveUpAt = Date.now() + (this.options.retryInPlaceMs ?? 15_000);
    let delay = this.options.retryInitialMs ?? 500;
    for (let attempt = 1; ; attempt++) {
      try {
        await lastValueFrom(this.transformToObservable(await handler(envelope, context)), { defaultValue: undefined });
        this.consumerStatus.count(topic, envelope.type, 'processed');
        return true;
      } catch (error) {
        const permanent = permanentReason(error);
        if (permanent !== null) return this.setAside(topic, partition, message, permanent, envelope);
        this.consumerStatus.count(topic, envelope.type, 'retried');
        if (this.stopping || !isRunning()) return false; // left unresolved: redone after restart, the inbox absorbs repeats
        if (Date.now() + delay > giveUpAt) {
          this.log.warn(`${envelope.type} ${envelope.eventId} failed (attempt ${attempt}): ${describe(error)}; pausing ${topic}[${partition}]`);
          this.consumerStatus.count(topic, envelope.type, 'paused');
          return false;
        }
        this.log.warn(`${envelope.type} ${envelope.eventId} failed (attempt ${attempt}): ${describe(error)}; retrying in ${delay} ms`);
        await sleep(delay);
        delay = Math.min(delay * 2, this.options.retryMaxMs ?? 10_000);
        await heartbeat().catch(() => undefined);
      }
    }
  }

  private pauseStuckPartition(topic: string, partition: number, offset: string, pause: () => () => void): void {
    if (this.stopping) return;
    const key = `${topic}|${partition}`;
    const entry = this.stuck.get(key) ?? { timer: null, times: 0 };
    entry.times++;
    const resumeInMs = Math.min((this.options.retryInitialMs ?? 500) * 2 ** entry.times, this.options.retryMaxMs ?? 10_000);
    const resume = pause();
    if (entry.timer) clearTimeout(entry.timer);
    entry.timer = setTimeout(() => {
      entry.timer = null;
      if (!this.stopping) resume();
    }, resumeInMs);
    this.stuck.set(key, entry);
    this.log.warn(`${topic}[${partition}] paused at offset ${offset} for ${resumeInMs} ms; other partitions go on`);
  }

  private async setAside(topic: string, partition: number, message: KafkaMessage, reason: string, envelope?: EventEnvelope): Promise<boolean> {
    this.log.warn(
      `setting aside ${topic}[${partition}]@${message.offset}${envelope ? ` (${envelope.type} ${envelope.eventId})` : ''}: ${reason}`,
    );
    const headers: Record<string, string> = {
      [DeadLetterHeader.Reason]: reason.slice(0, 2000),
      [DeadLetterHeader.SourceTopic]: topic,
      [DeadLetterHeader.SourcePartition]: String(partition),
      [DeadLetterHeader.SourceOffset]: message.offset,
      [DeadLetterHeader.FailedAt]: new Date().toISOString(),
      [DeadLetterHeader.Consumer]: this.options.groupId,
    };
    let delay = this.options.retryInitialMs ?? 500;
    // The offset may only move on once the record is safely set aside.
    for (;;) {
      try {
        await this.deadLetters.publish([
          { topic: deadLetterTopic(topic as Topic), key: message.key?.toString() ?? null, value: message.value?.toString() ?? '', headers },
        ]);
        this.consumerStatus.count(topic, envelope?.type ?? 'undecodable', 'dead-lettered');
        return true;
      } catch (error) {
        if (this.stopping) return false;
        this.log.warn(`dead-letter publish failed: ${describe(error)}; retrying in ${delay} ms`);
        await sleep(delay);
        delay = Math.min(delay * 2, this.options.retryMaxMs ?? 10_000);
      }
    }
  }
}

function describe(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (typeof error === 'object' && error !== null && 'message' in error) return String((error as { message: unknown }).message);
  return String(error);
}
