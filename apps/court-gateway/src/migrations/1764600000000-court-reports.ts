import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Stored leadership reports (日调度、周研判、月通报): each report is kept exactly as it was
 * generated when its period closed. The report queries read the alert columns and
 * court.sla_breaches added by the on-call migration (1764300000000).
 */
export class CourtReports1764600000000 implements MigrationInterface {
  name = 'CourtReports1764600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE court.reports (
      id bigserial PRIMARY KEY,
      period text NOT NULL CHECK (period IN ('day', 'week', 'month')),
      start_date date NOT NULL,
      team_id text NOT NULL,
      generated_at timestamptz NOT NULL,
      body jsonb NOT NULL
    )`);
    // team_id 'all' is the whole court; one stored report per period, start and team.
    await q.query(`CREATE UNIQUE INDEX reports_period_start_team ON court.reports (period, start_date, team_id)`);
    // The reports select alerts by resolution time and breaches by due time.
    await q.query(`CREATE INDEX alerts_resolved ON court.alerts (resolved_at)`);
    await q.query(`CREATE INDEX sla_breaches_due ON court.sla_breaches (due_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX court.sla_breaches_due`);
    await q.query(`DROP INDEX court.alerts_resolved`);
    await q.query(`DROP TABLE court.reports`);
  }
}
