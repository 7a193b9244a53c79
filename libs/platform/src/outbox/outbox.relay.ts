import { DynamicModule, Inject, Injectable, Logger, Module, OnApplicationBootstrap, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { EventEnvelope, partitionKeyOf, Topic } from '@app/contracts';
import { currentCorrelationId } from '../context/correlation';
import { Transactions } from '../database/transactions';
import { OutboxRepository, PendingEvent } from './outbox.repository';
import { MessagePublisher } from '../kafka/kafkajs.client';
import { partitionForKey } from '../kafka/partitioner';
import { Scheduler } from '../scheduling/scheduler';

export interface OutboxSettings {
  pollMs: number;
  batchSize?: number;
  /** Published rows are kept this long for inspection, then pruned. */
  retainPublishedDays?: number;
  /** The outbox counts as stalled (readiness fails) once its oldest unpublished entry is older than this. */
  stallAfterSeconds?: number;
}

export const DEFAULT_OUTBOX_STALL_SECONDS = 60;

const OUTBOX_SETTINGS = Symbol('OUTBOX_SETTINGS');
/** How long a pass waits for its sends before it lets the next pass (of any instance) start; slower sends finish in the background. */
const SETTLE_MS = 2_000;
const LANE_RETRY_MAX_MS = 10_000;

/**
 * One partition's queue of sends. A partition whose leader is down fails alone: its keys wait
 * (in order) while every other partition keeps publishing.
 */
interface Lane {
  topic: string;
  partition: number | null;
  /** A send is in flight; its rows' keys wait behind it. */
  busy: boolean;
  failures: number;
  retryAt: number;
  lastError: string | null;
  /** Keys of this lane with rows not yet published: no later row of theirs may overtake. */
  heldKeys: Set<string>;
}

/** What readiness and metrics read about the outbox. */
export interface OutboxStatus {
  backlog: number;
  /** Age of the oldest unpublished entry, seconds (0 when none). */
  oldestSeconds: number;
  /** Why the outbox counts as stalled, or null. */
  stalled: string | null;
}

/**
 * Publishes committed outbox rows to Kafka, each key's rows in insertion order. Rows go out per
 * partition (the partition the key hashes to, as every producer of our topics must place it), in
 * parallel: a partition whose leader is down holds back only its own keys, and once it is back
 * its rows go first, still in order. One pass at a time holds the schema's advisory lock, so
 * instances do not send the same rows twice while sends are healthy; a send that outlives its
 * pass (a partition in trouble) may be repeated by another instance, which consumers' inboxes
 * absorb, as they absorb a re-send after a crash between send and mark.
 */
@Injectable()
export class OutboxRelay implements OnModuleInit, OnApplicationBootstrap, OnApplicationShutdown {
  private readonly log = new Logger(OutboxRelay.name);
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private stopped = false;
  private rerun = false;
  private failures = 0;
  private readonly lanes = new Map<string, Lane>();
  private readonly inFlight = new Set<Promise<void>>();

  constructor(
    private readonly rows: OutboxRepository,
    private readonly tx: Transactions,
    private readonly publisher: MessagePublisher,
    @Inject(OUTBOX_SETTINGS) private readonly settings: OutboxSettings,
    private readonly scheduler: Scheduler,
  ) {}

  onModuleInit(): void {
    this.scheduler.register({ name: 'outbox-prune', cron: '17 3 * * *', run: () => this.prune() });
  }

  onApplicationBootstrap(): void {
    this.schedule(0);
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
    // Sends still in flight mark their rows when they succeed; a bounded wait, then whatever is
    // left unmarked is sent again by the next relay (the inbox absorbs it).
    let bound: NodeJS.Timeout | undefined;
    await Promise.race([Promise.allSettled([...this.inFlight]), new Promise((r) => (bound = setTimeout(r, 5_000).unref()))]);
    clearTimeout(bound);
  }

  /** Asks for a publish soon after a transaction that wrote to the outbox has committed. */
  kick(): void {
    if (this.running) this.rerun = true;
    else this.schedule(0);
  }

  /** Publishes everything pending now that can go; returns how many rows were sent. For tests and shutdown. */
  async drain(): Promise<number> {
    let total = 0;
    for (let sent = await this.publishPass(); sent > 0; sent = await this.publishPass()) total += sent;
    return total;
  }

  async backlog(): Promise<number> {
    return (await this.status()).backlog;
  }

  /** Backlog, the oldest entry's age and whether that makes the outbox stalled (readiness). */
  async status(): Promise<OutboxStatus> {
    const { count, oldestSeconds } = await this.rows.backlog();
    const limit = this.settings.stallAfterSeconds ?? DEFAULT_OUTBOX_STALL_SECONDS;
    let stalled: string | null = null;
    if (oldestSeconds > limit) {
      const failing = [...this.lanes.values()].filter((l) => l.failures > 0).map((l) => `${laneName(l)}: ${l.lastError}`);
      stalled = `stalled: oldest unpublished entry is ${oldestSeconds} s old (limit ${limit} s)${failing.length ? `; failing: ${failing.join('; ')}` : ''}`;
    }
    return { backlog: count, oldestSeconds, stalled };
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      this.running = this.tick().finally(() => {
        this.running = null;
      });
    }, delayMs);
  }

  private async tick(): Promise<void> {
    let next = this.settings.pollMs;
    try {
      const sent = await this.publishPass();
      this.failures = 0;
      if (sent > 0 || this.rerun) next = 0;
    } catch (error) {
      this.failures++;
      next = Math.min(this.settings.pollMs * 2 ** this.failures, 10_000);
      this.log.warn(`outbox publish failed (${(error as Error).message}); retrying in ${next} ms`);
    }
    this.rerun = false;
    // A lane backing off is looked at again when its wait is over, not only on the next poll.
    const dueIn = this.nextLaneRetryIn();
    if (dueIn !== null) next = Math.min(next, dueIn);
    this.schedule(next);
  }

  /**
   * One pass: the oldest unpublished rows whose keys are free, sent per partition in parallel.
   * Returns how many rows were published within the pass.
   */
  private publishPass(): Promise<number> {
    // Its own transaction even when kicked from a timer that inherited a use case's context.
    return this.tx.runAlone(async () => {
      if (!(await this.rows.lockRelay())) return 0;
      const now = Date.now();
      for (const lane of this.lanes.values()) {
        if (lane.busy || lane.retryAt > now) continue;
        // Free (again): its waiting keys are selected below with the rest, oldest first.
        lane.heldKeys.clear();
        lane.retryAt = 0;
      }
      const held = [...this.lanes.values()].flatMap((l) => [...l.heldKeys].map((key) => ({ topic: l.topic, key })));
      const rows = await this.rows.nextBatch(this.settings.batchSize ?? 500, held);
      if (rows.length === 0) return 0;
      const batches = new Map<Lane, PendingEvent[]>();
      for (const row of rows) {
        const lane = await this.laneOf(row);
        if (lane.busy || lane.retryAt > now) {
          // A key first seen while its partition is in trouble waits with the others.
          lane.heldKeys.add(row.key ?? '');
          continue;
        }
        batches.set(lane, [...(batches.get(lane) ?? []), row]);
      }
      const sends = [...batches].map(([lane, laneRows]) => this.send(lane, laneRows));
      let published = 0;
      const counted = sends.map((s) => s.then((n) => void (published += n)));
      // The settle timer goes once the sends are done: left running, each pass kept a closing
      // process alive for up to SETTLE_MS (jest force-exited its worker at the end of the suite).
      let settle: NodeJS.Timeout | undefined;
      await Promise.race([Promise.all(counted), new Promise((r) => (settle = setTimeout(r, SETTLE_MS)))]);
      clearTimeout(settle);
      return published;
    });
  }

  /** Sends one partition's rows in order and marks them; failures back the lane off (its keys wait). */
  private send(lane: Lane, rows: PendingEvent[]): Promise<number> {
    lane.busy = true;
    for (const row of rows) lane.heldKeys.add(row.key ?? '');
    const sending = (async () => {
      try {
        await this.publisher.publish(
          rows.map((r) => ({ topic: r.topic, key: r.key, value: JSON.stringify(r.envelope), partition: lane.partition ?? undefined })),
        );
        await this.rows.markPublished(rows.map((r) => r.id));
        if (lane.failures > 0) this.log.log(`${laneName(lane)} publishes again after ${lane.failures} failed attempts`);
        lane.failures = 0;
        lane.retryAt = 0;
        lane.lastError = null;
        return rows.length;
      } catch (error) {
        lane.failures++;
        lane.lastError = (error as Error).message;
        const waitMs = Math.min(this.settings.pollMs * 2 ** lane.failures, LANE_RETRY_MAX_MS);
        lane.retryAt = Date.now() + waitMs;
        this.log.warn(`outbox: ${rows.length} rows for ${laneName(lane)} not published (${lane.lastError}); its keys wait, retrying in ${waitMs} ms`);
        return 0;
      } finally {
        lane.busy = false;
        // Rows of these keys that came in meanwhile may go now (or once the lane's wait is over).
        if (lane.retryAt <= Date.now()) lane.heldKeys.clear();
        this.kick();
      }
    })();
    const tracked = sending.then(() => undefined);
    this.inFlight.add(tracked);
    void tracked.finally(() => this.inFlight.delete(tracked));
    return sending;
  }

  private async laneOf(row: PendingEvent): Promise<Lane> {
    // Keyless rows carry no order: the client spreads them over the partitions.
    const partition = row.key === null ? null : partitionForKey(row.key, await this.publisher.partitionCount(row.topic));
    const name = `${row.topic}|${partition ?? '*'}`;
    let lane = this.lanes.get(name);
    if (!lane) {
      lane = { topic: row.topic, partition, busy: false, failures: 0, retryAt: 0, lastError: null, heldKeys: new Set() };
      this.lanes.set(name, lane);
    }
    return lane;
  }

  private nextLaneRetryIn(): number | null {
    let soonest: number | null = null;
    for (const lane of this.lanes.values()) {
      if (lane.busy || lane.retryAt === 0) continue;
      const dueIn = Math.max(0, lane.retryAt - Date.now());
      soonest = soonest === null ? dueIn : Math.min(soonest, dueIn);
    }
    return soonest;
  }

  private async prune(): Promise<void> {
    const days = this.settings.retainPublishedDays ?? 7;
    await this.rows
      .prunePublished(days)
      .catch((e: Error) => this.log.warn(`outbox prune failed: ${e.message}`));
  }
}

