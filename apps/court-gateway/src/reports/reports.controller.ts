import { Controller, Get, Header, Param, Query, Res } from '@nestjs/common';
import { calendarDateMessage, parseCalendarDate, refuseRequest } from '@app/contracts';
import { Allow, ApiItemsResponse } from '@app/platform';
import { ApiBadRequestResponse, ApiExtraModels, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiParam, ApiProduces, ApiTags, getSchemaPath } from '@nestjs/swagger';
import type { Response } from 'express';
import { ReportBody, ReportPeriod, REPORT_PERIODS, reportToCsv, StoredReportSummary } from './report.body';
import { ReportQueryDto, StoredReportQueryDto } from './report.dto';
import { ReportsService } from './reports.service';
import { PAGE_ROLES } from '../web/web-pages';

@ApiTags('reports')
@ApiExtraModels(ReportBody)
@Allow(...PAGE_ROLES.reports)
@Controller('api/v1/reports')
export class ReportsController {
  constructor(private readonly reports: ReportsService) {}

  /**
   * The period (day 日调度, week 周研判 Monday to Sunday, month 月通报) containing `start`, in
   * COURT_TIMEZONE, for one team or the whole court, computed now and compared with the period
   * before. How each figure is defined: docs/reports.md. 404 for an unknown team.
   */
  @Get()
  @ApiOperation({ summary: 'Leadership report of a day, week or month, computed now (format=csv for a spreadsheet)' })
  @ApiProduces('application/json', 'text/csv')
  @ApiOkResponse({
    description: 'The report (format=csv: the CSV of GET /reports/export.csv)',
    content: { 'application/json': { schema: { $ref: getSchemaPath(ReportBody) } }, 'text/csv': { schema: { type: 'string' } } },
  })
  @ApiBadRequestResponse({ description: 'A bad period, date or format, named' })
  @ApiNotFoundResponse({ description: 'Unknown team' })
  async report(@Query() query: ReportQueryDto, @Res({ passthrough: true }) res: Response): Promise<ReportBody | string> {
    const body = await this.reports.compute(query.period, query.start, query.team);
    return query.format === 'csv' ? this.csv(res, body) : body;
  }

  /** As GET /reports, as a download: UTF-8 with a BOM (Excel reads the Chinese), text a spreadsheet would run as a formula neutralised. */
  @Get('export.csv')
  @ApiOperation({ summary: 'The same report as CSV' })
  @ApiProduces('text/csv')
  @ApiOkResponse({ description: 'UTF-8 CSV with BOM: the trend table, hit types, then the breach list', content: { 'text/csv': { schema: { type: 'string' } } } })
  async exportCsv(@Query() query: ReportQueryDto, @Res({ passthrough: true }) res: Response): Promise<string> {
    return this.csv(res, await this.reports.compute(query.period, query.start, query.team));
  }

  /** Every hour at :05 court time the last closed day, week and month are stored for the whole court and each team, exactly as generated then. */
  @Get('stored')
  @ApiOperation({ summary: 'Reports stored when their period closed, newest first' })
  @ApiItemsResponse(StoredReportSummary, 'The 200 newest stored reports')
  async listStored(): Promise<{ items: StoredReportSummary[] }> {
    return { items: await this.reports.listStored(200) };
  }

  /** period is day, week or month; start a date (YYYY-MM-DD) inside it; team a team id or all. Later data never changes it. */
  @Get('stored/:period/:start')
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: 'A stored report exactly as it was generated when its period closed' })
  @ApiOkResponse({ type: ReportBody, description: 'The report as stored' })
  @ApiParam({ name: 'period', enum: ['day', 'week', 'month'] })
  @ApiParam({ name: 'start', description: 'YYYY-MM-DD', example: '2026-03-01' })
  @ApiNotFoundResponse({ description: 'Not stored (the period has not closed yet, or predates the schedule)' })
  async stored(@Param('period') period: string, @Param('start') start: string, @Query() query: StoredReportQueryDto): Promise<ReportBody> {
    if (!REPORT_PERIODS.includes(period as ReportPeriod)) throw refuseRequest('validation.not_one_of', 'period', `period must be one of: ${REPORT_PERIODS.join(', ')}`, { values: REPORT_PERIODS.join(', ') });
    if (!parseCalendarDate(start)) throw refuseRequest('validation.not_calendar_date', 'start', calendarDateMessage('start'));
    return this.reports.stored(period as ReportPeriod, start, query.team);
  }

  private csv(res: Response, body: ReportBody): string {
    res.setHeader('Content-Type', 'text/csv; charset=utf-8');
    res.setHeader('Content-Disposition', `attachment; filename="report-${body.period}-${body.start}-${body.team?.id ?? 'all'}.csv"`);
    return reportToCsv(body);
  }
}
