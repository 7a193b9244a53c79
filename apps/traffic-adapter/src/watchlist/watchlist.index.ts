import { Injectable } from '@nestjs/common';
import { AttributeComparison, AttributeVerdict, brandKey, compareAttributes, MatchKind, PlateColor, PlateDifference, VehicleAttributes, VehicleColor, VehicleType } from '@app/contracts';
import { ATTRIBUTE_WEIGHTS, factorTable, maxAttributeFactor, prepareVehicle, PreparedVehicle } from '../matching/attribute-score';
import * as table from '../matching/confusion.table';
import { KeyPostings } from './key-postings';
import * as matching from '../matching/plate-match';
import { MatchVerdict, PreparedRead } from '../matching/plate-match';

export interface WatchedSeal {
  seizureId: string;
  plate: string;
  expiresAt: Date | null;
  /** What the registration says of the vehicle (plate colour, body colour, brand, model, type). */
  vehicle?: VehicleAttributes;
}

/** A seal a read matched, and how well. */
export interface SealMatch extends WatchedSeal, MatchVerdict {
  /** Attributes the seal and the read both describe, and whether they agree. */
  attributes: AttributeComparison[];
  /** Some attribute contradicts the seal (on an exact read: a possible cloned plate). */
  attributesDiffer: boolean;
}

export interface MatchOptions {
  threshold: number;
  confidence?: number;
  /** What the camera saw of the vehicle. */
  attributes?: VehicleAttributes;
}

const NONE = -1;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Longest plate (8 characters, every one a single UTF-16 unit). */
const PLATE_UNITS = 8;
/** Body lengths of plates (after the province or 使): 6 for 7-character plates, 7 for 8-character ones. */
const BODY_LENGTHS = [6, 7];
const LONG_BODY = 7;
const WILDCARD = 0xffff;
/** A table entry holds the slot + 1 in its low 24 bits and the plate's character code at the masked position above. */
const SLOT_BITS = 24;
const SLOT_MASK = (1 << SLOT_BITS) - 1;
/** Most seals the index holds (slots fit in 24 bits). */
export const MAX_SEALS = SLOT_MASK - 1;
const NO_CODES = new Int32Array(4);
const NO_SLOTS: number[] = [];
// The hot path's imports held in module constants: a bundler's live bindings turn every use of an
// imported name into a getter call, which cost a third of the matching time.
const { CHAR_CODE, CODES, SUBSTITUTION } = table;
const { differencesOf, FOLD, prepareRead, rankMatches, roundScore, textScore } = matching;

const PLATE_COLORS = Object.values(PlateColor);
const VEHICLE_COLORS = Object.values(VehicleColor);
const VEHICLE_TYPES = Object.values(VehicleType);
const PLATE_FACTOR = factorTable('plateColor', PLATE_COLORS);
const COLOR_FACTOR = factorTable('vehicleColor', VEHICLE_COLORS);
const TYPE_FACTOR = factorTable('vehicleType', VEHICLE_TYPES);
const BRAND_WEIGHTS = ATTRIBUTE_WEIGHTS.vehicleBrand;

/**
 * The in-memory set of active seals, so a camera read is matched without a database round trip.
 * The table is the truth: this index is rebuilt from it at start-up and updated only after the
 * table change has committed.
 *
 * Finding candidates: every character of a plate's body (what follows the province) is folded
 * to its class of readily confused characters (`FOLD_CLASSES`), and the plate is filed under
 * one key per body position: the folded body with that position masked. A read with one slip of
 * any kind at one position, any number of slips within classes, and a lost, misread or unknown
 * province shares a key with its plate; a read that lost a character does once a wildcard is put
 * where it was lost; a read with an extra character does once that character is dropped. So a
 * read costs about a dozen lookups, and every candidate is then scored (`matching/plate-match`).
 *
 * Memory: seals live in parallel typed arrays by slot (plate as 8 UTF-16 units, seizure id as
 * 16 bytes, expiry as a double, attributes as small codes) and the keys in one open-addressing
 * table of (key, slot) pairs in an Int32Array: nothing per seal on the JavaScript heap, so ten
 * million seals load within Node's default heap.
 */
