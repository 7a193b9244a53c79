import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Stored leadership reports (日调度、周研判、月通报): each report is kept exactly as it was
 * generated when its period closed.
 *
 * The report queries read the alert columns and the SLA breach table that the on-call work
 * (migration 1764300000000) adds, per the agreed contract. They are declared here too with
 * IF NOT EXISTS, so the reports run whichever branch lands first; once both are in, these
 * statements do nothing.
 */
export class CourtReports1764600000000 implements MigrationInterface {
  name = 'CourtReports1764600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE court.alerts
      ADD COLUMN IF NOT EXISTS hit_source text,
      ADD COLUMN IF NOT EXISTS match text,
      ADD COLUMN IF NOT EXISTS verified_at timestamptz,
      ADD COLUMN IF NOT EXISTS dispatched_at timestamptz,
      ADD COLUMN IF NOT EXISTS on_scene_at timestamptz,
      ADD COLUMN IF NOT EXISTS resolved_at timestamptz,
      ADD COLUMN IF NOT EXISTS outcome text,
      ADD COLUMN IF NOT EXISTS rejection_reason text,
      ADD COLUMN IF NOT EXISTS on_scene_seconds int,
      ADD COLUMN IF NOT EXISTS resolve_seconds int,
      ADD COLUMN IF NOT EXISTS escalation_level int DEFAULT 0,
      ADD COLUMN IF NOT EXISTS silenced_until timestamptz`);
    await q.query(`CREATE TABLE IF NOT EXISTS court.sla_breaches (
      id bigserial PRIMARY KEY,
      alert_id uuid NOT NULL REFERENCES court.alerts (id),
      target text NOT NULL,
      due_at timestamptz NOT NULL,
      recorded_at timestamptz NOT NULL,
      late_seconds int
    )`);

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
    await q.query(`CREATE INDEX IF NOT EXISTS alerts_resolved ON court.alerts (resolved_at)`);
    await q.query(`CREATE INDEX IF NOT EXISTS sla_breaches_due ON court.sla_breaches (due_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS court.sla_breaches_due`);
    await q.query(`DROP INDEX IF EXISTS court.alerts_resolved`);
    await q.query(`DROP TABLE court.reports`);
  }
}
