import { Injectable } from '@nestjs/common';
import { AttributeComparison, AttributeVerdict, brandKey, compareAttributes, MatchKind, PlateColor, PlateDifference, VehicleAttributes, VehicleColor, VehicleType } from '@app/contracts';
import { AttributeEvidence, PLATE_COLORS, plateGroupOf, plateGroupOfText, prepareVehicle, PreparedVehicle, Slot, VEHICLE_COLORS, VEHICLE_TYPES } from '../matching/attribute-score';
import * as table from '../matching/confusion.table';
import * as budgets from '../matching/false-hit-budget';
import { classOfRead, CROSS_CLASSES, MAX_TWO_SLIP_CONFUSIONS, READ_CLASSES, ReadClass, volumesWithTwoSlips } from '../matching/neighbourhood';
import { NEIGHBOURHOOD } from '../matching/neighbourhood.table';
import { KeyPostings } from './key-postings';
import * as matching from '../matching/plate-match';
import { MatchVerdict, PreparedRead } from '../matching/plate-match';
import { SealDensity } from '../matching/seal-density';

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
  /** Text score times attribute ratio, uncapped (what the threshold is compared with; `score` is it capped below 1). */
  evidence: number;
}

export interface MatchOptions {
  /** A fixed least evidence for a possible hit (MATCH_FUZZY_THRESHOLD); when absent the false-hit budget sets it per read. */
  threshold?: number;
  /** Share of ordinary reads allowed to raise an innocent car when the read describes the vehicle (MATCH_FALSE_HIT_BUDGET); default {@link budgets.DEFAULT_FALSE_HIT_BUDGET}. */
  budget?: number;
  /** The same for reads of the plate alone, or with nothing but its colour (MATCH_FALSE_HIT_BUDGET_TEXT_ONLY); default {@link budgets.DEFAULT_TEXT_ONLY_FALSE_HIT_BUDGET}. */
  textOnlyBudget?: number;
  confidence?: number;
  /**
   * How much of its class's per-read budget this read may spend: what the read's confidence says on
   * its camera (`ConfidenceCalibration`, weights averaging at most 1 over the camera's valid reads); 1 when absent.
   */
  budgetWeight?: number;
  /**
   * The read is a valid plate, but its camera's confidence says it is likelier a misread than not
   * (`ConfidenceCalibration`): the look-alike rule holds it as it holds a read no plate can be.
   */
  likelyMisread?: boolean;
  /** What the camera saw of the vehicle. */
  attributes?: VehicleAttributes;
  /**
   * Also look for plates two slips away that share no key with the read (two unlike slips): at
   * each place the read's character is replaced by its `twoSlips` likeliest confusions out of its
   * fold class (`CROSS_CLASSES`, from the matcher's own table) and the other places are looked up
   * masked, as far as the threshold leaves room for such a candidate. The false-hit budget counts
   * the neighbours this makes findable (`neighbourhood.ts`, `reach`), so the threshold follows the
   * same K. The intake's is MATCH_TWO_SLIPS; 0 or absent: none. At most `MAX_TWO_SLIP_CONFUSIONS`.
   */
  twoSlips?: number;
}

export { MAX_TWO_SLIP_CONFUSIONS };

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
const NO_CODES = new Int32Array(5);
/** Ints per slot in the hot records, and what lies where (see `hot`). */
const HOT = 8;
const UNITS = HOT * 2;
const META = 4;
const BRAND_KEY = 5;
/** Index of the expiry in the Float64 view, per slot (ints 6 and 7). */
const EXPIRY = 3;
const LENGTH_MASK = 0xf;
const PLATE_COLOR_SHIFT = 4;
const VEHICLE_COLOR_SHIFT = 7;
const VEHICLE_TYPE_SHIFT = 11;
const NO_SLOTS: number[] = [];
/**
 * The sketch of a seal, the second word of each of its key entries: what bounds a candidate's
 * evidence before its record is read. The head's character code (7 bits), then the attribute codes
 * as in the meta word, then the make's brand key id (`SKETCH_NO_BRAND` when it does not fit: such
 * a seal is never pruned).
 */
const SKETCH_ATTRIBUTES_SHIFT = 7;
/** The head's character code, the sketch's low bits. */
const SKETCH_HEAD = (1 << SKETCH_ATTRIBUTES_SHIFT) - 1;
const SKETCH_BRAND_SHIFT = 18;
const SKETCH_NO_BRAND = (1 << (32 - SKETCH_BRAND_SHIFT)) - 1;
/** Pending code of a lookup that masks no place of the read (a length-changing hypothesis). */
const UNMASKED = -1;
/** Ints per key entry: the slot + 1 with the plate's character code at the masked place, then the sketch. */
const WORDS = KeyPostings.WORDS;
/** Headroom for the rounding of a bound computed in another order than the score it bounds. */
const BOUND_SLACK = 1 + 1e-9;
// The hot path's imports held in module constants: a bundler's live bindings turn every use of an
// imported name into a getter call, which cost a third of the matching time.
const { CHAR_CODE, CODES, SUBSTITUTION, UNIT_OF_CODE, LOST_LAST_WEIGHT, LOST_INNER_WEIGHT, DOUBLED_WEIGHT, STRAY_WEIGHT, PROVINCE_AS_LATIN_WEIGHT, EMERGENCY_WORD_LOST_WEIGHT } = table;
const { differencesOf, EXTRA_SLIP_FACTOR, FOLD, headWeight, prepareRead, rankMatches, roundScore, textScore } = matching;
/** Most a body one character longer (the read lost one) or shorter (an extra one) can weigh, head included (`textScore`). */
const LOST_BOUND = Math.max(LOST_LAST_WEIGHT, LOST_INNER_WEIGHT);
const EXTRA_BOUND = Math.max(DOUBLED_WEIGHT, STRAY_WEIGHT, PROVINCE_AS_LATIN_WEIGHT);
/** The folded 应: an emergency plate's body without 急 ends in it (a long body filed with a place left out). */
const FOLDED_YING = FOLD['应'.charCodeAt(0)];
/** `CROSS_CLASSES` flat, by read code · MAX_TWO_SLIP_CONFUSIONS + rank: the fold unit and its weight; and how many there are per read code. */
const CROSS_UNIT = new Uint16Array(CODES * MAX_TWO_SLIP_CONFUSIONS);
const CROSS_WEIGHT = new Float64Array(CODES * MAX_TWO_SLIP_CONFUSIONS);
const CROSS_COUNT = new Uint8Array(CODES);
for (const [readCode, cross] of CROSS_CLASSES.entries()) {
  CROSS_COUNT[readCode] = cross.length;
  for (const [rank, [unit, weight]] of cross.entries()) [CROSS_UNIT[readCode * MAX_TWO_SLIP_CONFUSIONS + rank], CROSS_WEIGHT[readCode * MAX_TWO_SLIP_CONFUSIONS + rank]] = [unit, weight];
}
/** FNV-1a's offset basis and prime: what the index's keys are hashed with (`keyOf`). */
const FNV_OFFSET = 0x811c9dc5 | 0;
const FNV_PRIME = 0x01000193;
/**
 * Per read character code, the most any plate character out of its fold class weighs against it
 * (`SUBSTITUTION`); 1 for a code outside the plate alphabet, whose weights are not bounded so.
 */
