import { Injectable } from '@nestjs/common';

export interface WatchedSeal {
  seizureId: string;
  plate: string;
  expiresAt: Date | null;
}

/**
 * The in-memory set of active seals by normalized plate, so a camera read is matched without a
 * database round trip. The table is the truth: this index is rebuilt from it at start-up and
 * updated only after the table change has committed.
 */
@Injectable()
export class WatchlistIndex {
  private readonly byPlate = new Map<string, WatchedSeal[]>();

  replaceAll(seals: WatchedSeal[]): void {
    this.byPlate.clear();
    for (const seal of seals) this.add(seal);
  }

  add(seal: WatchedSeal): void {
    const list = (this.byPlate.get(seal.plate) ?? []).filter((s) => s.seizureId !== seal.seizureId);
    this.byPlate.set(seal.plate, [...list, seal]);
  }

  remove(seizureId: string, plate: string): void {
    const list = (this.byPlate.get(plate) ?? []).filter((s) => s.seizureId !== seizureId);
    if (list.length) this.byPlate.set(plate, list);
    else this.byPlate.delete(plate);
  }

  /** Active seals on exactly this normalized plate that have not expired at `at`. */
  matchExact(plate: string, at: Date): WatchedSeal[] {
    return (this.byPlate.get(plate) ?? []).filter((s) => !s.expiresAt || s.expiresAt > at);
  }

  get size(): number {
    let n = 0;
    for (const list of this.byPlate.values()) n += list.length;
    return n;
  }
}
