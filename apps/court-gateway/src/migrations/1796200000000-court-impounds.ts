import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * 扣押: the record of a car impounded on scene (one per alert), its photos (bytes in the database,
 * so the record and its photos commit or fail together) and its papers (PDF).
 */
export class CourtImpounds1796200000000 implements MigrationInterface {
  name = 'CourtImpounds1796200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE court.impounds (
      id uuid PRIMARY KEY,
      alert_id uuid NOT NULL UNIQUE REFERENCES court.alerts (id),
      seizure_id uuid NOT NULL REFERENCES court.seizures (id),
      seized_at timestamptz NOT NULL,
      place_name text,
      place_lat double precision,
      place_lon double precision,
      place_source text NOT NULL CHECK (place_source IN ('given', 'photo', 'none')),
      keys_count integer NOT NULL CHECK (keys_count >= 0),
      registration_certificate boolean NOT NULL,
      vehicle_condition text NOT NULL,
      odometer_km integer NOT NULL CHECK (odometer_km >= 0),
      driven_by text NOT NULL,
      yard_id text NOT NULL,
      yard_name text NOT NULL,
      yard_address text,
      daily_rate_fen integer NOT NULL CHECK (daily_rate_fen >= 0),
      estimated_value_fen bigint CHECK (estimated_value_fen > 0),
      debtor_response text NOT NULL CHECK (debtor_response IN ('paid_in_full', 'settlement', 'refused')),
      note text,
      recorded_by text NOT NULL,
      recorded_at timestamptz NOT NULL,
      custody_state text NOT NULL CHECK (custody_state IN ('in_custody', 'released', 'handed_to_auction')),
      custody_ended_at timestamptz,
      custody_ended_by text,
      custody_end_note text,
      fee_warned_at timestamptz
    )`);
    await q.query(`CREATE INDEX impounds_in_custody ON court.impounds (seized_at) WHERE custody_state = 'in_custody'`);
    await q.query(`CREATE INDEX impounds_seized_at ON court.impounds (seized_at)`);
    await q.query(`CREATE TABLE court.impound_photos (
      impound_id uuid NOT NULL REFERENCES court.impounds (id) ON DELETE CASCADE,
      n integer NOT NULL,
      content_type text NOT NULL,
      data bytea NOT NULL,
      PRIMARY KEY (impound_id, n)
    )`);
    await q.query(`CREATE TABLE court.impound_papers (
      impound_id uuid NOT NULL REFERENCES court.impounds (id) ON DELETE CASCADE,
      kind text NOT NULL,
      pdf bytea NOT NULL,
      generated_at timestamptz NOT NULL,
      PRIMARY KEY (impound_id, kind)
    )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE court.impound_papers`);
    await q.query(`DROP TABLE court.impound_photos`);
    await q.query(`DROP TABLE court.impounds`);
  }
}
