import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { Scheduler } from '@app/platform';
import { CourtGatewayEnv } from '../config/court-gateway.env';
import { ReportsService } from './reports.service';

/**
 * Stores each report when its period closes: shortly after every local midnight (and again
 * each hour, so a restart or an outage at midnight still stores it). The work is
 * ReportsService.storeClosedPeriods, which takes "now" from the Clock; tests call it directly.
 */
@Injectable()
export class ReportScheduler implements OnModuleInit {

  constructor(
    private readonly reports: ReportsService,
    @Inject(CourtGatewayEnv) private readonly env: CourtGatewayEnv,
    private readonly scheduler: Scheduler,
  ) {}

  onModuleInit(): void {
    this.scheduler.register({ name: 'reports', cron: '5 * * * *', timezone: this.env.COURT_TIMEZONE, run: () => this.reports.storeClosedPeriods() });
  }
}
