import { outboxAndInboxDdl } from '@app/platform';
import { MigrationInterface, QueryRunner } from 'typeorm';

export class CourtInit1764200000000 implements MigrationInterface {
  name = 'CourtInit1764200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE court.seizures (
      id uuid PRIMARY KEY,
      case_number text NOT NULL,
      plate text NOT NULL,
      plate_color text,
      vin text,
      owner_name text,
      tribunal text,
      livelihood boolean NOT NULL DEFAULT false,
      sealed_at timestamptz NOT NULL,
      expires_at timestamptz NOT NULL,
      status text NOT NULL CHECK (status IN ('active', 'released')),
      released_at timestamptz,
      release_reason text,
      created_at timestamptz NOT NULL
    )`);
    await q.query(`CREATE UNIQUE INDEX seizures_active_case_plate ON court.seizures (case_number, plate) WHERE status = 'active'`);

    await q.query(`CREATE TABLE court.teams (
      id text PRIMARY KEY,
      name text NOT NULL UNIQUE,
      kind text NOT NULL CHECK (kind IN ('command_center', 'tribunal'))
    )`);
    await q.query(`CREATE TABLE court.officers (
      id uuid PRIMARY KEY,
      team_id text NOT NULL REFERENCES court.teams (id),
      name text NOT NULL,
      badge text NOT NULL UNIQUE,
      phone text,
      roles text[] NOT NULL DEFAULT '{}'
    )`);
    await q.query(`CREATE TABLE court.duty_shifts (
      id uuid PRIMARY KEY,
      team_id text NOT NULL REFERENCES court.teams (id),
      officer_id uuid NOT NULL REFERENCES court.officers (id),
      weekdays int[] NOT NULL,
      start_local text NOT NULL,
      end_local text NOT NULL
    )`);
    // The court's organisation as reported: the command center and its three tribunals.
    await q.query(`INSERT INTO court.teams (id, name, kind) VALUES
      ('command-center', '执行指挥中心', 'command_center'),
      ('fangcheng', '防城法庭', 'tribunal'),
      ('dazhai', '大寨法庭', 'tribunal'),
      ('naliang', '那良法庭', 'tribunal')`);

    await q.query(`CREATE TABLE court.alerts (
      id uuid PRIMARY KEY,
      seizure_id uuid NOT NULL REFERENCES court.seizures (id),
      state text NOT NULL,
      priority text NOT NULL,
      team_id text NOT NULL REFERENCES court.teams (id),
      assignee_id uuid REFERENCES court.officers (id),
      routing_reason text NOT NULL,
      hit_count int NOT NULL,
      first_seen_at timestamptz NOT NULL,
      last_seen_at timestamptz NOT NULL,
      last_camera_id text NOT NULL,
      opened_at timestamptz NOT NULL,
      ack_due_at timestamptz NOT NULL,
      on_scene_due_at timestamptz NOT NULL,
      resolve_due_at timestamptz NOT NULL,
      acknowledged_at timestamptz,
      acknowledged_by text,
      ack_seconds int,
      closed_at timestamptz,
      updated_at timestamptz NOT NULL
    )`);
    // One open alert per seal: later hits fold into it.
    await q.query(`CREATE UNIQUE INDEX alerts_one_open_per_seizure ON court.alerts (seizure_id) WHERE state NOT IN ('resolved', 'cancelled')`);
    await q.query(`CREATE INDEX alerts_opened ON court.alerts (opened_at DESC)`);
    await q.query(`CREATE TABLE court.alert_timeline (
      id bigserial PRIMARY KEY,
      alert_id uuid NOT NULL REFERENCES court.alerts (id),
      at timestamptz NOT NULL,
      kind text NOT NULL,
      actor text NOT NULL,
      details jsonb NOT NULL DEFAULT '{}'
    )`);
    await q.query(`CREATE INDEX alert_timeline_alert ON court.alert_timeline (alert_id, id)`);
    await q.query(`CREATE TABLE court.hits (
      hit_id uuid PRIMARY KEY,
      alert_id uuid REFERENCES court.alerts (id),
      seizure_id uuid NOT NULL REFERENCES court.seizures (id),
      source text NOT NULL,
      read_plate text NOT NULL,
      camera_id text NOT NULL,
      observed_at timestamptz NOT NULL,
      confidence double precision,
      location jsonb,
      image_url text,
      received_at timestamptz NOT NULL
    )`);
    await q.query(`CREATE INDEX hits_alert ON court.hits (alert_id, observed_at)`);
    for (const sql of outboxAndInboxDdl('court').up) await q.query(sql);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const sql of outboxAndInboxDdl('court').down) await q.query(sql);
    for (const t of ['hits', 'alert_timeline', 'alerts', 'duty_shifts', 'officers', 'teams', 'seizures']) await q.query(`DROP TABLE court.${t}`);
  }
}
