import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Seals expire on the traffic side too, and every change to the watchlist gets a version from a
 * sequence so that each adapter instance can pull the changes since the last one it applied.
 * The trigger serializes watchlist writers on one advisory lock (held to commit), so versions
 * become visible in order and a reader never skips a version committed late.
 */
export class TrafficWatchlistVersions1764400000001 implements MigrationInterface {
  name = 'TrafficWatchlistVersions1764400000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE traffic.watchlist DROP CONSTRAINT watchlist_status_check`);
    await q.query(`ALTER TABLE traffic.watchlist ADD CONSTRAINT watchlist_status_check CHECK (status IN ('active', 'released', 'expired'))`);
    await q.query(`CREATE SEQUENCE traffic.watchlist_version_seq`);
    await q.query(`ALTER TABLE traffic.watchlist ADD COLUMN version bigint`);
    await q.query(`UPDATE traffic.watchlist SET version = nextval('traffic.watchlist_version_seq')`);
    await q.query(`ALTER TABLE traffic.watchlist ALTER COLUMN version SET NOT NULL`);
    await q.query(`CREATE UNIQUE INDEX watchlist_version ON traffic.watchlist (version)`);
    await q.query(`CREATE FUNCTION traffic.watchlist_next_version() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_advisory_xact_lock(hashtext('traffic.watchlist.writes'));
        NEW.version := nextval('traffic.watchlist_version_seq');
        RETURN NEW;
      END
    $$`);
    await q.query(`CREATE TRIGGER watchlist_version BEFORE INSERT OR UPDATE ON traffic.watchlist FOR EACH ROW EXECUTE FUNCTION traffic.watchlist_next_version()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER watchlist_version ON traffic.watchlist`);
    await q.query(`DROP FUNCTION traffic.watchlist_next_version()`);
    await q.query(`ALTER TABLE traffic.watchlist DROP COLUMN version`);
    await q.query(`DROP SEQUENCE traffic.watchlist_version_seq`);
    await q.query(`DELETE FROM traffic.watchlist WHERE status = 'expired'`);
    await q.query(`ALTER TABLE traffic.watchlist DROP CONSTRAINT watchlist_status_check`);
    await q.query(`ALTER TABLE traffic.watchlist ADD CONSTRAINT watchlist_status_check CHECK (status IN ('active', 'released'))`);
  }
}
