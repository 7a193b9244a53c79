import { DomainError, ErrorCode } from '@app/contracts';
import { Injectable, Logger, OnApplicationBootstrap, OnModuleInit } from '@nestjs/common';
import { Clock, Scheduler, Transactions } from '@app/platform';
import { CheckpointRegistry } from './checkpoint-registry';
import { Checkpoint } from './checkpoint.entity';
import { CheckpointRepository } from './checkpoint.repository';
import { CheckpointView, PutCheckpointDto } from './checkpoint.dto';

/** Keeps the checkpoint table and the in-memory registry intake reads from. */
@Injectable()
export class CheckpointsService implements OnModuleInit, OnApplicationBootstrap {
  private readonly log = new Logger(CheckpointsService.name);

  constructor(
    private readonly checkpoints: CheckpointRepository,
    private readonly tx: Transactions,
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
    this.registry.replaceAll(await this.checkpoints.all());
  }

  /** Creates or replaces a checkpoint. A bulk writer passes `refresh: false` and calls `refresh()` once at the end. */
  async put(id: string, dto: PutCheckpointDto, options: { refresh?: boolean } = {}): Promise<{ checkpoint: CheckpointView; created: boolean }> {
    const cameraIds = [...new Set((dto.cameraIds ?? []).filter((c) => c !== id))];
    const result = await this.tx.run(async () => {
      // The check of the cameras and the write under one lock: two checkpoints claiming a camera at once must not both pass.
      await this.checkpoints.lockWrites();
      const taken = await this.checkpoints.camerasTakenElsewhere(id, [id, ...cameraIds]);
      if (taken.length === 1) throw new DomainError(ErrorCode.CheckpointCameraTaken, { field: 'cameraIds', params: { camera: taken[0].camera, checkpoint: taken[0].id } });
      if (taken.length) {
        // One sentence naming every camera taken (a DomainError carries one), so the caller can fix them all at once.
        throw new DomainError(ErrorCode.CheckpointCamerasTaken, { field: 'cameraIds', params: { taken: taken.map((t) => `${t.camera} (checkpoint ${t.id})`).join(', ') } });
      }
      return this.checkpoints.upsert({
        id,
        name: dto.name,
        lat: dto.lat,
        lon: dto.lon,
        jurisdiction: dto.jurisdiction ?? null,
        groupId: dto.groupId ?? null,
        cameraIds,
        updatedAt: this.clock.now(),
      });
    });
    if (options.refresh !== false) await this.refresh();
    return { checkpoint: toView(result.checkpoint), created: result.created };
  }

  async list(): Promise<CheckpointView[]> {
    return (await this.checkpoints.all()).map(toView);
  }

  async get(id: string): Promise<CheckpointView> {
    const checkpoint = await this.checkpoints.findById(id);
    if (!checkpoint) throw new DomainError(ErrorCode.CheckpointNotFound, { params: { id } });
    return toView(checkpoint);
  }

  async remove(id: string): Promise<void> {
    if (!(await this.checkpoints.delete(id))) throw new DomainError(ErrorCode.CheckpointNotFound, { params: { id } });
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
