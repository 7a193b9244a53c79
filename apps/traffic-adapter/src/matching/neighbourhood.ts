import * as contracts from '@app/contracts';
import { CHAR_CODE, CODES, SUBSTITUTION, UNIT_OF_CODE } from './confusion.table';
import * as table from './confusion.table';
import { FOLD, PreparedRead, prepareRead, textScore } from './plate-match';

const { AUTHORITY_LETTERS, isIssuedPlate, isValidPlate, NEW_ENERGY_LETTERS, PLATE_HAN_CHARS, PROVINCE_CHARS } = contracts;

/**
 * How many plates lie around a read: the neighbourhood volume V(t), the expected number of valid
 * plates (other than the car's own) that would score at least t against an innocent car's read.
 * A false hit needs one of them to be sealed, so an innocent read raises one with probability at
 * most ρ · V(t), ρ the share of plates around it that are sealed (`SealDensity`). That product is
 * what the false-hit budget bounds (`false-hit-budget.ts`).
 *
 * V(t) depends only on the scorer (`plate-match.ts`, `confusion.table.ts`) and on what a plate may
 * be (`@app/contracts`'s plate formats), never on a watchlist or on the evaluation's data: it is
 * measured by enumerating every valid plate within the slips the scorer allows of sample reads
 * (`npm run match:neighbourhood` writes `neighbourhood.table.ts`), and a unit test fails when the
 * scorer changed and the table was not measured again.
 */

/** Kinds of read whose neighbourhoods differ, and whose innocent traffic differs in how often it occurs. */
export const enum ReadClass {
  /** The read is itself a valid plate: most are innocent cars read right. */
  ValidPlate = 0,
  /** No province: lost, a glyph no plate carries, or a letter in its place. Every one is a misread. */
  NoProvince = 1,
  /** A province, but no plate: a character lost, an I or O. Every one is a misread. */
  NotAPlate = 2,
  /**
   * A province, no plate, and longer than a seven-character plate without an eight-character
   * plate's form: mostly a character doubled. Every one is a misread. Apart from `NotAPlate`
   * because its neighbourhood is far smaller: the plates it could come from are the few left when
   * one of its characters is dropped, where a read that lost a character could have lost any of
   * 34 in any place.
   */
  Longer = 3,
}
export const READ_CLASSES = 4;
export const READ_CLASS_NAMES = ['valid plate', 'no province', 'not a plate', 'longer, no plate'] as const;

const HAN = 0x2e80;
const DIGITS = '0123456789';
const LETTERS = 'ABCDEFGHJKLMNPQRSTUVWXYZ';
const ALNUM = DIGITS + LETTERS;
const PROVINCE = new Uint8Array(0x10000);
for (const c of PROVINCE_CHARS + '使') PROVINCE[c.charCodeAt(0)] = 1;

/** Which class a prepared read is in (its `prior` tells whether it is a valid plate). */
export function classOfRead(read: PreparedRead): ReadClass {
  if (!read.head || !PROVINCE[read.head]) return ReadClass.NoProvince;
  if (read.valid) return ReadClass.ValidPlate;
  return read.body.length > 6 && !read.plateForm ? ReadClass.Longer : ReadClass.NotAPlate;
}

/** Most confusions per place two-slip lookups try (`MatchOptions.twoSlips`, `MATCH_TWO_SLIPS`); the table is measured for each count up to it. */
export const MAX_TWO_SLIP_CONFUSIONS = 8;
/** Confusions per place the intake's two-slip lookups try on a regional watchlist, above `WIDE_TWO_SLIPS_UP_TO` and up to `TWO_SLIPS_UP_TO` seals (chosen from the evaluation: docs/benchmarks.md, "Two slips"). */
export const DEFAULT_TWO_SLIPS = 3;
/** Confusions per place on a court's own watchlist, up to `WIDE_TWO_SLIPS_UP_TO` seals. */
export const WIDE_TWO_SLIPS = 5;
/**
 * The largest watchlist the wider two-slip lookups are made on. Each further confusion per place
 * makes more lookups find something, and the cost grows with the seals around a read: at 10,000
 * seals K = 5 lifts two-slip misreads over the 90 % target (88.0 → 90.4 % described) and still
 * matches 166,000 described misreads a second on one core, where at 100,000 seals it buys 1.5
 * points and costs a third of the rate, and at a million it halves the rate (docs/benchmarks.md, "Two slips").
 */
