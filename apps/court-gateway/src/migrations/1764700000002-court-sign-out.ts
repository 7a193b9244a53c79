import { MigrationInterface, QueryRunner } from 'typeorm';

/** Signing out ends every session of the account: tokens carry the generation they were issued in. */
export class CourtSignOut1764700000002 implements MigrationInterface {
  name = 'CourtSignOut1764700000002';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE court.users ADD COLUMN session_generation integer NOT NULL DEFAULT 0`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE court.users DROP COLUMN session_generation`);
  }
}
