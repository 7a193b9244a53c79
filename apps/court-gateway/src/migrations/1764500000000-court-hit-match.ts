import { MigrationInterface, QueryRunner } from 'typeorm';

/** How a hit matched (exact or a possible hit from a misread), so the court sees what to verify. */
export class CourtHitMatch1764500000000 implements MigrationInterface {
  name = 'CourtHitMatch1764500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE court.hits ADD COLUMN match text, ADD COLUMN score double precision, ADD COLUMN differences jsonb`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE court.hits DROP COLUMN differences, DROP COLUMN score, DROP COLUMN match`);
  }
}
