import { Module } from '@nestjs/common';
import { ReportScheduler } from './report.scheduler';
import { ReportsController } from './reports.controller';
import { ReportsService } from './reports.service';

@Module({
  controllers: [ReportsController],
  providers: [ReportsService, ReportScheduler],
  exports: [ReportsService],
})
export class ReportsModule {}