@Injectable()
export class WatchlistIndex {
  private plates = new Uint16Array(0);
  private plateLength = new Uint8Array(0);
  private ids = new Uint8Array(0);
  /** Seizure ids that are not UUIDs (tools and tests); the column is a uuid in production. */
  private readonly otherIds = new Map<number, string>();
  private expiresAtMs = new Float64Array(0);
  /** Per slot: plate colour, body colour and type codes (index + 1, 0 unknown), brand and model (index + 1 into the text lists). */
  private plateColor = new Uint8Array(0);
  private vehicleColor = new Uint8Array(0);
  private vehicleType = new Uint8Array(0);
  private brand = new Uint32Array(0);
  private model = new Uint32Array(0);
  private readonly texts: string[] = [];
  /** Canonical brand key of each text (null when it is no brand). */
  private readonly brandKeys: (string | null)[] = [];
  /** Per text code, a number for its brand key (0: no brand), so brands compare as integers. */
  private brandKeyIds = new Uint32Array(64);
  private readonly brandKeyIndex = new Map<string, number>();
  private readonly textIndex = new Map<string, number>();
  /** Free slots, a stack. */
  private free = new Int32Array(0);
  private freeCount = 0;
  private capacity = 0;
  private used = 0;
  private live = 0;

  /** Key → posting list of entries, each the slot + 1 in its low 24 bits and the plate's character code at the masked position above. */
  private keys = new KeyPostings();

  constructor() {
    this.reset();
  }

  replaceAll(seals: Iterable<WatchedSeal>): void {
    const list = Array.isArray(seals) ? seals : [...seals];
    this.reset(list.length);
    for (const seal of list) this.add(seal);
    this.compact();
  }

  /** Empties the index, sized for about `expected` seals (a streamed rebuild then adds them one by one). */
  reset(expected = 0): void {
    this.otherIds.clear();
    this.texts.length = 0;
    this.brandKeys.length = 0;
    this.brandKeyIndex.clear();
    this.textIndex.clear();
    this.capacity = this.used = this.live = this.freeCount = 0;
    [this.plates, this.plateLength, this.ids, this.expiresAtMs] = [new Uint16Array(0), new Uint8Array(0), new Uint8Array(0), new Float64Array(0)];
    [this.plateColor, this.vehicleColor, this.vehicleType, this.brand, this.model, this.free] = [new Uint8Array(0), new Uint8Array(0), new Uint8Array(0), new Uint32Array(0), new Uint32Array(0), new Int32Array(0)];
    this.grow(Math.max(16, expected));
    // About 4 distinct keys per seal at a million seals (plates share masked bodies), 6.7 entries.
    this.keys.reset(Math.ceil(expected * 4.2), Math.ceil(expected * 6.7));
  }

  /** Adds a seal, or updates its term and vehicle when the same seal is already on this plate. */
  add(seal: WatchedSeal): void {
    const seizureId = canonicalId(seal.seizureId);
    const existing = this.find(seal.plate, seizureId);
    const slot = existing === NONE ? this.allocate() : existing;
    if (existing === NONE) this.plateLength[slot] = 0;
    this.expiresAtMs[slot] = seal.expiresAt ? seal.expiresAt.getTime() : Infinity;
    this.writeVehicle(slot, seal.vehicle);
    if (existing !== NONE) return;
    const length = seal.plate.length;
    if (length > PLATE_UNITS || length < 2) throw new Error(`plate of ${length} units cannot be indexed`);
    if (slot >= MAX_SEALS) throw new Error(`the watchlist index holds at most ${MAX_SEALS} seals`);
    for (let i = 0; i < PLATE_UNITS; i++) this.plates[slot * PLATE_UNITS + i] = i < length ? seal.plate.charCodeAt(i) : 0;
    this.plateLength[slot] = length;
    this.writeId(slot, seizureId);
    this.forEachKey(slot, (key, code) => this.keys.add(key, (code << SLOT_BITS) | (slot + 1)));
    this.live++;
  }

  remove(anyCaseSeizureId: string, plate: string): void {
    const slot = this.find(plate, canonicalId(anyCaseSeizureId));
    if (slot === NONE) return;
    this.forEachKey(slot, (key) => this.keys.remove(key, (entry) => (entry & SLOT_MASK) === slot + 1));
    this.plateLength[slot] = 0;
    this.otherIds.delete(slot);
    this.free[this.freeCount++] = slot;
    this.live--;
  }

