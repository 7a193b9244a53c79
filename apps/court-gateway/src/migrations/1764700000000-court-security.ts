import { authDdl } from '@app/platform';
import { MigrationInterface, QueryRunner } from 'typeorm';

/** API keys, the append-only audit log, seen webhook signatures, and the accounts of people. */
export class CourtSecurity1764700000000 implements MigrationInterface {
  name = 'CourtSecurity1764700000000';

  async up(q: QueryRunner): Promise<void> {
    for (const sql of authDdl('court').up) await q.query(sql);
    await q.query(`CREATE TABLE court.users (
      id uuid PRIMARY KEY,
      username text NOT NULL UNIQUE,
      display_name text NOT NULL,
      password_hash text NOT NULL,
      roles text[] NOT NULL,
      officer_id uuid REFERENCES court.officers (id),
      team_id text,
      created_at timestamptz NOT NULL,
      disabled_at timestamptz
    )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE court.users`);
    for (const sql of authDdl('court').down) await q.query(sql);
  }
}
