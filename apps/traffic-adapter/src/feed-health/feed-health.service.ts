import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createEnvelope, EventType, FeedHealthChangedPayload, FeedScope } from '@app/contracts';
import { appendToOutbox, Clock, OutboxRelay } from '@app/platform';
import * as cron from 'node-cron';
import { DataSource } from 'typeorm';
import { CheckpointRegistry } from '../checkpoints/checkpoint-registry';
import { TRAFFIC_PRODUCER, TRAFFIC_SCHEMA, TrafficAdapterEnv } from '../config/traffic-adapter.env';
import { FeedHealthView } from './feed-health.dto';
import { FeedHealthTracker, FeedQuietLimits, FeedTransition, WHOLE_FEED } from './feed-health.tracker';

/**
 * Where the watch is blind: tracks every camera's reads (counters only) and publishes
 * FeedHealthChanged on traffic.feed-health.v1 once per transition to quiet or back.
 */
@Injectable()
export class FeedHealthService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly log = new Logger(FeedHealthService.name);
  private readonly tracker: FeedHealthTracker;
  private readonly limits: FeedQuietLimits;
  private task: cron.ScheduledTask | null = null;
  private checking: Promise<FeedTransition[]> | null = null;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly registry: CheckpointRegistry,
    private readonly outbox: OutboxRelay,
    private readonly clock: Clock,
    @Inject(TrafficAdapterEnv) env: TrafficAdapterEnv,
  ) {
    this.tracker = new FeedHealthTracker(clock.now().getTime());
    this.limits = {
      cameraMs: env.FEED_QUIET_CAMERA_SECONDS * 1000,
      groupMs: env.FEED_QUIET_GROUP_SECONDS * 1000,
      allMs: env.FEED_QUIET_ALL_SECONDS * 1000,
    };
  }

  onApplicationBootstrap(): void {
    this.task = cron.schedule('*/15 * * * * *', () => {
      void this.checkFeedHealth(this.clock.now()).catch((e: Error) => this.log.warn(`feed health check failed: ${e.message}`));
    });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.task?.stop();
    await this.checking;
  }

  /** Called for every camera read, on the intake's hot path: memory only. */
  recordRead(cameraId: string, groupId: string | null, at: Date): void {
    this.tracker.recordRead(cameraId, groupId, at.getTime());
  }

  /**
   * Publishes the transitions due at `now` (one event each, in one transaction). Checks never
   * overlap, so one transition cannot be published twice.
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

  view(now: Date): FeedHealthView {
    const nowMs = now.getTime();
    const cameras = this.tracker.cameraHealth(nowMs).map((c) => ({
      cameraId: c.cameraId,
      checkpointId: this.registry.checkpointOf(c.cameraId)?.id ?? null,
      groupId: c.groupId,
      lastReadAt: c.lastReadAt?.toISOString() ?? null,
      readsPerMinute: c.readsPerMinute,
      totalReads: c.totalReads,
      state: c.state,
    }));
    return {
      checkedAt: now.toISOString(),
      feed: { state: this.tracker.stateOf(FeedScope.Feed, WHOLE_FEED), readsPerMinute: cameras.reduce((n, c) => n + c.readsPerMinute, 0) },
      quiet: this.tracker.quietSubjects(),
      cameras,
    };
  }

  private async check(now: Date): Promise<FeedTransition[]> {
    const nowMs = now.getTime();
    // Registered cameras are watched from the moment they are known, read or not.
    for (const [cameraId, checkpoint] of this.registry.cameras()) this.tracker.watchCamera(cameraId, checkpoint.groupId, nowMs);
    const transitions = this.tracker.evaluate(nowMs, this.limits);
    if (transitions.length === 0) return [];
    await this.dataSource.transaction(async (manager) => {
      for (const t of transitions) {
        const payload: FeedHealthChangedPayload = {
          scope: t.scope,
          subjectId: t.subjectId,
          state: t.state,
          lastReadAt: t.lastReadAt?.toISOString(),
          quietSeconds: t.quietSeconds,
        };
        const event = createEnvelope(EventType.FeedHealthChanged, payload, { producer: TRAFFIC_PRODUCER, occurredAt: now });
        await appendToOutbox(manager, TRAFFIC_SCHEMA, event, `${t.scope}:${t.subjectId}`);
      }
    });
    this.tracker.commit(transitions);
    this.outbox.kick();
    for (const t of transitions) this.log.warn(`feed ${t.scope} ${t.subjectId} is ${t.state} (no read for ${t.quietSeconds} s)`);
    return transitions;
  }
}
