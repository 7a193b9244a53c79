import { Injectable } from '@nestjs/common';
import { compareRead, confusionKey, MatchVerdict, rankMatches } from '../matching/plate-match';

export interface WatchedSeal {
  seizureId: string;
  plate: string;
  expiresAt: Date | null;
}

/** A seal a read matched, and how well. */
export interface SealMatch extends WatchedSeal, MatchVerdict {}

const NONE = -1;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The in-memory set of active seals, so a camera read is matched without a database round trip.
 * The table is the truth: this index is rebuilt from it at start-up and updated only after the
 * table change has committed.
 *
 * Built for a city's watchlist (a million seals in well under 400 MB, hundreds of thousands of
 * matches a second): seals live in parallel typed arrays by slot (a seizure id takes 16 bytes,
 * a plate is stored once), and one map goes from a plate's confusion key (see
 * `matching/plate-match.ts`) to the first slot of a chain of seals sharing it. A read, exact or
 * misread, costs one key computation, one map lookup and a check of the few seals in the chain.
 */
@Injectable()
export class WatchlistIndex {
  private readonly headByKey = new Map<number, number>();
  private plates: (string | undefined)[] = [];
  private ids = new Uint8Array(0);
  /** Seizure ids that are not UUIDs (tools and tests); the column is a uuid in production. */
  private readonly otherIds = new Map<number, string>();
  private expiresAtMs = new Float64Array(0);
  /** Next slot in the same key chain; for free slots, the next free slot. */
  private next = new Int32Array(0);
  private capacity = 0;
  private used = 0;
  private freeHead = NONE;
  private live = 0;

  replaceAll(seals: WatchedSeal[]): void {
    this.headByKey.clear();
    this.otherIds.clear();
    this.plates = [];
    this.capacity = this.used = this.live = 0;
    this.freeHead = NONE;
    this.grow(Math.max(16, seals.length));
    for (const seal of seals) this.add(seal);
  }

  /** Adds a seal, or updates its expiry when the same seal is already on this plate. */
  add(seal: WatchedSeal): void {
    const key = confusionKey(seal.plate);
    const seizureId = canonicalId(seal.seizureId);
    const existing = this.find(key, seizureId, seal.plate);
    const slot = existing === NONE ? this.allocate() : existing;
    this.expiresAtMs[slot] = seal.expiresAt ? seal.expiresAt.getTime() : Infinity;
    if (existing !== NONE) return;
    this.plates[slot] = seal.plate;
    this.writeId(slot, seizureId);
    const head = this.headByKey.get(key);
    this.next[slot] = head ?? NONE;
    this.headByKey.set(key, slot);
    this.live++;
  }

  remove(anyCaseSeizureId: string, plate: string): void {
    const key = confusionKey(plate);
    const seizureId = canonicalId(anyCaseSeizureId);
    let previous = NONE;
    for (let slot = this.headByKey.get(key) ?? NONE; slot !== NONE; previous = slot, slot = this.next[slot]) {
      if (this.plates[slot] !== plate || this.idAt(slot) !== seizureId) continue;
      if (previous !== NONE) this.next[previous] = this.next[slot];
      else if (this.next[slot] !== NONE) this.headByKey.set(key, this.next[slot]);
      else this.headByKey.delete(key);
      this.release(slot);
      return;
    }
  }

  /** Active seals on exactly this normalized plate that have not expired at `at`. */
  matchExact(plate: string, at: Date): WatchedSeal[] {
    const atMs = at.getTime();
    const found: WatchedSeal[] = [];
    for (let slot = this.headByKey.get(confusionKey(plate)) ?? NONE; slot !== NONE; slot = this.next[slot]) {
      if (this.plates[slot] === plate && this.expiresAtMs[slot] > atMs) found.push(this.sealAt(slot));
    }
    return found;
  }

