import { MigrationInterface, QueryRunner } from 'typeorm';

/** Feed health of the traffic side as the command center sees it: current state and history. */
export class CourtFeedHealth1764450000001 implements MigrationInterface {
  name = 'CourtFeedHealth1764450000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE court.feed_health (
      scope text NOT NULL,
      subject_id text NOT NULL,
      state text NOT NULL,
      last_read_at timestamptz,
      quiet_seconds int NOT NULL,
      changed_at timestamptz NOT NULL,
      received_at timestamptz NOT NULL,
      PRIMARY KEY (scope, subject_id)
    )`);
    await q.query(`CREATE TABLE court.feed_health_history (
      id bigserial PRIMARY KEY,
      event_id uuid NOT NULL,
      scope text NOT NULL,
      subject_id text NOT NULL,
      state text NOT NULL,
      last_read_at timestamptz,
      quiet_seconds int NOT NULL,
      changed_at timestamptz NOT NULL,
      received_at timestamptz NOT NULL
    )`);
    await q.query(`CREATE INDEX feed_health_history_subject ON court.feed_health_history (scope, subject_id, changed_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE court.feed_health_history`);
    await q.query(`DROP TABLE court.feed_health`);
  }
}
