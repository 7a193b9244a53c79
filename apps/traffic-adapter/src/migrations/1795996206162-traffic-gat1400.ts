import { MigrationInterface, QueryRunner } from 'typeorm';

/** The GA/T 1400 connector: lower devices' registrations, our 布控 per seal, subscriptions, the platform link. */
export class TrafficGat14001795996206162 implements MigrationInterface {
  name = 'TrafficGat14001795996206162';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE traffic.gat1400_device_sessions (
      device_id text PRIMARY KEY,
      username text NOT NULL,
      address text,
      registered_at timestamptz NOT NULL,
      last_keepalive_at timestamptz NOT NULL,
      unregistered_at timestamptz
    )`);
    await q.query(`CREATE TABLE traffic.gat1400_dispositions (
      seizure_id uuid PRIMARY KEY,
      disposition_id text NOT NULL UNIQUE,
      plate text NOT NULL,
      state text NOT NULL,
      begin_at timestamptz NOT NULL,
      end_at timestamptz NOT NULL,
      status_code integer,
      status_string text,
      attempts integer NOT NULL DEFAULT 0,
      next_attempt_at timestamptz,
      confirmed_at timestamptz,
      revoked_at timestamptz,
      revoke_reason text,
      created_at timestamptz NOT NULL,
      updated_at timestamptz NOT NULL
    )`);
    await q.query(`CREATE INDEX gat1400_dispositions_due ON traffic.gat1400_dispositions (next_attempt_at) WHERE state <> 'revoked'`);
    await q.query(`CREATE TABLE traffic.gat1400_subscriptions (
      subscribe_id text PRIMARY KEY,
      resource_uri text NOT NULL,
      state text NOT NULL,
      begin_at timestamptz NOT NULL,
      end_at timestamptz NOT NULL,
      status_code integer,
      status_string text,
      last_notification_at timestamptz,
      created_at timestamptz NOT NULL,
      updated_at timestamptz NOT NULL
    )`);
    await q.query(`CREATE TABLE traffic.gat1400_link (
      link text PRIMARY KEY,
      state text NOT NULL,
      registered_at timestamptz,
      last_keepalive_at timestamptz,
      last_notification_at timestamptz,
      clock_skew_ms bigint,
      last_error text,
      last_error_at timestamptz,
      updated_at timestamptz NOT NULL
    )`);
    // 33-digit ids end in a serial; one sequence keeps them unique across instances and restarts.
    await q.query(`CREATE SEQUENCE traffic.gat1400_id_serial`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP SEQUENCE traffic.gat1400_id_serial`);
    await q.query(`DROP TABLE traffic.gat1400_link`);
    await q.query(`DROP TABLE traffic.gat1400_subscriptions`);
    await q.query(`DROP TABLE traffic.gat1400_dispositions`);
    await q.query(`DROP TABLE traffic.gat1400_device_sessions`);
  }
}