export const WIDE_TWO_SLIPS_UP_TO = 20_000;
/**
 * The largest watchlist two-slip lookups are made on at all. The denser the seals around a read,
 * the higher the threshold the false-hit budget sets, and the fewer two-slip candidates reach it;
 * while the lookups still count in the budget, so they raise every read's threshold and cost
 * the common one-slip misreads what they win on two slips. At 100,000 seals K = 3 still catches
 * a little more over traffic's mix of slips (99.46 against 99.42 %, described), at 300,000 the two
 * are even (99.24 / 99.23 %), and at a million K = 0 catches as many with fewer false hits and
 * matches two and a half times as many described misreads a second (213,000 against 81,000 on
 * one core): docs/benchmarks.md, "Two slips".
 */
export const TWO_SLIPS_UP_TO = 200_000;

/** Confusions per place the intake's two-slip lookups try on a watchlist of this many seals, unless MATCH_TWO_SLIPS says otherwise. */
export function twoSlipsFor(seals: number): number {
  if (seals <= WIDE_TWO_SLIPS_UP_TO) return WIDE_TWO_SLIPS;
  return seals <= TWO_SLIPS_UP_TO ? DEFAULT_TWO_SLIPS : 0;
}

/**
 * For each read character code (`CHAR_CODE`), the fold classes of the letters and digits a plate
 * may hold there instead, out of the read character's own class, likeliest first: the class's
 * fold unit and the most any of its characters weighs against the read's (`SUBSTITUTION`). A
 * two-slip lookup with K confusions puts each of the first K in the read's place and looks the
 * other places up masked (`WatchlistIndex`); `reach` says which plates that finds.
 */
export const CROSS_CLASSES: ReadonlyArray<ReadonlyArray<readonly [number, number]>> = Array.from({ length: CODES }, (_, readCode) => {
  const read = UNIT_OF_CODE[readCode];
  if (!readCode || read >= HAN) return [];
  const best = new Map<number, number>();
  for (const c of ALNUM) {
    const unit = c.charCodeAt(0);
    if (FOLD[unit] === FOLD[read]) continue;
    const w = SUBSTITUTION[CHAR_CODE[unit] * CODES + readCode];
    best.set(FOLD[unit], Math.max(best.get(FOLD[unit]) ?? 0, w));
  }
  return [...best].sort((a, b) => b[1] - a[1]).slice(0, MAX_TWO_SLIP_CONFUSIONS);
});
/** Rank (1 = likeliest) of a fold unit (ASCII) among `CROSS_CLASSES` of a read code, at readCode · 128 + unit; 0 when not among them. */
const CROSS_RANK = new Uint8Array(CODES * 128);
for (const [readCode, cross] of CROSS_CLASSES.entries()) for (const [rank, [unit]] of cross.entries()) CROSS_RANK[readCode * 128 + unit] = rank + 1;

/** Scores at which V is tabulated: log-spaced, `STEPS_PER_DECADE` a decade, from 10^-4 to 1. */
export const GRID_MIN_LOG10 = -4;
export const STEPS_PER_DECADE = 20;
export const GRID_POINTS = -GRID_MIN_LOG10 * STEPS_PER_DECADE + 1;
export const GRID: Float64Array = Float64Array.from({ length: GRID_POINTS }, (_, i) => 10 ** (GRID_MIN_LOG10 + i / STEPS_PER_DECADE));

/**
 * A fingerprint of everything the scorer's likelihoods come from: the weight matrix and the slip
 * constants. The table records the one it was measured with.
 */