  /** Active seals on exactly this normalized plate that have not expired at `at`. */
  matchExact(plate: string, at: Date): WatchedSeal[] {
    const atMs = at.getTime();
    const found: WatchedSeal[] = [];
    for (const slot of this.slotsOfPlate(plate)) if (this.expiresAtMs[slot] > atMs) found.push(this.sealAt(slot));
    return found;
  }

  /**
   * Seals a normalized camera read matches at `at`: exact matches, else possible hits scoring at
   * least `threshold` once the vehicle's attributes are weighed, ranked by `rankMatches`.
   */
  match(read: string, at: Date, options: MatchOptions): SealMatch[] {
    const atMs = at.getTime();
    const prepared = prepareRead(read, options.confidence);
    const seen = options.attributes ? prepareVehicle(options.attributes) : null;
    const seenCodes = seen ? this.codesOf(seen) : NO_CODES;
    // Text alone must reach this for the best possible attributes to lift it over the threshold.
    const floor = options.threshold / maxAttributeFactor(seen);
    const count = this.candidates(prepared, floor / prepared.prior);
    let found: SealMatch[] | null = null;
    let exact: SealMatch[] | null = null;
    for (let c = 0; c < count; c++) {
      const slot = this.buffer[c];
      if (!(this.expiresAtMs[slot] > atMs)) continue;
      const text = textScore(this.plates, slot * PLATE_UNITS, this.plateLength[slot], prepared);
      if (text === 1) {
        // Equal to the read: an exact hit, and the read's look-alikes raise nothing.
        const vehicle = this.vehicleAt(slot);
        (exact ??= []).push(this.verdictAt(slot, MatchKind.Exact, 1, [], vehicle, vehicle && options.attributes ? compareAttributes(vehicle, options.attributes) : []));
        continue;
      }
      if (exact || text === 0 || text < floor) continue;
      const factor = seen ? this.attributeFactorAt(slot, seenCodes) : 1;
      const score = Math.min(text * factor, 0.999);
      if (score < options.threshold) continue;
      const plate = this.plateAt(slot);
      const vehicle = this.vehicleAt(slot);
      (found ??= []).push(
        this.verdictAt(slot, MatchKind.Fuzzy, roundScore(score), differencesOf(plate, prepared, this.plates, slot * PLATE_UNITS), vehicle, vehicle && options.attributes ? compareAttributes(vehicle, options.attributes) : []),
      );
    }
    if (exact) return exact;
    return found ? rankMatches(found, options.threshold) : [];
  }

  private verdictAt(slot: number, match: MatchKind, score: number, differences: PlateDifference[], vehicle: VehicleAttributes | undefined, attributes: AttributeComparison[]): SealMatch {
    const ms = this.expiresAtMs[slot];
    return {
      seizureId: this.idAt(slot),
      plate: this.plateAt(slot),
      expiresAt: ms === Infinity ? null : new Date(ms),
      vehicle,
      match,
      score,
      differences,
      attributes,
      attributesDiffer: attributes.some((a) => a.verdict === AttributeVerdict.Differ),
    };
  }

  get size(): number {
    return this.live;
  }

  /** After a bulk load (start-up rebuild): gives back the room the key lists grew into. */
  compact(): void {
    this.keys.trim();
  }

  /** Bytes the index holds in typed arrays (the seals and the key table). */
  get bytes(): number {
    return [this.plates, this.plateLength, this.ids, this.expiresAtMs, this.plateColor, this.vehicleColor, this.vehicleType, this.brand, this.model, this.free, this.stamp].reduce(
      (sum, a) => sum + a.byteLength,
      this.keys.bytes,
    );
  }

  // ---- candidates -------------------------------------------------------------------------

  private readonly folded = new Uint16Array(16);
  /** Candidate slots of the read being matched, and a stamp per slot so each is taken once. */
  private buffer = new Int32Array(1024);
  private stamp = new Int32Array(0);
  private generation = 0;

