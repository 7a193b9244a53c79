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
  /** Consumer group session timeout: how soon a killed instance's partitions move on (default {@link DEFAULT_SESSION_TIMEOUT_MS}). */
  sessionTimeoutMs?: number;
}

/**
 * 6 s: the least Apache Kafka accepts by default (`group.min.session.timeout.ms`). A crashed
 * instance's partitions move on after this long, so a restarted one is ready within about 7 s
 * instead of the 30 s kafkajs would wait. It is safe to be this short because the transport
 * heartbeats on a timer while handlers run (below), not only between records.
 */
export const DEFAULT_SESSION_TIMEOUT_MS = 6_000;

/** Heartbeats a sixth of the session apart (1 s for 6 s), so five may be lost before the coordinator gives up on us. */
export function heartbeatIntervalFor(sessionTimeoutMs: number): number {
  return Math.max(500, Math.min(3_000, Math.floor(sessionTimeoutMs / 6)));
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

/** Where the consumer stands in its group. */
export type ConsumerState = 'starting' | 'joining' | 'consuming' | 'rebalancing' | 'restarting' | 'stopped';

/** What readiness checks and metrics read about a consumer. */
export class KafkaConsumerStatus {
  state: ConsumerState = 'starting';
  lastError: string | null = null;
  /** Topics the consumer is subscribed to (set when it starts). */
  topics: string[] = [];
  /** The group coordinator last acknowledged us (a join or a heartbeat), epoch ms. */
  lastContactAt: number | null = null;
  sessionTimeoutMs = DEFAULT_SESSION_TIMEOUT_MS;
  /** Group joins so far (the first one, then one per rebalance this member took part in). */
  joins = 0;
  /** The latest join: who we are in the group and how much of it we got. */
  lastJoin: { memberId: string; isLeader: boolean; partitions: number; durationMs: number; at: number } | null = null;
  /** The coordinator acknowledged our LeaveGroup (on close): the group need not wait out our session. */
  leftGroup = false;
  /** Counts by `topic|type|outcome`, read by the metrics endpoint. */
  readonly outcomes = new Map<string, number>();

  /** A member of its group with partitions to work on, in touch with the coordinator. */
  get joined(): boolean {
    return this.notReadyReason() === null;
  }

  /** Why the consumer is not consuming now (for readiness), or null while it is. */
  notReadyReason(now = Date.now()): string | null {
    const error = this.lastError ? `: ${this.lastError}` : '';
    switch (this.state) {
      case 'consuming': {
        // A member the coordinator has not heard from for a whole session has been dropped by
        // it, whatever kafkajs believes; it is rejoining (or cannot reach the coordinator).
        const silentMs = this.lastContactAt === null ? 0 : now - this.lastContactAt;
        return silentMs > this.sessionTimeoutMs ? `rejoining: no heartbeat acknowledged for ${Math.round(silentMs / 1000)} s` : null;
      }
      case 'starting':
      case 'joining':
        return `joining the consumer group${error}`;
      case 'rebalancing':
        return 'rejoining: the consumer group is rebalancing';
      case 'restarting':
        return `restarting the consumer${error}`;
      case 'stopped':
        return 'stopped';
    }
  }

  count(topic: string, type: string, outcome: ConsumeOutcome): void {
    const key = `${topic}|${type}|${outcome}`;
    this.outcomes.set(key, (this.outcomes.get(key) ?? 0) + 1);
  }
}

/** kafkajs errors that mean this member must rejoin its group before it may go on. */
const GROUP_MEMBERSHIP_ERRORS = new Set(['REBALANCE_IN_PROGRESS', 'NOT_COORDINATOR_FOR_GROUP', 'ILLEGAL_GENERATION', 'UNKNOWN_MEMBER_ID']);
const mustRejoin = (error: unknown) => GROUP_MEMBERSHIP_ERRORS.has((error as { type?: string } | null)?.type ?? '');

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
 *   events it causes carry the correlation id;
 * - group membership is kept short and honest: a 6 s session with heartbeats on a timer while
 *   handlers run (so a slow handler is not taken for a dead member), a LeaveGroup on close (so a
 *   restarted instance need not wait out our session), a batch given up as soon as the group
 *   rebalances (so the rejoin is not held up by work whose partition may move), and a consumer
 *   that kafkajs gives up on (a crash it will not restart from) replaced by a new one instead of
 *   leaving the app up but deaf.
 * Handlers are `@EventPattern(Topic.X)` methods taking the validated envelope.
 */
export class KafkaEventServer extends Server implements CustomTransportStrategy {
  private consumer: Consumer | null = null;
  /** The consume loop (start, supervise, replace the consumer) until close(). */
  private loop: Promise<void> | null = null;
  /** connect + subscribe + run of the current consumer: run() resolves once the group is joined. */
  private joining: Promise<void> | null = null;
  private stopping = false;
  private wakeUp: () => void = () => undefined;
  private restartDelayMs: number;
  private readonly log = new Logger(KafkaEventServer.name);
  /** Per paused partition: the timer that resumes it and how many times in a row it got stuck. */
  private readonly stuck = new Map<string, { timer: NodeJS.Timeout | null; times: number }>();
  private readonly sessionTimeoutMs: number;
  private readonly heartbeatIntervalMs: number;

  constructor(
    private readonly kafka: Kafka,
    private readonly deadLetters: MessagePublisher,
    private readonly options: KafkaEventServerOptions,
    private readonly consumerStatus: KafkaConsumerStatus = new KafkaConsumerStatus(),
  ) {
    super();
    this.sessionTimeoutMs = options.sessionTimeoutMs ?? DEFAULT_SESSION_TIMEOUT_MS;
    this.heartbeatIntervalMs = heartbeatIntervalFor(this.sessionTimeoutMs);
    this.restartDelayMs = options.retryInitialMs ?? 500;
    consumerStatus.sessionTimeoutMs = this.sessionTimeoutMs;
  }

  listen(callback: (...optionalParams: unknown[]) => void): void {
    // Consumption starts in the background and keeps retrying: an app whose broker is down at
    // boot still serves HTTP (and reports not ready) instead of crash-looping.
    this.loop = this.runUntilStopped();
    callback();
  }

  async close(): Promise<void> {
    this.stopping = true;
    this.wakeUp();
    for (const entry of this.stuck.values()) if (entry.timer) clearTimeout(entry.timer);
    // A disconnect that races a group join in flight does not stop kafkajs from fetching once
    // the join completes: let the join settle first (bounded, for a broker that is down).
    await withTimeout(this.joining ?? Promise.resolve(), 10_000).catch(() => undefined);
    // disconnect() waits for in-flight batches, commits the offsets they resolved and leaves the
    // group (LeaveGroup), so the partitions move on at once instead of after our session times
    // out; records not yet done stay unresolved and are redone by whoever gets the partition next.
    await this.consumer?.disconnect().catch(() => undefined);
    await withTimeout(this.loop ?? Promise.resolve(), 10_000).catch(() => undefined);
    this.consumerStatus.state = 'stopped';
    await this.deadLetters.close();
  }

  on(): never {
    throw new Error('KafkaEventServer does not emit events');
  }

  unwrap<T>(): T {
    return this.consumer as T;
  }

  /**
   * Runs a consumer until close(). kafkajs restarts a consumer by itself after a retriable crash;
   * after any other (an error it does not retry, e.g. a generation the coordinator no longer
   * knows, reported as non-retriable) it stops for good and the app would stay up, deaf, for
   * ever. Then a new consumer (a new member) takes its place after a backoff.
   */
  private async runUntilStopped(): Promise<void> {
    while (!this.stopping) {
      const consumer = this.createConsumer();
      this.consumer = consumer;
      const gaveUp = new Promise<Error>((resolve) =>
        consumer.on(consumer.events.CRASH, (event) => {
          if (!event.payload.restart) resolve(event.payload.error);
        }),
      );
      const stopped = new Promise<null>((resolve) => (this.wakeUp = () => resolve(null)));
      try {
        this.consumerStatus.state = 'joining';
        this.joining = this.start(consumer);
        await this.joining;
        const error = await Promise.race([gaveUp, stopped]);
        if (this.stopping) return;
        throw error;
      } catch (error) {
        if (this.stopping) return;
        this.consumerStatus.state = 'restarting';
        this.consumerStatus.lastError = describe(error);
        this.log.warn(`consumer ${this.options.groupId} stopped (${describe(error)}); starting a new one in ${this.restartDelayMs} ms`);
        await consumer.disconnect().catch(() => undefined);
        // An unref'd wait: close() ends it at once, and it never keeps a stopping process alive.
        await Promise.race([new Promise((resolve) => setTimeout(resolve, this.restartDelayMs).unref()), stopped]);
        this.restartDelayMs = Math.min(this.restartDelayMs * 2, this.options.retryMaxMs ?? 10_000);
      } finally {
        this.joining = null;
      }
    }
  }

  private createConsumer(): Consumer {
    const consumer = this.kafka.consumer({
      groupId: this.options.groupId,
      allowAutoTopicCreation: false,
      sessionTimeout: this.sessionTimeoutMs,
      heartbeatInterval: this.heartbeatIntervalMs,
      maxWaitTimeInMs: this.options.fetchMaxWaitMs ?? 200,
      retry: {
        retries: Number.MAX_SAFE_INTEGER,
        initialRetryTime: 300,
        // Short: a broker or coordinator that comes back is noticed within 2 s, not after a
        // backoff grown to 10 s while it was away.
        maxRetryTime: 2_000,
        // kafkajs restarts a crashed consumer by itself; it must not outlive close().
        restartOnFailure: async () => !this.stopping,
      },
    });
    const status = this.consumerStatus;
    const { GROUP_JOIN, HEARTBEAT, REBALANCING, CRASH, STOP, REQUEST } = consumer.events;
    consumer.on(GROUP_JOIN, ({ payload }) => {
      status.state = 'consuming';
      status.lastError = null;
      status.lastContactAt = Date.now();
      this.restartDelayMs = this.options.retryInitialMs ?? 500;
      const partitions = Object.values(payload.memberAssignment).reduce((n, ps) => n + ps.length, 0);
      status.joins++;
      status.lastJoin = { memberId: payload.memberId, isLeader: payload.isLeader, partitions, durationMs: payload.duration, at: Date.now() };
      this.log.log(
        `joined consumer group ${payload.groupId} in ${payload.duration} ms as ${payload.isLeader ? 'leader' : 'member'} ${payload.memberId}: ${partitions} partitions`,
      );
    });
    consumer.on(HEARTBEAT, () => {
      status.lastContactAt = Date.now();
    });
    consumer.on(REBALANCING, ({ payload }) => {
      status.state = 'rebalancing';
      this.log.log(`consumer group ${payload.groupId} is rebalancing: rejoining`);
    });
    consumer.on(CRASH, ({ payload }) => {
      if (this.stopping) return;
      status.state = payload.restart ? 'joining' : 'restarting';
      status.lastError = payload.error.message;
      this.log.warn(`consumer ${payload.groupId} crashed (${payload.error.message}); ${payload.restart ? 'kafkajs restarts it' : 'replacing it'}`);
    });
    consumer.on(STOP, () => {
      if (status.state === 'consuming') status.state = 'joining';
    });
    consumer.on(REQUEST, ({ payload }) => {
      if (payload.apiName !== 'LeaveGroup') return;
      status.leftGroup = true;
      this.log.log(`left consumer group ${this.options.groupId}`);
    });
    return consumer;
  }

  private async start(consumer: Consumer): Promise<void> {
    const topics = [...this.getHandlers().keys()];
    this.consumerStatus.topics = topics;
    await consumer.connect();
    await consumer.subscribe({ topics, fromBeginning: true });
    await consumer.run({
      partitionsConsumedConcurrently: this.options.partitionsConsumedConcurrently ?? 3,
      eachBatchAutoResolve: false,
      eachBatch: (payload) => this.handleBatch(payload),
    });
  }

  private async handleBatch(payload: EachBatchPayload): Promise<void> {
    // Heartbeats on a timer while the batch is worked on: a slow handler (a busy database, a
    // retry in place) must not look like a dead member. A heartbeat that says the group is
    // rebalancing ends the batch: its partition may be going elsewhere, and the sooner this
    // member rejoins, the sooner every partition is consumed again.
    let rebalancing = false;
    const beat = async () => {
      try {
        await payload.heartbeat();
      } catch (error) {
        if (mustRejoin(error)) rebalancing = true;
      }
    };
    const timer = setInterval(() => void beat(), this.heartbeatIntervalMs);
    try {
      await this.handleBatchRecords(payload, beat, () => rebalancing);
    } finally {
      clearInterval(timer);
    }
  }

  private async handleBatchRecords(
    { batch, resolveOffset, pause, isRunning, isStale }: EachBatchPayload,
    heartbeat: () => Promise<void>,
    rebalancing: () => boolean,
  ): Promise<void> {
    const { topic, partition } = batch;
    const handler = this.getHandlerByPattern(topic);
    const goOn = () => !this.stopping && isRunning() && !isStale() && !rebalancing();
    if (handler?.extras?.batch === true) {
      if (!goOn()) return;
      const done = await this.handleWholeBatch(topic, partition, batch.messages, handler, heartbeat, goOn);
      const first = batch.messages[0];
      if (!done) {
        if (first && goOn()) this.pauseStuckPartition(topic, partition, first.offset, pause);
        return;
      }
      const last = batch.messages.at(-1);
      if (last) resolveOffset(last.offset);
      this.stuck.delete(`${topic}|${partition}`);
      await heartbeat();
      return;
    }
    for (const message of batch.messages) {
      if (!goOn()) return;
      const done = await this.handleRecord(topic, partition, message, heartbeat, goOn);
      if (!done) {
        // Stopped or rebalancing: the record stays unresolved and is redone by whoever has the
        // partition next. Otherwise it is stuck: fetched again when the partition resumes.
        if (goOn()) this.pauseStuckPartition(topic, partition, message.offset, pause);
        return;
      }
      resolveOffset(message.offset);
      this.stuck.delete(`${topic}|${partition}`);
      await heartbeat();
    }
  }

  /** True once the whole batch's effects are stored and its bad records set aside; false to redo it later. */
  private async handleWholeBatch(
    topic: string,
    partition: number,
    messages: KafkaMessage[],
    handler: MessageHandler,
    heartbeat: () => Promise<void>,
    goOn: () => boolean,
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
        if (!goOn() || Date.now() + delay > giveUpAt) {
          const then = goOn() ? 'pausing the partition' : 'leaving it to whoever has the partition next';
          this.log.warn(`batch of ${envelopes.length} from ${topic}[${partition}] failed (attempt ${attempt}): ${describe(error)}; ${then}`);
          return false;
        }
        this.log.warn(`batch of ${envelopes.length} from ${topic}[${partition}] failed (attempt ${attempt}): ${describe(error)}; retrying in ${delay} ms`);
        await sleep(delay);
        delay = Math.min(delay * 2, this.options.retryMaxMs ?? 10_000);
        await heartbeat();
      }
    }
  }

  /** True once the record's effect is stored or it is set aside; false if it should be redone later. */
  private async handleRecord(
    topic: string,
    partition: number,
    message: KafkaMessage,
    heartbeat: () => Promise<void>,
    goOn: () => boolean,
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
      this.runHandler(topic, partition, message, envelope, handler, context, heartbeat, goOn),
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
    goOn: () => boolean,
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
        if (!goOn()) return false; // left unresolved: redone by whoever has the partition next, the inbox absorbs repeats
        if (Date.now() + delay > giveUpAt) {
          this.log.warn(`${envelope.type} ${envelope.eventId} failed (attempt ${attempt}): ${describe(error)}; pausing ${topic}[${partition}]`);
          this.consumerStatus.count(topic, envelope.type, 'paused');
          return false;
        }
        this.log.warn(`${envelope.type} ${envelope.eventId} failed (attempt ${attempt}): ${describe(error)}; retrying in ${delay} ms`);
        await sleep(delay);
        delay = Math.min(delay * 2, this.options.retryMaxMs ?? 10_000);
        await heartbeat();
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
