/**
 * A multimap from 32-bit keys to 32-bit values in typed arrays, for the watchlist index: the
 * values of one key sit side by side (a posting list), so a lookup is one short probe for the
 * key and a scan of contiguous memory, however many plates share the key and whatever other keys
 * are near it. Nothing per entry lives on the JavaScript heap.
 *
 * Keys: open addressing over records [key, state, a, b]. `state` is 0 for an empty record, else
 * (length + 1), with `SPILLED` set once the list has outgrown the record. Most keys of a
 * watchlist hold one or two values, and those live in the record itself (a and b): a lookup of
 * such a key touches one cache line, not two. Longer lists live in one arena (a = start,
 * b = capacity); a full list moves to the arena's end with twice the room, and the arena is
 * compacted when more than half of it is left behind by such moves. A key whose list empties
 * keeps its record (found again if the key returns).
 */
export class KeyPostings {
  private records = new Int32Array(0);
  private size = 0;
  private filled = 0;
  /** The arena of spilled posting lists. */
  private postings = new Int32Array(0);
  private used = 0;
  private abandoned = 0;

  static readonly MAX_LOAD = 0.6;
  /** Values a record holds itself. */
  static readonly INLINE = 2;
  private static readonly FIRST_SPILL = 4;
  private static readonly SPILLED = 1 << 30;
  private static readonly LENGTH = KeyPostings.SPILLED - 1;

  constructor(expectedKeys = 0, expectedValues = 0) {
    this.reset(expectedKeys, expectedValues);
  }

  /** Empties the map, sized for about `expectedKeys` keys and `expectedSpilled` values in lists longer than two. */
  reset(expectedKeys: number, expectedSpilled: number): void {
    this.size = Math.max(64, Math.ceil(expectedKeys / KeyPostings.MAX_LOAD));
    this.records = new Int32Array(4 * this.size);
    this.filled = 0;
    this.postings = new Int32Array(Math.max(64, Math.ceil(expectedSpilled * 1.25)));
    this.used = this.abandoned = 0;
  }

  get bytes(): number {
    return this.records.byteLength + this.postings.byteLength;
  }

  /** The record of `key`, or -1. */
  find(key: number): number {
    const r = this.records;
    const size = this.size;
    for (let at = this.position(key); ; at = at + 1 === size ? 0 : at + 1) {
      if (r[4 * at + 1] === 0) return -1;
      if (r[4 * at] === key) return at;
    }
  }

  /**
   * Reads the record where `key` would be found first, and nothing more: issued for several keys
   * before any `find`, it lets the memory system fetch their records side by side.
   */
  touch(key: number): number {
    return this.records[4 * this.position(key) + 1];
  }

  /** Reads the first value of the record's list, and nothing more (as `touch`, for lists outside the record). */
  touchValues(record: number): number {
    const r = this.records;
    return r[4 * record + 1] & KeyPostings.SPILLED ? this.postings[r[4 * record + 2]] : 0;
  }

  length(record: number): number {
    return (this.records[4 * record + 1] & KeyPostings.LENGTH) - 1;
  }

  /** The array holding the record's values: read it from `offset(record)` for `length(record)` values. */
  values(record: number): Int32Array {
    return this.records[4 * record + 1] & KeyPostings.SPILLED ? this.postings : this.records;
  }

  offset(record: number): number {
    return this.records[4 * record + 1] & KeyPostings.SPILLED ? this.records[4 * record + 2] : 4 * record + 2;
  }