  /** Collects into `buffer` the slots whose plates share a key with some hypothesis about the read (same length, a lost character, an extra one); returns how many. */
  private candidates(read: PreparedRead, minWeight: number): number {
    const body = read.body;
    const m = body.length;
    if (this.stamp.length < this.capacity) this.stamp = new Int32Array(this.capacity);
    if (++this.generation === 0x7fffffff) {
      this.stamp.fill(0);
      this.generation = 1;
    }
    this.count = 0;
    this.pending = 0;
    for (let i = 0; i < m; i++) this.folded[i] = FOLD[body[i]];
    for (const length of BODY_LENGTHS) {
      if (m === length) {
        for (let mask = 0; mask < m; mask++) this.queue(this.keyOf(this.folded, m, mask, -1), CHAR_CODE[body[mask]]);
      } else if (m === length - 1) {
        // Lost a character. Long bodies are filed under each of their one-shorter forms too: one lookup.
        if (length === LONG_BODY) this.queue(this.keyOf(this.folded, m, -1, -1), 0);
        // Short bodies are not (it would double the table): a wildcard where the character was.
        else for (let at = 0; at < length; at++) this.queue(this.keyWithGap(this.folded, m, at), 0);
      } else if (m === length + 1) {
        // An extra character: drop it (and mask the last position left, any key of the rest will do).
        for (let drop = 0; drop < m; drop++) this.queue(this.keyOf(this.folded, m, drop === m - 1 ? m - 2 : m - 1, drop), 0);
      }
    }
    // All records first, then all lists: the lookups do not wait on one another, so the memory
    // system serves them side by side (the index is far larger than the caches).
    for (let k = 0; k < this.pending; k++) this.records[k] = this.keys.find(this.pendingKeys[k]);
    for (let k = 0; k < this.pending; k++) if (this.records[k] >= 0) this.collect(this.records[k], this.pendingCodes[k], this.pendingCodes[k] ? minWeight : 0);
    return this.count;
  }

  private readonly pendingKeys = new Int32Array(32);
  private readonly pendingCodes = new Int32Array(32);
  private readonly records = new Int32Array(32);
  private pending = 0;

  private queue(key: number, readCode: number): void {
    this.pendingKeys[this.pending] = key;
    this.pendingCodes[this.pending++] = readCode;
  }

  private count = 0;

  /**
   * Adds the slots of a key's record to the candidates. For a masked key the entry carries the
   * plate's character at the masked position: when its weight against the read's character there
   * (`readCode`) is below `minWeight`, the plate cannot score enough and is not even looked at.
   */
  private collect(record: number, readCode: number, minWeight: number): void {
    const postings = this.keys.postings;
    const start = this.keys.start(record);
    const end = start + this.keys.length(record);
    for (let i = start; i < end; i++) {
      const entry = postings[i];
      if (minWeight > 0 && readCode !== 0) {
        const plateCode = entry >>> SLOT_BITS;
        if (plateCode !== 0 && plateCode !== readCode && SUBSTITUTION[plateCode * CODES + readCode] < minWeight) continue;
      }
      const slot = (entry & SLOT_MASK) - 1;
      if (this.stamp[slot] === this.generation) continue;
      this.stamp[slot] = this.generation;
      if (this.count === this.buffer.length) {
        const bigger = new Int32Array(this.buffer.length * 2);
        bigger.set(this.buffer);
        this.buffer = bigger;
      }
      this.buffer[this.count++] = slot;
    }
  }

  /**
   * Key of `units[0..n)` folded, with position `mask` replaced by the wildcard and position
   * `drop` left out (-1: none). The body length is part of the key.
   */
  private keyOf(units: Uint16Array, n: number, mask: number, drop: number): number {
    let hash = 0x811c9dc5 | 0;
    let length = 0;
    for (let i = 0; i < n; i++) {
      if (i === drop) continue;
      hash = Math.imul(hash ^ (i === mask ? WILDCARD : units[i]), 0x01000193);
      length++;
    }
    return fmix(hash ^ length) || 1;
  }

  /** Key of `units[0..n)` with a wildcard inserted at `at` (a body one character longer, masked there). */
  private keyWithGap(units: Uint16Array, n: number, at: number): number {
    let hash = 0x811c9dc5 | 0;
    for (let i = 0, r = 0; i <= n; i++) hash = Math.imul(hash ^ (i === at ? WILDCARD : units[r++]), 0x01000193);
    return fmix(hash ^ (n + 1)) || 1;
  }

