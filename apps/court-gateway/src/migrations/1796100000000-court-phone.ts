import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The officers' phone app: push devices (Web Push subscriptions, each with its own credential for
 * acknowledging from the notification), positions shared while responding (deleted when the
 * alert closes) and shift handoff notes.
 */
export class CourtPhone1796100000000 implements MigrationInterface {
  name = 'CourtPhone1796100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE court.devices (
      id uuid PRIMARY KEY,
      officer_id uuid NOT NULL,
      user_id uuid NOT NULL,
      label text NOT NULL,
      endpoint text NOT NULL,
      p256dh text NOT NULL,
      auth text NOT NULL,
      token_hash text NOT NULL,
      created_at timestamptz NOT NULL,
      last_used_at timestamptz,
      last_push_at timestamptz,
      revoked_at timestamptz,
      CONSTRAINT devices_officer_id_fkey FOREIGN KEY (officer_id) REFERENCES court.officers (id),
      CONSTRAINT devices_user_id_fkey FOREIGN KEY (user_id) REFERENCES court.users (id)
    )`);
    await q.query(`CREATE UNIQUE INDEX devices_token_hash ON court.devices (token_hash)`);
    // One live registration per push subscription: registering it again replaces the old one.
    await q.query(`CREATE UNIQUE INDEX devices_live_endpoint ON court.devices (endpoint) WHERE revoked_at IS NULL`);
    await q.query(`CREATE INDEX devices_officer ON court.devices (officer_id) WHERE revoked_at IS NULL`);

    await q.query(`CREATE TABLE court.officer_positions (
      alert_id uuid NOT NULL,
      officer_id uuid NOT NULL,
      lat double precision NOT NULL,
      lon double precision NOT NULL,
      accuracy_m double precision NOT NULL,
      fixed_at timestamptz NOT NULL,
      received_at timestamptz NOT NULL,
      CONSTRAINT officer_positions_pkey PRIMARY KEY (alert_id, officer_id),
      CONSTRAINT officer_positions_officer_id_fkey FOREIGN KEY (officer_id) REFERENCES court.officers (id)
    )`);
    await q.query(`CREATE INDEX officer_positions_officer ON court.officer_positions (officer_id, fixed_at)`);

    await q.query(`CREATE TABLE court.handoff_notes (
      id uuid PRIMARY KEY,
      alert_id uuid NOT NULL,
      note text NOT NULL,
      written_by text NOT NULL,
      author_officer_id uuid,
      created_at timestamptz NOT NULL
    )`);
    await q.query(`CREATE INDEX handoff_notes_alert ON court.handoff_notes (alert_id, created_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE court.handoff_notes`);
    await q.query(`DROP TABLE court.officer_positions`);
    await q.query(`DROP TABLE court.devices`);
  }
}