const OUT_OF_CLASS_BEST = Float64Array.from({ length: CODES }, (_, readCode) => {
  if (!readCode) return 1;
  let best = 0;
  for (let plateCode = 1; plateCode < CODES; plateCode++) {
    if (FOLD[UNIT_OF_CODE[plateCode]] !== FOLD[UNIT_OF_CODE[readCode]]) best = Math.max(best, SUBSTITUTION[plateCode * CODES + readCode]);
  }
  return best;
});
const { DEFAULT_FALSE_HIT_BUDGET, DEFAULT_TEXT_ONLY_FALSE_HIT_BUDGET, heldAsFarFetched, heldAsLookAlike, perReadBudget, spentOfSum, thresholdOfSum } = budgets;
const NO_PROVINCE: ReadClass = ReadClass.NoProvince;
const VALID_PLATE: ReadClass = ReadClass.ValidPlate;
/** Per count of two-slip confusions K (0 … MAX), the text volumes by class · 2, and at class · 2 + 1 the part of each in other provinces. */
const VOLUMES_BY_K = Array.from({ length: MAX_TWO_SLIP_CONFUSIONS + 1 }, (_, k) => volumesWithTwoSlips(NEIGHBOURHOOD, k));
/**
 * The volume a key of `AttributeEvidence.volumeGiven` stands for: K · 2 · READ_CLASSES + class for
 * the whole volume, + READ_CLASSES for its part in other provinces.
 */
const TEXT_VOLUME = (key: number) => {
  const k = Math.floor(key / (2 * READ_CLASSES));
  const c = key % (2 * READ_CLASSES);
  return c < READ_CLASSES ? VOLUMES_BY_K[k][2 * c] : VOLUMES_BY_K[k][2 * (c - READ_CLASSES) + 1];
};
/** Confusions per place two-slip lookups try under these options (0 … MAX_TWO_SLIP_CONFUSIONS). */
const twoSlipsOf = (options: Pick<MatchOptions, 'twoSlips'>) => Math.max(0, Math.min(MAX_TWO_SLIP_CONFUSIONS, Math.floor(options.twoSlips ?? 0)));
/** Highest score a possible hit reports: 1 is kept for exact reads. */
const MAX_FUZZY_SCORE = 0.999;

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
 * Memory: what matching reads of a seal sits in one 32-byte record per slot (plate as 8 UTF-16
 * units, length and attribute codes, make, expiry as a double), so a candidate costs one cache
 * line, not one per array; what only a hit needs (seizure id as 16 bytes, the make's and model's
 * names) sits in further typed arrays by slot; the keys in one open-addressing table
 * (`KeyPostings`): nothing per seal on the JavaScript heap, so ten million seals load within
 * Node's default heap.
 */
