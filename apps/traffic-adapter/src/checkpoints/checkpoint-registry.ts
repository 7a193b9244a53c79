import { Checkpoint } from './checkpoint.entity';

/**
 * The checkpoint registry held in memory, so intake resolves a camera without a database round
 * trip per read. The table is the truth; this is replaced from it after every change.
 */
export class CheckpointRegistry {
  private byCamera = new Map<string, Checkpoint>();
  private all: Checkpoint[] = [];

  replaceAll(checkpoints: Checkpoint[]): void {
    const byCamera = new Map<string, Checkpoint>();
    for (const checkpoint of checkpoints) {
      for (const camera of [checkpoint.id, ...checkpoint.cameraIds]) byCamera.set(camera, checkpoint);
    }
    this.byCamera = byCamera;
    this.all = checkpoints;
  }

  /** The checkpoint a camera stands at, or undefined for a camera nobody registered. */
  checkpointOf(cameraId: string): Checkpoint | undefined {
    return this.byCamera.get(cameraId);
  }

  /** Every registered camera with its checkpoint. */
  cameras(): [string, Checkpoint][] {
    return [...this.byCamera.entries()];
  }

  get checkpoints(): readonly Checkpoint[] {
    return this.all;
  }
}
