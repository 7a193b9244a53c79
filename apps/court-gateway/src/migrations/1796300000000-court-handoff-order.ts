import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Handoff notes in the order they were written. The clock alone cannot say which of two notes
 * written in the same millisecond (a desk and an officer at once, or a clock held still) is the
 * newest, and the next shift must read the last word, not either one. A sequence given at insert
 * breaks the tie; notes already written get it in their time order.
 */
export class CourtHandoffOrder1796300000000 implements MigrationInterface {
  name = 'CourtHandoffOrder1796300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE court.handoff_notes ADD COLUMN seq bigint`);
    await q.query(`CREATE SEQUENCE court.handoff_notes_seq_seq OWNED BY court.handoff_notes.seq`);
    await q.query(
      `UPDATE court.handoff_notes n SET seq = o.seq
         FROM (SELECT id, nextval('court.handoff_notes_seq_seq') AS seq FROM (SELECT id FROM court.handoff_notes ORDER BY created_at, id) t) o
        WHERE n.id = o.id`,
    );
    await q.query(`ALTER TABLE court.handoff_notes ALTER COLUMN seq SET DEFAULT nextval('court.handoff_notes_seq_seq'), ALTER COLUMN seq SET NOT NULL`);
    await q.query(`DROP INDEX court.handoff_notes_alert`);
    await q.query(`CREATE INDEX handoff_notes_alert ON court.handoff_notes (alert_id, created_at, seq)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX court.handoff_notes_alert`);
    await q.query(`CREATE INDEX handoff_notes_alert ON court.handoff_notes (alert_id, created_at)`);
    await q.query(`ALTER TABLE court.handoff_notes DROP COLUMN seq`);
  }
}