  /**
   * Calls `fn` with each of the slot's keys: its folded body with each position masked in turn,
   * and for long (8-character plate) bodies also the body with each position left out, so a read
   * that lost one of its characters finds it in one lookup.
   */
  private forEachKey(slot: number, fn: (key: number, code: number) => void): void {
    const off = slot * PLATE_UNITS;
    const n = this.plateLength[slot] - 1;
    for (let i = 0; i < n; i++) this.folded[i] = FOLD[this.plates[off + 1 + i]];
    for (let mask = 0; mask < n; mask++) fn(this.keyOf(this.folded, n, mask, -1), CHAR_CODE[this.plates[off + 1 + mask]]);
    if (n === LONG_BODY) for (let drop = 0; drop < n; drop++) fn(this.keyOf(this.folded, n, -1, drop), 0);
  }

  /** Slots holding exactly `plate` (checked character by character, no string built). */
  private slotsOfPlate(plate: string): number[] {
    const n = plate.length - 1;
    if (n < 1 || n >= PLATE_UNITS || plate.charCodeAt(0) < 0x2e80) return NO_SLOTS;
    for (let i = 0; i < n; i++) this.folded[i] = FOLD[plate.charCodeAt(i + 1)];
    const record = this.keys.find(this.keyOf(this.folded, n, 0, -1));
    if (record < 0) return NO_SLOTS;
    let found: number[] = NO_SLOTS;
    const postings = this.keys.postings;
    const start = this.keys.start(record);
    const end = start + this.keys.length(record);
    for (let e = start; e < end; e++) {
      const slot = (postings[e] & SLOT_MASK) - 1;
      if (this.plateLength[slot] !== plate.length) continue;
      let equal = true;
      for (let i = 0, off = slot * PLATE_UNITS; i < plate.length && equal; i++) equal = this.plates[off + i] === plate.charCodeAt(i);
      if (equal) (found === NO_SLOTS ? (found = []) : found).push(slot);
    }
    return found;
  }

  private find(plate: string, seizureId: string): number {
    for (const slot of this.slotsOfPlate(plate)) if (this.idAt(slot) === seizureId) return slot;
    return NONE;
  }

  // ---- slots ----------------------------------------------------------------------------------

  private allocate(): number {
    if (this.freeCount) return this.free[--this.freeCount];
    if (this.used === this.capacity) this.grow(Math.max(16, this.capacity * 2));
    return this.used++;
  }

  private grow(capacity: number): void {
    const copy = <T extends Uint8Array | Uint16Array | Uint32Array | Int32Array | Float64Array>(from: T, make: (n: number) => T, per = 1): T => {
      const to = make(capacity * per);
      to.set(from.subarray(0, Math.min(from.length, capacity * per)));
      return to;
    };
    this.plates = copy(this.plates, (n) => new Uint16Array(n), PLATE_UNITS);
    this.plateLength = copy(this.plateLength, (n) => new Uint8Array(n));
    this.ids = copy(this.ids, (n) => new Uint8Array(n), 16);
    this.expiresAtMs = copy(this.expiresAtMs, (n) => new Float64Array(n));
    this.plateColor = copy(this.plateColor, (n) => new Uint8Array(n));
    this.vehicleColor = copy(this.vehicleColor, (n) => new Uint8Array(n));
    this.vehicleType = copy(this.vehicleType, (n) => new Uint8Array(n));
    this.brand = copy(this.brand, (n) => new Uint32Array(n));
    this.model = copy(this.model, (n) => new Uint32Array(n));
    this.free = copy(this.free, (n) => new Int32Array(n));
    this.capacity = capacity;
  }

  private plateAt(slot: number): string {
    const off = slot * PLATE_UNITS;
    return String.fromCharCode(...this.plates.subarray(off, off + this.plateLength[slot]));
  }

  private sealAt(slot: number): WatchedSeal {
    const ms = this.expiresAtMs[slot];
    return { seizureId: this.idAt(slot), plate: this.plateAt(slot), expiresAt: ms === Infinity ? null : new Date(ms), vehicle: this.vehicleAt(slot) };
  }

