import { Injectable } from '@nestjs/common';
import { Transactions } from '@app/platform';
import { TRAFFIC_SCHEMA } from '../config/traffic-adapter.env';
import { Checkpoint } from './checkpoint.entity';

/** The checkpoint registry's table (traffic.checkpoints). */
@Injectable()
export class CheckpointRepository {
  constructor(private readonly tx: Transactions) {}

  private get checkpoints() {
    return this.tx.manager.getRepository(Checkpoint);
  }

  /** By id. */
  all(): Promise<Checkpoint[]> {
    return this.checkpoints.find({ order: { id: 'ASC' } });
  }

  findById(id: string): Promise<Checkpoint | null> {
    return this.checkpoints.findOne({ where: { id } });
  }

  /** Which of `cameraIds` (a checkpoint's id counts as its own camera) belong to a checkpoint other than `id`. */
  camerasTakenElsewhere(id: string, cameraIds: string[]): Promise<{ id: string; camera: string }[]> {
    return this.tx.manager.query(
      `SELECT id, camera FROM ${TRAFFIC_SCHEMA}.checkpoints, unnest(array_prepend(id, camera_ids)) AS camera WHERE id <> $1 AND camera = ANY($2::text[])`,
      [id, cameraIds],
    );
  }

  /**
   * Serializes the writes to the registry across requests and instances until the transaction
   * ends: which cameras are taken elsewhere is a check no constraint makes (camera ids sit in
   * arrays), so two checkpoints claiming one camera at once must not both pass it.
   */
  async lockWrites(): Promise<void> {
    await this.tx.manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', ['traffic:checkpoints']);
  }

  /**
   * Creates or replaces the checkpoint in one statement, so requests putting the same id at once
   * all succeed and the last to commit wins (a read and then an insert let two of them insert, and
   * one hit the primary key). `created`: this statement inserted the row.
   */
  async upsert(checkpoint: Checkpoint): Promise<{ checkpoint: Checkpoint; created: boolean }> {
    const [row]: (Record<string, unknown> & { created: boolean })[] = await this.tx.manager.query(
      `INSERT INTO ${TRAFFIC_SCHEMA}.checkpoints (id, name, lat, lon, jurisdiction, group_id, camera_ids, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, lat = EXCLUDED.lat, lon = EXCLUDED.lon, jurisdiction = EXCLUDED.jurisdiction,
         group_id = EXCLUDED.group_id, camera_ids = EXCLUDED.camera_ids, updated_at = EXCLUDED.updated_at
       RETURNING id, name, lat, lon, jurisdiction, group_id, camera_ids, updated_at, (xmax = 0) AS created`,
      [checkpoint.id, checkpoint.name, checkpoint.lat, checkpoint.lon, checkpoint.jurisdiction, checkpoint.groupId, checkpoint.cameraIds, checkpoint.updatedAt],
    );
    const stored = Object.assign(new Checkpoint(), {
      id: row.id, name: row.name, lat: row.lat, lon: row.lon, jurisdiction: row.jurisdiction, groupId: row.group_id, cameraIds: row.camera_ids, updatedAt: row.updated_at,
    });
    return { checkpoint: stored, created: row.created };
  }

  /** False when there was none. */
  async delete(id: string): Promise<boolean> {
    return !!(await this.checkpoints.delete({ id })).affected;
  }
}