export function scorerFingerprint(): string {
  let h = 0x811c9dc5 | 0;
  const mix = (x: number) => {
    h = Math.imul(h ^ Math.round(x * 1e6), 0x01000193);
  };
  for (let i = 0; i < CODES * CODES; i++) mix(SUBSTITUTION[i]);
  for (const [name, value] of Object.entries(table).sort(([a], [b]) => (a < b ? -1 : 1))) if (typeof value === 'number' && /WEIGHT|SUBSTITUTION/.test(name)) mix(value);
  for (const c of PLATE_HAN_CHARS) mix(CHAR_CODE[c.charCodeAt(0)]);
  // Which plates are neighbours follows the issued authority letters.
  for (const p of PROVINCE_CHARS) for (const l of AUTHORITY_LETTERS[p] ?? '') mix(p.charCodeAt(0) * 32 + l.charCodeAt(0));
  // What the index can find (`findable`) follows the folding.
  for (const c of ALNUM) mix(FOLD[c.charCodeAt(0)]);
  // And so does what two-slip lookups try.
  mix(MAX_TWO_SLIP_CONFUSIONS);
  const probe = prepareRead('桂PB6780', 0);
  const probes = ['桂P86780', '桂PB678', '粤PB6780', 'PB6780', '桂PB67800', '桂P8G780'].map((p) => textScore(codesOf(p), 0, p.length, prepareRead(p, 0)));
  for (const p of probes) mix(p);
  mix(textScore(codesOf('桂PB6780'), 0, 8, probe));
  return (h >>> 0).toString(16).padStart(8, '0');
}

function codesOf(plate: string): number[] {
  return Array.from({ length: plate.length }, (_, i) => plate.charCodeAt(i));
}

// ---- measuring (the generator and its test; not on the matching path) ---------------------------

/** What may stand in a plate's body: letters, digits and the suffix glyphs. */
const BODY_CHARS = ALNUM + '挂学警领港澳试超';

/** mulberry32: the sample reads are the same on every run. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A plate as issued under GA 36-2018: a province, an authority letter, then an ordinary serial
 * (at most two letters, 选号 rules), or a new-energy one (small: series letter, a letter or digit,
 * four digits; large: five digits and the series letter), or four and a suffix (挂 学 警). Shares
 * of the kinds are the fleet's, roughly (new energy about a tenth of it); they weigh little: V is
 * much the same for every kind.
 */
export function samplePlate(rng: () => number): string {
  const pick = (s: string) => s[Math.floor(rng() * s.length)];
  const province = pick(PROVINCE_CHARS);
  // An authority letter the province issues: a plate no car carries is no neighbour and no innocent read.
  const prefix = province + pick(AUTHORITY_LETTERS[province]);
  const kind = rng();
  const digits = (n: number) => Array.from({ length: n }, () => pick(DIGITS)).join('');
  if (kind < 0.08) return prefix + pick(NEW_ENERGY_LETTERS) + pick(ALNUM) + digits(4);
  if (kind < 0.09) return prefix + digits(5) + pick(NEW_ENERGY_LETTERS);
  if (kind < 0.1) return prefix + pick(ALNUM) + digits(3) + pick('挂学警');
  // Serials with no, one or two letters, each as often as it has numbers (10^5, 5·24·10^4, 10·24²·10^3).
  const r = rng() * (1e5 + 1.2e6 + 5.76e6);
  const letters = r < 1e5 ? 0 : r < 1.3e6 ? 1 : 2;
  const at = new Set<number>();
  while (at.size < letters) at.add(Math.floor(rng() * 5));
  return prefix + Array.from({ length: 5 }, (_, i) => (at.has(i) ? pick(LETTERS) : pick(DIGITS))).join('');
}

/**
 * Innocent reads of each class made from sample plates: as read; without the province; the last
 * or an inner character lost, or one doubled (drawn again when that happens to make a valid
 * plate); for `Longer`, one doubled.
 *
 * `NotAPlate`'s reads still include the doubled ones, as they did before `Longer` had a row of its
 * own: measured on lost characters alone, its neighbourhood grew by half (V(0.5) 28 → 42), and a
 * local court's lost inner characters fell from 76 to 58 % caught on the plate alone
 * (docs/benchmarks.md). The row prices a lost character as the mean of lost and doubled ones, as it
 * always has: a known under-count, which the evaluation's false hits measure.
 */
export function sampleRead(rng: () => number, cls: ReadClass): string {
  for (;;) {
    const plate = samplePlate(rng);
    if (cls === ReadClass.ValidPlate) return plate;
    if (cls === ReadClass.NoProvince) return plate.slice(1);
    const r = rng();
    const at = 2 + Math.floor(rng() * (plate.length - 2));
    const read =
      cls === ReadClass.Longer
        ? plate.slice(0, at) + plate[at] + plate.slice(at)
        : r < 1 / 3 ? plate.slice(0, -1) : r < 2 / 3 ? plate.slice(0, at) + plate.slice(at + 1) : plate.slice(0, at) + plate[at] + plate.slice(at);
    if (!isIssuedPlate(read) && (cls === ReadClass.NotAPlate || classOfRead(prepareRead(read)) === cls)) return read;
  }
}

