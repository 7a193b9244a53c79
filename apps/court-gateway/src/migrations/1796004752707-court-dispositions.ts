import { MigrationInterface, QueryRunner } from 'typeorm';

/** Where each seal's 布控 on the police GA/T 1400 platform stands (from traffic.dispositions.v1); why a feed is blind; hits' inline pictures. */
export class CourtDispositions1796004752707 implements MigrationInterface {
  name = 'CourtDispositions1796004752707';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE court.seal_dispositions (
      seizure_id uuid PRIMARY KEY,
      disposition_id text NOT NULL,
      state text NOT NULL,
      status_code integer,
      status_string text,
      ends_at timestamptz,
      platform_id text NOT NULL,
      changed_at timestamptz NOT NULL,
      received_at timestamptz NOT NULL
    )`);
    await q.query(`CREATE INDEX seal_dispositions_state ON court.seal_dispositions (state)`);
    // A hit's picture when the feed sent it inline (GA/T 1400): kept with the hit, gone with it.
    await q.query(`CREATE TABLE court.hit_images (
      hit_id uuid PRIMARY KEY REFERENCES court.hits (hit_id) ON DELETE CASCADE,
      format text NOT NULL,
      data bytea NOT NULL,
      created_at timestamptz NOT NULL
    )`);
    await q.query(`ALTER TABLE court.feed_health ADD COLUMN reason text`);
    await q.query(`ALTER TABLE court.feed_health_history ADD COLUMN reason text`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE court.feed_health_history DROP COLUMN reason`);
    await q.query(`ALTER TABLE court.feed_health DROP COLUMN reason`);
    await q.query(`DROP TABLE court.hit_images`);
    await q.query(`DROP TABLE court.seal_dispositions`);
  }
}
