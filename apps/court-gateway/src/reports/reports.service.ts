import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DomainError, ErrorCode, maskPlate } from '@app/contracts';
import { Clock } from '@app/platform';
import { DataSource } from 'typeorm';
import { CourtGatewayEnv } from '../config/court-gateway.env';
import { custodyFigures, yuan } from '../impounds/custody';
import { ALL_TEAMS, BreachLine, CameraFalseHits, CustodyReport, ReportBody, ReportFigures, ReportPeriod, REPORT_PERIODS, SeizureFigures, SeizureReport, seizureComparison, share, StoredReportSummary, trendsOf } from './report.body';
import { BREACH_SUMMARY_SQL, BY_HIT_TYPE_SQL, FALSE_HITS_BY_CAMERA_SQL, IN_CUSTODY_SQL, LAST_CLOSED_PERIODS_SQL, OUTCOMES_SQL, PERIOD_BOUNDS_SQL, RESPONSE_SQL, SEIZURE_FIGURES_SQL, SERIES_SQL, WORST_BREACHES_SQL } from './report.sql';

interface PeriodBounds {
  start: string;
  end: string;
  previousStart: string;
  fromTs: Date;
  toTs: Date;
  previousFromTs: Date;
}

/** The same calendar date a year earlier (29 February falls back to the 28th). */
function yearBefore(date: string): string {
  const [y, m, d] = date.split('-');
  return `${Number(y) - 1}-${m}-${m === '02' && d === '29' ? '28' : d}`;
}

/** Breaches listed in a report, worst first; the figures count them all. */
const BREACH_LIST_LIMIT = 50;


/** Leadership reports (日调度、周研判、月通报): computed in SQL, stored when their period closes. */
@Injectable()
export class ReportsService {
  private readonly log = new Logger(ReportsService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(CourtGatewayEnv) private readonly env: CourtGatewayEnv,
    private readonly clock: Clock,
  ) {}

