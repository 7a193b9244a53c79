import { MigrationInterface, QueryRunner } from 'typeorm';

/** Interception requests on their way to the traffic system, and the outcomes it reported. */
export class TrafficInterceptions1764300000001 implements MigrationInterface {
  name = 'TrafficInterceptions1764300000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE traffic.interceptions (
      interception_id uuid PRIMARY KEY,
      alert_id uuid NOT NULL,
      request jsonb NOT NULL,
      received_at timestamptz NOT NULL,
      status text NOT NULL CHECK (status IN ('pending', 'delivered', 'failed')),
      attempts int NOT NULL DEFAULT 0,
      next_attempt_at timestamptz,
      last_error text,
      delivered_at timestamptz,
      result text,
      reported_at timestamptz
    )`);
    await q.query(`CREATE INDEX interceptions_due ON traffic.interceptions (next_attempt_at) WHERE status = 'pending'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE traffic.interceptions`);
  }
}
