import { Injectable } from '@nestjs/common';
import { Transactions } from '@app/platform';
import { COURT_SCHEMA } from '../config/court-gateway.env';
import { AlertEntity } from '../alerts/alert.entity';
import { Alert } from '../alerts/domain/alert';
import { SLA_TARGET_FIELDS, SLA_TARGETS, slaSecondsSql } from '../alerts/domain/sla';
import { BreachLine, CameraFalseHits, ReportFigures, ReportPeriod, StoredReportSummary } from './report.body';

/** A report period in the court's time zone: its dates, and the instants it (and the period before) spans. */
export interface PeriodBounds {
  start: string;
  end: string;
  previousStart: string;
  fromTs: Date;
  toTs: Date;
  previousFromTs: Date;
}

/** What a figure counts: alerts of [from, to) of one team, or of the whole court when teamId is null. */
export interface ReportScope {
  from: Date;
  to: Date;
  teamId: string | null;
}

/** The response figures of one SLA target, named by the target's camelCase name (ack, onScene, resolve). */
type TargetFigures<P extends string> = Record<`${P}Count` | `${P}Decided` | `${P}Within`, number> & Record<`${P}Median` | `${P}P90`, number | null>;

export type ResponseRow = TargetFigures<'ack'> & TargetFigures<'onScene'> & TargetFigures<'resolve'> & { alerts: number; falseHits: number; judged: number };

export interface SeizureFiguresRow {
  vehiclesSeized: number;
  averageHitToSeizureSeconds: number | null;
  verifiedHits: number;
  seizedOfVerified: number;
}

export interface InCustodyRow {
  alertId: string;
  caseNumber: string;
  /** Unmasked: the caller masks it before it leaves the server. */
  plate: string;
  yardName: string;
  seizedAt: Date;
  dailyRateFen: number;
  estimatedValueFen: number | null;
}

/** Unmasked plate, due time as stored. */
export type BreachRow = Omit<BreachLine, 'dueAt'> & { dueAt: Date };

const S = COURT_SCHEMA;

/** The column of an Alert field, from its entity: SQL here names the same columns the Alert is stored in. */
function alertColumn(field: keyof Alert): string {
  const column = AlertEntity.options.columns[field];
  if (!column) throw new Error(`Alert.${String(field)} is not a stored column`);
  return `a.${column.name ?? String(field)}`;
}

/** Period bounds in the court's time zone. $1 any date inside the period, $2 day|week|month, $3 time zone. */
const PERIOD_BOUNDS_SQL = `
  SELECT to_char(start, 'YYYY-MM-DD') AS start,
         to_char(start + step, 'YYYY-MM-DD') AS "end",
         to_char(start - step, 'YYYY-MM-DD') AS "previousStart",
         (start::timestamp AT TIME ZONE $3) AS "fromTs",
         ((start + step)::timestamp AT TIME ZONE $3) AS "toTs",
         ((start - step)::timestamp AT TIME ZONE $3) AS "previousFromTs"
  FROM (
    SELECT CASE $2 WHEN 'day' THEN $1::date
                   WHEN 'week' THEN date_trunc('week', $1::date)::date
                   ELSE date_trunc('month', $1::date)::date END AS start,
           ('1 ' || $2)::interval AS step
  ) p`;

/** The most recently closed day, week and month at $1 in time zone $2: what the schedule stores. */
const LAST_CLOSED_PERIODS_SQL = `
  SELECT to_char(today - 1, 'YYYY-MM-DD') AS day,
         to_char(date_trunc('week', today)::date - 7, 'YYYY-MM-DD') AS week,
         to_char((date_trunc('month', today) - interval '1 month')::date, 'YYYY-MM-DD') AS month
  FROM (SELECT ($1::timestamptz AT TIME ZONE $2)::date AS today) t`;

