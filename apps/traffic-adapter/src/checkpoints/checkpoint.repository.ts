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

  exists(id: string): Promise<boolean> {
    return this.checkpoints.existsBy({ id });
  }

  /** Which of `cameraIds` (a checkpoint's id counts as its own camera) belong to a checkpoint other than `id`. */
  camerasTakenElsewhere(id: string, cameraIds: string[]): Promise<{ id: string; camera: string }[]> {
    return this.tx.manager.query(
      `SELECT id, camera FROM ${TRAFFIC_SCHEMA}.checkpoints, unnest(array_prepend(id, camera_ids)) AS camera WHERE id <> $1 AND camera = ANY($2::text[])`,
      [id, cameraIds],
    );
  }

  save(checkpoint: Checkpoint): Promise<Checkpoint> {
    return this.checkpoints.save(checkpoint);
  }

  /** False when there was none. */
  async delete(id: string): Promise<boolean> {
    return !!(await this.checkpoints.delete({ id })).affected;
  }
}
