import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The on-call engine (issue 4): roster rotations and overrides, jurisdictions and team bases,
 * the alert lifecycle columns the reports read, SLA breaches, escalations, notifications,
 * silences and interceptions.
 */
export class CourtOncall1764300000000 implements MigrationInterface {
  name = 'CourtOncall1764300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE court.teams
      ADD COLUMN base_lat double precision,
      ADD COLUMN base_lon double precision,
      ADD COLUMN base_name text`);
    // Approximate seats of the command center and the three tribunals (Fangchenggang); admins correct them.
    await q.query(`UPDATE court.teams SET base_lat = v.lat, base_lon = v.lon, base_name = v.name FROM (VALUES
      ('command-center', 21.7645, 108.3548, '防城区人民法院执行指挥中心'),
      ('fangcheng', 21.7712, 108.3560, '防城法庭'),
      ('dazhai', 21.6900, 108.0600, '大寨法庭'),
      ('naliang', 21.6560, 107.9700, '那良法庭')) AS v(id, lat, lon, name) WHERE court.teams.id = v.id`);

    await q.query(`ALTER TABLE court.duty_shifts ADD COLUMN label text`);
    await q.query(`CREATE TABLE court.duty_rotations (
      id uuid PRIMARY KEY,
      team_id text NOT NULL REFERENCES court.teams (id),
      name text NOT NULL,
      officer_ids uuid[] NOT NULL,
      period text NOT NULL CHECK (period IN ('day', 'week')),
      anchor_date date NOT NULL,
      weekdays int[] NOT NULL,
      start_local text NOT NULL,
      end_local text NOT NULL
    )`);
    await q.query(`CREATE TABLE court.duty_overrides (
      id uuid PRIMARY KEY,
      team_id text NOT NULL REFERENCES court.teams (id),
      kind text NOT NULL CHECK (kind IN ('leave', 'cover', 'swap')),
      officer_id uuid NOT NULL REFERENCES court.officers (id),
      replaces_officer_id uuid REFERENCES court.officers (id),
      starts_at timestamptz NOT NULL,
      ends_at timestamptz NOT NULL CHECK (ends_at > starts_at),
      note text
    )`);
    await q.query(`CREATE INDEX duty_overrides_team_time ON court.duty_overrides (team_id, starts_at, ends_at)`);

    await q.query(`CREATE TABLE court.jurisdictions (
      id bigserial PRIMARY KEY,
      team_id text NOT NULL REFERENCES court.teams (id),
      checkpoint_id text,
      checkpoint_prefix text,
      CHECK ((checkpoint_id IS NULL) <> (checkpoint_prefix IS NULL))
    )`);
    await q.query(`CREATE UNIQUE INDEX jurisdictions_checkpoint ON court.jurisdictions (checkpoint_id) WHERE checkpoint_id IS NOT NULL`);
    await q.query(`CREATE UNIQUE INDEX jurisdictions_prefix ON court.jurisdictions (checkpoint_prefix) WHERE checkpoint_prefix IS NOT NULL`);
    await q.query(`CREATE TABLE court.travel_times (
      team_id text NOT NULL REFERENCES court.teams (id),
      checkpoint_id text NOT NULL,
      minutes int NOT NULL CHECK (minutes >= 0),
      PRIMARY KEY (team_id, checkpoint_id)
    )`);

    await q.query(`ALTER TABLE court.alerts
      ADD COLUMN hit_source text,
      ADD COLUMN match text,
      ADD COLUMN last_location jsonb,
      ADD COLUMN verified_at timestamptz,
      ADD COLUMN dispatched_at timestamptz,
      ADD COLUMN on_scene_at timestamptz,
      ADD COLUMN resolved_at timestamptz,
      ADD COLUMN outcome text,
      ADD COLUMN rejection_reason text,
      ADD COLUMN on_scene_seconds int,
      ADD COLUMN resolve_seconds int,
      ADD COLUMN escalation_level int NOT NULL DEFAULT 0,
      ADD COLUMN next_escalation_at timestamptz,
      ADD COLUMN silenced_until timestamptz`);
    await q.query(`UPDATE court.alerts SET hit_source = 'checkpoint', match = 'exact' WHERE hit_source IS NULL`);
    await q.query(`UPDATE court.alerts SET next_escalation_at = ack_due_at WHERE state IN ('open', 'notified')`);
    await q.query(`CREATE INDEX alerts_due_escalation ON court.alerts (next_escalation_at) WHERE next_escalation_at IS NOT NULL`);
    // match, score and differences of a hit arrive with 1764500000000-court-hit-match (issue 3).
    await q.query(`ALTER TABLE court.hits ADD COLUMN checkpoint_id text`);

    await q.query(`CREATE TABLE court.sla_breaches (
      id bigserial PRIMARY KEY,
      alert_id uuid NOT NULL REFERENCES court.alerts (id),
      target text NOT NULL CHECK (target IN ('ack', 'on_scene', 'resolve')),
      due_at timestamptz NOT NULL,
      recorded_at timestamptz NOT NULL,
      late_seconds int NOT NULL,
      UNIQUE (alert_id, target)
    )`);
    await q.query(`CREATE TABLE court.sla_warnings (
      alert_id uuid NOT NULL REFERENCES court.alerts (id),
      target text NOT NULL,
      at_risk_at timestamptz NOT NULL,
      recorded_at timestamptz NOT NULL,
      PRIMARY KEY (alert_id, target)
    )`);
    // The primary key is what makes each escalation level happen once, whatever the number of instances.
    await q.query(`CREATE TABLE court.alert_escalations (
      alert_id uuid NOT NULL REFERENCES court.alerts (id),
      level int NOT NULL,
      escalated_at timestamptz NOT NULL,
      target_role text NOT NULL,
      officer_ids uuid[] NOT NULL DEFAULT '{}',
      PRIMARY KEY (alert_id, level)
    )`);
    await q.query(`CREATE TABLE court.notifications (
      id bigserial PRIMARY KEY,
      alert_id uuid NOT NULL REFERENCES court.alerts (id),
      created_at timestamptz NOT NULL,
      channel text NOT NULL,
      recipient text NOT NULL,
      officer_id uuid REFERENCES court.officers (id),
      reason text NOT NULL,
      payload jsonb NOT NULL,
      status text NOT NULL CHECK (status IN ('pending', 'delivered', 'failed')),
      attempts int NOT NULL DEFAULT 0,
      next_attempt_at timestamptz,
      last_error text,
      delivered_at timestamptz
    )`);
    await q.query(`CREATE INDEX notifications_alert ON court.notifications (alert_id, id)`);
    await q.query(`CREATE INDEX notifications_due ON court.notifications (next_attempt_at) WHERE status = 'pending'`);
    await q.query(`CREATE TABLE court.silences (
      id uuid PRIMARY KEY,
      seizure_id uuid NOT NULL REFERENCES court.seizures (id),
      starts_at timestamptz NOT NULL,
      ends_at timestamptz NOT NULL,
      reason text NOT NULL,
      created_by text NOT NULL
    )`);
    await q.query(`CREATE INDEX silences_seizure ON court.silences (seizure_id, ends_at)`);
    await q.query(`CREATE TABLE court.interceptions (
      id uuid PRIMARY KEY,
      alert_id uuid NOT NULL REFERENCES court.alerts (id),
      requested_at timestamptz NOT NULL,
      requested_by text NOT NULL,
      contact_phone text,
      note text,
      result text,
      reported_at timestamptz,
      reported_by text
    )`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['interceptions', 'silences', 'notifications', 'alert_escalations', 'sla_warnings', 'sla_breaches', 'travel_times', 'jurisdictions', 'duty_overrides', 'duty_rotations']) {
      await q.query(`DROP TABLE court.${t}`);
    }
    await q.query(`ALTER TABLE court.hits DROP COLUMN checkpoint_id`);
    await q.query(`ALTER TABLE court.alerts DROP COLUMN hit_source, DROP COLUMN match, DROP COLUMN last_location, DROP COLUMN verified_at,
      DROP COLUMN dispatched_at, DROP COLUMN on_scene_at, DROP COLUMN resolved_at, DROP COLUMN outcome, DROP COLUMN rejection_reason,
      DROP COLUMN on_scene_seconds, DROP COLUMN resolve_seconds, DROP COLUMN escalation_level, DROP COLUMN next_escalation_at, DROP COLUMN silenced_until`);
    await q.query(`ALTER TABLE court.duty_shifts DROP COLUMN label`);
    await q.query(`ALTER TABLE court.teams DROP COLUMN base_lat, DROP COLUMN base_lon, DROP COLUMN base_name`);
  }
}