/*
 * The metric queries share their parameters: $1 period start (timestamptz), $2 period end
 * (exclusive), $3 team id or NULL for the whole court, $4 "as of" (the generation time: a target
 * still unmet after its due time counts as missed).
 */
const IN_PERIOD = `a.opened_at >= $1 AND a.opened_at < $2 AND ($3::text IS NULL OR a.team_id = $3)`;

/**
 * Each target's response figures, measured against the timestamps the SLA rules name for it
 * (alerts/domain/sla.ts). A target is "decided" once it was met, or once its due time passed while
 * the alert was still open (a miss); alerts closed before a target fell due (released seals,
 * false hits) are left out of that target's share.
 */
const TARGET_FIGURES = SLA_TARGETS.map((target) => {
  const f = SLA_TARGET_FIELDS[target];
  const [met, due, seconds, closed] = [alertColumn(f.met), alertColumn(f.due), alertColumn(f.seconds), alertColumn('closedAt')];
  const as = f.minutes;
  return `count(${seconds})::int AS "${as}Count",
    percentile_cont(0.5) WITHIN GROUP (ORDER BY ${seconds}) AS "${as}Median",
    percentile_cont(0.9) WITHIN GROUP (ORDER BY ${seconds}) AS "${as}P90",
    count(*) FILTER (WHERE ${met} <= ${due})::int AS "${as}Within",
    count(*) FILTER (WHERE ${met} IS NOT NULL
      OR (${due} <= $4 AND (${closed} IS NULL OR ${closed} > ${due})))::int AS "${as}Decided"`;
}).join(',\n    ');

/** Response figures of the alerts opened in the period. */
const RESPONSE_SQL = `
  SELECT count(*)::int AS alerts,
    ${TARGET_FIGURES},
    count(*) FILTER (WHERE a.rejection_reason IS NOT NULL OR a.outcome = 'false_hit')::int AS "falseHits",
    count(*) FILTER (WHERE a.verified_at IS NOT NULL OR a.rejection_reason IS NOT NULL OR a.outcome = 'false_hit')::int AS "judged"
  FROM ${S}.alerts a
  WHERE ${IN_PERIOD}`;

/** Alerts by hit type: checkpoint or inspection, exact or fuzzy match (older alerts: their first hit). $1..$3 only. */
const BY_HIT_TYPE_SQL = `
  SELECT source, match, count(*)::int AS count FROM (
    SELECT COALESCE(a.hit_source,
             (SELECT h.source FROM ${S}.hits h WHERE h.alert_id = a.id ORDER BY h.observed_at LIMIT 1),
             'checkpoint') AS source,
           COALESCE(a.match, 'exact') AS match
    FROM ${S}.alerts a
    WHERE ${IN_PERIOD}
  ) t
  GROUP BY source, match
  ORDER BY source, match`;

/**
 * False hits per camera, so a bad camera shows: for the alerts opened in the period, each camera
 * that contributed a hit, how many of those alerts were rejected and why, and how many of its
 * hits were possible (fuzzy) ones. The ten cameras with most false hits. $1..$3 only.
 */
const FALSE_HITS_BY_CAMERA_SQL = `
  SELECT h.camera_id AS "cameraId",
         count(DISTINCT a.id)::int AS alerts,
         count(DISTINCT a.id) FILTER (WHERE a.rejection_reason IS NOT NULL OR a.outcome = 'false_hit')::int AS "falseHits",
         count(DISTINCT a.id) FILTER (WHERE a.rejection_reason = 'misread')::int AS misread,
         count(DISTINCT a.id) FILTER (WHERE a.rejection_reason = 'wrong_vehicle')::int AS "wrongVehicle",
         count(DISTINCT a.id) FILTER (WHERE a.rejection_reason = 'plate_cloned')::int AS "plateCloned",
         count(*) FILTER (WHERE h.match = 'fuzzy')::int AS "possibleHits"
  FROM ${S}.alerts a JOIN ${S}.hits h ON h.alert_id = a.id
  WHERE ${IN_PERIOD}
  GROUP BY h.camera_id
  HAVING count(DISTINCT a.id) FILTER (WHERE a.rejection_reason IS NOT NULL OR a.outcome = 'false_hit') > 0
  ORDER BY "falseHits" DESC, alerts DESC, h.camera_id
  LIMIT 10`;

