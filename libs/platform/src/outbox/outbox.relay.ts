import { DynamicModule, Inject, Injectable, Logger, Module, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import * as cron from 'node-cron';
import { DataSource } from 'typeorm';
import { assertSqlIdentifier } from '../database/sql-identifier';
import { MessagePublisher } from '../kafka/kafkajs.client';

export interface OutboxSettings {
  schema: string;
  pollMs: number;
  batchSize?: number;
  /** Published rows are kept this long for inspection, then pruned. */
  retainPublishedDays?: number;
}

const OUTBOX_SETTINGS = Symbol('OUTBOX_SETTINGS');

interface OutboxRow {
  id: string;
  topic: string;
  key: string | null;
  envelope: object;
}

/**
 * Publishes committed outbox rows to Kafka in insertion order. One relay at a time holds the
 * schema's advisory lock, so several instances never reorder or double-send a batch; a crash
 * between send and mark re-sends the batch, which consumers' inboxes absorb.
 */
@Injectable()
export class OutboxRelay implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly log = new Logger(OutboxRelay.name);
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private stopped = false;
  private rerun = false;
  private failures = 0;
  private pruneTask: cron.ScheduledTask | null = null;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly publisher: MessagePublisher,
    @Inject(OUTBOX_SETTINGS) private readonly settings: OutboxSettings,
  ) {}

  onApplicationBootstrap(): void {
    this.schedule(0);
    this.pruneTask = cron.schedule('17 3 * * *', () => void this.prune());
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.pruneTask?.stop();
    await this.running;
  }

  /** Asks for a publish soon after a transaction that wrote to the outbox has committed. */
  kick(): void {
    if (this.running) this.rerun = true;
    else this.schedule(0);
  }

  /** Publishes everything pending now; returns how many rows were sent. For tests and shutdown. */
  async drain(): Promise<number> {
    let total = 0;
    for (let sent = await this.publishBatch(); sent > 0; sent = await this.publishBatch()) total += sent;
    return total;
  }

  async backlog(): Promise<number> {
    const [row] = await this.dataSource.query(`SELECT count(*)::int AS n FROM ${this.schema}.outbox WHERE published_at IS NULL`);
    return row.n;
  }

  private get schema(): string {
    return assertSqlIdentifier(this.settings.schema);
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
      const sent = await this.publishBatch();
      this.failures = 0;
      if (sent > 0 || this.rerun) next = 0;
    } catch (error) {
      this.failures++;
      next = Math.min(this.settings.pollMs * 2 ** this.failures, 10_000);
      this.log.warn(`outbox publish failed (${(error as Error).message}); retrying in ${next} ms`);
    }
    this.rerun = false;
    this.schedule(next);
  }

  private publishBatch(): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      const [{ locked }] = await manager.query('SELECT pg_try_advisory_xact_lock(hashtext($1)) AS locked', [`outbox:${this.schema}`]);
      if (!locked) return 0;
      const rows: OutboxRow[] = await manager.query(
        `SELECT id, topic, key, envelope FROM ${this.schema}.outbox WHERE published_at IS NULL ORDER BY id LIMIT $1`,
        [this.settings.batchSize ?? 500],
      );
      if (rows.length === 0) return 0;
      await this.publisher.publish(rows.map((r) => ({ topic: r.topic, key: r.key, value: JSON.stringify(r.envelope) })));
      await manager.query(`UPDATE ${this.schema}.outbox SET published_at = now() WHERE id = ANY($1::bigint[])`, [rows.map((r) => r.id)]);
      return rows.length;
    });
  }

  private async prune(): Promise<void> {
    const days = this.settings.retainPublishedDays ?? 7;
    await this.dataSource
      .query(`DELETE FROM ${this.schema}.outbox WHERE published_at < now() - make_interval(days => $1)`, [days])
      .catch((e: Error) => this.log.warn(`outbox prune failed: ${e.message}`));
  }
}

@Module({})
export class OutboxModule {
  static forRoot(settings: OutboxSettings): DynamicModule {
    return {
      module: OutboxModule,
      global: true,
      providers: [{ provide: OUTBOX_SETTINGS, useValue: settings }, OutboxRelay],
      exports: [OutboxRelay],
    };
  }
}
