import { authDdl } from '@app/platform';
import { MigrationInterface, QueryRunner } from 'typeorm';

/** API keys of the traffic systems, the append-only audit log and seen webhook signatures (replays). */
export class TrafficSecurity1764700000001 implements MigrationInterface {
  name = 'TrafficSecurity1764700000001';

  async up(q: QueryRunner): Promise<void> {
    for (const sql of authDdl('traffic').up) await q.query(sql);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const sql of authDdl('traffic').down) await q.query(sql);
  }
}
