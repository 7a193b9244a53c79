import { MigrationInterface, QueryRunner } from 'typeorm';

/** Checkpoint registry; hits remember their checkpoint and source, and are pruned by age. */
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
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX traffic.hits_created_at`);
    await q.query(`ALTER TABLE traffic.hits DROP COLUMN source`);
    await q.query(`ALTER TABLE traffic.hits DROP COLUMN checkpoint_id`);
    await q.query(`DROP TABLE traffic.checkpoints`);
  }
}