/**
 * Scores of every valid plate around `read` (other than `read` itself): each plate within two
 * substitutions (another province counting as one), or one character more or less and one
 * substitution or another province, or the read with 应急 after it, scored by the matcher's own
 * `textScore` at full weight (confidence factor 1). A read with no province is compared with the
 * plates of one province only: its neighbourhood repeats in every province, and the density it
 * is used with counts seals of all provinces (`SealDensity`).
 */
export function neighbourScores(read: string): number[] {
  const { own, other } = neighbourScoresByProvince(read);
  return [...own, ...other];
}

/** The plates around a read, by where they lie and how the index finds them (`neighbourScoresByProvince`). */
export interface Neighbours {
  /** Scores of the neighbours in the read's own province that the index finds without two-slip lookups. */
  own: number[];
  /** The same in other provinces. */
  other: number[];
  /** Scores of the neighbours (in the read's own province) only two-slip lookups find … */
  twoSlip: number[];
  /** … and for each, the least confusions per place that find it (1 … `MAX_TWO_SLIP_CONFUSIONS`). */
  twoSlipReach: number[];
}

/**
 * The same, split by where the neighbours lie: in the read's own province, or in another one
 * (the province read as another, with or without a further slip). The two are weighed by the
 * density of seals where they lie: a national watchlist is far denser in some provinces than in
 * the read's own. A read with no province has only `own` (its neighbours are counted per body).
 * Apart: the plates two unlike slips away in the read's own province, which only two-slip lookups
 * find, with the confusions per place each needs.
 */
export function neighbourScoresByProvince(read: string): Neighbours {
  const prepared = prepareRead(read, 0);
  const noProvince = classOfRead(prepared) === ReadClass.NoProvince;
  const body = noProvince && read.length && read.charCodeAt(0) >= HAN ? read.slice(1) : noProvince ? read : read.slice(1);
  const heads = noProvince ? ['京'] : [...PROVINCE_CHARS];
  const ownHead = noProvince ? '京' : read[0];
  const seen = new Set<string>();
  const own: number[] = [];
  const other: number[] = [];
  const twoSlip: number[] = [];
  const twoSlipReach: number[] = [];
  const consider = (head: string, b: string) => {
    const plate = head + b;
    if (plate === read || seen.has(plate)) return;
    const k = reach(plate, prepared.body);
    if (k > MAX_TWO_SLIP_CONFUSIONS) return;
    seen.add(plate);
    // A plate no car carries is no neighbour. (A read without a province stands for its body in every
    // province: its neighbours are counted in 京 for all of them, so only the format is asked there.)
    if (!(noProvince ? isValidPlate(plate) : isIssuedPlate(plate))) return;
    const s = textScore(codesOf(plate), 0, plate.length, prepared);
    if (!(s > 0)) return;
    if (k > 0) {
      twoSlip.push(s);
      twoSlipReach.push(k);
    } else (head === ownHead ? own : other).push(s);
  };
  // Substitutions in the body (up to `depth`), each variant handed to `emit`. Two that each leave
  // their fold class make a plate only two-slip lookups find (`reach` says with how many
  // confusions per place); further ones, none.
  const substitute = (b: string, from: number, depth: number, emit: (b: string) => void) => {
    emit(b);
    if (depth === 0) return;
    for (let i = from; i < b.length; i++) for (const c of BODY_CHARS) if (c !== b[i]) substitute(b.slice(0, i) + c + b.slice(i + 1), i + 1, depth - 1, emit);
  };
  // Same length: two substitutions, or another province and one.
  substitute(body, 0, 2, (b) => consider(ownHead, b));
  if (!noProvince) for (const head of heads) if (head !== ownHead) substitute(body, 0, 1, (b) => consider(head, b));
  // The plate has one more character (the read lost it) or one fewer (the read has an extra), and
  // one substitution or another province. The index finds such a plate only when every character
  // but one that may be anything (the one the read lost; the last of a plate one shorter) folds
  // like one of the read's: a substitution to any other class elsewhere is not enumerated.
  const readFolds = new Set(Array.from(prepared.body, (u) => FOLD[u]));
  const lostHere = (b: string, i: number) => {
    for (let k = 0, r = 0; k < b.length; k++) if (k !== i && FOLD[b.charCodeAt(k)] !== FOLD[prepared.body[r++]]) return false;
    return true;
  };
  const lengthChanged = (b: string, freeLast: boolean) => {
    consider(ownHead, b);
    for (let i = 0; i < b.length; i++) {
      const was = FOLD[b.charCodeAt(i)];
      const free = freeLast ? i === b.length - 1 : lostHere(b, i);
      for (const c of BODY_CHARS) {
        const fold = FOLD[c.charCodeAt(0)];
        if (c !== b[i] && (free || fold === was || readFolds.has(fold))) consider(ownHead, b.slice(0, i) + c + b.slice(i + 1));
      }
    }
    if (!noProvince) for (const head of heads) if (head !== ownHead) consider(head, b);
  };
  for (let i = 0; i <= body.length; i++) for (const c of BODY_CHARS) lengthChanged(body.slice(0, i) + c + body.slice(i), false);
  for (let i = 0; i < body.length; i++) lengthChanged(body.slice(0, i) + body.slice(i + 1), true);
  // An emergency plate whose 应急 the read lost whole: found only when the rest folds like the read.
  substitute(body, 0, 1, (b) => {
    if (!Array.from(b).every((c, i) => FOLD[c.charCodeAt(0)] === FOLD[prepared.body[i]])) return;
    consider(ownHead, `${b}应急`);
    if (!noProvince) for (const head of heads) if (head !== ownHead) consider(head, `${b}应急`);
  });
  return { own, other, twoSlip, twoSlipReach };
}

