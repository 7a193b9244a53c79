import { IsIn, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { type ReportPeriod, REPORT_PERIODS } from './report.body';

const DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

export class ReportQueryDto {
  /** day (日调度), week (周研判, Monday to Sunday) or month (月通报). */
  @IsIn(REPORT_PERIODS)
  period: ReportPeriod;

  /** Any date inside the period, YYYY-MM-DD in the court's time zone. */
  @Matches(DATE, { message: 'start must be a date YYYY-MM-DD' })
  start: string;

  /** A team id (e.g. fangcheng); absent or "all" for the whole court. */
  @IsOptional()
  @IsString()
  @MaxLength(100)
  team?: string;

  /** csv for a spreadsheet; JSON otherwise. */
  @IsOptional()
  @IsIn(['json', 'csv'])
  format?: 'json' | 'csv';
}

export class StoredReportQueryDto {
  /** A team id; absent or "all" for the whole court. */
  @IsOptional()
  @IsString()
  @MaxLength(100)
  team?: string;
}
