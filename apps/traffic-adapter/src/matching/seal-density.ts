import * as contracts from '@app/contracts';
import { ReadClass } from './neighbourhood';
import { PreparedRead } from './plate-match';

const { PROVINCE_CHARS } = contracts;

/**
 * How densely the watchlist covers the plates around a read: ρ, the chance that a plate near the
 * read is sealed, which with the neighbourhood volume V(t) bounds the read's false hits (ρ · V(t),
 * see `false-hit-budget.ts`).
 *
 * Seals are counted by prefix (province and authority letter: where a car is registered), by
 * authority letter alone (for reads that lost their province, whose neighbours are in every
 * province), and by shape (the body's length and which of its places hold letters: 桂P12345 and
 * 桂PA1234 are issued from spaces of 10^5 and 2.4·10^5 serials, new-energy plates from others).
 * The density around a read is its prefix's seals, spread over shapes as the whole watchlist's
 * are, divided by the plates of the shape:
 *
 *     ρ = (seals of the prefix + 1) · share of the shape / plates of the shape
 *
 * taking the shape's own, or the average over the shapes of the plates within one or two
 * letter-for-digit slips (as many as lie in each), whichever is densest: the neighbours that
 * score best mostly share the read's shape, but a misread such as 桂PB1DZ5 often has a shape few
 * plates have while its neighbours have common ones. A read one character short of a plate takes
 * the shapes it could have lost the character from (`aroundLostOne`), one a character longer
 * than a 7-character plate's the shapes left when one of its characters is dropped (an
 * 8-character shape's density takes them in); other reads no plate can be the mean over every
 * shape. A read whose authority is no letter (a
 * misread of one) takes its province's seals over the 24 letters. So a court's watchlist of local
 * cars is dense around local reads and thin elsewhere, and a national one is denser around
 * capitals (the A prefixes) than around small prefectures. The + 1 keeps a read whose prefix holds no seal from counting as
 * certainly clear (its neighbours in other prefixes may be sealed). Counts change with every seal
 * added or removed; the shape averages are recomputed lazily.
 */

// Held in module constants: an imported enum is read through a getter under a bundler, once per read here.
const NO_PROVINCE: ReadClass = ReadClass.NoProvince;
const NOT_A_PLATE: ReadClass = ReadClass.NotAPlate;
const PROVINCES = PROVINCE_CHARS.length + 1;
const AUTHORITIES = 27;
/** Body lengths 6 and 7 (7- and 8-character plates), each with a letter mask over its places after the authority letter. */
const SHAPES = 32 + 64;
const SHAPE_SPACE = new Float64Array(SHAPES);
for (let shape = 0; shape < SHAPES; shape++) {
  const places = shape < 32 ? 5 : 6;
  const mask = shape < 32 ? shape : shape - 32;
  let space = 1;
  for (let i = 0; i < places; i++) space *= mask & (1 << i) ? 24 : 10;
  SHAPE_SPACE[shape] = space;
}
/**
 * What the shares of shapes are before the watchlist says otherwise, worth `PRIOR_SEALS` seals:
 * plates spread evenly over the shapes issued in numbers (GA 36-2018): ordinary serials with at
 * most two letters for nine cars in ten, small new-energy serials (series letter, a letter or
 * digit, four digits) and large ones (five digits, series letter) for the tenth. Every other shape
 * keeps a sliver, so no read counts as certainly clear. A small watchlist's shapes are mostly
 * this; a large one's are its own.
 */
const PRIOR_SEALS = 20;
const PRIOR_SHARE = (() => {
  const prior = new Float64Array(SHAPES).fill(1e-6);
  const bits = (m: number) => m.toString(2).split('').filter((b) => b === '1').length;
  const spread = (shapes: number[], mass: number) => {
    const space = shapes.reduce((sum, s) => sum + SHAPE_SPACE[s], 0);
    for (const s of shapes) prior[s] += (mass * SHAPE_SPACE[s]) / space;
  };
  spread(Array.from({ length: 32 }, (_, m) => m).filter((m) => bits(m) <= 2), 0.9);
  // Places after the authority letter: small new energy L?DDDD (bit 0 the series letter, bit 1 a letter or digit), large DDDDDL.
  spread([32 + 0b000001, 32 + 0b000011, 32 + 0b100000], 0.1);
  const total = prior.reduce((x, y) => x + y, 0);
  return prior.map((p) => p / total);
})();
/**
 * Where a shape's neighbours lie: for every plate of shape s, how many plates within one and
 * within two substitutions of it have shape s' (a digit for a digit keeps the shape, 9 ways; a
 * letter for a digit flips that place, 24 ways; a letter for a letter 23, a digit for a letter
 * 10), as [shape, neighbours] pairs, one list for each reach.
 */
