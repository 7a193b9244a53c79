import { randomUUID } from 'node:crypto';
import { TestDatabase } from './test-database';

/** One alert's known timings, seeded straight into court.alerts for the report tests. */
export interface SeededAlert {
  teamId: string;
  /** Local (Asia/Shanghai) opening time, e.g. '2026-02-03 10:00'. */
  openedLocal: string;
  source?: 'checkpoint' | 'inspection';
  match?: 'exact' | 'fuzzy';
  ackSeconds?: number;
  onSceneSeconds?: number;
  resolveSeconds?: number;
  verified?: boolean;
  rejectionReason?: string;
  outcome?: string;
  caseNumber?: string;
  /** SLA breaches recorded for the alert: target and how late it was finally met. */
  breaches?: { target: 'ack' | 'on_scene' | 'resolve'; lateSeconds: number }[];
}

export const SLA_SECONDS = { ack: 5 * 60, on_scene: 30 * 60, resolve: 240 * 60 };

/** Inserts a seal and an alert with the given timings (SLA per the default env: 5 / 30 / 240 minutes). */
export async function seedAlert(db: TestDatabase, a: SeededAlert): Promise<string> {
  const seizureId = randomUUID();
  const alertId = randomUUID();
  const caseNumber = a.caseNumber ?? `(2025)桂0603执${Math.floor(Math.random() * 90000) + 10000}号`;
  await db.query(
    `INSERT INTO court.seizures (id, case_number, plate, tribunal, livelihood, sealed_at, expires_at, status, created_at)
     VALUES ($1, $2, $3, '防城法庭', false, '2025-06-01', '2027-06-01', 'active', now())`,
    [seizureId, caseNumber, `桂P${Math.floor(Math.random() * 90000) + 10000}`],
  );
  const closedSeconds = a.resolveSeconds ?? null;
  await db.query(
    `WITH t AS (SELECT ($2::timestamp AT TIME ZONE 'Asia/Shanghai') AS opened)
     INSERT INTO court.alerts (id, seizure_id, state, priority, team_id, routing_reason, hit_count, first_seen_at, last_seen_at,
       last_camera_id, opened_at, ack_due_at, on_scene_due_at, resolve_due_at, acknowledged_at, ack_seconds, closed_at, updated_at,
       hit_source, match, verified_at, on_scene_at, resolved_at, outcome, rejection_reason, on_scene_seconds, resolve_seconds)
     SELECT $1, $3, CASE WHEN $7::int IS NULL THEN 'acknowledged' ELSE 'resolved' END, 'normal', $4, 'seeded', 1, opened, opened,
       'FCG-K01', opened, opened + interval '5 minutes', opened + interval '30 minutes', opened + interval '240 minutes',
       opened + make_interval(secs => $5::int), $5::int, opened + make_interval(secs => $7::int), opened,
       $8, $9, CASE WHEN $10 THEN opened + make_interval(secs => COALESCE($5::int, 0) + 60) END,
       opened + make_interval(secs => $6::int), opened + make_interval(secs => $7::int), $11, $12, $6::int, $7::int
     FROM t`,
    [alertId, a.openedLocal, seizureId, a.teamId, a.ackSeconds ?? null, a.onSceneSeconds ?? null, closedSeconds, a.source ?? 'checkpoint', a.match ?? 'exact', a.verified ?? false, a.outcome ?? null, a.rejectionReason ?? null],
  );
  for (const breach of a.breaches ?? []) {
    await db.query(
      `INSERT INTO court.sla_breaches (alert_id, target, due_at, recorded_at, late_seconds)
       SELECT id, $2, CASE $2 WHEN 'ack' THEN ack_due_at WHEN 'on_scene' THEN on_scene_due_at ELSE resolve_due_at END,
              CASE $2 WHEN 'ack' THEN ack_due_at WHEN 'on_scene' THEN on_scene_due_at ELSE resolve_due_at END, $3
       FROM court.alerts WHERE id = $1`,
      [alertId, breach.target, breach.lateSeconds],
    );
  }
  return alertId;
}

/** Linear-interpolated percentile, as PostgreSQL's percentile_cont computes it. */
export function percentileCont(values: number[], fraction: number): number {
  const sorted = [...values].sort((x, y) => x - y);
  const position = fraction * (sorted.length - 1);
  const lower = Math.floor(position);
  const upper = Math.ceil(position);
  return sorted[lower] + (sorted[upper] - sorted[lower]) * (position - lower);
}

/**
 * February 2026 at 防城法庭 (fangcheng): five alerts with known timings, one of them a false hit,
 * three seizures and one payment; two alerts in January for the trend; one at 大寨法庭 that the
 * team filter must leave out.
 */
export const FEBRUARY: SeededAlert[] = [
  { teamId: 'fangcheng', openedLocal: '2026-02-02 09:00', ackSeconds: 60, onSceneSeconds: 900, resolveSeconds: 3600, verified: true, outcome: 'seized' },
  { teamId: 'fangcheng', openedLocal: '2026-02-05 14:00', ackSeconds: 120, onSceneSeconds: 1200, resolveSeconds: 4000, verified: true, outcome: 'seized', match: 'fuzzy' },
  { teamId: 'fangcheng', openedLocal: '2026-02-10 22:30', ackSeconds: 180, onSceneSeconds: 1500, resolveSeconds: 5000, verified: true, outcome: 'paid_in_full' },
  {
    teamId: 'fangcheng',
    openedLocal: '2026-02-17 08:15',
    ackSeconds: 240,
    onSceneSeconds: 2400,
    resolveSeconds: 7200,
    verified: true,
    outcome: 'seized',
    source: 'inspection',
    breaches: [{ target: 'on_scene', lateSeconds: 600 }],
  },
  {
    teamId: 'fangcheng',
    openedLocal: '2026-02-25 16:45',
    ackSeconds: 600,
    resolveSeconds: 900,
    rejectionReason: 'misread',
    outcome: 'false_hit',
    breaches: [{ target: 'ack', lateSeconds: 300 }],
  },
];
export const JANUARY: SeededAlert[] = [
  { teamId: 'fangcheng', openedLocal: '2026-01-12 10:00', ackSeconds: 400, onSceneSeconds: 2000, resolveSeconds: 6000, verified: true, outcome: 'seized', breaches: [{ target: 'ack', lateSeconds: 100 }, { target: 'on_scene', lateSeconds: 200 }] },
  { teamId: 'fangcheng', openedLocal: '2026-01-20 10:00', ackSeconds: 200, onSceneSeconds: 1000, resolveSeconds: 3000, verified: true, outcome: 'not_found' },
];
export const OTHER_TEAM: SeededAlert[] = [{ teamId: 'dazhai', openedLocal: '2026-02-12 11:00', ackSeconds: 30, onSceneSeconds: 600, resolveSeconds: 1200, verified: true, outcome: 'seized' }];
