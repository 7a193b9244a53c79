import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The registered vehicle behind a sealed plate (body colour, brand, model, type), so the traffic
 * side can tell the car from a look-alike; on each hit what the camera saw, how it compared and
 * whether the plate may be cloned; on the alert the cloned-plate flag with its evidence.
 */
export class CourtVehicle1796000280026 implements MigrationInterface {
  name = 'CourtVehicle1796000280026';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE court.seizures ADD COLUMN vehicle_color text, ADD COLUMN vehicle_brand text, ADD COLUMN vehicle_model text, ADD COLUMN vehicle_type text`);
    await q.query(`ALTER TABLE court.hits ADD COLUMN seen_vehicle jsonb, ADD COLUMN attributes jsonb, ADD COLUMN cloned_plate_reasons jsonb, ADD COLUMN impossible_travel jsonb`);
    await q.query(`ALTER TABLE court.alerts ADD COLUMN cloned_plate jsonb`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE court.alerts DROP COLUMN cloned_plate`);
    await q.query(`ALTER TABLE court.hits DROP COLUMN seen_vehicle, DROP COLUMN attributes, DROP COLUMN cloned_plate_reasons, DROP COLUMN impossible_travel`);
    await q.query(`ALTER TABLE court.seizures DROP COLUMN vehicle_color, DROP COLUMN vehicle_brand, DROP COLUMN vehicle_model, DROP COLUMN vehicle_type`);
  }
}