/** Outcomes fall in the period they happened in, whenever the alert was opened ($1..$3 only). */
const OUTCOMES_SQL = `
  SELECT count(*) FILTER (WHERE a.outcome = 'seized')::int AS "vehiclesSeized",
         count(DISTINCT s.case_number) FILTER (WHERE a.outcome IN ('seized', 'paid_in_full', 'settled'))::int AS "casesConcluded"
  FROM ${S}.alerts a JOIN ${S}.seizures s ON s.id = a.seizure_id
  WHERE a.resolved_at >= $1 AND a.resolved_at < $2 AND ($3::text IS NULL OR a.team_id = $3)`;

/** Whether the breached target is still unmet on an open alert: the timestamp each target is met by, from the SLA rules. */
const BREACH_STILL_OPEN = `${alertColumn('closedAt')} IS NULL
    AND CASE b.target ${SLA_TARGETS.map((t) => `WHEN '${t}' THEN ${alertColumn(SLA_TARGET_FIELDS[t].met)}`).join(' ')} END IS NULL`;

/**
 * How late a breach is: a target still unmet on an open alert is late by the time from its due
 * time to $4 (counted by the SLA rules' one rounding), whatever was last written to late_seconds.
 * Breaches whose target fell due in the period.
 */
const BREACH_LINES = `
  SELECT a.id AS "alertId", a.seizure_id, b.target, b.due_at AS "dueAt", open AS "stillOpen",
         CASE WHEN open THEN GREATEST(COALESCE(b.late_seconds, 0), ${slaSecondsSql('b.due_at', '$4::timestamptz')}) ELSE COALESCE(b.late_seconds, 0) END AS "lateSeconds"
  FROM ${S}.sla_breaches b
  JOIN ${S}.alerts a ON a.id = b.alert_id
  CROSS JOIN LATERAL (SELECT ${BREACH_STILL_OPEN} AS open) o
  WHERE b.due_at >= $1 AND b.due_at < $2 AND ($3::text IS NULL OR a.team_id = $3)`;

const BREACH_SUMMARY_SQL = `
  SELECT count(*)::int AS total,
         ${SLA_TARGETS.map((t) => `count(*) FILTER (WHERE target = '${t}')::int AS "${SLA_TARGET_FIELDS[t].minutes}"`).join(',\n         ')},
         percentile_cont(0.5) WITHIN GROUP (ORDER BY "lateSeconds") AS "medianLateSeconds",
         max("lateSeconds") AS "maxLateSeconds"
  FROM (${BREACH_LINES}) l`;

/** The latest breaches first; $5 how many. */
const WORST_BREACHES_SQL = `
  SELECT l."alertId", s.case_number AS "caseNumber", s.plate, l.target, l."dueAt", l."stillOpen", l."lateSeconds"
  FROM (${BREACH_LINES} ORDER BY "lateSeconds" DESC, b.due_at LIMIT $5) l
  JOIN ${S}.seizures s ON s.id = l.seizure_id
  ORDER BY l."lateSeconds" DESC, l."dueAt"`;

/** Alerts opened per local hour (day reports) or local day (week, month), zeros included. $4 'hour'|'day', $5 time zone. */
const SERIES_SQL = `
  WITH counts AS (
    SELECT date_trunc($4, a.opened_at AT TIME ZONE $5) AS bucket, count(*)::int AS alerts
    FROM ${S}.alerts a
    WHERE ${IN_PERIOD}
    GROUP BY 1
  )
  SELECT to_char(g.bucket, CASE WHEN $4 = 'hour' THEN 'HH24' ELSE 'MM-DD' END) AS label, COALESCE(c.alerts, 0) AS alerts
  FROM generate_series(($1::timestamptz AT TIME ZONE $5), ($2::timestamptz AT TIME ZONE $5) - ('1 ' || $4)::interval, ('1 ' || $4)::interval) AS g(bucket)
  LEFT JOIN counts c ON c.bucket = g.bucket
  ORDER BY g.bucket`;