@Injectable()
export class WatchlistIndex {
  /**
   * The hot record of each slot, `HOT` ints: the plate's units (`units`, from slot · 16), the
   * meta word (length, plate colour, body colour, type codes), the make's brand key id, and the
   * expiry in ms (`expiry`, at slot · 4 + 3). Three views of one buffer.
   */
  private hot: Int32Array = new Int32Array(0);
  private units: Uint16Array = new Uint16Array(0);
  private expiry: Float64Array = new Float64Array(0);
  private ids = new Uint8Array(0);
  /** Seizure ids that are not UUIDs (tools and tests); the column is a uuid in production. */
  private readonly otherIds = new Map<number, string>();
  /** Per slot: the make's and the model's names (index + 1 into the text lists, 0 none). */
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
  /** How densely the seals cover each part of the plate space, for the false-hit budget. */
  private readonly density = new SealDensity();
  /** Attribute value counts and the likelihood ratios that follow from them. */
  private readonly evidence = new AttributeEvidence();
  private readonly slotCodes = new Int32Array(5);
  /** The read's attribute codes while it is matched (a scratch array: matching is never re-entered). */
  private readonly seenCodes = new Int32Array(5);

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
    this.density.reset();
    this.evidence.reset();
    this.capacity = this.used = this.live = this.freeCount = 0;
    this.setHot(new Int32Array(0));
    [this.ids, this.brand, this.model, this.free] = [new Uint8Array(0), new Uint32Array(0), new Uint32Array(0), new Int32Array(0)];
    this.grow(Math.max(16, expected));
    // About 4 distinct keys per seal at a million seals (plates share masked bodies), 6.7 entries, 3.7 of them in lists longer than one.
    this.keys.reset(Math.ceil(expected * 4.2), Math.ceil(expected * 3.8));
  }

  /** Adds a seal, or updates its term and vehicle when the same seal is already on this plate. */
  add(seal: WatchedSeal): void {
    const seizureId = canonicalId(seal.seizureId);
    const existing = this.find(seal.plate, seizureId);
    const slot = existing === NONE ? this.allocate() : existing;
    if (existing === NONE) this.hot[slot * HOT + META] = 0;
    this.expiry[slot * 4 + EXPIRY] = seal.expiresAt ? seal.expiresAt.getTime() : Infinity;
    if (existing !== NONE) this.evidence.count(this.codesAt(slot), -1);
    this.writeVehicle(slot, seal.vehicle);
    if (existing !== NONE) {
      this.evidence.count(this.codesAt(slot), 1);
      // The entries carry the vehicle's codes (`sketchOf`): rewrite them.
      const sketch = this.sketchOf(slot);
      this.forEachKey(slot, (key) => this.keys.setSecond(key, (first) => (first & SLOT_MASK) === slot + 1, sketch));
      return;
    }
    const length = seal.plate.length;
    if (length > PLATE_UNITS || length < 2) throw new Error(`plate of ${length} units cannot be indexed`);
    if (slot >= MAX_SEALS) throw new Error(`the watchlist index holds at most ${MAX_SEALS} seals`);
    for (let i = 0; i < PLATE_UNITS; i++) this.units[slot * UNITS + i] = i < length ? seal.plate.charCodeAt(i) : 0;
    this.hot[slot * HOT + META] |= length;
    // Counted once the plate is written: its kind is part of its codes.
    this.evidence.count(this.codesAt(slot), 1);
    this.writeId(slot, seizureId);
    const sketch = this.sketchOf(slot);
    this.forEachKey(slot, (key, code) => this.keys.add(key, (code << SLOT_BITS) | (slot + 1), sketch));
    this.density.count(this.units, slot * UNITS, length, 1);
    this.live++;
  }

  remove(anyCaseSeizureId: string, plate: string): void {
    const slot = this.find(plate, canonicalId(anyCaseSeizureId));
    if (slot === NONE) return;
    this.forEachKey(slot, (key) => this.keys.remove(key, (first) => (first & SLOT_MASK) === slot + 1));
    this.density.count(this.units, slot * UNITS, this.lengthAt(slot), -1);
    this.evidence.count(this.codesAt(slot), -1);
    this.hot[slot * HOT + META] = 0;
    this.otherIds.delete(slot);
    this.free[this.freeCount++] = slot;
    this.live--;
  }

  /** Active seals on exactly this normalized plate that have not expired at `at`. */
  matchExact(plate: string, at: Date): WatchedSeal[] {
    const atMs = at.getTime();
    const found: WatchedSeal[] = [];
    for (const slot of this.slotsOfPlate(plate)) if (this.expiry[slot * 4 + EXPIRY] > atMs) found.push(this.sealAt(slot));
    return found;
  }

  /**
   * Seals a normalized camera read matches at `at`: exact matches, else possible hits whose
   * evidence (text score times attribute ratio) reaches the threshold, ranked by `rankMatches`.
   * The threshold is `options.threshold` when given, else what the false-hit budget allows around
   * this read ({@link thresholdFor}).
   */
  match(read: string, at: Date, options: MatchOptions = {}): SealMatch[] {
    const atMs = at.getTime();
    // An exact read is answered by the seals on its plate alone (its look-alikes raise nothing):
    // one lookup, not the dozens a misread needs.
    const exactRead = this.exactMatches(read, atMs, options.attributes);
    if (exactRead) return exactRead;
    const prepared = prepareRead(read, options.confidence, options.attributes?.plateColor);
    const seen = options.attributes ? prepareVehicle(options.attributes) : null;
    const seenCodes = seen ? this.codesOf(seen, read) : NO_CODES;
    if (seen) this.evidence.refresh();
    const threshold = options.threshold ?? this.thresholdOfPrepared(prepared, seenCodes, options);
    // Text alone must reach this for the best the read's attributes can add to lift it over the threshold.
    const floor = threshold / (seen ? this.evidence.maxFactor(seenCodes) : 1);
    const count = this.candidates(prepared, floor / prepared.prior, twoSlipsOf(options));
    // Bound each candidate's evidence from the sketch its key entries carry (head and attributes)
    // and the bound they gave its body, and drop those that cannot reach the threshold before their
    // records are read: on a large watchlist each record read is a cache miss. A candidate holding
    // the read's character at every place, under the read's head, may be the read itself and is kept.
    const m = prepared.body.length;
    // A plate's form under a prefix no province issues: its possible hits must not be far-fetched (`heldAsFarFetched`).
    const unissued = prepared.plateForm && !prepared.valid;
    const readHead = prepared.head;
    const readHeadCode = CHAR_CODE[readHead];
    const codes = this.slotCodes;
    let kept = 0;
    for (let c = 0; c < count; c++) {
      const slot = this.buffer[c];
      const sketch = this.candidateSketch[c];
      const headCode = sketch & SKETCH_HEAD;
      let factor = 1;
      if (seen) {
        codes[0] = (sketch >>> SKETCH_ATTRIBUTES_SHIFT) & 7;
        codes[1] = (sketch >>> (SKETCH_ATTRIBUTES_SHIFT + 3)) & 15;
        codes[2] = (sketch >>> (SKETCH_ATTRIBUTES_SHIFT + 7)) & 15;
        codes[3] = sketch >>> SKETCH_BRAND_SHIFT;
        factor = codes[3] === SKETCH_NO_BRAND ? Infinity : this.evidence.factor(codes, seenCodes);
      }
      if (!(this.sameAt[c] >= m && headCode === readHeadCode)) {
        // (A head on no plate has no code: its weight is not known, so it is not bounded.)
        const head = headCode === 0 ? 1 : headWeight(UNIT_OF_CODE[headCode], readHead);
        const bound = prepared.prior * this.bodyBound[c] * head * factor * BOUND_SLACK;
        if (bound < threshold) continue;
      }
      this.buffer[kept++] = slot;
    }
    // Touch every candidate's record before scoring any: the loads do not wait on one another, so
    // the memory system fetches them side by side, and the scoring below finds them in cache.
    for (let c = 0; c < kept; c++) this.touched |= this.hot[this.buffer[c] * HOT + META];
    let found: SealMatch[] | null = null;
    let exact: SealMatch[] | null = null;
    for (let c = 0; c < kept; c++) {
      const slot = this.buffer[c];
      if (!(this.expiry[slot * 4 + EXPIRY] > atMs)) continue;
      const text = textScore(this.units, slot * UNITS, this.hot[slot * HOT + META] & LENGTH_MASK, prepared);
      if (text === 1) {
        // Equal to the read: an exact hit, and the read's look-alikes raise nothing.
        const vehicle = this.vehicleAt(slot);
        (exact ??= []).push(this.verdictAt(slot, MatchKind.Exact, 1, 1, [], vehicle, vehicle && options.attributes ? compareAttributes(vehicle, options.attributes) : []));
        continue;
      }
      if (exact || text === 0 || text < floor) continue;
      const sealedCodes = seen ? this.codesAt(slot) : NO_CODES;
      const evidence = seen ? text * this.evidence.factor(sealedCodes, seenCodes) : text;
      if (evidence < threshold) continue;
      if (unissued && heldAsFarFetched(evidence, this.units[slot * UNITS] !== prepared.head, prepared.confidenceFactor)) continue;
      // The look-alike rule: a description that contradicts the seal holds the hit to a floor the budget cannot lower.
      const contradicted = seen !== null && this.evidence.contradicts(sealedCodes, seenCodes);
      if (
        contradicted &&
        heldAsLookAlike(
          true,
          text,
          this.evidence.contradiction(sealedCodes, seenCodes),
          evidence,
          classOfRead(prepared),
          this.units[slot * UNITS] !== prepared.head,
          prepared.confidenceFactor,
          this.evidence.agreementChance(sealedCodes, seenCodes),
          options.likelyMisread || prepared.colorRulesOut,
        )
      )
        continue;
      const plate = this.plateAt(slot);
      const vehicle = this.vehicleAt(slot);
      (found ??= []).push(
        this.verdictAt(
          slot,
          MatchKind.Fuzzy,
          roundScore(Math.min(evidence, MAX_FUZZY_SCORE)),
          evidence,
          differencesOf(plate, prepared, this.units, slot * UNITS),
          vehicle,
          vehicle && options.attributes ? compareAttributes(vehicle, options.attributes) : [],
        ),
      );
    }
    if (exact) return exact;
    return found ? rankMatches(found, 0) : [];
  }

  /** Exact hits on `read`: the live seals on exactly that plate, in the order the scoring below would find them; null when none. */
  private exactMatches(read: string, atMs: number, attributes: VehicleAttributes | undefined): SealMatch[] | null {
    let found: SealMatch[] | null = null;
    for (const slot of this.slotsOfPlate(read)) {
      if (!(this.expiry[slot * 4 + EXPIRY] > atMs)) continue;
      const vehicle = this.vehicleAt(slot);
      (found ??= []).push(this.verdictAt(slot, MatchKind.Exact, 1, 1, [], vehicle, vehicle && attributes ? compareAttributes(vehicle, attributes) : []));
    }
    return found;
  }

  /**
   * The least evidence a possible hit on this read needs under the false-hit budget: the score
   * at which the plates around the read, times the share of them that are sealed, leave at most
   * the read's share of the budget (`matching/false-hit-budget.ts`). Infinity when no misread
   * could be raised; 0 when any the matcher finds may be.
   */
  thresholdFor(read: string, options: Pick<MatchOptions, 'budget' | 'textOnlyBudget' | 'budgetWeight' | 'confidence' | 'attributes' | 'twoSlips'> = {}): number {
    const seen = options.attributes ? prepareVehicle(options.attributes) : null;
    return this.thresholdOfPrepared(prepareRead(read, options.confidence, options.attributes?.plateColor), seen ? this.codesOf(seen, read) : NO_CODES, options);
  }

  /**
   * What a read no plate can be spends of its class's per-read share of the false-hit budget: its
   * weight (`options.budgetWeight`) times the part of its weighed share its threshold spends
   * (`spentOfSum`), below the weight where the plates the index finds around it are fewer than its
   * share would allow. Undefined for a read that is a valid plate. What `SpareBudget` counts.
   */
  certainMisreadSpend(read: string, options: Pick<MatchOptions, 'budget' | 'textOnlyBudget' | 'budgetWeight' | 'attributes' | 'twoSlips'> = {}): number | undefined {
    const prepared = prepareRead(read, undefined, options.attributes?.plateColor);
    if (classOfRead(prepared) === VALID_PLATE) return undefined;
    const seen = options.attributes ? prepareVehicle(options.attributes) : null;
    return (options.budgetWeight ?? 1) * this.budgetAround(prepared, seen ? this.codesOf(seen, read) : NO_CODES, options, spentOfSum);
  }

  private thresholdOfPrepared(read: PreparedRead, seenCodes: Int32Array, options: Pick<MatchOptions, 'budget' | 'textOnlyBudget' | 'budgetWeight' | 'twoSlips'>): number {
    // The volumes were measured at full confidence; this read's scores, its neighbours' and its
    // plate's alike, are all scaled by its confidence factor, and so is the score that leaves the
    // same neighbours above it.
    return read.confidenceFactor * this.budgetAround(read, seenCodes, options, thresholdOfSum);
  }

  /** `answer` (the threshold, or what it spends) asked of the volume around the read and the read's share of the budget. */
  private budgetAround(
    read: PreparedRead,
    seenCodes: Int32Array,
    options: Pick<MatchOptions, 'budget' | 'textOnlyBudget' | 'budgetWeight' | 'twoSlips'>,
    answer: (own: ArrayLike<number>, other: ArrayLike<number>, k: number, allowed: number) => number,
  ): number {
    this.evidence.refresh();
    // Body colour, type or make describe the vehicle; a plate colour alone mostly repeats what the plate's kind says.
    const described = seenCodes[1] !== 0 || seenCodes[2] !== 0 || seenCodes[3] !== 0;
    const budget = described ? (options.budget ?? DEFAULT_FALSE_HIT_BUDGET) : (options.textOnlyBudget ?? DEFAULT_TEXT_ONLY_FALSE_HIT_BUDGET);
    const cls: ReadClass = classOfRead(read);
    // The neighbours the index finds, two-slip lookups included: the key names K and the class.
    const key = twoSlipsOf(options) * 2 * READ_CLASSES + cls;
    // As an innocent car reporting what this read reports meets them (`AttributeEvidence.volumeGiven`).
    const volume = this.evidence.volumeGiven(seenCodes, key, TEXT_VOLUME);
    const density = this.density.of(read, cls);
    const allowed = (perReadBudget(budget, cls) * (options.budgetWeight ?? 1)) / density;
    if (cls === NO_PROVINCE) return answer(volume, volume, 0, allowed);
    // Neighbours in other provinces count at the density there, not at the read's own:
    // V = V_own + (ρ_other / ρ) · V_other = V + (ρ_other / ρ - 1) · V_other.
    const extra = this.density.otherProvinces(read) / density - 1;
    const other = this.evidence.volumeGiven(seenCodes, key + READ_CLASSES, TEXT_VOLUME);
    return answer(volume, other, extra, allowed);
  }

  private verdictAt(
    slot: number,
    match: MatchKind,
    score: number,
    evidence: number,
    differences: PlateDifference[],
    vehicle: VehicleAttributes | undefined,
    attributes: AttributeComparison[],
  ): SealMatch {
    const ms = this.expiry[slot * 4 + EXPIRY];
    return {
      evidence,
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

  /** The share of the seals under a prefix (`prefixOfPlate`; `SealDensity.prefixShare`): what `PrefixTraffic` weighs a camera's reads against. */
  readonly prefixShare = (prefix: number): number => this.density.prefixShare(prefix);

  /** After a bulk load (start-up rebuild): gives back the room the key lists grew into. */
  compact(): void {
    this.keys.trim();
  }

  /** Bytes the index holds in typed arrays (the seals and the key table). */
  get bytes(): number {
    return [this.hot, this.ids, this.brand, this.model, this.free].reduce(
      (sum, a) => sum + a.byteLength,
      this.keys.bytes,
    );
  }

  // ---- candidates -------------------------------------------------------------------------

  private readonly folded = new Uint16Array(16);
  /**
   * Candidate slots of the read being matched, and per candidate: the most its plate's characters
   * at the masked places it was found under can weigh against the read's (a bound on its body's
   * likelihood), and at how many of them the two are the same character (all of the read's places:
   * it may be the read itself).
   */
  private buffer = new Int32Array(1024);
  private candidateSketch = new Int32Array(1024);
  private bodyBound = new Float64Array(1024);
  private sameAt = new Int32Array(1024);
  /** Slots taken for this read: open addressing (slot + 1 → candidate index), valid where `takenIn` is this read's generation. */
  private takenSlot = new Int32Array(4096);
  private takenAt = new Int32Array(4096);
  private takenIn = new Int32Array(4096);
  private takenShift = 32 - 12;
  private generation = 0;

  /**
   * Collects into `buffer` the slots whose plates share a key with some hypothesis about the read
   * (same length, a lost character, an extra one) and could reach `minWeight` (text score over the
   * read's prior: what the best the attributes can add still needs); returns how many.
   */
  private candidates(read: PreparedRead, minWeight: number, twoSlips = 0): number {
    const body = read.body;
    const m = body.length;
    this.count = 0;
    this.pending = 0;
    if (++this.generation === 0x7fffffff) {
      this.takenIn.fill(0);
      this.generation = 1;
    }
    for (let i = 0; i < m; i++) this.folded[i] = FOLD[body[i]];
    // A length-changing hypothesis is looked up only when its best score could be enough.
    const lost = LOST_BOUND * BOUND_SLACK >= minWeight;
    const extra = EXTRA_BOUND * BOUND_SLACK >= minWeight;
    for (const length of BODY_LENGTHS) {
      if (m === length) {
        for (let mask = 0; mask < m; mask++) this.queue(this.keyOf(this.folded, m, mask, -1), CHAR_CODE[body[mask]]);
        if (twoSlips) this.queueTwoSlips(body, m, minWeight, twoSlips);
      } else if (m === length - 1 && lost) {
        // Lost a character. Long bodies are filed under each of their one-shorter forms too: one lookup.
        if (length === LONG_BODY) this.queue(this.keyOf(this.folded, m, -1, -1), UNMASKED);
        // Short bodies are not (it would double the table): a wildcard where the character was.
        else for (let at = 0; at < length; at++) this.queue(this.keyWithGap(this.folded, m, at), UNMASKED);
      } else if (m === length - 2 && length === LONG_BODY && EMERGENCY_WORD_LOST_WEIGHT * BOUND_SLACK >= minWeight) {
        // 应急 lost whole (京A1234 for 京A1234应急): the plate is filed under its body without 急,
        // which is the read's with 应 after it. One lookup.
        this.folded[m] = FOLDED_YING;
        this.queue(this.keyOf(this.folded, m + 1, -1, -1), UNMASKED);
      } else if (m === length + 1 && extra) {
        // An extra character: drop it (and mask the last position left, any key of the rest will do).
        for (let drop = 0; drop < m; drop++) this.queue(this.keyOf(this.folded, m, drop === m - 1 ? m - 2 : m - 1, drop), UNMASKED);
      }
    }
    // Keys the watchlist certainly does not hold are dropped on the filter's word (it stays in
    // cache): most of a read's lookups, nearly all of its two-slip ones, cost no load from memory.
    let held = 0;
    for (let k = 0; k < this.pending; k++) {
      if (!this.keys.mayHold(this.pendingKeys[k])) continue;
      this.pendingKeys[held] = this.pendingKeys[k];
      this.pendingCodes[held] = this.pendingCodes[k];
      this.pendingScales[held++] = this.pendingScales[k];
    }
    this.pending = held;
    // All records first, then all lists: the lookups do not wait on one another, so the memory
    // system serves them side by side (the index is far larger than the caches).
    for (let k = 0; k < this.pending; k++) this.touched |= this.keys.touch(this.pendingKeys[k]);
    for (let k = 0; k < this.pending; k++) this.records[k] = this.keys.find(this.pendingKeys[k]);
    for (let k = 0; k < this.pending; k++) if (this.records[k] >= 0) this.touched |= this.keys.touchValues(this.records[k]);
    for (let k = 0; k < this.pending; k++) if (this.records[k] >= 0) this.collect(this.records[k], this.pendingCodes[k], minWeight, this.pendingScales[k]);
    return this.count;
  }

  /**
   * Two-slip lookups: at place i the read's character replaced by a likelier-first confusion out of
   * its class (weight w), every other place j masked in turn. A plate found so and by no key holds
   * that class at i (weighing at most w), a character out of the read's class at j (weighing at
   * most `OUT_OF_CLASS_BEST` of the read's character there; one within it shares the key masked at
   * i) and a second slip (× EXTRA_SLIP_FACTOR): a confusion, or a place j, whose best cannot reach
   * `minWeight` is not looked up, so no key record is loaded for it.
   */
  private queueTwoSlips(body: Uint16Array, m: number, minWeight: number, limit: number): void {
    // The keys differ from the read's folded body in two places: each is hashed on from the hash
    // of the body before the first of them (`prefix`), not from the start.
    const folded = this.folded;
    const prefix = this.prefix;
    prefix[0] = FNV_OFFSET;
    for (let k = 0; k < m; k++) prefix[k + 1] = Math.imul(prefix[k] ^ folded[k], FNV_PRIME);
    for (let i = 0; i < m; i++) {
      const readCode = CHAR_CODE[body[i]];
      const tries = Math.min(limit, CROSS_COUNT[readCode]);
      for (let t = 0; t < tries; t++) {
        const unit = CROSS_UNIT[readCode * MAX_TWO_SLIP_CONFUSIONS + t];
        const scale = CROSS_WEIGHT[readCode * MAX_TWO_SLIP_CONFUSIONS + t] * EXTRA_SLIP_FACTOR;
        if (scale * BOUND_SLACK < minWeight) break;
        for (let mask = 0; mask < m; mask++) {
          const maskCode = CHAR_CODE[body[mask]];
          if (mask === i || scale * OUT_OF_CLASS_BEST[maskCode] * BOUND_SLACK < minWeight) continue;
          let h: number;
          if (mask < i) {
            h = Math.imul(prefix[mask] ^ WILDCARD, FNV_PRIME);
            for (let k = mask + 1; k < m; k++) h = Math.imul(h ^ (k === i ? unit : folded[k]), FNV_PRIME);
          } else {
            h = Math.imul(prefix[i] ^ unit, FNV_PRIME);
            for (let k = i + 1; k < m; k++) h = Math.imul(h ^ (k === mask ? WILDCARD : folded[k]), FNV_PRIME);
          }
          // (keyOf of the body with `unit` at i, masked at `mask`.)
          this.queue(fmix(h ^ m) || 1, maskCode, scale);
        }
      }
    }
  }

  private readonly prefix = new Int32Array(16);

  private pendingKeys = new Int32Array(32);
  private pendingCodes = new Int32Array(32);
  private pendingScales = new Float64Array(32);
  private records = new Int32Array(32);
  private pending = 0;
  /** Sink for the loads that only bring records into cache (kept, so they are not optimised away). */
  private touched = 0;

  private queue(key: number, readCode: number, scale = 1): void {
    if (this.pending === this.pendingKeys.length) {
      const n = this.pending * 2;
      const grow = <T extends Int32Array | Float64Array>(a: T, b: T): T => (b.set(a), b);
      this.pendingKeys = grow(this.pendingKeys, new Int32Array(n));
      this.pendingCodes = grow(this.pendingCodes, new Int32Array(n));
      this.pendingScales = grow(this.pendingScales, new Float64Array(n));
      this.records = new Int32Array(n);
    }
    this.pendingKeys[this.pending] = key;
    this.pendingCodes[this.pending] = readCode;
    this.pendingScales[this.pending++] = scale;
  }

  private count = 0;

  /**
   * Adds the slots of a key's record to the candidates. For a masked key the entry carries the
   * plate's character at the masked position: its weight against the read's character there
   * (`readCode`) bounds the plate's body, and when it is below `minWeight` the plate cannot score
   * enough and is not even looked at.
   */
  private collect(record: number, readCode: number, minWeight: number, scale: number): void {
    const keys = this.keys;
    const values = keys.values(record);
    const start = keys.offset(record);
    const end = start + keys.length(record) * WORDS;
    for (let i = start; i < end; i += WORDS) {
      const entry = values[i];
      const plateCode = entry >>> SLOT_BITS;
      let weight = scale;
      if (readCode > 0 && plateCode !== 0 && plateCode !== readCode) {
        weight *= SUBSTITUTION[plateCode * CODES + readCode];
        if (weight < minWeight) continue;
      }
      // (A plate found by a two-slip lookup, scale < 1, differs from the read elsewhere: it is not counted as the same.)
      this.take((entry & SLOT_MASK) - 1, values[i + 1], weight, readCode !== UNMASKED && scale === 1 && plateCode === readCode ? 1 : 0);
    }
  }

  /**
   * Adds a slot to the candidates once, keeping the largest of the bounds its keys give (each key
   * it was filed under gives a true one) and counting the places where it holds the read's own
   * character.
   */
  private take(slot: number, sketch: number, weight: number, same: number): void {
    const table = this.takenSlot;
    const mask = table.length - 1;
    let h = Math.imul(slot + 1, 0x9e3779b1) >>> this.takenShift;
    for (;;) {
      if (this.takenIn[h] !== this.generation) break;
      if (table[h] === slot + 1) {
        const c = this.takenAt[h];
        if (weight > this.bodyBound[c]) this.bodyBound[c] = weight;
        this.sameAt[c] += same;
        return;
      }
      h = (h + 1) & mask;
    }
    const count = this.count;
    if (count === this.buffer.length) this.growCandidates();
    table[h] = slot + 1;
    this.takenAt[h] = count;
    this.takenIn[h] = this.generation;
    this.buffer[count] = slot;
    this.candidateSketch[count] = sketch;
    this.bodyBound[count] = weight;
    this.sameAt[count] = same;
    this.count = count + 1;
    // Keep the table at most a quarter full.
    if (4 * this.count > table.length) this.growTaken();
  }

  private growCandidates(): void {
    const n = this.buffer.length * 2;
    const [buffer, sketch, bound, same] = [new Int32Array(n), new Int32Array(n), new Float64Array(n), new Int32Array(n)];
    buffer.set(this.buffer);
    sketch.set(this.candidateSketch);
    bound.set(this.bodyBound);
    same.set(this.sameAt);
    [this.buffer, this.candidateSketch, this.bodyBound, this.sameAt] = [buffer, sketch, bound, same];
  }

  private growTaken(): void {
    const n = this.takenSlot.length * 2;
    [this.takenSlot, this.takenAt, this.takenIn] = [new Int32Array(n), new Int32Array(n), new Int32Array(n)];
    const mask = n - 1;
    const shift = (this.takenShift -= 1);
    for (let c = 0; c < this.count; c++) {
      let h = Math.imul(this.buffer[c] + 1, 0x9e3779b1) >>> shift;
      while (this.takenIn[h] === this.generation) h = (h + 1) & mask;
      this.takenSlot[h] = this.buffer[c] + 1;
      this.takenAt[h] = c;
      this.takenIn[h] = this.generation;
    }
  }

  /**
   * Key of `units[0..n)` folded, with position `mask` replaced by the wildcard and position
   * `drop` left out (-1: none). The body length is part of the key.
   */
  private keyOf(units: Uint16Array, n: number, mask: number, drop: number): number {
    let hash = FNV_OFFSET;
    let length = 0;
    for (let i = 0; i < n; i++) {
      if (i === drop) continue;
      hash = Math.imul(hash ^ (i === mask ? WILDCARD : units[i]), FNV_PRIME);
      length++;
    }
    return fmix(hash ^ length) || 1;
  }

  /** Key of `units[0..n)` with a wildcard inserted at `at` (a body one character longer, masked there). */
  private keyWithGap(units: Uint16Array, n: number, at: number): number {
    let hash = FNV_OFFSET;
    for (let i = 0, r = 0; i <= n; i++) hash = Math.imul(hash ^ (i === at ? WILDCARD : units[r++]), FNV_PRIME);
    return fmix(hash ^ (n + 1)) || 1;
  }

  /**
   * Calls `fn` with each of the slot's keys: its folded body with each position masked in turn,
   * and for long (8-character plate) bodies also the body with each position left out, so a read
   * that lost one of its characters finds it in one lookup.
   */
  private forEachKey(slot: number, fn: (key: number, code: number) => void): void {
    const off = slot * UNITS;
    const n = this.lengthAt(slot) - 1;
    for (let i = 0; i < n; i++) this.folded[i] = FOLD[this.units[off + 1 + i]];
    for (let mask = 0; mask < n; mask++) fn(this.keyOf(this.folded, n, mask, -1), CHAR_CODE[this.units[off + 1 + mask]]);
    if (n === LONG_BODY) for (let drop = 0; drop < n; drop++) fn(this.keyOf(this.folded, n, -1, drop), 0);
  }

  /** Slots holding exactly `plate` (checked character by character, no string built). */
  private slotsOfPlate(plate: string): number[] {
    const n = plate.length - 1;
    if (n < 1 || n >= PLATE_UNITS || plate.charCodeAt(0) < 0x2e80) return NO_SLOTS;
    for (let i = 0; i < n; i++) this.folded[i] = FOLD[plate.charCodeAt(i + 1)];
    const key = this.keyOf(this.folded, n, 0, -1);
    if (!this.keys.mayHold(key)) return NO_SLOTS;
    const record = this.keys.find(key);
    if (record < 0) return NO_SLOTS;
    let found: number[] = NO_SLOTS;
    const values = this.keys.values(record);
    const start = this.keys.offset(record);
    const end = start + this.keys.length(record) * WORDS;
    // The entries carry the plate's head and its character at the masked place (the authority
    // letter): seals of other provinces and authorities filed under the same serial are passed
    // over without reading their records, each a cache miss on a large watchlist.
    const headCode = CHAR_CODE[plate.charCodeAt(0)];
    const maskedCode = CHAR_CODE[plate.charCodeAt(1)];
    for (let e = start; e < end; e += WORDS) {
      if (maskedCode !== 0 && values[e] >>> SLOT_BITS !== maskedCode) continue;
      if (headCode !== 0 && (values[e + 1] & SKETCH_HEAD) !== headCode) continue;
      const slot = (values[e] & SLOT_MASK) - 1;
      if (this.lengthAt(slot) !== plate.length) continue;
      let equal = true;
      for (let i = 0, off = slot * UNITS; i < plate.length && equal; i++) equal = this.units[off + i] === plate.charCodeAt(i);
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
    this.setHot(copy(this.hot, (n) => new Int32Array(n), HOT));
    this.ids = copy(this.ids, (n) => new Uint8Array(n), 16);
    this.brand = copy(this.brand, (n) => new Uint32Array(n));
    this.model = copy(this.model, (n) => new Uint32Array(n));
    this.free = copy(this.free, (n) => new Int32Array(n));
    this.capacity = capacity;
  }

  private lengthAt(slot: number): number {
    return this.hot[slot * HOT + META] & LENGTH_MASK;
  }

  /** Takes `hot` as the slots' hot records, with its unit and expiry views. */
  private setHot(hot: Int32Array): void {
    this.hot = hot;
    this.units = new Uint16Array(hot.buffer, hot.byteOffset, hot.length * 2);
    this.expiry = new Float64Array(hot.buffer, hot.byteOffset, hot.length / 2);
  }

  private plateAt(slot: number): string {
    const u = this.units;
    const o = slot * UNITS;
    // Spelled out: String.fromCharCode.apply over a subarray cost more than the rest of a verdict.
    switch (this.lengthAt(slot)) {
      case 7:
        return String.fromCharCode(u[o], u[o + 1], u[o + 2], u[o + 3], u[o + 4], u[o + 5], u[o + 6]);
      case 8:
        return String.fromCharCode(u[o], u[o + 1], u[o + 2], u[o + 3], u[o + 4], u[o + 5], u[o + 6], u[o + 7]);
      default: {
        let plate = '';
        for (let i = 0; i < this.lengthAt(slot); i++) plate += String.fromCharCode(u[o + i]);
        return plate;
      }
    }
  }

  private sealAt(slot: number): WatchedSeal {
    const ms = this.expiry[slot * 4 + EXPIRY];
    return { seizureId: this.idAt(slot), plate: this.plateAt(slot), expiresAt: ms === Infinity ? null : new Date(ms), vehicle: this.vehicleAt(slot) };
  }

  private writeVehicle(slot: number, v: VehicleAttributes | undefined): void {
    const plateColor = v?.plateColor ? PLATE_COLORS.indexOf(v.plateColor) + 1 : 0;
    const vehicleColor = v?.vehicleColor ? VEHICLE_COLORS.indexOf(v.vehicleColor) + 1 : 0;
    const vehicleType = v?.vehicleType ? VEHICLE_TYPES.indexOf(v.vehicleType) + 1 : 0;
    const at = slot * HOT + META;
    this.hot[at] = (this.hot[at] & LENGTH_MASK) | (plateColor << PLATE_COLOR_SHIFT) | (vehicleColor << VEHICLE_COLOR_SHIFT) | (vehicleType << VEHICLE_TYPE_SHIFT);
    const brand = v?.vehicleBrand ? this.textCode(v.vehicleBrand) : 0;
    this.brand[slot] = brand && this.brandKeys[brand - 1] ? brand : 0;
    this.hot[slot * HOT + BRAND_KEY] = this.brand[slot] ? this.brandKeyIds[brand - 1] : 0;
    this.model[slot] = v?.vehicleModel ? this.textCode(v.vehicleModel) : 0;
  }

  /** What every entry of the slot carries besides the slot: its head and attribute codes (`SKETCH_ATTRIBUTES_SHIFT`). */
  private sketchOf(slot: number): number {
    const meta = this.hot[slot * HOT + META];
    const brand = this.hot[slot * HOT + BRAND_KEY];
    return CHAR_CODE[this.units[slot * UNITS]] | (((meta >>> PLATE_COLOR_SHIFT) & 0x7ff) << SKETCH_ATTRIBUTES_SHIFT) | (Math.min(brand, SKETCH_NO_BRAND) << SKETCH_BRAND_SHIFT);
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

  /**
   * The read's attributes as the index's codes: plate colour, body colour, type (0 unknown), brand
   * key id (0 unknown, -1 a brand no seal has), and the kind of plate the read is.
   */
  private codesOf(seen: PreparedVehicle, read: string): Int32Array {
    const codes = this.seenCodes;
    codes[Slot.Group] = plateGroupOfText(read);
    codes[0] = seen.plateColor ? PLATE_COLORS.indexOf(seen.plateColor as PlateColor) + 1 : 0;
    codes[1] = seen.vehicleColor ? VEHICLE_COLORS.indexOf(seen.vehicleColor as VehicleColor) + 1 : 0;
    codes[2] = seen.vehicleType ? VEHICLE_TYPES.indexOf(seen.vehicleType as VehicleType) + 1 : 0;
    codes[3] = seen.brand ? (this.brandKeyIndex.get(seen.brand) ?? -1) : 0;
    return codes;
  }

  /** The seal's attribute codes (plate colour, body colour, type, brand key id, its plate's kind), in a scratch array. */
  private codesAt(slot: number): Int32Array {
    const codes = this.slotCodes;
    const meta = this.hot[slot * HOT + META];
    codes[Slot.Group] = plateGroupOf(this.units, slot * UNITS, meta & LENGTH_MASK);
    codes[0] = (meta >>> PLATE_COLOR_SHIFT) & 7;
    codes[1] = (meta >>> VEHICLE_COLOR_SHIFT) & 15;
    codes[2] = (meta >>> VEHICLE_TYPE_SHIFT) & 15;
    codes[3] = this.hot[slot * HOT + BRAND_KEY];
    return codes;
  }

  private vehicleAt(slot: number): VehicleAttributes | undefined {
    const meta = this.hot[slot * HOT + META];
    const [pc, vc, vt, b, m] = [(meta >>> PLATE_COLOR_SHIFT) & 7, (meta >>> VEHICLE_COLOR_SHIFT) & 15, (meta >>> VEHICLE_TYPE_SHIFT) & 15, this.brand[slot], this.model[slot]];
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

