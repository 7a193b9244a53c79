import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { Clock, Scheduler } from '@app/platform';
import { TrafficAdapterEnv } from '../config/traffic-adapter.env';
import { HitRecordRepository } from './hit-record.repository';

const DAY_MS = 24 * 3600 * 1000;

/** Hits are personal data kept for HIT_RETENTION_DAYS, then deleted by a nightly job. */
@Injectable()
export class HitRetentionService implements OnModuleInit {
  private readonly log = new Logger(HitRetentionService.name);

  constructor(
    private readonly hits: HitRecordRepository,
    private readonly clock: Clock,
    @Inject(TrafficAdapterEnv) private readonly env: TrafficAdapterEnv,
    private readonly scheduler: Scheduler,
  ) {}

  onModuleInit(): void {
    this.scheduler.register({ name: 'hit-retention', cron: '41 3 * * *', run: () => this.deleteExpiredHits(this.clock.now()) });
  }

  /** Deletes hits stored more than HIT_RETENTION_DAYS before `now`; returns how many. */
  async deleteExpiredHits(now: Date): Promise<number> {
    const cutoff = new Date(now.getTime() - this.env.HIT_RETENTION_DAYS * DAY_MS);
    const deleted = await this.hits.deleteStoredBefore(cutoff);
    if (deleted) this.log.log(`deleted ${deleted} hits stored before ${cutoff.toISOString()}`);
    return deleted;
  }
}
