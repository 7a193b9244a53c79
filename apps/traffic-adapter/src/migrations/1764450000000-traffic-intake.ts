import { MigrationInterface, QueryRunner } from 'typeorm';

/** Checkpoint registry; hits remember their checkpoint and source, and are pruned by age; shared feed-health state. */
export class TrafficIntake1764450000000 implements MigrationInterface {
  name = 'TrafficIntake1764450000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE traffic.checkpoints (
      id text PRIMARY KEY,
      name text NOT NULL,
      lat double precision NOT NULL,
      lon double precision NOT NULL,
      jurisdiction text,
      group_id text,
      camera_ids text[] NOT NULL DEFAULT '{}',
      updated_at timestamptz NOT NULL
    )`);
    await q.query(`ALTER TABLE traffic.hits ADD COLUMN checkpoint_id text`);
    await q.query(`ALTER TABLE traffic.hits ADD COLUMN source text NOT NULL DEFAULT 'checkpoint'`);
    await q.query(`ALTER TABLE traffic.hits ALTER COLUMN source DROP DEFAULT`);
    await q.query(`CREATE INDEX hits_created_at ON traffic.hits (created_at)`);
    // Feed health across instances: each flushes its cameras' last reads here; one instance at a
    // time decides the transitions against the merged picture and remembers what it published.
    await q.query(`CREATE TABLE traffic.camera_feed (
      camera_id text PRIMARY KEY,
      group_id text,
      last_read_at timestamptz,
      watched_since timestamptz NOT NULL
    )`);
    await q.query(`CREATE TABLE traffic.feed_health_state (
      scope text NOT NULL,
      subject_id text NOT NULL,
      state text NOT NULL,
      changed_at timestamptz NOT NULL,
      PRIMARY KEY (scope, subject_id)
    )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE traffic.feed_health_state`);
    await q.query(`DROP TABLE traffic.camera_feed`);
    await q.query(`DROP INDEX traffic.hits_created_at`);
    await q.query(`ALTER TABLE traffic.hits DROP COLUMN source`);
    await q.query(`ALTER TABLE traffic.hits DROP COLUMN checkpoint_id`);
    await q.query(`DROP TABLE traffic.checkpoints`);
  }
}
