import { neutraliseFormula } from '@app/platform/http/csv';

/** The shape of a leadership report, as served and as stored in court.reports.body. */

export type ReportPeriod = 'day' | 'week' | 'month';
export const REPORT_PERIODS: readonly ReportPeriod[] = ['day', 'week', 'month'];
/** court.reports.team_id of a report over the whole court. */
export const ALL_TEAMS = 'all';

export class ResponseFigures {
  /** Targets met or missed so far. */
  decided: number;
  withinSla: number;
  /** withinSla / decided, null when nothing was decided. */
  withinShare: number | null;
}

export class DurationFigures extends ResponseFigures {
  count: number;
  medianSeconds: number | null;
  p90Seconds: number | null;
}

export class ReportFigures {
  alerts: number;
  byHitType: { source: string; match: string; count: number }[];
  vehiclesSeized: number;
  casesConcluded: number;
  acknowledge: DurationFigures;
  onScene: DurationFigures;
  resolve: ResponseFigures;
  breaches: { total: number; ack: number; onScene: number; resolve: number; medianLateSeconds: number | null; maxLateSeconds: number | null };
  falseHits: { rejected: number; judged: number; rate: number | null };
  /** The cameras whose hits were most often rejected (reports from before this was measured lack it). */
  falseHitsByCamera?: CameraFalseHits[];
}

export class CameraFalseHits {
  cameraId: string;
  /** Alerts of the period with a hit from this camera. */
  alerts: number;
  /** Of them, rejected as false hits; by reason. */
  falseHits: number;
  misread: number;
  wrongVehicle: number;
  plateCloned: number;
  /** Its hits that were possible (fuzzy) matches. */
  possibleHits: number;
}

export class BreachLine {
  alertId: string;
  caseNumber: string;
  /** Masked: plates are personal data. */
  plate: string;
  target: 'ack' | 'on_scene' | 'resolve';
  dueAt: string;
  lateSeconds: number;
  stillOpen: boolean;
}

/** The previous period's figures, with its first day. */
export class PreviousFigures extends ReportFigures {
  start: string;
}

export class TrendLine {
  metric: string;
  current: number | null;
  previous: number | null;
  change: number | null;
}

/** Seizures of a period, as the court reports them (查扣车辆, 平均用时, 查扣成功率). */
export class SeizureFigures {
  /** Alerts resolved as seized in the period. */
  vehiclesSeized: number;
  /** Mean seconds from the hit to the seizure of those vehicles; null when none. */
  averageHitToSeizureSeconds: number | null;
  /** Alerts opened in the period whose hit was verified… */
  verifiedHits: number;
  /** …and of them, those that ended with the car seized. */
  seizedOfVerified: number;
  /** seizedOfVerified / verifiedHits; null when nothing was verified. */
  successRate: number | null;
}

export class YearEarlierSeizures extends SeizureFigures {
  start: string;
  end: string;
}

export class SeizureComparison {
  metric: 'vehiclesSeized' | 'averageHitToSeizureSeconds' | 'successRate';
  current: number | null;
  yearEarlier: number | null;
  change: number | null;
  /** change / yearEarlier (e.g. 4 for "up 400%"); null when the year-earlier figure is 0 or missing. */
  relativeChange: number | null;
}

export class SeizureReport {
  current: SeizureFigures;
  /** The same period a year earlier. */
  yearEarlier: YearEarlierSeizures;
  comparison: SeizureComparison[];
}

export class CustodyCar {
  alertId: string;
  caseNumber: string;
  /** Masked: plates are personal data. */
  plate: string;
  yard: string;
  seizedAt: string;
  days: number;
  feesYuan: string;
  feeWarning: boolean;
}

/** Cars in custody when the report was made, with the fees accrued. */
export class CustodyReport {
  cars: number;
  feesYuan: string;
  feeWarnings: number;
  list: CustodyCar[];
}

export class ReportBody {
  period: ReportPeriod;
  start: string;
  /** Exclusive. */
  end: string;
  timeZone: string;
  team: { id: string; name: string } | null;
  generatedAt: string;
  current: ReportFigures;
  previous: PreviousFigures;
  trends: TrendLine[];
  series: { label: string; alerts: number }[];
  /** The worst breaches of the period (at most 50); current.breaches counts them all. */
  breaches: BreachLine[];
  /** Seizures against the same period a year earlier (reports stored before this was measured lack it). */
  seizures?: SeizureReport;
  /** Cars in custody as of generatedAt (idem). */
  custody?: CustodyReport;
}

