/**
 * The SQL behind the leadership reports: every figure is computed by PostgreSQL over
 * court.alerts, court.sla_breaches and court.hits. Parameters shared by the metric queries:
 * $1 period start (timestamptz), $2 period end (exclusive), $3 team id or NULL for the whole
 * court, $4 "as of" (the generation time: a target still unmet after its due time counts as
 * missed).
 */

/** Period bounds in the court's time zone. $1 any date inside the period, $2 day|week|month, $3 time zone. */
export const PERIOD_BOUNDS_SQL = `
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
export const LAST_CLOSED_PERIODS_SQL = `
  SELECT to_char(today - 1, 'YYYY-MM-DD') AS day,
         to_char(date_trunc('week', today)::date - 7, 'YYYY-MM-DD') AS week,
         to_char((date_trunc('month', today) - interval '1 month')::date, 'YYYY-MM-DD') AS month
  FROM (SELECT ($1::timestamptz AT TIME ZONE $2)::date AS today) t`;

const IN_PERIOD = `a.opened_at >= $1 AND a.opened_at < $2 AND ($3::text IS NULL OR a.team_id = $3)`;

/**
 * Response figures of the alerts opened in the period. A target is "decided" once it was met,
 * or once its due time passed while the alert was still open (a miss); alerts closed before a
 * target fell due (released seals, false hits) are left out of that target's share.
 */
export const RESPONSE_SQL = `
  SELECT count(*)::int AS alerts,
    count(a.ack_seconds)::int AS "ackCount",
    percentile_cont(0.5) WITHIN GROUP (ORDER BY a.ack_seconds) AS "ackMedian",
    percentile_cont(0.9) WITHIN GROUP (ORDER BY a.ack_seconds) AS "ackP90",
    count(*) FILTER (WHERE a.acknowledged_at <= a.ack_due_at)::int AS "ackWithin",
    count(*) FILTER (WHERE a.acknowledged_at IS NOT NULL
      OR (a.ack_due_at <= $4 AND (a.closed_at IS NULL OR a.closed_at > a.ack_due_at)))::int AS "ackDecided",
    count(a.on_scene_seconds)::int AS "onSceneCount",
    percentile_cont(0.5) WITHIN GROUP (ORDER BY a.on_scene_seconds) AS "onSceneMedian",
    percentile_cont(0.9) WITHIN GROUP (ORDER BY a.on_scene_seconds) AS "onSceneP90",
    count(*) FILTER (WHERE a.on_scene_at <= a.on_scene_due_at)::int AS "onSceneWithin",
    count(*) FILTER (WHERE a.on_scene_at IS NOT NULL
      OR (a.on_scene_due_at <= $4 AND (a.closed_at IS NULL OR a.closed_at > a.on_scene_due_at)))::int AS "onSceneDecided",
    count(*) FILTER (WHERE a.resolved_at <= a.resolve_due_at)::int AS "resolveWithin",
    count(*) FILTER (WHERE a.resolved_at IS NOT NULL
      OR (a.resolve_due_at <= $4 AND (a.closed_at IS NULL OR a.closed_at > a.resolve_due_at)))::int AS "resolveDecided",
    count(*) FILTER (WHERE a.rejection_reason IS NOT NULL OR a.outcome = 'false_hit')::int AS "falseHits",
    count(*) FILTER (WHERE a.verified_at IS NOT NULL OR a.rejection_reason IS NOT NULL OR a.outcome = 'false_hit')::int AS "judged"
  FROM court.alerts a
  WHERE ${IN_PERIOD}`;

/** Alerts by hit type: checkpoint or inspection, exact or fuzzy match (older alerts: their first hit). $1..$3 only. */
export const BY_HIT_TYPE_SQL = `
  SELECT source, match, count(*)::int AS count FROM (
    SELECT COALESCE(a.hit_source,
             (SELECT h.source FROM court.hits h WHERE h.alert_id = a.id ORDER BY h.observed_at LIMIT 1),
             'checkpoint') AS source,
           COALESCE(a.match, 'exact') AS match
    FROM court.alerts a
    WHERE ${IN_PERIOD}
  ) t
  GROUP BY source, match
  ORDER BY source, match`;

/**
 * False hits per camera, so a bad camera shows: for the alerts opened in the period, each camera
 * that contributed a hit, how many of those alerts were rejected and why, and how many of its
 * hits were possible (fuzzy) ones. The ten cameras with most false hits. $1..$3 only.
 */
export const FALSE_HITS_BY_CAMERA_SQL = `
  SELECT h.camera_id AS "cameraId",
         count(DISTINCT a.id)::int AS alerts,
         count(DISTINCT a.id) FILTER (WHERE a.rejection_reason IS NOT NULL OR a.outcome = 'false_hit')::int AS "falseHits",
         count(DISTINCT a.id) FILTER (WHERE a.rejection_reason = 'misread')::int AS misread,
         count(DISTINCT a.id) FILTER (WHERE a.rejection_reason = 'wrong_vehicle')::int AS "wrongVehicle",
         count(DISTINCT a.id) FILTER (WHERE a.rejection_reason = 'plate_cloned')::int AS "plateCloned",
         count(*) FILTER (WHERE h.match = 'fuzzy')::int AS "possibleHits"
  FROM court.alerts a JOIN court.hits h ON h.alert_id = a.id
  WHERE ${IN_PERIOD}
  GROUP BY h.camera_id
  HAVING count(DISTINCT a.id) FILTER (WHERE a.rejection_reason IS NOT NULL OR a.outcome = 'false_hit') > 0
  ORDER BY "falseHits" DESC, alerts DESC, h.camera_id
  LIMIT 10`;

/** Outcomes fall in the period they happened in, whenever the alert was opened ($1..$3 only). */
export const OUTCOMES_SQL = `
  SELECT count(*) FILTER (WHERE a.outcome = 'seized')::int AS "vehiclesSeized",
         count(DISTINCT s.case_number) FILTER (WHERE a.outcome IN ('seized', 'paid_in_full', 'settled'))::int AS "casesConcluded"
  FROM court.alerts a JOIN court.seizures s ON s.id = a.seizure_id
  WHERE a.resolved_at >= $1 AND a.resolved_at < $2 AND ($3::text IS NULL OR a.team_id = $3)`;

/**
 * How late a breach is: a target still unmet on an open alert is late by the time from its due
 * time to $4, whatever was last written to late_seconds. Breaches whose target fell due in the
 * period.
 */
const BREACH_LINES = `
  SELECT a.id AS "alertId", a.seizure_id, b.target, b.due_at AS "dueAt", open AS "stillOpen",
         (CASE WHEN open THEN GREATEST(COALESCE(b.late_seconds, 0), extract(epoch FROM ($4 - b.due_at))) ELSE COALESCE(b.late_seconds, 0) END)::int AS "lateSeconds"
  FROM court.sla_breaches b
  JOIN court.alerts a ON a.id = b.alert_id
  CROSS JOIN LATERAL (SELECT a.closed_at IS NULL
    AND CASE b.target WHEN 'ack' THEN a.acknowledged_at WHEN 'on_scene' THEN a.on_scene_at ELSE a.resolved_at END IS NULL AS open) o
  WHERE b.due_at >= $1 AND b.due_at < $2 AND ($3::text IS NULL OR a.team_id = $3)`;

export const BREACH_SUMMARY_SQL = `
  SELECT count(*)::int AS total,
         count(*) FILTER (WHERE target = 'ack')::int AS ack,
         count(*) FILTER (WHERE target = 'on_scene')::int AS "onScene",
         count(*) FILTER (WHERE target = 'resolve')::int AS resolve,
         percentile_cont(0.5) WITHIN GROUP (ORDER BY "lateSeconds") AS "medianLateSeconds",
         max("lateSeconds") AS "maxLateSeconds"
  FROM (${BREACH_LINES}) l`;

/** The latest breaches first; $5 how many. */
export const WORST_BREACHES_SQL = `
  SELECT l."alertId", s.case_number AS "caseNumber", s.plate, l.target, l."dueAt", l."stillOpen", l."lateSeconds"
  FROM (${BREACH_LINES} ORDER BY "lateSeconds" DESC, b.due_at LIMIT $5) l
  JOIN court.seizures s ON s.id = l.seizure_id
  ORDER BY l."lateSeconds" DESC, l."dueAt"`;

/** Alerts opened per local hour (day reports) or local day (week, month), zeros included. $4 'hour'|'day', $5 time zone. */
export const SERIES_SQL = `
  WITH counts AS (
    SELECT date_trunc($4, a.opened_at AT TIME ZONE $5) AS bucket, count(*)::int AS alerts
    FROM court.alerts a
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
export const SEIZURE_FIGURES_SQL = `
  SELECT
    (SELECT count(*)::int FROM court.alerts a
      WHERE a.outcome = 'seized' AND a.resolved_at >= $1 AND a.resolved_at < $2 AND ($3::text IS NULL OR a.team_id = $3)) AS "vehiclesSeized",
    (SELECT avg(extract(epoch FROM COALESCE(i.seized_at, a.resolved_at) - a.first_seen_at))::float8 FROM court.alerts a
       LEFT JOIN court.impounds i ON i.alert_id = a.id
      WHERE a.outcome = 'seized' AND a.resolved_at >= $1 AND a.resolved_at < $2 AND ($3::text IS NULL OR a.team_id = $3)) AS "averageHitToSeizureSeconds",
    count(*) FILTER (WHERE a.verified_at IS NOT NULL)::int AS "verifiedHits",
    count(*) FILTER (WHERE a.verified_at IS NOT NULL AND a.outcome = 'seized')::int AS "seizedOfVerified"
  FROM court.alerts a
  WHERE ${IN_PERIOD}`;

/** Cars in custody now (the 扣押 records not yet released or handed to auction), longest kept first. $1 team id or NULL. */
export const IN_CUSTODY_SQL = `
  SELECT i.alert_id AS "alertId", s.case_number AS "caseNumber", s.plate, i.yard_name AS "yardName", i.seized_at AS "seizedAt",
         i.daily_rate_fen AS "dailyRateFen", i.estimated_value_fen::float8 AS "estimatedValueFen"
  FROM court.impounds i
  JOIN court.alerts a ON a.id = i.alert_id
  JOIN court.seizures s ON s.id = i.seizure_id
  WHERE i.custody_state = 'in_custody' AND ($1::text IS NULL OR a.team_id = $1)
  ORDER BY i.seized_at`;
