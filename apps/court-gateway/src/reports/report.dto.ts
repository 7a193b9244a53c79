import { IsCalendarDate } from '@app/contracts';
import { IsIn, IsOptional, Matches } from 'class-validator';
import { TEAM_ID } from '../roster/roster.dto';
import { type ReportPeriod, REPORT_PERIODS } from './report.body';

/** A team id, or `all` for the whole court. */
const TEAM_OR_ALL = new RegExp(`${TEAM_ID.source}|^all$`);
const TEAM_MESSAGE = 'team must be a team id (2-40 lower-case letters, digits or dashes) or all';

export class ReportQueryDto {
  /** day (日调度), week (周研判, Monday to Sunday) or month (月通报). */
  @IsIn(REPORT_PERIODS)
  period: ReportPeriod;

  /** Any date inside the period, YYYY-MM-DD in the court's time zone. */
  @IsCalendarDate()
  start: string;

  /** A team id (e.g. fangcheng); absent or "all" for the whole court. */
  @IsOptional()
  @Matches(TEAM_OR_ALL, { message: TEAM_MESSAGE })
  team?: string;

  /** csv for a spreadsheet; JSON otherwise. */
  @IsOptional()
  @IsIn(['json', 'csv'])
  format?: 'json' | 'csv';
}

export class StoredReportQueryDto {
  /** A team id; absent or "all" for the whole court. */
  @IsOptional()
  @Matches(TEAM_OR_ALL, { message: TEAM_MESSAGE })
  team?: string;
}
