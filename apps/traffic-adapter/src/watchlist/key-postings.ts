/**
 * A multimap from 32-bit keys to entries of two 32-bit words in typed arrays, for the watchlist
 * index: the entries of one key sit side by side (a posting list), so a lookup is one short probe
 * for the key and a scan of contiguous memory, however many plates share the key and whatever
 * other keys are near it. Nothing per entry lives on the JavaScript heap.
 *
 * Keys: open addressing over records [key, state, first, second]. `state` is 0 for an empty
 * record, else (length + 1), with `SPILLED` set once the list has outgrown the record. Most keys
 * of a watchlist hold one entry, and it lives in the record itself: a lookup of such a key
 * touches one cache line, not two. Longer lists live in one arena, an entry's two words side by
 * side (first = the list's start in ints, second = its capacity in entries); a full list moves to
 * the arena's end with twice the room, and the arena is compacted when more than half of it is
 * left behind by such moves. A key whose list empties keeps its record (found again if the key
 * returns).
 *
 * Read a record's list as `values(record)` from `offset(record)`, `length(record)` entries of
 * `KeyPostings.WORDS` ints each.
 *
 * Beside the records, a bit per slot of a small array (`present`, at least `FILTER_BITS_PER_KEY`
 * bits per key, 8 MB at a million seals) says which keys may be held: a lookup of a key the
 * watchlist does not hold (most of a read's, and nearly all of its two-slip lookups) is answered
 * from an array that stays in the processor's cache instead of a record that must come from
 * memory (`mayHold`). A key whose list empties keeps its bit, as it keeps its record.
 */
export class KeyPostings {
  private records = new Int32Array(0);
  /** One bit per (key & mask): set for every key that has a record. */
  private present = new Int32Array(0);
  private presentMask = 0;
  private size = 0;
  private filled = 0;
  /** The arena of spilled posting lists. */
  private postings = new Int32Array(0);
  private used = 0;
  private abandoned = 0;

  static readonly MAX_LOAD = 0.6;
  /** Bits of `present` per key at least (a power of two in all): about one lookup of an absent key in 8 to 16 finds its bit set. */
  static readonly FILTER_BITS_PER_KEY = 8;
  /** Ints per entry. */
  static readonly WORDS = 2;
  private static readonly FIRST_SPILL = 2;
  private static readonly SPILLED = 1 << 30;
  private static readonly LENGTH = KeyPostings.SPILLED - 1;

  constructor(expectedKeys = 0, expectedSpilled = 0) {
    this.reset(expectedKeys, expectedSpilled);
  }

  /** Empties the map, sized for about `expectedKeys` keys and `expectedSpilled` entries in lists longer than one. */
  reset(expectedKeys: number, expectedSpilled: number): void {
    this.size = Math.max(64, Math.ceil(expectedKeys / KeyPostings.MAX_LOAD));
    this.records = new Int32Array(4 * this.size);
    this.filled = 0;
    this.sizeFilter(expectedKeys);
    this.postings = new Int32Array(Math.max(64, Math.ceil(expectedSpilled * KeyPostings.WORDS * 1.25)));
    this.used = this.abandoned = 0;
  }

  get bytes(): number {
    return this.records.byteLength + this.postings.byteLength + this.present.byteLength;
  }

  /** False when `key` certainly has no record (its bit is clear); true when it may have one. */
  mayHold(key: number): boolean {
    const bit = key & this.presentMask;
    return (this.present[bit >>> 5] & (1 << (bit & 31))) !== 0;
  }

  /** An empty filter with room for `keys` keys (at least `FILTER_BITS_PER_KEY` bits each). */
  private sizeFilter(keys: number): void {
    let bits = 1 << 12;
    while (bits < keys * KeyPostings.FILTER_BITS_PER_KEY && bits < 2 ** 31) bits *= 2;
    this.present = new Int32Array(bits >>> 5);
    this.presentMask = bits - 1;
  }

