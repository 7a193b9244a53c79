/**
 * How long a leadership report takes over a year of alerts: seeds N alerts (default 200 000,
 * BENCH_ALERTS) spread over 2025 across the four teams, with breaches on a tenth of them, into
 * a fresh database on the test PostgreSQL, then times the month, week and day reports for the
 * whole court and one team (median of 5 runs each). Prints figures; asserts nothing.
 *
 *   npx tsx scripts/bench-reports.ts
 */
import 'reflect-metadata';
import { ManualClock, migrateUnderLock, dataSourceOptions, Transactions } from '@app/platform';
import { DataSource } from 'typeorm';
import { COURT_ENTITIES, COURT_MIGRATIONS } from '../apps/court-gateway/src/app.module';
import { CourtGatewayEnv } from '../apps/court-gateway/src/config/court-gateway.env';
import { OfficerPositionRepository } from '../apps/court-gateway/src/positions/officer-position.repository';
import { ReportRepository } from '../apps/court-gateway/src/reports/report.repository';
import { ReportsService } from '../apps/court-gateway/src/reports/reports.service';
import { RosterRepository } from '../apps/court-gateway/src/roster/roster.repository';
import { RosterService } from '../apps/court-gateway/src/roster/roster.service';
import { ReportPeriod } from '../apps/court-gateway/src/reports/report.body';
import { TestDatabase } from '../test/support/test-database';

const ALERTS = Number(process.env.BENCH_ALERTS || 200_000);

