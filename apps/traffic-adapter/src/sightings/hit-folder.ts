/** Past this many remembered (seal, checkpoint) pairs, the ones outside the window are dropped. */
const PRUNE_AT = 50_000;

/**
 * Folds repeated hits of one seal at one checkpoint: within `windowMs` (by the reads' observed
 * times) of the last hit published there, another is not published again. A sighting at a
 * different checkpoint is never folded, so the court's track of the car always grows.
 * In memory: reads of one camera arrive on one partition, so one instance sees them all.
 */
export class HitFolder {
  private readonly lastPublished = new Map<string, number>();
  private latestMs = 0;

  constructor(readonly windowMs: number) {}

  isFolded(seizureId: string, checkpointId: string, observedAtMs: number): boolean {
    const last = this.lastPublished.get(key(seizureId, checkpointId));
    return last !== undefined && Math.abs(observedAtMs - last) < this.windowMs;
  }

  /** Call once the hit is durably published (its transaction committed). */
  remember(seizureId: string, checkpointId: string, observedAtMs: number): void {
    const k = key(seizureId, checkpointId);
    const last = this.lastPublished.get(k);
    if (last === undefined || observedAtMs > last) this.lastPublished.set(k, observedAtMs);
    if (observedAtMs > this.latestMs) this.latestMs = observedAtMs;
    if (this.lastPublished.size > PRUNE_AT) this.prune();
  }

  get size(): number {
    return this.lastPublished.size;
  }

  private prune(): void {
    for (const [k, at] of this.lastPublished) if (at < this.latestMs - this.windowMs) this.lastPublished.delete(k);
  }
}

const key = (seizureId: string, checkpointId: string) => `${seizureId}|${checkpointId}`;
