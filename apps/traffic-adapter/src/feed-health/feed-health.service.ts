import { Inject, Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createEnvelope, EventType, FeedHealthChangedPayload, FeedScope, FeedState } from '@app/contracts';
import { appendToOutbox, Clock, OutboxRelay, Scheduler } from '@app/platform';
import { DataSource } from 'typeorm';
import { CheckpointRegistry } from '../checkpoints/checkpoint-registry';
import { TRAFFIC_PRODUCER, TRAFFIC_SCHEMA, TrafficAdapterEnv } from '../config/traffic-adapter.env';
import { FeedHealthView } from './feed-health.dto';
import { FeedHealthTracker, FeedQuietLimits, FeedTransition, WHOLE_FEED } from './feed-health.tracker';

/**
 * Where the watch is blind: tracks every camera's reads (counters only) and publishes
 * FeedHealthChanged on traffic.feed-health.v1 once per transition to quiet or back. Reads of a
 * camera may reach any instance (HTTP) or one (its Kafka partition), so the decision is made
 * on the last reads all instances flushed to traffic.camera_feed, never on one instance's view.
 */
@Injectable()
export class FeedHealthService implements OnModuleInit, OnApplicationShutdown {
  private readonly log = new Logger(FeedHealthService.name);
  /** This instance's reads: rates and last reads for the view. */
  private readonly tracker: FeedHealthTracker;
  /** Last reads not yet written to the shared table. */
  private unflushed = new Map<string, { groupId: string | null; atMs: number }>();
  private readonly startedAtMs: number;
  private readonly limits: FeedQuietLimits;
  private checking: Promise<FeedTransition[]> | null = null;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly registry: CheckpointRegistry,
    private readonly outbox: OutboxRelay,
    private readonly clock: Clock,
    @Inject(TrafficAdapterEnv) env: TrafficAdapterEnv,
    private readonly scheduler: Scheduler,
  ) {
    this.startedAtMs = clock.now().getTime();
    this.tracker = new FeedHealthTracker(this.startedAtMs);
    this.limits = {
      cameraMs: env.FEED_QUIET_CAMERA_SECONDS * 1000,
      groupMs: env.FEED_QUIET_GROUP_SECONDS * 1000,
      allMs: env.FEED_QUIET_ALL_SECONDS * 1000,
    };
  }

  onModuleInit(): void {
    this.scheduler.register({ name: 'feed-health', cron: '*/15 * * * * *', run: () => this.checkFeedHealth(this.clock.now()) });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.checking;
  }

  /** Called for every camera read, on the intake's hot path: memory only. */
  recordRead(cameraId: string, groupId: string | null, at: Date): void {
    const atMs = at.getTime();
    this.tracker.recordRead(cameraId, groupId, atMs);
    const pending = this.unflushed.get(cameraId);
    if (!pending || atMs > pending.atMs) this.unflushed.set(cameraId, { groupId, atMs });
  }

  /**
   * Publishes the transitions due at `now` (one event each, in one transaction). Checks never
   * overlap in one instance, and across instances one at a time decides (advisory lock) from
   * the cameras' last reads every instance has flushed, so one transition is published once.
   */
  async checkFeedHealth(now: Date): Promise<FeedTransition[]> {
    while (this.checking) await this.checking.catch(() => undefined);
    this.checking = this.check(now);
    try {
      return await this.checking;
    } finally {
      this.checking = null;
    }
  }

  async view(now: Date): Promise<FeedHealthView> {
    const nowMs = now.getTime();
    const quiet: { scope: FeedScope; subject_id: string }[] = await this.dataSource.query(
      `SELECT scope, subject_id FROM ${TRAFFIC_SCHEMA}.feed_health_state WHERE state = $1 ORDER BY scope, subject_id`,
      [FeedState.Quiet],
    );
    const isQuiet = (scope: FeedScope, id: string) => quiet.some((q) => q.scope === scope && q.subject_id === id);
    const cameras = this.tracker.cameraHealth(nowMs).map((c) => ({
      cameraId: c.cameraId,
      checkpointId: this.registry.checkpointOf(c.cameraId)?.id ?? null,
      groupId: c.groupId,
      lastReadAt: c.lastReadAt?.toISOString() ?? null,
      readsPerMinute: c.readsPerMinute,
      totalReads: c.totalReads,
      state: isQuiet(FeedScope.Camera, c.cameraId) ? FeedState.Quiet : FeedState.Restored,
    }));
    return {
      checkedAt: now.toISOString(),
      feed: { state: isQuiet(FeedScope.Feed, WHOLE_FEED) ? FeedState.Quiet : FeedState.Restored, readsPerMinute: cameras.reduce((n, c) => n + c.readsPerMinute, 0) },
      quiet: quiet.map((q) => ({ scope: q.scope, subjectId: q.subject_id })),
      cameras,
    };
  }

  private async check(now: Date): Promise<FeedTransition[]> {
    const nowMs = now.getTime();
    await this.flush(now);
    const transitions = await this.dataSource.transaction(async (manager) => {
      const [{ locked }] = await manager.query('SELECT pg_try_advisory_xact_lock(hashtext($1)) AS locked', [`feed-health:${TRAFFIC_SCHEMA}`]);
      if (!locked) return [];
      const cameras: { camera_id: string; group_id: string | null; last_read_at: Date | null; watched_since: Date }[] = await manager.query(
        `SELECT camera_id, group_id, last_read_at, watched_since FROM ${TRAFFIC_SCHEMA}.camera_feed`,
      );
      const quiet: { scope: FeedScope; subject_id: string }[] = await manager.query(
        `SELECT scope, subject_id FROM ${TRAFFIC_SCHEMA}.feed_health_state WHERE state = $1`,
        [FeedState.Quiet],
      );
      const merged = new FeedHealthTracker(this.startedAtMs);
      for (const c of cameras) {
        const lastReadMs = c.last_read_at?.getTime() ?? null;
        merged.loadCamera(c.camera_id, c.group_id, Math.max(c.watched_since.getTime(), lastReadMs ?? 0), lastReadMs);
      }
      for (const q of quiet) merged.markQuiet(q.scope, q.subject_id);
      const due = merged.evaluate(nowMs, this.limits);
      for (const t of due) {
        const payload: FeedHealthChangedPayload = {
          scope: t.scope,
          subjectId: t.subjectId,
          state: t.state,
          lastReadAt: t.lastReadAt?.toISOString(),
          quietSeconds: t.quietSeconds,
        };
        const event = createEnvelope(EventType.FeedHealthChanged, payload, { producer: TRAFFIC_PRODUCER, occurredAt: now });
        await appendToOutbox(manager, TRAFFIC_SCHEMA, event, `${t.scope}:${t.subjectId}`);
        await manager.query(
          `INSERT INTO ${TRAFFIC_SCHEMA}.feed_health_state (scope, subject_id, state, changed_at) VALUES ($1, $2, $3, $4)
           ON CONFLICT (scope, subject_id) DO UPDATE SET state = EXCLUDED.state, changed_at = EXCLUDED.changed_at`,
          [t.scope, t.subjectId, t.state, now],
        );
      }
      return due;
    });
    if (transitions.length === 0) return [];
    this.outbox.kick();
    for (const t of transitions) this.log.warn(`feed ${t.scope} ${t.subjectId} is ${t.state} (no read for ${t.quietSeconds} s)`);
    return transitions;
  }

  /** Writes this instance's cameras' last reads, and the registered cameras, to the shared table. */
  private async flush(now: Date): Promise<void> {
    const batch = this.unflushed;
    this.unflushed = new Map();
    const rows = new Map<string, { groupId: string | null; lastReadAt: Date | null }>();
    // Registered cameras are watched from the moment they are known, read or not.
    for (const [cameraId, checkpoint] of this.registry.cameras()) rows.set(cameraId, { groupId: checkpoint.groupId, lastReadAt: null });
    for (const [cameraId, read] of batch) rows.set(cameraId, { groupId: rows.get(cameraId)?.groupId ?? read.groupId, lastReadAt: new Date(read.atMs) });
    if (rows.size === 0) return;
    // A camera first known by its read is watched from that read; a registered one from now.
    const ids = [...rows.keys()];
    try {
      await this.dataSource.query(
        `INSERT INTO ${TRAFFIC_SCHEMA}.camera_feed (camera_id, group_id, last_read_at, watched_since)
         SELECT c, g, r, COALESCE(r, $4) FROM unnest($1::text[], $2::text[], $3::timestamptz[]) AS t(c, g, r)
         ON CONFLICT (camera_id) DO UPDATE SET group_id = EXCLUDED.group_id,
           last_read_at = GREATEST(${TRAFFIC_SCHEMA}.camera_feed.last_read_at, EXCLUDED.last_read_at)`,
        [ids, ids.map((id) => rows.get(id)!.groupId), ids.map((id) => rows.get(id)!.lastReadAt), now],
      );
    } catch (error) {
      for (const [cameraId, read] of batch) {
        const newer = this.unflushed.get(cameraId);
        if (!newer || newer.atMs < read.atMs) this.unflushed.set(cameraId, read);
      }
      throw error;
    }
  }
}