async function main(): Promise<void> {
  const db = await TestDatabase.create('bench');
  const dataSource = new DataSource(dataSourceOptions({ url: db.url, ssl: false, schema: 'court', entities: COURT_ENTITIES, migrations: COURT_MIGRATIONS }));
  try {
    await dataSource.initialize();
    await migrateUnderLock(dataSource, 'court');
    const seedStart = Date.now();
    await dataSource.query(`INSERT INTO court.seizures (id, case_number, plate, tribunal, livelihood, sealed_at, expires_at, status, created_at)
      SELECT gen_random_uuid(), '(2025)桂0603执' || i || '号', '桂P' || lpad(i::text, 5, '0'), '防城法庭', false, '2025-01-01', '2027-01-01', 'active', now()
      FROM generate_series(1, $1) i`, [ALERTS]);
    await dataSource.query(`INSERT INTO court.alerts (id, seizure_id, state, priority, team_id, routing_reason, hit_count, first_seen_at, last_seen_at,
        last_camera_id, opened_at, ack_due_at, on_scene_due_at, resolve_due_at, acknowledged_at, ack_seconds, closed_at, updated_at,
        hit_source, match, verified_at, on_scene_at, resolved_at, outcome, rejection_reason, on_scene_seconds, resolve_seconds)
      SELECT gen_random_uuid(), s.id, 'resolved', 'normal', (ARRAY['command-center','fangcheng','dazhai','naliang'])[1 + n % 4], 'bench', 1, o, o,
        'FCG-K' || (n % 40), o, o + interval '5 min', o + interval '30 min', o + interval '240 min',
        o + make_interval(secs => ack), ack, o + make_interval(secs => res), o,
        CASE WHEN n % 10 = 0 THEN 'inspection' ELSE 'checkpoint' END, CASE WHEN n % 7 = 0 THEN 'fuzzy' ELSE 'exact' END,
        CASE WHEN n % 20 <> 0 THEN o + make_interval(secs => ack + 60) END,
        CASE WHEN n % 20 <> 0 THEN o + make_interval(secs => scene) END, o + make_interval(secs => res),
        CASE WHEN n % 20 = 0 THEN 'false_hit' WHEN n % 3 = 0 THEN 'seized' ELSE 'paid_in_full' END,
        CASE WHEN n % 20 = 0 THEN 'misread' END, CASE WHEN n % 20 <> 0 THEN scene END, res
      FROM (SELECT id, row_number() OVER () AS n FROM court.seizures) s,
      LATERAL (SELECT timestamptz '2025-01-01 00:00+08' + (s.n * (365 * 86400.0 / $1)) * interval '1 second' AS o,
                      (30 + (s.n * 7919) % 600)::int AS ack, (600 + (s.n * 104729) % 2400)::int AS scene, (3000 + (s.n * 15485863) % 12000)::int AS res) t`, [ALERTS]);
    await dataSource.query(`INSERT INTO court.sla_breaches (alert_id, target, due_at, recorded_at, late_seconds)
      SELECT id, 'on_scene', on_scene_due_at, on_scene_due_at, on_scene_seconds - 1800 FROM court.alerts WHERE on_scene_seconds > 1800`);
    await dataSource.query('ANALYZE');
    const [{ alerts, breaches }] = await dataSource.query(`SELECT (SELECT count(*) FROM court.alerts)::int AS alerts, (SELECT count(*) FROM court.sla_breaches)::int AS breaches`);
    console.log(`seeded ${alerts} alerts and ${breaches} breaches over 2025 in ${((Date.now() - seedStart) / 1000).toFixed(1)} s`);

    const env = Object.assign(new CourtGatewayEnv(), { COURT_TIMEZONE: 'Asia/Shanghai' });
    const tx = new Transactions(dataSource);
    const roster = new RosterService(env, new RosterRepository(tx), tx, new OfficerPositionRepository(tx));
    const sut = new ReportsService(new ReportRepository(tx), roster, env, new ManualClock('2026-01-05T02:00:00Z'));
    const cases: [ReportPeriod, string, string | undefined][] = [
      ['month', '2025-06-01', undefined],
      ['month', '2025-06-01', 'fangcheng'],
      ['week', '2025-06-09', undefined],
      ['day', '2025-06-10', undefined],
    ];
    console.log('report                         alerts   median ms   max ms');
    for (const [period, start, team] of cases) {
      const times: number[] = [];
      let count = 0;
      for (let i = 0; i < 5; i++) {
        const t0 = process.hrtime.bigint();
        count = (await sut.compute(period, start, team)).current.alerts;
        times.push(Number(process.hrtime.bigint() - t0) / 1e6);
      }
      times.sort((a, b) => a - b);
      console.log(`${`${period} ${start} ${team ?? 'all'}`.padEnd(30)} ${String(count).padStart(6)}   ${times[2].toFixed(1).padStart(9)}   ${times[4].toFixed(1).padStart(6)}`);
    }
    if (process.env.BENCH_EXPLAIN) {
      // The repository's own statements, each run under EXPLAIN ANALYZE and its plan printed instead of its rows.
      let name = '';
      const explaining = {
        manager: {
          query: async (sql: string, params: unknown[]) => {
            const rows = await dataSource.query('EXPLAIN ANALYZE ' + sql, params);
            console.log(name, rows.map((r: Record<string, string>) => r['QUERY PLAN']).join('\n   '));
            return [];
          },
        },
      } as unknown as Transactions;
      const q = new ReportRepository(explaining);
      const scope = { from: new Date('2025-06-08T16:00:00Z'), to: new Date('2025-06-15T16:00:00Z'), teamId: null };
      const asOf = new Date('2026-01-05T02:00:00Z');
      const statements: [string, () => Promise<unknown>][] = [
        ['RESPONSE', () => q.response(scope, asOf)],
        ['HIT', () => q.byHitType(scope)],
        ['OUT', () => q.outcomes(scope)],
        ['BSUM', () => q.breachSummary(scope, asOf)],
        ['WORST', () => q.worstBreaches(scope, asOf, 50)],
        ['SERIES', () => q.series(scope, 'day', 'Asia/Shanghai')],
      ];
      for (const [label, run] of statements) {
        name = label;
        await run();
      }
    }
    const t0 = Date.now();
    const stored = await sut.storeClosedPeriods();
    console.log(`storeClosedPeriods: ${stored.length} reports (day, week, month × whole court and 4 teams) in ${Date.now() - t0} ms`);
  } finally {
    await dataSource.destroy().catch(() => undefined);
    await db.drop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