const SHAPE_NEIGHBOURS: ReadonlyArray<readonly [ReadonlyArray<readonly [number, number]>, ReadonlyArray<readonly [number, number]>]> = Array.from({ length: SHAPES }, (_, shape) => {
  const places = shape < 32 ? 5 : 6;
  const base = shape < 32 ? 0 : 32;
  const mask = shape - base;
  const one = new Map<number, number>();
  const two = new Map<number, number>();
  const add = (to: Map<number, number>, m: number, w: number) => to.set(base + m, (to.get(base + m) ?? 0) + w);
  const letter = (i: number) => (mask & (1 << i)) !== 0;
  const keep = (i: number) => (letter(i) ? 23 : 9);
  const flip = (i: number) => (letter(i) ? 10 : 24);
  for (let i = 0; i < places; i++) {
    for (const to of [one, two]) {
      add(to, mask, keep(i));
      add(to, mask ^ (1 << i), flip(i));
    }
    for (let j = i + 1; j < places; j++) {
      add(two, mask, keep(i) * keep(j));
      add(two, mask ^ (1 << i), flip(i) * keep(j));
      add(two, mask ^ (1 << j), keep(i) * flip(j));
      add(two, mask ^ (1 << i) ^ (1 << j), flip(i) * flip(j));
    }
  }
  return [[...one], [...two]] as const;
});
/** Authority letters a province may use. */
const LETTER_AUTHORITIES = 24;
/** Provinces other than a read's own. */
const OTHER_PROVINCES = PROVINCE_CHARS.length - 1;

const PROVINCE_INDEX = new Uint8Array(0x10000).fill(PROVINCES - 1);
for (let i = 0; i < PROVINCE_CHARS.length; i++) PROVINCE_INDEX[PROVINCE_CHARS.charCodeAt(i)] = i;

function authorityOf(unit: number): number {
  return unit >= 0x41 && unit <= 0x5a ? unit - 0x41 : AUTHORITIES - 1;
}

/** Shape of a body given as units `body[from .. from + length)`, or -1 when no plate has that length. */
function shapeOf(body: ArrayLike<number>, from: number, length: number): number {
  if (length !== 6 && length !== 7) return -1;
  let mask = 0;
  for (let i = 1; i < length; i++) {
    const u = body[from + i];
    if (u >= 0x41 && u <= 0x5a) mask |= 1 << (i - 1);
  }
  return (length === 6 ? 0 : 32) + mask;
}

/** Prefixes a plate may carry: a province and an authority letter (`prefixOfPlate`). */
export const PREFIXES = PROVINCES * AUTHORITIES;

/**
 * The prefix of a plate or read (its province and authority letter, 桂P) as an index below
 * `PREFIXES`, or -1 when it names no province or its authority is no letter (a lost province, a
 * glyph on no plate, 使).
 */
export function prefixOfPlate(plate: string): number {
  if (plate.length < 2) return -1;
  const p = PROVINCE_INDEX[plate.charCodeAt(0)];
  const a = authorityOf(plate.charCodeAt(1));
  return p === PROVINCES - 1 || a === AUTHORITIES - 1 ? -1 : p * AUTHORITIES + a;
}

export class SealDensity {
  private readonly prefix = new Float64Array(PROVINCES * AUTHORITIES);
  private readonly province = new Float64Array(PROVINCES);
  private readonly authority = new Float64Array(AUTHORITIES);
  private readonly shape = new Float64Array(SHAPES);
  private total = 0;
  private version = 0;
  private meanAt = -1;
  private mean = 0;
  /** Per shape, the density per seal of a prefix around it (lazily, at `meanAt`). */
  private readonly around = new Float64Array(SHAPES);

  reset(): void {
    this.prefix.fill(0);
    this.province.fill(0);
    this.authority.fill(0);
    this.shape.fill(0);
    this.total = 0;
    this.version++;
  }

  /** Counts a plate (units `plate[off .. off + length)`) in (`sign` 1) or out (-1). */
  count(plate: ArrayLike<number>, off: number, length: number, sign: 1 | -1): void {
    const a = authorityOf(plate[off + 1]);
    this.prefix[PROVINCE_INDEX[plate[off]] * AUTHORITIES + a] += sign;
    this.province[PROVINCE_INDEX[plate[off]]] += sign;
    this.authority[a] += sign;
    const s = shapeOf(plate, off + 1, length - 1);
    if (s >= 0) this.shape[s] += sign;
    this.total += sign;
    this.version++;
  }

  get size(): number {
    return this.total;
  }

  /**
   * The share of the watchlist's seals a read under a prefix (`prefixOfPlate`) may be of: the
   * prefix's own, and those of its authority letter in other provinces, counted as the density
   * counts a read's neighbours there (per province, `otherProvinces`), since a province is misread
   * as another; each prefix half a seal more (so one without seals is rare, not impossible). Its
   * sum over every prefix is 1.
   */
  prefixShare(prefix: number): number {
    const a = prefix % AUTHORITIES;
    const elsewhere = this.authority[a] - this.prefix[prefix];
    // Every seal counts once under its own prefix and 1 / OTHER_PROVINCES under each of the PROVINCES - 1 others' rows.
    return (this.prefix[prefix] + elsewhere / OTHER_PROVINCES + 0.5) / (this.total * (1 + (PROVINCES - 1) / OTHER_PROVINCES) + 0.5 * PREFIXES);
  }

