import { MigrationInterface, QueryRunner } from 'typeorm';

/** Seals lapse (`expired`), are renewed, and the court is warned once per seal and term before they lapse. */
export class CourtSealLifecycle1764400000000 implements MigrationInterface {
  name = 'CourtSealLifecycle1764400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE court.seizures DROP CONSTRAINT seizures_status_check`);
    await q.query(`ALTER TABLE court.seizures ADD CONSTRAINT seizures_status_check CHECK (status IN ('active', 'released', 'expired'))`);
    await q.query(`ALTER TABLE court.seizures ADD COLUMN renewed_at timestamptz, ADD COLUMN expired_at timestamptz`);
    // The expiry job and the watchlist export look for active seals by expiry.
    await q.query(`CREATE INDEX seizures_active_expiry ON court.seizures (expires_at) WHERE status = 'active'`);
    // The export pages through active seals by id; without this the planner sorts them all per page.
    await q.query(`CREATE INDEX seizures_active_id ON court.seizures (id) WHERE status = 'active'`);
    await q.query(`CREATE TABLE court.seal_expiry_warnings (
      id uuid PRIMARY KEY,
      seizure_id uuid NOT NULL REFERENCES court.seizures (id),
      expires_at timestamptz NOT NULL,
      tribunal text,
      warned_at timestamptz NOT NULL,
      UNIQUE (seizure_id, expires_at)
    )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE court.seal_expiry_warnings`);
    await q.query(`DROP INDEX court.seizures_active_id`);
    await q.query(`DROP INDEX court.seizures_active_expiry`);
    await q.query(`ALTER TABLE court.seizures DROP COLUMN renewed_at, DROP COLUMN expired_at`);
    await q.query(`ALTER TABLE court.seizures DROP CONSTRAINT seizures_status_check`);
    await q.query(`ALTER TABLE court.seizures ADD CONSTRAINT seizures_status_check CHECK (status IN ('active', 'released'))`);
  }
}
