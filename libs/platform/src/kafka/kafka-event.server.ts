import { Logger } from '@nestjs/common';
import { BaseRpcContext, CustomTransportStrategy, Server } from '@nestjs/microservices';
import { DeadLetterHeader, decodeEnvelope, deadLetterTopic, EventEnvelope, Topic } from '@app/contracts';
import { Consumer, EachBatchPayload, EachMessagePayload, Kafka, KafkaMessage } from 'kafkajs';
import { lastValueFrom } from 'rxjs';
import { MessagePublisher } from './kafkajs.client';
import { permanentReason } from './permanent-event.error';

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
}

/**
 * Extras of `@EventPattern(topic, { batch: true })`: the handler takes every decoded envelope of
 * a fetched batch at once (`EventEnvelope[]`) and returns a {@link BatchHandlerResult}.
 */
export const BATCH_HANDLER = { batch: true } as const;

/** What a batch handler reports: envelopes (by index in the batch) that can never be processed, to be dead-lettered. */
export interface BatchHandlerResult {
  rejected: { index: number; reason: string }[];
}

/** What readiness checks read about a consumer. */
export class KafkaConsumerStatus {
  joined = false;
  lastError: string | null = null;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A Nest microservice transport over kafkajs that handles the known traps of the stock Kafka
 * transport deliberately:
 * - every record is decoded and validated before a handler sees it; one that can never be
 *   processed goes to `<topic>.dlq` with the reason in headers, so it cannot block its partition;
 * - transient failures are retried in place with capped backoff while heartbeating, so the
 *   offset is committed only after the handler's effect is stored;
 * - the group id is fixed and a new group starts from the earliest offset, so nothing produced
 *   during a deploy is skipped.
 * Handlers are `@EventPattern(Topic.X)` methods taking the validated envelope.
 */
export class KafkaEventServer extends Server implements CustomTransportStrategy {
  private consumer: Consumer | null = null;
  private stopping = false;
  private readonly log = new Logger(KafkaEventServer.name);

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
    void this.runUntilStopped();
    callback();
  }

  async close(): Promise<void> {
    this.stopping = true;
    // disconnect() waits for in-flight handlers and commits the offsets they resolved.
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
    const consumer = this.kafka.consumer({
      groupId: this.options.groupId,
      allowAutoTopicCreation: false,
      sessionTimeout: 30_000,
      heartbeatInterval: 3_000,
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

  /**
   * Handlers marked {@link BATCH_HANDLER} get the whole fetched batch in one call (one
   * transaction for its effects); the others get its records one by one. Offsets move only past
   * records whose effect is stored or which were set aside.
   */
  private async handleBatch({ batch, resolveOffset, heartbeat, isRunning, isStale }: EachBatchPayload): Promise<void> {
    const handler = this.getHandlerByPattern(batch.topic);
    if (handler?.extras?.batch === true) {
      await this.handleWholeBatch(batch.topic, batch.partition, batch.messages, heartbeat);
      const last = batch.messages.at(-1);
      if (last) resolveOffset(last.offset);
      await heartbeat().catch(() => undefined);
      return;
    }
    for (const message of batch.messages) {
      if (!isRunning() || isStale()) return;
      await this.handleRecord({ topic: batch.topic, partition: batch.partition, message, heartbeat, pause: () => () => undefined });
      resolveOffset(message.offset);
      await heartbeat().catch(() => undefined);
    }
  }

  private async handleWholeBatch(topic: string, partition: number, messages: KafkaMessage[], heartbeat: () => Promise<void>): Promise<void> {
    const handler = this.getHandlerByPattern(topic)!;
    const envelopes: EventEnvelope[] = [];
    const sources: KafkaMessage[] = [];
    for (const message of messages) {
      const decoded = decodeEnvelope(topic, message.value);
      if (!decoded.ok) {
        await this.setAside(topic, partition, message, decoded.reason);
        continue;
      }
      envelopes.push(decoded.envelope);
      sources.push(message);
    }
    if (envelopes.length === 0) return;
    const context = new KafkaEventContext(topic, partition, messages[0].offset);

    let delay = this.options.retryInitialMs ?? 500;
    for (let attempt = 1; ; attempt++) {
      try {
        const result = (await lastValueFrom(this.transformToObservable(await handler(envelopes, context)), { defaultValue: undefined })) as
          | BatchHandlerResult
          | undefined;
        for (const { index, reason } of result?.rejected ?? []) {
          if (sources[index]) await this.setAside(topic, partition, sources[index], reason, envelopes[index]);
        }
        return;
      } catch (error) {
        const permanent = permanentReason(error);
        if (permanent !== null) {
          for (const [index, envelope] of envelopes.entries()) await this.setAside(topic, partition, sources[index], permanent, envelope);
          return;
        }
        if (this.stopping) throw error;
        this.log.warn(`batch of ${envelopes.length} from ${topic}[${partition}] failed (attempt ${attempt}): ${describe(error)}; retrying in ${delay} ms`);
        await sleep(delay);
        delay = Math.min(delay * 2, this.options.retryMaxMs ?? 10_000);
        await heartbeat().catch(() => undefined);
      }
    }
  }

  private async handleRecord({ topic, partition, message, heartbeat }: EachMessagePayload): Promise<void> {
    const decoded = decodeEnvelope(topic, message.value);
    if (!decoded.ok) {
      return this.setAside(topic, partition, message, decoded.reason);
    }
    const handler = this.getHandlerByPattern(topic);
    if (!handler) return this.setAside(topic, partition, message, `no handler for topic ${topic}`);
    const context = new KafkaEventContext(topic, partition, message.offset);

    let delay = this.options.retryInitialMs ?? 500;
    for (let attempt = 1; ; attempt++) {
      try {
        await lastValueFrom(this.transformToObservable(await handler(decoded.envelope, context)), { defaultValue: undefined });
        return;
      } catch (error) {
        const permanent = permanentReason(error);
        if (permanent !== null) return this.setAside(topic, partition, message, permanent, decoded.envelope);
        if (this.stopping) throw error; // left uncommitted: redone after restart, the inbox absorbs repeats
        this.log.warn(
          `${decoded.envelope.type} ${decoded.envelope.eventId} failed (attempt ${attempt}): ${describe(error)}; retrying in ${delay} ms`,
        );
        await sleep(delay);
        delay = Math.min(delay * 2, this.options.retryMaxMs ?? 10_000);
        await heartbeat().catch(() => undefined);
      }
    }
  }

  private async setAside(topic: string, partition: number, message: KafkaMessage, reason: string, envelope?: EventEnvelope) {
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
        return;
      } catch (error) {
        if (this.stopping) throw error;
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