  /** ρ around a read of class `cls`. */
  of(read: PreparedRead, cls: ReadClass): number {
    const body = read.body;
    const a = body.length ? authorityOf(body[0]) : AUTHORITIES - 1;
    const letter = a < AUTHORITIES - 1;
    const p = PROVINCE_INDEX[read.head];
    const seals =
      cls === NO_PROVINCE
        ? letter ? this.authority[a] : this.total / LETTER_AUTHORITIES
        : letter ? this.prefix[p * AUTHORITIES + a] : this.province[p] / LETTER_AUTHORITIES;
    this.update();
    if (cls === NOT_A_PLATE) return (seals + 1) * (body.length === 5 ? this.aroundLostOne(body) : this.mean);
    // A read a character longer than a 7-character plate (`Longer`) has an 8-character shape, whose
    // density takes in the shapes left when one character is dropped; a longer one, none: the mean.
    const s = shapeOf(body, 0, body.length);
    return (seals + 1) * (s >= 0 ? this.around[s] : this.mean);
  }

  /**
   * The density around the plates a body one character short of a 7-character plate's could have
   * lost a character from: each place after the authority letter it could have been at, a digit (10
   * plates) or a letter (24), weighted by the plates each puts there. A read such as 桂PB686 comes
   * from plates with a letter, 桂P9021 mostly from plates of digits alone, whose shapes a
   * watchlist may fill very differently.
   */
  private aroundLostOne(body: ArrayLike<number>): number {
    let mask = 0;
    for (let i = 1; i < 5; i++) if (body[i] >= 0x41 && body[i] <= 0x5a) mask |= 1 << (i - 1);
    let sum = 0;
    for (let at = 0; at < 5; at++) {
      // Places before `at` keep their bits, places from `at` on move one up.
      const spread = (mask & ((1 << at) - 1)) | ((mask >>> at) << (at + 1));
      sum += 10 * this.around[spread] + 24 * this.around[spread | (1 << at)];
    }
    return sum / (5 * 34);
  }

  /**
   * ρ in the other provinces around a read that has one: the seals of its authority letter (or,
   * for a read whose authority is no letter, of any) in every other province, per province, spread
   * over shapes as `of` spreads its own. A national watchlist holds far more seals in some
   * provinces than in a read's own, and a read's neighbours with another province lie there.
   */
  otherProvinces(read: PreparedRead): number {
    const body = read.body;
    const a = body.length ? authorityOf(body[0]) : AUTHORITIES - 1;
    const p = PROVINCE_INDEX[read.head];
    const elsewhere = a < AUTHORITIES - 1 ? this.authority[a] - this.prefix[p * AUTHORITIES + a] : (this.total - this.province[p]) / LETTER_AUTHORITIES;
    const s = shapeOf(body, 0, body.length);
    this.update();
    return (elsewhere / OTHER_PROVINCES + 1) * (s >= 0 ? this.around[s] : this.mean);
  }

  private shareOf(shape: number): number {
    return (this.shape[shape] + PRIOR_SEALS * PRIOR_SHARE[shape]) / (this.total + PRIOR_SEALS);
  }

  /**
   * Recomputes, after any change, the density per prefix seal around each shape and the mean a plate of a random shape sees (Σ share² /
   * plates of the shape), for reads whose shape is unknown.
   */
  private update(): void {
    if (this.meanAt === this.version) return;
    let mean = 0;
    for (let s = 0; s < SHAPES; s++) mean += this.shareOf(s) ** 2 / SHAPE_SPACE[s];
    this.mean = mean;
    for (let s = 0; s < SHAPES; s++) {
      let around = this.shareOf(s) / SHAPE_SPACE[s];
      for (const reach of SHAPE_NEIGHBOURS[s]) {
        let sum = 0;
        let weight = 0;
        for (const [n, w] of reach) {
          sum += (w * this.shareOf(n)) / SHAPE_SPACE[n];
          weight += w;
        }
        around = Math.max(around, sum / weight);
      }
      if (s >= 32) {
        // A long body (an 8-character plate) has neighbours one character shorter (the read holds
        // an extra one), in the far denser spaces of 7-character plates: the shapes left when one
        // of its places is dropped.
        let sum = 0;
        for (let drop = 0; drop < 6; drop++) {
          const mask = s - 32;
          const shorter = (mask & ((1 << drop) - 1)) | ((mask >>> (drop + 1)) << drop);
          sum += this.shareOf(shorter) / SHAPE_SPACE[shorter];
        }
        around = Math.max(around, sum / 6);
      }
      this.around[s] = around;
    }
    this.meanAt = this.version;
  }
}
