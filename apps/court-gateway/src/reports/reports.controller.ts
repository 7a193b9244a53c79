import { BadRequestException, Controller, Get, Header, Param, Query, Res } from '@nestjs/common';
import { calendarDateMessage, parseCalendarDate } from '@app/contracts';
import { Allow, Role } from '@app/platform';
import { ApiBadRequestResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { ReportBody, ReportPeriod, REPORT_PERIODS, reportToCsv } from './report.body';
import { ReportQueryDto, StoredReportQueryDto } from './report.dto';
import { ReportsService, StoredReportSummary } from './reports.service';

@ApiTags('reports')
@Allow(Role.Leadership, Role.DutyDirector)
@Controller('api/v1/reports')
export class ReportsController {
  constructor(private readonly reports: ReportsService) {}

  @Get()
  @ApiOperation({ summary: 'Leadership report of a day, week or month, computed now (format=csv for a spreadsheet)' })
  @ApiProduces('application/json', 'text/csv')
  @ApiOkResponse({ description: 'period, start, end, timeZone, team, generatedAt, current and previous figures, trends, series, breaches (see docs/reports.md)' })
  @ApiBadRequestResponse({ description: 'A bad period, date or format, named' })
  @ApiNotFoundResponse({ description: 'Unknown team' })
  async report(@Query() query: ReportQueryDto, @Res({ passthrough: true }) res: Response): Promise<ReportBody | string> {
    const body = await this.reports.compute(query.period, query.start, query.team);
    return query.format === 'csv' ? this.csv(res, body) : body;
  }

  @Get('export.csv')
  @ApiOperation({ summary: 'The same report as CSV' })
  @ApiProduces('text/csv')
  @ApiOkResponse({ description: 'UTF-8 CSV with BOM: the trend table, hit types, then the breach list' })
  async exportCsv(@Query() query: ReportQueryDto, @Res({ passthrough: true }) res: Response): Promise<string> {
    return this.csv(res, await this.reports.compute(query.period, query.start, query.team));
  }

  @Get('stored')
  @ApiOperation({ summary: 'Reports stored when their period closed, newest first' })
  async listStored(): Promise<{ items: StoredReportSummary[] }> {
    return { items: await this.reports.listStored(200) };
  }

  @Get('stored/:period/:start')
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: 'A stored report exactly as it was generated when its period closed' })
  @ApiNotFoundResponse({ description: 'Not stored (the period has not closed yet, or predates the schedule)' })
  async stored(@Param('period') period: string, @Param('start') start: string, @Query() query: StoredReportQueryDto): Promise<ReportBody> {
    if (!REPORT_PERIODS.includes(period as ReportPeriod)) throw new BadRequestException([`period must be one of: ${REPORT_PERIODS.join(', ')}`]);
    if (!parseCalendarDate(start)) throw new BadRequestException([calendarDateMessage('start')]);
    return this.reports.stored(period as ReportPeriod, start, query.team);
  }

  private csv(res: Response, body: ReportBody): string {
    res.setHeader('Content-Type', 'text/csv; charset=utf-8');
    res.setHeader('Content-Disposition', `attachment; filename="report-${body.period}-${body.start}-${body.team?.id ?? 'all'}.csv"`);
    return reportToCsv(body);
  }
}