/**
 * Whether the index can find `plate` for a read with this body when two-slip lookups try
 * `twoSlips` confusions per place (`MatchOptions.twoSlips`; 0: none): `reach` ≤ `twoSlips`. A
 * plate the index cannot find cannot be raised, so it is no neighbour that costs false hits.
 */
export function findable(plate: string, readBody: ArrayLike<number>, twoSlips = 0): boolean {
  return reach(plate, readBody) <= twoSlips;
}

/**
 * How the index can find `plate` for a read with this body: 0 when the plate's body and the
 * read's, folded (`FOLD`), share one of the keys the index files plates under and looks reads up
 * by (`WatchlistIndex`'s candidates); k (1 … `MAX_TWO_SLIP_CONFUSIONS`) when only two-slip
 * lookups find it, with k confusions per place or more; Infinity when nothing does.
 *
 * Keys: equal length, they differ in at most one place. The read lost a character: the plate's
 * body without one of its characters is the read's (or, for an emergency plate, without 应急). The
 * read has an extra one: the read's body without one of its characters is the plate's, but for the
 * last place. Province and head are not part of any key. Two-slip lookups: equal length, the two differ in exactly two places, and at
 * one of them the plate's class is among the k likeliest `CROSS_CLASSES` of the read's character
 * (that one is put in the read's place, the other place masked).
 */
export function reach(plate: string, readBody: ArrayLike<number>): number {
  const start = plate.length && plate.charCodeAt(0) >= HAN ? 1 : 0;
  const n = plate.length - start;
  const m = readBody.length;
  const p = (i: number) => FOLD[plate.charCodeAt(start + i)];
  const r = (i: number) => FOLD[readBody[i]];
  if (m === n) {
    let first = -1;
    let second = -1;
    for (let i = 0; i < n; i++) {
      if (p(i) === r(i)) continue;
      if (first < 0) first = i;
      else if (second < 0) second = i;
      else return Infinity;
    }
    if (second < 0) return 0;
    return Math.min(crossRank(readBody[first], p(first)), crossRank(readBody[second], p(second)));
  }
  if (m === n - 1) {
    // The plate without its character d is the read: the first place they differ is d or later.
    let i = 0;
    while (i < m && p(i) === r(i)) i++;
    for (let k = i; k < m; k++) if (p(k + 1) !== r(k)) return Infinity;
    return 0;
  }
  if (m === n - 2 && plate.endsWith('应急')) {
    // 应急 lost whole: the plate's body without it, folded, is the read's.
    for (let i = 0; i < m; i++) if (p(i) !== r(i)) return Infinity;
    return 0;
  }
  if (m === n + 1) {
    for (let drop = 0; drop < m; drop++) {
      let same = true;
      for (let i = 0, k = 0; i < n - 1 && same; i++, k++) {
        if (k === drop) k++;
        same = p(i) === r(k);
      }
      if (same) return 0;
    }
  }
  return Infinity;
}