function laneName(lane: Lane): string {
  return `${lane.topic}[${lane.partition ?? 'any'}]`;
}

/**
 * The app's outbox as a use case sees it: `append` writes the event in the transaction of the
 * request or message ({@link Transactions}) and wakes the relay once that transaction commits,
 * so neither an EntityManager nor a `kick()` is passed around by hand.
 */
@Injectable()
export class EventOutbox {
  constructor(
    private readonly tx: Transactions,
    private readonly relay: OutboxRelay,
    private readonly rows: OutboxRepository,
  ) {}

  /** Transactions that already wake the relay on commit (one wake-up however many events). */
  private readonly waking = new WeakSet<object>();

  /**
   * The record key is the one the event's type defines (partitionKeyOf): what stays in order on
   * its topic. An event without a correlation id inherits the flow's (the consumed event's or the
   * HTTP request's), so follow-up events stay linked.
   */
  async append(event: EventEnvelope & { topic: Topic }): Promise<void> {
    const manager = this.tx.manager;
    const { topic, ...envelope } = event;
    if (!envelope.correlationId) {
      const inherited = currentCorrelationId();
      if (inherited) envelope.correlationId = inherited;
    }
    await this.rows.append(topic, partitionKeyOf(event), envelope);
    // Outside a transaction the manager is the pool's, the same every time: kick at once, always.
    if (!this.tx.active) return this.relay.kick();
    if (this.waking.has(manager)) return;
    this.waking.add(manager);
    this.tx.afterCommit(() => this.relay.kick());
  }
}

/** The app's inbox: claims of consumed events, in the transaction that stores their effect. */
@Injectable()
export class EventInbox {
  constructor(private readonly rows: OutboxRepository) {}

  /** False when `consumer` processed `eventId` before: the caller then does nothing. */
  claim(consumer: string, eventId: string): Promise<boolean> {
    return this.rows.claim(consumer, eventId);
  }

  /** The ids claimed now, of many events in one statement. */
  claimAll(consumer: string, eventIds: string[]): Promise<Set<string>> {
    return this.rows.claimAll(consumer, eventIds);
  }
}

@Module({})
export class OutboxModule {
  static forRoot(settings: OutboxSettings): DynamicModule {
    return {
      module: OutboxModule,
      global: true,
      providers: [{ provide: OUTBOX_SETTINGS, useValue: settings }, OutboxRepository, OutboxRelay, EventOutbox, EventInbox],
      exports: [OutboxRelay, EventOutbox, EventInbox],
    };
  }
}
