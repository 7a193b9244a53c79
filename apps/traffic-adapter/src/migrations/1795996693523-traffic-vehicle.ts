import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The vehicle behind a sealed plate (body colour, brand, model, type) on the watchlist, so the
 * matcher weighs what the camera saw; and on each hit how it matched and where, so two reads of
 * one plate too far apart for the time between them show a cloned plate.
 */
export class TrafficVehicle1795996693523 implements MigrationInterface {
  name = 'TrafficVehicle1795996693523';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE traffic.watchlist ADD COLUMN vehicle_color text, ADD COLUMN vehicle_brand text, ADD COLUMN vehicle_model text, ADD COLUMN vehicle_type text`);
    await q.query(`ALTER TABLE traffic.hits ADD COLUMN match text, ADD COLUMN lat double precision, ADD COLUMN lon double precision, ADD COLUMN place_name text`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE traffic.hits DROP COLUMN match, DROP COLUMN lat, DROP COLUMN lon, DROP COLUMN place_name`);
    await q.query(`ALTER TABLE traffic.watchlist DROP COLUMN vehicle_color, DROP COLUMN vehicle_brand, DROP COLUMN vehicle_model, DROP COLUMN vehicle_type`);
  }
}