/** Rank of the fold unit `plateFold` among the read character's `CROSS_CLASSES` (1 likeliest), Infinity when not among them. */
function crossRank(readUnit: number, plateFold: number): number {
  const rank = plateFold < 128 ? CROSS_RANK[CHAR_CODE[readUnit] * 128 + plateFold] : 0;
  return rank === 0 ? Infinity : rank;
}

export interface NeighbourhoodTable {
  fingerprint: string;
  samples: number;
  /** Per read class, V at each point of `GRID` (the plates the index finds without two-slip lookups). */
  volume: number[][];
  /** Per read class, the part of V that lies in other provinces than the read's. */
  otherProvince: number[][];
  /**
   * Per count of confusions per place k = 1 … `MAX_TWO_SLIP_CONFUSIONS` (index k - 1), per read
   * class: what two-slip lookups with k add to V (plates in the read's own province).
   */
  twoSlips: number[][][];
}

/** V(t) of each class over `samples` seeded sample reads. */
export function measureNeighbourhood(samples: number, seed = 1, progress?: (cls: ReadClass, done: number) => void): NeighbourhoodTable {
  const volume: number[][] = [];
  const otherProvince: number[][] = [];
  const twoSlips: number[][][] = Array.from({ length: MAX_TWO_SLIP_CONFUSIONS }, () => []);
  const tally = (counts: Float64Array, score: number) => {
    const top = Math.min(GRID_POINTS - 1, Math.floor((Math.log10(score) - GRID_MIN_LOG10) * STEPS_PER_DECADE + 1e-9));
    for (let g = 0; g <= top; g++) counts[g]++;
  };
  const mean = (counts: Float64Array) => Array.from(counts, (c) => Math.round((c / samples) * 1000) / 1000);
  for (let cls = 0 as ReadClass; cls < READ_CLASSES; cls++) {
    const rng = seeded(seed + cls);
    const all = new Float64Array(GRID_POINTS);
    const elsewhere = new Float64Array(GRID_POINTS);
    // byReach[k - 1]: the two-slip neighbours that k confusions per place find and k - 1 do not.
    const byReach = Array.from({ length: MAX_TWO_SLIP_CONFUSIONS }, () => new Float64Array(GRID_POINTS));
    for (let s = 0; s < samples; s++) {
      const { own, other, twoSlip, twoSlipReach } = neighbourScoresByProvince(sampleRead(rng, cls));
      for (const score of own) tally(all, score);
      for (const score of other) {
        tally(all, score);
        tally(elsewhere, score);
      }
      for (let i = 0; i < twoSlip.length; i++) tally(byReach[twoSlipReach[i] - 1], twoSlip[i]);
      progress?.(cls, s + 1);
    }
    volume.push(mean(all));
    otherProvince.push(mean(elsewhere));
    const added = new Float64Array(GRID_POINTS);
    for (let k = 0; k < MAX_TWO_SLIP_CONFUSIONS; k++) {
      for (let g = 0; g < GRID_POINTS; g++) added[g] += byReach[k][g];
      twoSlips[k].push(mean(added));
    }
  }
  return { fingerprint: scorerFingerprint(), samples, volume, otherProvince, twoSlips };
}

/**
 * V(t) per read class on `GRID` when two-slip lookups try `twoSlips` confusions per place: what
 * the index finds without them and what they add. Index cls · 2 + 1: the part in other provinces
 * (two-slip lookups add none there that the table counts).
 */
export function volumesWithTwoSlips(table: NeighbourhoodTable, twoSlips: number): Float64Array[] {
  const k = Math.max(0, Math.min(MAX_TWO_SLIP_CONFUSIONS, Math.floor(twoSlips)));
  const out: Float64Array[] = [];
  for (let cls = 0; cls < READ_CLASSES; cls++) {
    const v = Float64Array.from(table.volume[cls]);
    if (k > 0) for (let g = 0; g < v.length; g++) v[g] += table.twoSlips[k - 1][cls][g];
    out.push(v, Float64Array.from(table.otherProvince[cls]));
  }
  return out;
}
