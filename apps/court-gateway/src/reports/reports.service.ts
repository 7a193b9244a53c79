import { Inject, Injectable, Logger } from '@nestjs/common';
import { DomainError, ErrorCode, maskPlate } from '@app/contracts';
import { Clock } from '@app/platform';
import { CourtGatewayEnv } from '../config/court-gateway.env';
import { custodyFigures, yuan } from '../impounds/custody';
import { RosterService } from '../roster/roster.service';
import { ALL_TEAMS, BreachLine, CustodyReport, ReportBody, ReportFigures, ReportPeriod, REPORT_PERIODS, SeizureFigures, SeizureReport, seizureComparison, share, StoredReportSummary, trendsOf } from './report.body';
import { PeriodBounds, ReportRepository, ReportScope } from './report.repository';

/** The same calendar date a year earlier (29 February falls back to the 28th). */
function yearBefore(date: string): string {
  const [y, m, d] = date.split('-');
  return `${Number(y) - 1}-${m}-${m === '02' && d === '29' ? '28' : d}`;
}

/** Breaches listed in a report, worst first; the figures count them all. */
const BREACH_LIST_LIMIT = 50;

/**
 * Leadership reports (日调度、周研判、月通报): figures computed by PostgreSQL (ReportRepository),
 * put together here, stored when their period closes.
 */
@Injectable()
export class ReportsService {
  private readonly log = new Logger(ReportsService.name);

  constructor(
    private readonly reports: ReportRepository,
    private readonly roster: RosterService,
    @Inject(CourtGatewayEnv) private readonly env: CourtGatewayEnv,
    private readonly clock: Clock,
  ) {}

  /** The report of the period containing `date` (YYYY-MM-DD, court time), as of now. */
  async compute(period: ReportPeriod, date: string, teamId?: string): Promise<ReportBody> {
    const team = await this.team(teamId);
    const asOf = this.clock.now();
    const tz = this.env.COURT_TIMEZONE;
    const bounds = await this.reports.periodBounds(date, period, tz);
    const teamParam = team?.id ?? null;
    const yearEarlierBounds = await this.reports.periodBounds(yearBefore(bounds.start), period, tz);
    const scope: ReportScope = { from: bounds.fromTs, to: bounds.toTs, teamId: teamParam };
    const [current, previous, breaches, series, seizures, custody] = await Promise.all([
      this.figures(scope, asOf),
      this.figures({ from: bounds.previousFromTs, to: bounds.fromTs, teamId: teamParam }, asOf),
      this.worstBreaches(scope, asOf),
      this.reports.series(scope, period === 'day' ? 'hour' : 'day', tz),
      this.seizures(bounds, yearEarlierBounds, teamParam),
      this.custody(teamParam, asOf),
    ]);
    return {
      period,
      start: bounds.start,
      end: bounds.end,
      timeZone: tz,
      team,
      generatedAt: asOf.toISOString(),
      current,
      previous: { ...previous, start: bounds.previousStart },
      trends: trendsOf(current, previous),
      series,
      breaches,
      seizures,
      custody,
    };
  }

  /** Seizures of the period against the same period a year earlier. */
  private async seizures(bounds: PeriodBounds, yearEarlier: PeriodBounds, teamId: string | null): Promise<SeizureReport> {
    const [current, before] = await Promise.all([
      this.seizureFigures({ from: bounds.fromTs, to: bounds.toTs, teamId }),
      this.seizureFigures({ from: yearEarlier.fromTs, to: yearEarlier.toTs, teamId }),
    ]);
    return { current, yearEarlier: { ...before, start: yearEarlier.start, end: yearEarlier.end }, comparison: seizureComparison(current, before) };
  }

  private async seizureFigures(scope: ReportScope): Promise<SeizureFigures> {
    const r = await this.reports.seizureFigures(scope);
    const average = r.averageHitToSeizureSeconds === null ? null : Math.round(Number(r.averageHitToSeizureSeconds));
    return { vehiclesSeized: r.vehiclesSeized, averageHitToSeizureSeconds: average, verifiedHits: r.verifiedHits, seizedOfVerified: r.seizedOfVerified, successRate: share(r.seizedOfVerified, r.verifiedHits) };
  }

