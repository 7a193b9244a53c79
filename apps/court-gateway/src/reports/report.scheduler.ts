import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import * as cron from 'node-cron';
import { CourtGatewayEnv } from '../config/court-gateway.env';
import { ReportsService } from './reports.service';

/**
 * Stores each report when its period closes: shortly after every local midnight (and again
 * each hour, so a restart or an outage at midnight still stores it). The work is
 * ReportsService.storeClosedPeriods, which takes "now" from the Clock; tests call it directly.
 */
@Injectable()
export class ReportScheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly log = new Logger(ReportScheduler.name);
  private task: cron.ScheduledTask | null = null;

  constructor(
    private readonly reports: ReportsService,
    @Inject(CourtGatewayEnv) private readonly env: CourtGatewayEnv,
  ) {}

  onApplicationBootstrap(): void {
    this.task = cron.schedule('5 * * * *', () => void this.run(), { timezone: this.env.COURT_TIMEZONE, noOverlap: true });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.task?.stop();
  }

  private async run(): Promise<void> {
    try {
      await this.reports.storeClosedPeriods();
    } catch (error) {
      this.log.error(`storing closed-period reports failed: ${(error as Error).message}`);
    }
  }
}