/** A report stored when its period closed. */
export class StoredReportSummary {
  period: ReportPeriod;
  start: string;
  team: string;
  generatedAt: string;
}

export function share(part: number, whole: number): number | null {
  return whole > 0 ? part / whole : null;
}

/** The seizure figures against the same period a year earlier. */
export function seizureComparison(current: SeizureFigures, yearEarlier: SeizureFigures): SeizureComparison[] {
  const metrics: SeizureComparison['metric'][] = ['vehiclesSeized', 'averageHitToSeizureSeconds', 'successRate'];
  return metrics.map((metric) => {
    const now = current[metric];
    const before = yearEarlier[metric];
    const change = now !== null && before !== null ? round(now - before) : null;
    return { metric, current: now, yearEarlier: before, change, relativeChange: change !== null && before ? round(change / before) : null };
  });
}

/** The figures leadership compares period on period. */
export function trendsOf(current: ReportFigures, previous: ReportFigures): TrendLine[] {
  const pick: [string, (f: ReportFigures) => number | null][] = [
    ['alerts', (f) => f.alerts],
    ['vehiclesSeized', (f) => f.vehiclesSeized],
    ['casesConcluded', (f) => f.casesConcluded],
    ['ackMedianSeconds', (f) => f.acknowledge.medianSeconds],
    ['ackP90Seconds', (f) => f.acknowledge.p90Seconds],
    ['onSceneMedianSeconds', (f) => f.onScene.medianSeconds],
    ['onSceneP90Seconds', (f) => f.onScene.p90Seconds],
    ['ackWithinShare', (f) => f.acknowledge.withinShare],
    ['onSceneWithinShare', (f) => f.onScene.withinShare],
    ['resolveWithinShare', (f) => f.resolve.withinShare],
    ['breaches', (f) => f.breaches.total],
    ['falseHitRate', (f) => f.falseHits.rate],
  ];
  return pick.map(([metric, get]) => {
    const now = get(current);
    const before = get(previous);
    return { metric, current: now, previous: before, change: now !== null && before !== null ? round(now - before) : null };
  });
}

function round(n: number): number {
  return Math.round(n * 1e6) / 1e6;
}

function csvCell(value: unknown): string {
  // Numbers stay numbers (-0.2 is a change, not a formula); text a spreadsheet would run is neutralised.
  const text = value === null || value === undefined ? '' : typeof value === 'string' ? neutraliseFormula(value) : String(value);
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One CSV for spreadsheets: the trend table, hit types, false hits per camera, then the breach list. UTF-8 with BOM so Excel reads the Chinese. */
export function reportToCsv(report: ReportBody): string {
  const rows: unknown[][] = [
    ['period', report.period, 'start', report.start, 'end', report.end, 'team', report.team?.name ?? ALL_TEAMS, 'generatedAt', report.generatedAt],
    [],
    ['metric', 'current', 'previous', 'change'],
    ...report.trends.map((t) => [t.metric, t.current, t.previous, t.change]),
    [],
    ['hitSource', 'match', 'alerts'],
    ...report.current.byHitType.map((h) => [h.source, h.match, h.count]),
    [],
    ['camera', 'alerts', 'falseHits', 'misread', 'wrongVehicle', 'plateCloned', 'possibleHits'],
    ...(report.current.falseHitsByCamera ?? []).map((c) => [c.cameraId, c.alerts, c.falseHits, c.misread, c.wrongVehicle, c.plateCloned, c.possibleHits]),
    [],
    ['breachTarget', 'caseNumber', 'plate', 'dueAt', 'lateSeconds', 'stillOpen'],
    ...report.breaches.map((b) => [b.target, b.caseNumber, b.plate, b.dueAt, b.lateSeconds, b.stillOpen]),
    ...(report.seizures
      ? [[], ['seizureMetric', 'current', 'yearEarlier', 'change', 'relativeChange'], ...report.seizures.comparison.map((c) => [c.metric, c.current, c.yearEarlier, c.change, c.relativeChange])]
      : []),
    ...(report.custody
      ? [[], ['inCustodyAlert', 'caseNumber', 'plate', 'yard', 'seizedAt', 'days', 'feesYuan', 'feeWarning'], ...report.custody.list.map((c) => [c.alertId, c.caseNumber, c.plate, c.yard, c.seizedAt, c.days, c.feesYuan, c.feeWarning])]
      : []),
  ];
  return '\ufeff' + rows.map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n';
}