/**
 * Seizure figures of a period ($1..$3): vehicles seized (alerts resolved as seized in the
 * period), the average time from the hit (the alert's first sighting) to the seizure (the 扣押
 * record's time, else the resolution's for alerts closed before records existed), and the
 * success rate: of the alerts opened in the period whose hit was verified, the share seized.
 */
const SEIZURE_FIGURES_SQL = `
  SELECT
    (SELECT count(*)::int FROM ${S}.alerts a
      WHERE a.outcome = 'seized' AND a.resolved_at >= $1 AND a.resolved_at < $2 AND ($3::text IS NULL OR a.team_id = $3)) AS "vehiclesSeized",
    (SELECT avg(extract(epoch FROM COALESCE(i.seized_at, a.resolved_at) - a.first_seen_at))::float8 FROM ${S}.alerts a
       LEFT JOIN ${S}.impounds i ON i.alert_id = a.id
      WHERE a.outcome = 'seized' AND a.resolved_at >= $1 AND a.resolved_at < $2 AND ($3::text IS NULL OR a.team_id = $3)) AS "averageHitToSeizureSeconds",
    count(*) FILTER (WHERE a.verified_at IS NOT NULL)::int AS "verifiedHits",
    count(*) FILTER (WHERE a.verified_at IS NOT NULL AND a.outcome = 'seized')::int AS "seizedOfVerified"
  FROM ${S}.alerts a
  WHERE ${IN_PERIOD}`;

/** Cars in custody now (the 扣押 records not yet released or handed to auction), longest kept first. $1 team id or NULL. */
const IN_CUSTODY_SQL = `
  SELECT i.alert_id AS "alertId", s.case_number AS "caseNumber", s.plate, i.yard_name AS "yardName", i.seized_at AS "seizedAt",
         i.daily_rate_fen AS "dailyRateFen", i.estimated_value_fen::float8 AS "estimatedValueFen"
  FROM ${S}.impounds i
  JOIN ${S}.alerts a ON a.id = i.alert_id
  JOIN ${S}.seizures s ON s.id = i.seizure_id
  WHERE i.custody_state = 'in_custody' AND ($1::text IS NULL OR a.team_id = $1)
  ORDER BY i.seized_at`;

/**
 * The leadership reports' SQL: every figure is computed by PostgreSQL over the alerts, their SLA
 * breaches, hits, seizures and 扣押 records; reports are stored once their period closes. Runs in
 * the transaction of the caller ({@link Transactions}), or on the pool, where the figures of one
 * report are read side by side.
 */
@Injectable()
export class ReportRepository {
  constructor(private readonly tx: Transactions) {}

  private query<T>(sql: string, params: unknown[]): Promise<T[]> {
    return this.tx.manager.query<T[]>(sql, params);
  }

  private async one<T>(sql: string, params: unknown[]): Promise<T> {
    const [row] = await this.query<T>(sql, params);
    return row;
  }

  private scoped({ from, to, teamId }: ReportScope): unknown[] {
    return [from, to, teamId];
  }

  /** The period of `period` containing `date` (YYYY-MM-DD) in `timeZone`. */
  periodBounds(date: string, period: ReportPeriod, timeZone: string): Promise<PeriodBounds> {
    return this.one(PERIOD_BOUNDS_SQL, [date, period, timeZone]);
  }

