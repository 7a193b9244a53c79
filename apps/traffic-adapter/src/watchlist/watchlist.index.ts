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
      const verdict = compareRead(this.plates[slot]!, read, options.confidence);
      if (!verdict) continue;
      (candidates ??= []).push({ ...this.sealAt(slot), ...verdict });
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
    const hex = seizureId.replace(/-/g, '');
    for (let i = 0; i < 16; i++) this.ids[slot * 16 + i] = parseInt(hex.substr(i * 2, 2), 16);
  }

  private idAt(slot: number): string {
    const other = this.otherIds.get(slot);
    if (other !== undefined) return other;
    let hex = '';
    for (let i = 0; i < 16; i++) hex += HEX[this.ids[slot * 16 + i]];
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  }
}

/** UUIDs in lower case, as PostgreSQL returns them, so ids compare by value. */
function canonicalId(seizureId: string): string {
  return UUID.test(seizureId) ? seizureId.toLowerCase() : seizureId;
}

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));
