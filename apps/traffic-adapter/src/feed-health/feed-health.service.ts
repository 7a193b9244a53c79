import { Inject, Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { createEnvelope, EventType, FeedHealthChangedPayload, FeedScope, FeedState } from '@app/contracts';
import { Clock, EventOutbox, Scheduler, Transactions } from '@app/platform';
import { CheckpointRegistry } from '../checkpoints/checkpoint-registry';
import { TRAFFIC_PRODUCER, TrafficAdapterEnv } from '../config/traffic-adapter.env';
import { FeedHealthView } from './feed-health.dto';
import { FeedHealthRepository } from './feed-health.repository';
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
    private readonly feeds: FeedHealthRepository,
    private readonly tx: Transactions,
    private readonly registry: CheckpointRegistry,
    private readonly outbox: EventOutbox,
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

  /** Called for every camera read, on the intake's hot path: memory only. `plateLike` false for a read no plate can be. */
  recordRead(cameraId: string, groupId: string | null, at: Date, plateLike = true): void {
    const atMs = at.getTime();
    this.tracker.recordRead(cameraId, groupId, atMs, plateLike);
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
    const quiet = await this.feeds.quiet();
    const isQuiet = (scope: FeedScope, id: string) => quiet.some((q) => q.scope === scope && q.subject_id === id);
    const cameras = this.tracker.cameraHealth(nowMs).map((c) => ({
      cameraId: c.cameraId,
      checkpointId: this.registry.checkpointOf(c.cameraId)?.id ?? null,
      groupId: c.groupId,
      lastReadAt: c.lastReadAt?.toISOString() ?? null,
      readsPerMinute: c.readsPerMinute,
      totalReads: c.totalReads,
      certainMisreadShare: c.totalReads ? Math.round((c.certainMisreads / c.totalReads) * 10_000) / 10_000 : null,
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
    const transitions = await this.tx.run(async () => {
      if (!(await this.feeds.tryLockChecking())) return [];
      const cameras = await this.feeds.cameras();
      const quiet = await this.feeds.quiet();
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
        await this.outbox.append(event);
        await this.feeds.setState(t.scope, t.subjectId, t.state, now);
      }
      return due;
    });
    if (transitions.length === 0) return [];
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
    try {
      await this.feeds.recordCameras([...rows].map(([cameraId, r]) => ({ cameraId, ...r })), now);
    } catch (error) {
      for (const [cameraId, read] of batch) {
        const newer = this.unflushed.get(cameraId);
        if (!newer || newer.atMs < read.atMs) this.unflushed.set(cameraId, read);
      }
      throw error;
    }
  }
}