  private writeVehicle(slot: number, v: VehicleAttributes | undefined): void {
    this.plateColor[slot] = v?.plateColor ? PLATE_COLORS.indexOf(v.plateColor) + 1 : 0;
    this.vehicleColor[slot] = v?.vehicleColor ? VEHICLE_COLORS.indexOf(v.vehicleColor) + 1 : 0;
    this.vehicleType[slot] = v?.vehicleType ? VEHICLE_TYPES.indexOf(v.vehicleType) + 1 : 0;
    const brand = v?.vehicleBrand ? this.textCode(v.vehicleBrand) : 0;
    this.brand[slot] = brand && this.brandKeys[brand - 1] ? brand : 0;
    this.model[slot] = v?.vehicleModel ? this.textCode(v.vehicleModel) : 0;
  }

  /** Brands and models repeat across seals: each distinct text is held once. */
  private textCode(text: string): number {
    let code = this.textIndex.get(text);
    if (code === undefined) {
      code = this.texts.push(text);
      const key = brandKey(text);
      this.brandKeys.push(key);
      let keyId = key ? this.brandKeyIndex.get(key) : 0;
      if (key && keyId === undefined) this.brandKeyIndex.set(key, (keyId = this.brandKeyIndex.size + 1));
      if (code > this.brandKeyIds.length) {
        const bigger = new Uint32Array(this.brandKeyIds.length * 2);
        bigger.set(this.brandKeyIds);
        this.brandKeyIds = bigger;
      }
      this.brandKeyIds[code - 1] = keyId ?? 0;
      this.textIndex.set(text, code);
    }
    return code;
  }

  /** The read's attributes as the index's codes: plate colour, body colour, type (0 unknown), brand key id (0 unknown, -1 a brand no seal has). */
  private codesOf(seen: PreparedVehicle): Int32Array {
    const codes = new Int32Array(4);
    codes[0] = seen.plateColor ? PLATE_COLORS.indexOf(seen.plateColor as PlateColor) + 1 : 0;
    codes[1] = seen.vehicleColor ? VEHICLE_COLORS.indexOf(seen.vehicleColor as VehicleColor) + 1 : 0;
    codes[2] = seen.vehicleType ? VEHICLE_TYPES.indexOf(seen.vehicleType as VehicleType) + 1 : 0;
    codes[3] = seen.brand ? (this.brandKeyIndex.get(seen.brand) ?? -1) : 0;
    return codes;
  }

  /** How the seal's vehicle and the read's attributes weigh on a possible hit: table lookups, nothing built. */
  private attributeFactorAt(slot: number, seen: Int32Array): number {
    let factor = PLATE_FACTOR[this.plateColor[slot] * (PLATE_COLORS.length + 1) + seen[0]];
    factor *= COLOR_FACTOR[this.vehicleColor[slot] * (VEHICLE_COLORS.length + 1) + seen[1]];
    factor *= TYPE_FACTOR[this.vehicleType[slot] * (VEHICLE_TYPES.length + 1) + seen[2]];
    const brand = this.brand[slot];
    if (brand && seen[3] !== 0) factor *= this.brandKeyIds[brand - 1] === seen[3] ? BRAND_WEIGHTS.agree : BRAND_WEIGHTS.differ;
    return factor;
  }

  private vehicleAt(slot: number): VehicleAttributes | undefined {
    const [pc, vc, vt, b, m] = [this.plateColor[slot], this.vehicleColor[slot], this.vehicleType[slot], this.brand[slot], this.model[slot]];
    if (!pc && !vc && !vt && !b && !m) return undefined;
    return {
      plateColor: pc ? PLATE_COLORS[pc - 1] : undefined,
      vehicleColor: vc ? VEHICLE_COLORS[vc - 1] : undefined,
      vehicleType: vt ? VEHICLE_TYPES[vt - 1] : undefined,
      vehicleBrand: b ? this.texts[b - 1] : undefined,
      vehicleModel: m ? this.texts[m - 1] : undefined,
    };
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

/** MurmurHash3's finaliser: every input bit reaches every output bit, so keys spread over the table. */
function fmix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}

/** UUIDs in lower case, as PostgreSQL returns them, so ids compare by value. */
function canonicalId(seizureId: string): string {
  return UUID.test(seizureId) ? seizureId.toLowerCase() : seizureId;
}

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