  /** The report of the period containing `date` (YYYY-MM-DD, court time), as of now. */
  async compute(period: ReportPeriod, date: string, teamId?: string): Promise<ReportBody> {
    const team = await this.team(teamId);
    const asOf = this.clock.now();
    const tz = this.env.COURT_TIMEZONE;
    const [bounds] = await this.dataSource.query<PeriodBounds[]>(PERIOD_BOUNDS_SQL, [date, period, tz]);
    const teamParam = team?.id ?? null;
    const [yearEarlierBounds] = await this.dataSource.query<PeriodBounds[]>(PERIOD_BOUNDS_SQL, [yearBefore(bounds.start), period, tz]);
    const [current, previous, breaches, series, seizures, custody] = await Promise.all([
      this.figures(bounds.fromTs, bounds.toTs, teamParam, asOf),
      this.figures(bounds.previousFromTs, bounds.fromTs, teamParam, asOf),
      this.worstBreaches(bounds.fromTs, bounds.toTs, teamParam, asOf),
      this.dataSource.query<{ label: string; alerts: number }[]>(SERIES_SQL, [bounds.fromTs, bounds.toTs, teamParam, period === 'day' ? 'hour' : 'day', tz]),
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
    const [current, before] = await Promise.all([this.seizureFigures(bounds.fromTs, bounds.toTs, teamId), this.seizureFigures(yearEarlier.fromTs, yearEarlier.toTs, teamId)]);
    return { current, yearEarlier: { ...before, start: yearEarlier.start, end: yearEarlier.end }, comparison: seizureComparison(current, before) };
  }

  private async seizureFigures(from: Date, to: Date, teamId: string | null): Promise<SeizureFigures> {
    const [r] = await this.dataSource.query(SEIZURE_FIGURES_SQL, [from, to, teamId]);
    const average = r.averageHitToSeizureSeconds === null ? null : Math.round(Number(r.averageHitToSeizureSeconds));
    return { vehiclesSeized: r.vehiclesSeized, averageHitToSeizureSeconds: average, verifiedHits: r.verifiedHits, seizedOfVerified: r.seizedOfVerified, successRate: share(r.seizedOfVerified, r.verifiedHits) };
  }

  /** Cars in custody now, days and fees by the custody rules (../impounds/custody). */
  private async custody(teamId: string | null, asOf: Date): Promise<CustodyReport> {
    const rows = await this.dataSource.query<{ alertId: string; caseNumber: string; plate: string; yardName: string; seizedAt: Date; dailyRateFen: number; estimatedValueFen: number | null }[]>(IN_CUSTODY_SQL, [teamId]);
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
    const [closed] = await this.dataSource.query<Record<ReportPeriod, string>[]>(LAST_CLOSED_PERIODS_SQL, [now, this.env.COURT_TIMEZONE]);
    const teams = await this.dataSource.query<{ id: string }[]>('SELECT id FROM court.teams ORDER BY id');
    const stored: StoredReportSummary[] = [];
    for (const period of REPORT_PERIODS) {
      for (const teamId of [ALL_TEAMS, ...teams.map((t) => t.id)]) {
        const exists = await this.dataSource.query('SELECT 1 FROM court.reports WHERE period = $1 AND start_date = $2 AND team_id = $3', [period, closed[period], teamId]);
        if (exists.length) continue;
        const body = await this.compute(period, closed[period], teamId === ALL_TEAMS ? undefined : teamId);
        const inserted = await this.dataSource.query(
          `INSERT INTO court.reports (period, start_date, team_id, generated_at, body) VALUES ($1, $2, $3, $4, $5)
           ON CONFLICT (period, start_date, team_id) DO NOTHING RETURNING id`,
          [period, body.start, teamId, now, body],
        );
        if (inserted.length) stored.push({ period, start: body.start, team: teamId, generatedAt: now.toISOString() });
      }
    }
    if (stored.length) this.log.log(`stored ${stored.length} closed-period reports`);
    return stored;
  }

  async stored(period: ReportPeriod, date: string, teamId?: string): Promise<ReportBody> {
    const [bounds] = await this.dataSource.query<PeriodBounds[]>(PERIOD_BOUNDS_SQL, [date, period, this.env.COURT_TIMEZONE]);
    const team = teamId ?? ALL_TEAMS;
    const rows = await this.dataSource.query<{ body: ReportBody }[]>('SELECT body FROM court.reports WHERE period = $1 AND start_date = $2 AND team_id = $3', [
      period,
      bounds.start,
      team,
    ]);
    if (!rows.length) throw new DomainError(ErrorCode.ReportNotStored, { field: 'start', params: { period, start: bounds.start, team } });
    return rows[0].body;
  }

  async listStored(limit: number): Promise<StoredReportSummary[]> {
    const rows = await this.dataSource.query<{ period: ReportPeriod; start: string; team: string; generatedAt: Date }[]>(
      `SELECT period, to_char(start_date, 'YYYY-MM-DD') AS start, team_id AS team, generated_at AS "generatedAt"
       FROM court.reports ORDER BY start_date DESC, period, team_id LIMIT $1`,
      [limit],
    );
    return rows.map((r) => ({ ...r, generatedAt: new Date(r.generatedAt).toISOString() }));
  }

  private async team(teamId: string | undefined): Promise<{ id: string; name: string } | null> {
    if (!teamId || teamId === ALL_TEAMS) return null;
    const [team] = await this.dataSource.query<{ id: string; name: string }[]>('SELECT id, name FROM court.teams WHERE id = $1', [teamId]);
    if (!team) throw new DomainError(ErrorCode.TeamNotFound, { field: 'team', params: { id: teamId } });
    return team;
  }

  private async figures(from: Date, to: Date, teamId: string | null, asOf: Date): Promise<ReportFigures> {
    const period = [from, to, teamId];
    const [[r], byHitType, [outcomes], [breaches], falseHitsByCamera] = await Promise.all([
      this.dataSource.query(RESPONSE_SQL, [...period, asOf]),
      this.dataSource.query<{ source: string; match: string; count: number }[]>(BY_HIT_TYPE_SQL, period),
      this.dataSource.query(OUTCOMES_SQL, period),
      this.dataSource.query<ReportFigures['breaches'][]>(BREACH_SUMMARY_SQL, [...period, asOf]),
      this.dataSource.query<CameraFalseHits[]>(FALSE_HITS_BY_CAMERA_SQL, period),
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
  private async worstBreaches(from: Date, to: Date, teamId: string | null, asOf: Date): Promise<BreachLine[]> {
    const rows = await this.dataSource.query<(Omit<BreachLine, 'dueAt'> & { dueAt: Date })[]>(WORST_BREACHES_SQL, [from, to, teamId, asOf, BREACH_LIST_LIMIT]);
    return rows.map((b) => ({ ...b, plate: maskPlate(b.plate), dueAt: new Date(b.dueAt).toISOString() }));
  }
}