  add(key: number, value: number): void {
    let record = this.find(key);
    if (record < 0) {
      if (this.filled + 1 > this.size * KeyPostings.MAX_LOAD) this.rehash(Math.ceil(this.size * 1.5));
      record = this.position(key);
      while (this.records[4 * record + 1] !== 0) record = record + 1 === this.size ? 0 : record + 1;
      this.records[4 * record] = key;
      this.records[4 * record + 1] = 1;
      this.filled++;
    }
    const r = this.records;
    const state = r[4 * record + 1];
    const length = (state & KeyPostings.LENGTH) - 1;
    if (!(state & KeyPostings.SPILLED)) {
      if (length < KeyPostings.INLINE) {
        r[4 * record + 2 + length] = value;
        r[4 * record + 1] = state + 1;
        return;
      }
      // Outgrown the record: its values move to the arena.
      const start = this.allocate(KeyPostings.FIRST_SPILL);
      this.postings[start] = this.records[4 * record + 2];
      this.postings[start + 1] = this.records[4 * record + 3];
      this.records[4 * record + 2] = start;
      this.records[4 * record + 3] = KeyPostings.FIRST_SPILL;
      this.records[4 * record + 1] = (length + 1) | KeyPostings.SPILLED;
    }
    const rec = this.records;
    let start = rec[4 * record + 2];
    let capacity = rec[4 * record + 3];
    if (length === capacity) {
      const moved = this.allocate(capacity * 2);
      start = rec[4 * record + 2]; // the arena may have been compacted
      this.postings.copyWithin(moved, start, start + length);
      this.abandoned += capacity;
      start = moved;
      capacity *= 2;
      rec[4 * record + 2] = start;
      rec[4 * record + 3] = capacity;
    }
    this.postings[start + length] = value;
    rec[4 * record + 1] = (length + 2) | KeyPostings.SPILLED;
  }

  /** Removes the first value of `key` for which `matches` holds; false when there is none. */
  remove(key: number, matches: (value: number) => boolean): boolean {
    const record = this.find(key);
    if (record < 0) return false;
    const values = this.values(record);
    const start = this.offset(record);
    const length = this.length(record);
    for (let i = start; i < start + length; i++) {
      if (!matches(values[i])) continue;
      values[i] = values[start + length - 1];
      this.records[4 * record + 1]--;
      return true;
    }
    return false;
  }

  private position(key: number): number {
    // Keys come well mixed: scale to the table size (not a power of two, so it grows by what it needs).
    return Math.floor(((key >>> 0) / 4294967296) * this.size);
  }

  /** Room for `capacity` values at the arena's end (grown or compacted as needed). */
  private allocate(capacity: number): number {
    if (this.used + capacity > this.postings.length) {
      if (this.abandoned > this.used / 2) this.compact();
      if (this.used + capacity > this.postings.length) {
        const bigger = new Int32Array(Math.ceil((this.used + capacity) * 1.5));
        bigger.set(this.postings.subarray(0, this.used));
        this.postings = bigger;
      }
    }
    const start = this.used;
    this.used += capacity;
    return start;
  }

  /** After a bulk load: every spilled list packed, the arena just big enough (plus room for a few additions). */
  trim(): void {
    this.compact(true);
  }

  /** Moves every spilled list to the front of a fresh arena, leaving no gaps behind. */
  private compact(tight = false): void {
    const r = this.records;
    let needed = 0;
    for (let i = 0; i < this.size; i++) if (r[4 * i + 1] & KeyPostings.SPILLED) needed += Math.max(KeyPostings.FIRST_SPILL, this.length(i));
    const arena = new Int32Array(Math.max(64, tight ? Math.ceil(needed * 1.05) : this.postings.length));
    let at = 0;
    for (let i = 0; i < this.size; i++) {
      if (!(r[4 * i + 1] & KeyPostings.SPILLED)) continue;
      const [start, length] = [r[4 * i + 2], this.length(i)];
      const capacity = Math.max(KeyPostings.FIRST_SPILL, length);
      arena.set(this.postings.subarray(start, start + length), at);
      r[4 * i + 2] = at;
      r[4 * i + 3] = capacity;
      at += capacity;
    }
    this.postings = arena;
    this.used = at;
    this.abandoned = 0;
  }

  private rehash(size: number): void {
    const old = this.records;
    const oldSize = this.size;
    this.size = size;
    this.records = new Int32Array(4 * size);
    for (let i = 0; i < oldSize; i++) {
      if (old[4 * i + 1] === 0) continue;
      let at = this.position(old[4 * i]);
      while (this.records[4 * at + 1] !== 0) at = at + 1 === size ? 0 : at + 1;
      this.records.set(old.subarray(4 * i, 4 * i + 4), 4 * at);
    }
  }
}