  /**
   * Seals a normalized camera read matches at `at`: exact matches, else possible hits scoring at
   * least `threshold`, ranked by `rankMatches`.
   */
  match(read: string, at: Date, options: { threshold: number; confidence?: number }): SealMatch[] {
    const key = confusionKey(read);
    if (key < 0) return [];
    const atMs = at.getTime();
    let candidates: SealMatch[] | null = null;
    for (let slot = this.headByKey.get(key) ?? NONE; slot !== NONE; slot = this.next[slot]) {
      if (!(this.expiresAtMs[slot] > atMs)) continue;
      const plate = this.plates[slot]!;
      const verdict = compareRead(plate, read, options.confidence);
      if (!verdict) continue;
      const ms = this.expiresAtMs[slot];
      (candidates ??= []).push({
        seizureId: this.idAt(slot),
        plate,
        expiresAt: ms === Infinity ? null : new Date(ms),
        match: verdict.match,
        score: verdict.score,
        differences: verdict.differences,
      });
    }
    return candidates ? rankMatches(candidates, options.threshold) : [];
  }

  get size(): number {
    return this.live;
  }

  private find(key: number, seizureId: string, plate: string): number {
    for (let slot = this.headByKey.get(key) ?? NONE; slot !== NONE; slot = this.next[slot]) {
      if (this.plates[slot] === plate && this.idAt(slot) === seizureId) return slot;
    }
    return NONE;
  }

  private sealAt(slot: number): WatchedSeal {
    const ms = this.expiresAtMs[slot];
    return { seizureId: this.idAt(slot), plate: this.plates[slot]!, expiresAt: ms === Infinity ? null : new Date(ms) };
  }

  private allocate(): number {
    if (this.freeHead !== NONE) {
      const slot = this.freeHead;
      this.freeHead = this.next[slot];
      return slot;
    }
    if (this.used === this.capacity) this.grow(Math.max(16, this.capacity * 2));
    return this.used++;
  }

  private release(slot: number): void {
    this.plates[slot] = undefined;
    this.otherIds.delete(slot);
    this.next[slot] = this.freeHead;
    this.freeHead = slot;
    this.live--;
  }

  private grow(capacity: number): void {
    const ids = new Uint8Array(capacity * 16);
    ids.set(this.ids);
    const expires = new Float64Array(capacity);
    expires.set(this.expiresAtMs);
    const next = new Int32Array(capacity);
    next.set(this.next);
    [this.ids, this.expiresAtMs, this.next, this.capacity] = [ids, expires, next, capacity];
  }

  private writeId(slot: number, seizureId: string): void {
    if (!UUID.test(seizureId)) {
      this.otherIds.set(slot, seizureId);
      return;
    }
    this.otherIds.delete(slot);
    for (let i = 0, at = 0; i < 16; i++, at += 2) {
      if (seizureId.charCodeAt(at) === 0x2d) at++;
      this.ids[slot * 16 + i] = parseInt(seizureId.slice(at, at + 2), 16);
    }
  }

  private idAt(slot: number): string {
    const other = this.otherIds.get(slot);
    if (other !== undefined) return other;
    const b = this.ids;
    const o = slot * 16;
    return (
      HEX[b[o]] + HEX[b[o + 1]] + HEX[b[o + 2]] + HEX[b[o + 3]] + '-' + HEX[b[o + 4]] + HEX[b[o + 5]] + '-' + HEX[b[o + 6]] + HEX[b[o + 7]] + '-' +
      HEX[b[o + 8]] + HEX[b[o + 9]] + '-' + HEX[b[o + 10]] + HEX[b[o + 11]] + HEX[b[o + 12]] + HEX[b[o + 13]] + HEX[b[o + 14]] + HEX[b[o + 15]]
    );
  }
}

/** UUIDs in lower case, as PostgreSQL returns them, so ids compare by value. */
function canonicalId(seizureId: string): string {
  return UUID.test(seizureId) ? seizureId.toLowerCase() : seizureId;
}

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));
