import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { Clock } from '@app/platform';
import * as cron from 'node-cron';
import { TrafficAdapterEnv } from '../config/traffic-adapter.env';
import { HitRecordRepository } from './hit-record.repository';

const DAY_MS = 24 * 3600 * 1000;

/** Hits are personal data kept for HIT_RETENTION_DAYS, then deleted by a nightly job. */
@Injectable()
export class HitRetentionService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly log = new Logger(HitRetentionService.name);
  private task: cron.ScheduledTask | null = null;

  constructor(
    private readonly hits: HitRecordRepository,
    private readonly clock: Clock,
    @Inject(TrafficAdapterEnv) private readonly env: TrafficAdapterEnv,
  ) {}

  onApplicationBootstrap(): void {
    this.task = cron.schedule('41 3 * * *', () => {
      void this.deleteExpiredHits(this.clock.now()).catch((e: Error) => this.log.warn(`hit retention failed: ${e.message}`));
    });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.task?.stop();
  }

  /** Deletes hits stored more than HIT_RETENTION_DAYS before `now`; returns how many. */
  async deleteExpiredHits(now: Date): Promise<number> {
    const cutoff = new Date(now.getTime() - this.env.HIT_RETENTION_DAYS * DAY_MS);
    const deleted = await this.hits.deleteStoredBefore(cutoff);
    if (deleted) this.log.log(`deleted ${deleted} hits stored before ${cutoff.toISOString()}`);
    return deleted;
  }
}
