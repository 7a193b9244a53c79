import { ConflictException, Injectable, Logger, NotFoundException, OnApplicationBootstrap, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Clock, Scheduler } from '@app/platform';
import { DataSource } from 'typeorm';
import { CheckpointRegistry } from './checkpoint-registry';
import { Checkpoint } from './checkpoint.entity';
import { CheckpointView, PutCheckpointDto } from './checkpoint.dto';

/** Keeps the checkpoint table and the in-memory registry intake reads from. */
@Injectable()
export class CheckpointsService implements OnModuleInit, OnApplicationBootstrap {
  private readonly log = new Logger(CheckpointsService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly registry: CheckpointRegistry,
    private readonly clock: Clock,
    private readonly scheduler: Scheduler,
  ) {}

  onModuleInit(): void {
    // Another instance may have changed the registry: pick that up within a minute.
    this.scheduler.register({ name: 'checkpoint-refresh', cron: '30 * * * * *', run: () => this.refresh() });
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.refresh();
  }

  async refresh(): Promise<void> {
    this.registry.replaceAll(await this.dataSource.getRepository(Checkpoint).find({ order: { id: 'ASC' } }));
  }

  /** Creates or replaces a checkpoint. A bulk writer passes `refresh: false` and calls `refresh()` once at the end. */
  async put(id: string, dto: PutCheckpointDto, options: { refresh?: boolean } = {}): Promise<{ checkpoint: CheckpointView; created: boolean }> {
    const cameraIds = [...new Set((dto.cameraIds ?? []).filter((c) => c !== id))];
    const result = await this.dataSource.transaction(async (manager) => {
      const repo = manager.getRepository(Checkpoint);
      const taken: { id: string; camera: string }[] = await manager.query(
        `SELECT id, camera FROM traffic.checkpoints, unnest(array_prepend(id, camera_ids)) AS camera WHERE id <> $1 AND camera = ANY($2::text[])`,
        [id, [id, ...cameraIds]],
      );
      if (taken.length) {
        throw new ConflictException(taken.map((t) => `camera ${t.camera} already belongs to checkpoint ${t.id}`));
      }
      const created = !(await repo.existsBy({ id }));
      const saved = await repo.save({
        id,
        name: dto.name,
        lat: dto.lat,
        lon: dto.lon,
        jurisdiction: dto.jurisdiction ?? null,
        groupId: dto.groupId ?? null,
        cameraIds,
        updatedAt: this.clock.now(),
      });
      return { saved, created };
    });
    if (options.refresh !== false) await this.refresh();
    return { checkpoint: toView(result.saved), created: result.created };
  }

  async list(): Promise<CheckpointView[]> {
    return (await this.dataSource.getRepository(Checkpoint).find({ order: { id: 'ASC' } })).map(toView);
  }

  async get(id: string): Promise<CheckpointView> {
    const checkpoint = await this.dataSource.getRepository(Checkpoint).findOne({ where: { id } });
    if (!checkpoint) throw new NotFoundException(`checkpoint ${id} not found`);
    return toView(checkpoint);
  }

  async remove(id: string): Promise<void> {
    const { affected } = await this.dataSource.getRepository(Checkpoint).delete({ id });
    if (!affected) throw new NotFoundException(`checkpoint ${id} not found`);
    await this.refresh();
  }
}

function toView(c: Checkpoint): CheckpointView {
  return {
    id: c.id,
    name: c.name,
    lat: c.lat,
    lon: c.lon,
    jurisdiction: c.jurisdiction,
    groupId: c.groupId,
    cameraIds: c.cameraIds,
    updatedAt: c.updatedAt.toISOString(),
  };
}