  /** Cars in custody now, days and fees by the custody rules (../impounds/custody). */
  private async custody(teamId: string | null, asOf: Date): Promise<CustodyReport> {
    const rows = await this.reports.inCustody(teamId);
    const list = rows.map((r) => {
      const f = custodyFigures({ seizedAt: new Date(r.seizedAt), dailyRateFen: r.dailyRateFen, estimatedValueFen: r.estimatedValueFen }, asOf, this.env.IMPOUND_FEE_WARNING_SHARE);
      return { alertId: r.alertId, caseNumber: r.caseNumber, plate: maskPlate(r.plate), yard: r.yardName, seizedAt: new Date(r.seizedAt).toISOString(), days: f.days, feesFen: f.feesFen, feeWarning: f.feeWarning };
    });
    return {
      cars: list.length,
      feesYuan: yuan(list.reduce((sum, c) => sum + c.feesFen, 0)),
      feeWarnings: list.filter((c) => c.feeWarning).length,
      list: list.map(({ feesFen, ...car }) => ({ ...car, feesYuan: yuan(feesFen) })),
    };
  }

  /**
   * Stores the report of every period that has closed by now (yesterday, last week, last
   * month) for the whole court and each team, unless already stored. What is stored is never
   * recomputed: a stored report reads exactly as it did when its period closed.
   */
  async storeClosedPeriods(): Promise<StoredReportSummary[]> {
    const now = this.clock.now();
    const closed = await this.reports.lastClosedPeriods(now, this.env.COURT_TIMEZONE);
    const teamIds = (await this.roster.teams()).map((t) => t.id).sort();
    const stored: StoredReportSummary[] = [];
    for (const period of REPORT_PERIODS) {
      for (const teamId of [ALL_TEAMS, ...teamIds]) {
        if (await this.reports.isStored(period, closed[period], teamId)) continue;
        const body = await this.compute(period, closed[period], teamId === ALL_TEAMS ? undefined : teamId);
        if (await this.reports.store(period, body.start, teamId, now, body)) stored.push({ period, start: body.start, team: teamId, generatedAt: now.toISOString() });
      }
    }
    if (stored.length) this.log.log(`stored ${stored.length} closed-period reports`);
    return stored;
  }

  async stored(period: ReportPeriod, date: string, teamId?: string): Promise<ReportBody> {
    const bounds = await this.reports.periodBounds(date, period, this.env.COURT_TIMEZONE);
    const team = teamId ?? ALL_TEAMS;
    const body = await this.reports.storedBody<ReportBody>(period, bounds.start, team);
    if (!body) throw new DomainError(ErrorCode.ReportNotStored, { field: 'start', params: { period, start: bounds.start, team } });
    return body;
  }

  listStored(limit: number): Promise<StoredReportSummary[]> {
    return this.reports.listStored(limit);
  }

  private async team(teamId: string | undefined): Promise<{ id: string; name: string } | null> {
    if (!teamId || teamId === ALL_TEAMS) return null;
    const [team] = await this.roster.teamsByIds([teamId]);
    if (!team) throw new DomainError(ErrorCode.TeamNotFound, { field: 'team', params: { id: teamId } });
    return { id: team.id, name: team.name };
  }

  private async figures(scope: ReportScope, asOf: Date): Promise<ReportFigures> {
    const [r, byHitType, outcomes, breaches, falseHitsByCamera] = await Promise.all([
      this.reports.response(scope, asOf),
      this.reports.byHitType(scope),
      this.reports.outcomes(scope),
      this.reports.breachSummary(scope, asOf),
      this.reports.falseHitsByCamera(scope),
    ]);
    return {
      alerts: r.alerts,
      byHitType,
      vehiclesSeized: outcomes.vehiclesSeized,
      casesConcluded: outcomes.casesConcluded,
      acknowledge: {
        count: r.ackCount,
        medianSeconds: r.ackMedian,
        p90Seconds: r.ackP90,
        decided: r.ackDecided,
        withinSla: r.ackWithin,
        withinShare: share(r.ackWithin, r.ackDecided),
      },
      onScene: {
        count: r.onSceneCount,
        medianSeconds: r.onSceneMedian,
        p90Seconds: r.onSceneP90,
        decided: r.onSceneDecided,
        withinSla: r.onSceneWithin,
        withinShare: share(r.onSceneWithin, r.onSceneDecided),
      },
      resolve: { decided: r.resolveDecided, withinSla: r.resolveWithin, withinShare: share(r.resolveWithin, r.resolveDecided) },
      breaches,
      falseHits: { rejected: r.falseHits, judged: r.judged, rate: share(r.falseHits, r.judged) },
      falseHitsByCamera,
    };
  }

  /** The latest breaches of the period, worst first (the figures count them all). */
  private async worstBreaches(scope: ReportScope, asOf: Date): Promise<BreachLine[]> {
    const rows = await this.reports.worstBreaches(scope, asOf, BREACH_LIST_LIMIT);
    return rows.map((b) => ({ ...b, plate: maskPlate(b.plate), dueAt: new Date(b.dueAt).toISOString() }));
  }
}