  /** The start dates of the day, week and month that last closed before `now` in `timeZone`. */
  lastClosedPeriods(now: Date, timeZone: string): Promise<Record<ReportPeriod, string>> {
    return this.one(LAST_CLOSED_PERIODS_SQL, [now, timeZone]);
  }

  response(scope: ReportScope, asOf: Date): Promise<ResponseRow> {
    return this.one(RESPONSE_SQL, [...this.scoped(scope), asOf]);
  }

  byHitType(scope: ReportScope): Promise<ReportFigures['byHitType']> {
    return this.query(BY_HIT_TYPE_SQL, this.scoped(scope));
  }

  outcomes(scope: ReportScope): Promise<{ vehiclesSeized: number; casesConcluded: number }> {
    return this.one(OUTCOMES_SQL, this.scoped(scope));
  }

  breachSummary(scope: ReportScope, asOf: Date): Promise<ReportFigures['breaches']> {
    return this.one(BREACH_SUMMARY_SQL, [...this.scoped(scope), asOf]);
  }

  falseHitsByCamera(scope: ReportScope): Promise<CameraFalseHits[]> {
    return this.query(FALSE_HITS_BY_CAMERA_SQL, this.scoped(scope));
  }

  /** The `limit` latest breaches whose target fell due in the scope, worst first. */
  worstBreaches(scope: ReportScope, asOf: Date, limit: number): Promise<BreachRow[]> {
    return this.query(WORST_BREACHES_SQL, [...this.scoped(scope), asOf, limit]);
  }

  /** Alerts opened per local hour or day of the scope, zeros included. */
  series(scope: ReportScope, bucket: 'hour' | 'day', timeZone: string): Promise<{ label: string; alerts: number }[]> {
    return this.query(SERIES_SQL, [...this.scoped(scope), bucket, timeZone]);
  }

  seizureFigures(scope: ReportScope): Promise<SeizureFiguresRow> {
    return this.one(SEIZURE_FIGURES_SQL, this.scoped(scope));
  }

  /** Cars in custody now, of one team or (null) the whole court, longest kept first. */
  inCustody(teamId: string | null): Promise<InCustodyRow[]> {
    return this.query(IN_CUSTODY_SQL, [teamId]);
  }

  // ---- stored reports ----

  async isStored(period: ReportPeriod, start: string, teamId: string): Promise<boolean> {
    const rows = await this.query(`SELECT 1 FROM ${S}.reports WHERE period = $1 AND start_date = $2 AND team_id = $3`, [period, start, teamId]);
    return rows.length > 0;
  }

  /** Stores a report unless one of that period, start and team is stored already; true when this call stored it. */
  async store<B extends object>(period: ReportPeriod, start: string, teamId: string, generatedAt: Date, body: B): Promise<boolean> {
    const inserted = await this.query(
      `INSERT INTO ${S}.reports (period, start_date, team_id, generated_at, body) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (period, start_date, team_id) DO NOTHING RETURNING id`,
      [period, start, teamId, generatedAt, body],
    );
    return inserted.length > 0;
  }

  /** The stored body, or null. */
  async storedBody<B>(period: ReportPeriod, start: string, teamId: string): Promise<B | null> {
    const rows = await this.query<{ body: B }>(`SELECT body FROM ${S}.reports WHERE period = $1 AND start_date = $2 AND team_id = $3`, [period, start, teamId]);
    return rows.length ? rows[0].body : null;
  }

  /** The newest stored reports first. */
  async listStored(limit: number): Promise<StoredReportSummary[]> {
    const rows = await this.query<{ period: ReportPeriod; start: string; team: string; generatedAt: Date }>(
      `SELECT period, to_char(start_date, 'YYYY-MM-DD') AS start, team_id AS team, generated_at AS "generatedAt"
       FROM ${S}.reports ORDER BY start_date DESC, period, team_id LIMIT $1`,
      [limit],
    );
    return rows.map((r) => ({ ...r, generatedAt: new Date(r.generatedAt).toISOString() }));
  }
}
