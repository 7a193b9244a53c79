import { Module } from '@nestjs/common';
import { RosterModule } from '../roster/roster.module';
import { ReportRepository } from './report.repository';
import { ReportScheduler } from './report.scheduler';
import { ReportsController } from './reports.controller';
import { ReportsService } from './reports.service';

@Module({
  imports: [RosterModule],
  controllers: [ReportsController],
  providers: [ReportsService, ReportRepository, ReportScheduler],
  exports: [ReportsService],
})
export class ReportsModule {}