  private mark(key: number): void {
    const bit = key & this.presentMask;
    this.present[bit >>> 5] |= 1 << (bit & 31);
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

  /** Reads the first entry of the record's list, and nothing more (as `touch`, for lists outside the record). */
  touchValues(record: number): number {
    const r = this.records;
    return r[4 * record + 1] & KeyPostings.SPILLED ? this.postings[r[4 * record + 2]] : 0;
  }

  /** Entries in the record's list. */
  length(record: number): number {
    return (this.records[4 * record + 1] & KeyPostings.LENGTH) - 1;
  }

  /** The array holding the record's entries: read it from `offset(record)` for `length(record)` entries of `WORDS` ints. */
  values(record: number): Int32Array {
    return this.records[4 * record + 1] & KeyPostings.SPILLED ? this.postings : this.records;
  }

  offset(record: number): number {
    return this.records[4 * record + 1] & KeyPostings.SPILLED ? this.records[4 * record + 2] : 4 * record + 2;
  }

  add(key: number, first: number, second: number): void {
    let record = this.find(key);
    if (record < 0) {
      if (this.filled + 1 > this.size * KeyPostings.MAX_LOAD) this.rehash(Math.ceil(this.size * 1.5));
      record = this.position(key);
      while (this.records[4 * record + 1] !== 0) record = record + 1 === this.size ? 0 : record + 1;
      this.records[4 * record] = key;
      this.records[4 * record + 1] = 1;
      this.filled++;
      this.mark(key);
    }
    const r = this.records;
    const state = r[4 * record + 1];
    const length = (state & KeyPostings.LENGTH) - 1;
    if (!(state & KeyPostings.SPILLED)) {
      if (length === 0) {
        r[4 * record + 2] = first;
        r[4 * record + 3] = second;
        r[4 * record + 1] = state + 1;
        return;
      }
      // Outgrown the record: its entry moves to the arena.
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
      this.postings.copyWithin(moved, start, start + length * KeyPostings.WORDS);
      this.abandoned += capacity;
      start = moved;
      capacity *= 2;
      rec[4 * record + 2] = start;
      rec[4 * record + 3] = capacity;
    }
    this.postings[start + length * KeyPostings.WORDS] = first;
    this.postings[start + length * KeyPostings.WORDS + 1] = second;
    rec[4 * record + 1] = (length + 2) | KeyPostings.SPILLED;
  }

  /** Removes the first entry of `key` whose first word `matches`; false when there is none. */
  remove(key: number, matches: (first: number) => boolean): boolean {
    const entry = this.entryOf(key, matches);
    if (!entry) return false;
    const { record, values, at, end } = entry;
    values[at] = values[end - 2];
    values[at + 1] = values[end - 1];
    this.records[4 * record + 1]--;
    return true;
  }

  /** Sets the second word of the first entry of `key` whose first word `matches`; false when there is none. */
  setSecond(key: number, matches: (first: number) => boolean, second: number): boolean {
    const entry = this.entryOf(key, matches);
    if (!entry) return false;
    entry.values[entry.at + 1] = second;
    return true;
  }

  /** The first entry of `key` whose first word `matches`: its record, where it starts in `values`, and where the list ends. */
  private entryOf(key: number, matches: (first: number) => boolean): { record: number; values: Int32Array; at: number; end: number } | null {
    const record = this.find(key);
    if (record < 0) return null;
    const values = this.values(record);
    const start = this.offset(record);
    const end = start + this.length(record) * KeyPostings.WORDS;
    for (let at = start; at < end; at += KeyPostings.WORDS) {
      if (matches(values[at])) return { record, values, at, end };
    }
    return null;
  }

  private position(key: number): number {
    // Keys come well mixed: scale to the table size (not a power of two, so it grows by what it needs).
    return Math.floor(((key >>> 0) / 4294967296) * this.size);
  }

  /** Room for `capacity` entries at the arena's end (grown or compacted as needed); their start in ints. */
  private allocate(capacity: number): number {
    const ints = capacity * KeyPostings.WORDS;
    if (this.used + ints > this.postings.length) {
      if (this.abandoned * KeyPostings.WORDS > this.used / 2) this.compact();
      if (this.used + ints > this.postings.length) {
        const bigger = new Int32Array(Math.ceil((this.used + ints) * 1.5));
        bigger.set(this.postings.subarray(0, this.used));
        this.postings = bigger;
      }
    }
    const start = this.used;
    this.used += ints;
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
    for (let i = 0; i < this.size; i++) if (r[4 * i + 1] & KeyPostings.SPILLED) needed += Math.max(KeyPostings.FIRST_SPILL, this.length(i)) * KeyPostings.WORDS;
    const arena = new Int32Array(Math.max(64, tight ? Math.ceil(needed * 1.05) : this.postings.length));
    let at = 0;
    for (let i = 0; i < this.size; i++) {
      if (!(r[4 * i + 1] & KeyPostings.SPILLED)) continue;
      const [start, length] = [r[4 * i + 2], this.length(i)];
      const capacity = Math.max(KeyPostings.FIRST_SPILL, length);
      arena.set(this.postings.subarray(start, start + length * KeyPostings.WORDS), at);
      r[4 * i + 2] = at;
      r[4 * i + 3] = capacity;
      at += capacity * KeyPostings.WORDS;
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
    // The filter grows with the keys it may have to hold.
    if ((this.presentMask + 1) / KeyPostings.FILTER_BITS_PER_KEY < size * KeyPostings.MAX_LOAD) this.sizeFilter(Math.ceil(size * KeyPostings.MAX_LOAD));
    else this.present.fill(0);
    for (let i = 0; i < oldSize; i++) {
      if (old[4 * i + 1] === 0) continue;
      this.mark(old[4 * i]);
      let at = this.position(old[4 * i]);
      while (this.records[4 * at + 1] !== 0) at = at + 1 === size ? 0 : at + 1;
      this.records.set(old.subarray(4 * i, 4 * i + 4), 4 * at);
    }
  }
}
