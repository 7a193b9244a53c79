import { outboxAndInboxDdl } from '@app/platform';
import { MigrationInterface, QueryRunner } from 'typeorm';

export class TrafficInit1764200000000 implements MigrationInterface {
  name = 'TrafficInit1764200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE traffic.watchlist (
      seizure_id uuid PRIMARY KEY,
      plate text NOT NULL,
      plate_color text,
      case_number text,
      livelihood boolean NOT NULL DEFAULT false,
      sealed_at timestamptz,
      expires_at timestamptz,
      status text NOT NULL CHECK (status IN ('active', 'released')),
      updated_at timestamptz NOT NULL
    )`);
    await q.query(`CREATE INDEX watchlist_active_plate ON traffic.watchlist (plate) WHERE status = 'active'`);
    await q.query(`CREATE TABLE traffic.hits (
      hit_id uuid PRIMARY KEY,
      seizure_id uuid NOT NULL,
      sighting_id text NOT NULL,
      read_plate text NOT NULL,
      camera_id text NOT NULL,
      observed_at timestamptz NOT NULL,
      created_at timestamptz NOT NULL
    )`);
    await q.query(`CREATE INDEX hits_seizure ON traffic.hits (seizure_id, observed_at)`);
    for (const sql of outboxAndInboxDdl('traffic').up) await q.query(sql);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const sql of outboxAndInboxDdl('traffic').down) await q.query(sql);
    await q.query(`DROP TABLE traffic.hits`);
    await q.query(`DROP TABLE traffic.watchlist`);
  }
}
