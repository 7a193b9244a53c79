import * as contracts from '@app/contracts';
import { AttributeName, AttributeVerdict, PlateColor, VehicleAttributes, VehicleColor, VehicleType } from '@app/contracts';
import { evidenceVolume, FACTOR_BINS, FACTOR_CENTRE, FactorMix, mixOf, STEPS, TEXT_ONLY_MIX } from './false-hit-budget';

const { attributeVerdict, brandKey } = contracts;

/**
 * How what the camera saw of the vehicle weighs on a possible hit: a likelihood ratio per
 * attribute, P(the camera reports this | the car is the sealed one) / P(it reports this | the car
 * is some other car), multiplied into the text score.
 *
 * - The camera's side is an assumption about checkpoint cameras, stated here (`CAMERA_ACCURACY`):
 *   vendors quote make recognition above 90 % from the front and above 70 % from the rear, plate
 *   colour is nearly always right, body colour is often called by a neighbouring shade (silver
 *   for grey) and now and then by another.
 * - The other car's side is how common the value is: taken from the watchlist itself (the
 *   registered vehicles of the seals are a sample of the fleet), among plates of the read's kind
 *   (`PlateGroup`), so agreeing on a rare colour or make counts for more than agreeing on white
 *   or on the commonest make, and a trailer make among trailers is no rare make.
 *
 * So agreement on colour, make and type multiplies a possible hit by tens (an innocent neighbour
 * rarely agrees on all three), one contradiction divides it by five to ten (a camera gets one
 * attribute wrong now and then), two sink it. Unknown (either side) is neutral, 1.
 */
export const CAMERA_ACCURACY: Readonly<Record<AttributeName, { right: number; near: number }>> = {
  plateColor: { right: 0.95, near: 0.03 },
  vehicleColor: { right: 0.85, near: 0.1 },
  vehicleBrand: { right: 0.8, near: 0 },
  vehicleType: { right: 0.85, near: 0.1 },
};
/**
 * Bounds of one attribute's ratio: shares estimated from a small watchlist are rough, a
 * registration may use another name for a colour, and no single attribute should decide alone.
 */
export const MAX_ATTRIBUTE_RATIO = 20;
export const MIN_ATTRIBUTE_RATIO = 0.05;
/**
 * Plate colour follows the plate's kind (new energy green, trailers and trucks yellow), which the
 * text already says: its agreement adds almost nothing, its contradiction still counts.
 */
export const MAX_PLATE_COLOR_RATIO = 1.2;
/** Makes on the market a watchlist's shares leave room for, however few it names (China's fleet counts well over a hundred). */
export const MIN_MAKES = 40;

/** A vehicle description prepared once for many comparisons: brand as its canonical key. */
export interface PreparedVehicle {
  plateColor: string | null;
  vehicleColor: string | null;
  vehicleType: string | null;
  brand: string | null;
}

/** `other` says nothing about a car. */
function known(x: string | null | undefined): string | null {
  return x && x !== 'other' ? x : null;
}

export function prepareVehicle(v: VehicleAttributes | undefined): PreparedVehicle | null {
  if (!v) return null;
  const prepared = { plateColor: v.plateColor ?? null, vehicleColor: known(v.vehicleColor), vehicleType: known(v.vehicleType), brand: brandKey(v.vehicleBrand) };
  return prepared.plateColor || prepared.vehicleColor || prepared.vehicleType || prepared.brand ? prepared : null;
}

export const PLATE_COLORS = Object.values(PlateColor);
export const VEHICLE_COLORS = Object.values(VehicleColor);
export const VEHICLE_TYPES = Object.values(VehicleType);

/** Attribute slots of a code vector: plate colour, body colour, type (index + 1 in the value lists, 0 unknown), brand key id (0 unknown, -1 a brand no seal has). */
export const enum Slot {
  PlateColor = 0,
  VehicleColor = 1,
  VehicleType = 2,
  Brand = 3,
  /** The kind of plate (`PlateGroup`): a seal's plate's, a read's own. */
  Group = 4,
}
/** Seals of a kind of plate the shares of all seals weigh as (`AttributeEvidence`). */
export const KIND_PRIOR_SEALS = 20;
const ENUMERATED: ReadonlyArray<readonly [AttributeName, readonly string[]]> = [
  ['plateColor', PLATE_COLORS],
  ['vehicleColor', VEHICLE_COLORS],
  ['vehicleType', VEHICLE_TYPES],
];
/** Most reports `factorsGiven` keeps between refreshes. */
const MAX_CACHED_REPORTS = 4096;

/**
 * Hard differences, by sealed code × (values + 1) + seen code, for body colour and type: not the
 * same, not a neighbouring shade or kind (silver for grey, an SUV for a saloon), not `other`.
 * Fixed by the values, not by the watchlist.
 */
function differsTable<T extends string>(name: AttributeName, values: readonly T[], other: T): Uint8Array {
  const n = values.length + 1;
  const out = new Uint8Array(n * n);
  for (let s = 0; s < values.length; s++) {
    for (let v = 0; v < values.length; v++) {
      if (values[s] !== other && values[v] !== other && attributeVerdict(name, values[s], values[v]) === AttributeVerdict.Differ) out[(s + 1) * n + v + 1] = 1;
    }
  }
  return out;
}
const COLOR_DIFFERS = differsTable('vehicleColor', VEHICLE_COLORS, VehicleColor.Other);
const TYPE_DIFFERS = differsTable('vehicleType', VEHICLE_TYPES, VehicleType.Other);
/** The enumerated slots whose agreement describes the vehicle itself (plate colour follows the plate's kind). */
const AGREEMENT_SLOTS = [Slot.VehicleColor, Slot.VehicleType] as const;

/**
 * The most a share could be when `k` of `n` counted have the value: the upper end of the Wilson
 * score interval (one-sided, 95 %). Three white cars of five say little; three hundred of a
 * thousand say about 0.32.
 */
export function shareUpperBound(k: number, n: number): number {
  if (!(n > 0)) return 1;
  const z = 1.645;
  const p = k / n;
  const z2 = (z * z) / n;
  return Math.min(1, (p + z2 / 2 + z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n))) / (1 + z2));
}

function clampRatio(x: number, max = MAX_ATTRIBUTE_RATIO): number {
  return Math.min(max, Math.max(MIN_ATTRIBUTE_RATIO, x));
}

/** Histogram bin of a factor on the log grid the false-hit budget uses. */
function binOf(factor: number): number {
  return Math.max(0, Math.min(FACTOR_BINS - 1, Math.round(Math.log10(factor) * STEPS) + FACTOR_CENTRE));
}

/**
 * The attribute evidence among the seals of one kind of plate (or of all): value counts kept in
 * step with the seals, and the ratios and distributions computed from them (`compute`), shares
 * shrunk towards another's (all seals') by `KIND_PRIOR_SEALS`.
 */
class KindEvidence {
  /** Per enumerated attribute: seals per value code (0: unknown). */
  private readonly counts = ENUMERATED.map(([, values]) => new Float64Array(values.length + 1));
  private brandCounts = new Float64Array(64);
  private total = 0;
  private computedAt = -1;

  /** Per enumerated attribute: ratio by sealed code × (values + 1) + seen code; 1 where either is unknown. */
  readonly ratios: Float64Array[] = ENUMERATED.map(([, values]) => new Float64Array((values.length + 1) ** 2).fill(1));
  /** Per brand key id: the ratio when the camera names the same make, and when it names another. */
  brandAgree = new Float64Array(64).fill(1);
  brandDiffer = new Float64Array(64).fill(1);
  /** The two ratios of a make no seal had at the last computation (until then: unknown, 1). */
  private unseenBrandAgree = 1;
  private unseenBrandDiffer = 1;
  /** Per attribute slot: the best ratio each seen code can earn (agreement), for pruning. */
  readonly bestRatio: Float64Array[] = [...ENUMERATED.map(([, values]) => new Float64Array(values.length + 1).fill(1)), new Float64Array(0)];
  /**
   * Per enumerated attribute and per brand key: the most the share of that value among cars could
   * be, given how few seals it is counted from (`shareUpperBound`), for `agreementChance`.
   */
  private readonly upperShare = ENUMERATED.map(([, values]) => new Float64Array(values.length + 1).fill(1));
  private brandUpperShare = new Float64Array(64).fill(1);
  /** Per enumerated attribute: each value's share among these seals (by value index), as last computed. */
  private readonly shares: number[][] = [];
  /** A make's share among these seals, by brand key id, as last computed. */
  private brandShare: (k: number) => number = () => 0;
  /** The evidence these shares were shrunk towards at the last computation, if any. */
  private parent: KindEvidence | undefined;
  /** Per enumerated attribute and seen code: the histogram of log ratios a read reporting that value earns against a random seal. */
  private readonly innocentGiven: Float64Array[][] = [];
  /** The same for a reported make, by brand key id + 1, computed on first use after each refresh. */
  private readonly brandGiven = new Map<number, Float64Array>();
  /** What a read reporting these codes earns (`factorsGiven`) and its volumes (`volumeGiven`), by its codes, computed on first use after each refresh. */
  private readonly given = new Map<number, { mix: FactorMix; volumes: (Float64Array | undefined)[] }>();

  reset(): void {
    for (const c of this.counts) c.fill(0);
    this.brandCounts.fill(0);
    this.total = 0;
    this.computedAt = -1;
  }

  /** Counts a seal's codes in (`sign` 1) or out (-1). */
  count(codes: ArrayLike<number>, sign: 1 | -1): void {
    for (let a = 0; a < ENUMERATED.length; a++) this.counts[a][codes[a]] += sign;
    const brand = codes[Slot.Brand];
    if (brand > 0) {
      if (brand >= this.brandCounts.length) this.growBrands(brand + 1);
      this.brandCounts[brand] += sign;
    }
    this.total += sign;
  }

  /** Whether the seals counted changed by more than a hundredth since the last computation. */
  get stale(): boolean {
    // A small watchlist is recomputed on every change (one seal is a large part of it).
    return !(this.computedAt >= 0 && Math.abs(this.total - this.computedAt) < Math.max(1, this.computedAt / 100));
  }

  /** Recomputes the ratios, with the shares shrunk towards `parent`'s (computed first) when given. */
  compute(parent?: KindEvidence): void {
    this.computedAt = this.total;
    this.parent = parent;
    this.innocentGiven.length = 0;
    this.brandGiven.clear();
    this.given.clear();
    for (const [a, [name, values]] of ENUMERATED.entries()) this.computeEnumerated(a, name, values, parent);
    this.computeBrands(parent);
  }

  /** The ratio of a seal's codes against a read's: table lookups, nothing built. */
  factor(sealed: ArrayLike<number>, seen: ArrayLike<number>): number {
    let f = 1;
    for (let a = 0; a < 3; a++) f *= this.ratios[a][sealed[a] * this.width(a) + seen[a]];
    const brand = sealed[Slot.Brand];
    if (brand > 0 && seen[Slot.Brand] !== 0) f *= seen[Slot.Brand] === brand ? this.brandAgree[brand] : this.brandDiffer[brand];
    return f;
  }

  /**
   * The camera's description contradicts the seal on what it sees of the vehicle itself: a body
   * colour that is neither the seal's nor a neighbouring shade, another make, or a vehicle of
   * another class (a lorry for a saloon; car, SUV and MPV are near, not different). These tell
   * an innocent look-alike from the sealed car (issue 13), and the look-alike rule
   * (`false-hit-budget.ts`, `heldAsLookAlike`) holds such a possible hit to a floor the budget
   * cannot lower. Plate colour is left out: it follows the plate's kind, which the text already
   * says, and lighting turns it; it still weighs in the ratio.
   */
  contradicts(sealed: ArrayLike<number>, seen: ArrayLike<number>): boolean {
    const brand = sealed[Slot.Brand];
    return (
      COLOR_DIFFERS[sealed[Slot.VehicleColor] * (VEHICLE_COLORS.length + 1) + seen[Slot.VehicleColor]] === 1 ||
      TYPE_DIFFERS[sealed[Slot.VehicleType] * (VEHICLE_TYPES.length + 1) + seen[Slot.VehicleType]] === 1 ||
      (brand > 0 && seen[Slot.Brand] !== 0 && seen[Slot.Brand] !== brand)
    );
  }

  /** The part of `factor` the contradictions make: the product of the ratios of a differing body colour, type and make (1 when none differs). */
  contradiction(sealed: ArrayLike<number>, seen: ArrayLike<number>): number {
    const colors = VEHICLE_COLORS.length + 1;
    const types = VEHICLE_TYPES.length + 1;
    const color = sealed[Slot.VehicleColor] * colors + seen[Slot.VehicleColor];
    const type = sealed[Slot.VehicleType] * types + seen[Slot.VehicleType];
    let f = COLOR_DIFFERS[color] ? this.ratios[Slot.VehicleColor][color] : 1;
    if (TYPE_DIFFERS[type]) f *= this.ratios[Slot.VehicleType][type];
    const brand = sealed[Slot.Brand];
    if (brand > 0 && seen[Slot.Brand] !== 0 && seen[Slot.Brand] !== brand) f *= this.brandDiffer[brand];
    return f;
  }

  /**
   * How often, at most, a random car would agree with the seal wherever this report does: the
   * product, over the body colour, type and make the camera reported exactly as sealed, of the
   * share of that value among the seals' vehicles, taken at its upper bound (`shareUpperBound`),
   * since a court's few dozen seals make a common colour look rare. 1 when nothing agrees. An
   * innocent look-alike agrees by chance with a seal's white saloon often, with its purple MPV
   * hardly ever, and then a contradiction elsewhere is more likely the camera's error on the
   * sealed car (`false-hit-budget.ts`, `RARE_AGREEMENT_CHANCE`).
   */
  agreementChance(sealed: ArrayLike<number>, seen: ArrayLike<number>): number {
    let chance = 1;
    for (const a of AGREEMENT_SLOTS) if (sealed[a] !== 0 && sealed[a] === seen[a]) chance *= this.upperShare[a][sealed[a]];
    const brand = sealed[Slot.Brand];
    if (brand > 0 && seen[Slot.Brand] === brand) chance *= brand < this.brandUpperShare.length ? this.brandUpperShare[brand] : 1;
    return chance;
  }

  /** The most the read's attributes can multiply a text score by (every one agreeing). */
  maxFactor(seen: ArrayLike<number>): number {
    let f = 1;
    for (let a = 0; a < 3; a++) if (seen[a]) f *= this.bestRatio[a][seen[a]];
    const brand = seen[Slot.Brand];
    if (brand > 0) f *= Math.max(1, this.brandAgree[brand]);
    return f;
  }

  /**
   * What an innocent car whose camera reports exactly these codes earns against a random seal:
   * the distribution of the ratio f (`factor`) over the seals' values, which makes a read's
   * neighbourhood volume on the evidence grid V(t) = Σ_f P(f) · V_text(t / f)
   * (`false-hit-budget.ts`, `evidenceVolume`). Conditioned on the read's own values: a read
   * reporting a white car (60 % of seals) can earn only white's small ratio by agreeing, one
   * reporting a purple car purple's large one, where the distribution over every report mixes
   * the two, and so asked too much of the first and too little of the second.
   */
  factorsGiven(seen: ArrayLike<number>): FactorMix {
    return this.reportOf(seen).mix;
  }

  /**
   * The neighbourhood volume on the evidence grid of a read reporting these codes,
   * V(t) = Σ_f P(f) · V_text(t / f), for the text volume `text(key)` (the index's volumes by
   * class, part and two-slip lookups): computed once per report and key after each refresh.
   */
  volumeGiven(seen: ArrayLike<number>, key: number, text: (key: number) => ArrayLike<number>): Float64Array {
    const report = this.reportOf(seen);
    return (report.volumes[key] ??= evidenceVolume(text(key), report.mix));
  }

  private reportOf(seen: ArrayLike<number>): { mix: FactorMix; volumes: (Float64Array | undefined)[] } {
    const key = (((seen[Slot.Brand] + 1) * 16 + seen[Slot.VehicleType]) * 16 + seen[Slot.VehicleColor]) * 8 + seen[Slot.PlateColor];
    let report = this.given.get(key);
    if (!report) {
      let mix = TEXT_ONLY_MIX;
      if (seen[0] || seen[1] || seen[2] || seen[3]) {
        let dist: Float64Array = new Float64Array(FACTOR_BINS);
        dist[FACTOR_CENTRE] = 1;
        for (let a = 0; a < 3; a++) if (seen[a]) dist = convolve(dist, this.innocentGiven[a][seen[a]]);
        if (seen[Slot.Brand] !== 0) dist = convolve(dist, this.brandHistogramGiven(seen[Slot.Brand]));
        mix = mixOf(dist);
      }
      report = { mix, volumes: [] };
      // Reports repeat (a fleet's colours, types and makes): a bounded cache keeps the common ones.
      if (this.given.size >= MAX_CACHED_REPORTS) this.given.clear();
      this.given.set(key, report);
    }
    return report;
  }

  private brandHistogramGiven(seen: number): Float64Array {
    let hist = this.brandGiven.get(seen + 1);
    if (hist) return hist;
    hist = new Float64Array(FACTOR_BINS);
    let known = 0;
    for (let k = 1; k < this.brandCounts.length; k++) if (this.brandCounts[k] > 0) known += this.brandCounts[k];
    const unknownShare = this.total > 0 ? Math.max(0, 1 - known / this.total) : 0;
    hist[FACTOR_CENTRE] += unknownShare;
    // The makes these seals or the parent's have, as often as the (shrunk) shares say: a kind with
    // few seals has the makes the parent's seals have too.
    const parent = this.parent;
    const has = (k: number) => this.brandCounts[k] > 0 || (parent !== undefined && k < parent.brandCounts.length && parent.brandCounts[k] > 0);
    let sum = 0;
    for (let k = 1; k < this.brandCounts.length; k++) if (has(k)) sum += this.brandShare(k);
    for (let k = 1; k < this.brandCounts.length; k++) {
      if (!has(k) || !(sum > 0)) continue;
      hist[binOf(k === seen ? this.brandAgree[k] : this.brandDiffer[k])] += ((1 - unknownShare) * this.brandShare(k)) / sum;
    }
    this.brandGiven.set(seen + 1, hist);
    return hist;
  }

  private width(a: number): number {
    return ENUMERATED[a][1].length + 1;
  }

  private computeEnumerated(a: number, name: AttributeName, values: readonly string[], parent?: KindEvidence): void {
    const n = values.length + 1;
    const counts = this.counts[a];
    // Shares among seals that say something (add-one, so an unseen value is rare, not impossible,
    // or shrunk towards the parent's); `other` says nothing.
    const usable = values.map((v) => v !== 'other');
    const known = values.reduce((s, _, i) => s + (usable[i] ? counts[i + 1] : 0), 0);
    const kinds = usable.filter(Boolean).length;
    const share = values.map((_, i) =>
      !usable[i] ? 0 : parent ? (counts[i + 1] + KIND_PRIOR_SEALS * parent.shares[a][i]) / (known + KIND_PRIOR_SEALS) : (counts[i + 1] + 1) / (known + kinds),
    );
    this.shares[a] = share;
    const { right, near } = CAMERA_ACCURACY[name];
    const upper = this.upperShare[a];
    for (let i = 0; i < values.length; i++) upper[i + 1] = usable[i] ? shareUpperBound(counts[i + 1], known) : 1;
    const ratios = this.ratios[a];
    const best = this.bestRatio[a];
    ratios.fill(1);
    best.fill(1);
    const unknownShare = this.total > 0 ? 1 - known / this.total : 0;
    for (let s = 0; s < values.length; s++) {
      if (!usable[s]) continue;
      let nearShare = 0;
      for (let v = 0; v < values.length; v++) if (usable[v] && v !== s && attributeVerdict(name, values[s], values[v]) === AttributeVerdict.Near) nearShare += share[v];
      for (let v = 0; v < values.length; v++) {
        if (!usable[v]) continue;
        const verdict = attributeVerdict(name, values[s], values[v]);
        const raw =
          verdict === AttributeVerdict.Agree ? right / share[s] : verdict === AttributeVerdict.Near ? near / Math.max(nearShare, 1e-9) : (1 - right - near) / Math.max(1 - share[s] - nearShare, 1e-9);
        const ratio = clampRatio(raw, name === 'plateColor' ? MAX_PLATE_COLOR_RATIO : MAX_ATTRIBUTE_RATIO);
        ratios[(s + 1) * n + v + 1] = ratio;
        best[v + 1] = Math.max(best[v + 1], ratio);
      }
    }
    // What a read reporting value v meets: a random seal's value s, as the seals have them.
    this.innocentGiven[a] = Array.from({ length: n }, (_, v) => {
      const given = new Float64Array(FACTOR_BINS);
      given[FACTOR_CENTRE] += Math.max(0, unknownShare);
      for (let s = 0; s < values.length; s++) if (usable[s]) given[binOf(v === 0 ? 1 : ratios[(s + 1) * n + v])] += (1 - Math.max(0, unknownShare)) * share[s];
      return given;
    });
  }

  private computeBrands(parent?: KindEvidence): void {
    const keys = this.brandCounts.length;
    let known = 0;
    let kinds = 0;
    for (let k = 1; k < keys; k++) {
      if (this.brandCounts[k] > 0) {
        known += this.brandCounts[k];
        kinds++;
      }
    }
    const { right } = CAMERA_ACCURACY.vehicleBrand;
    // Makes no seal has still exist: the add-one shares leave room for as many again as the watchlist
    // knows, and for at least `MIN_MAKES` in all (a small watchlist names few of the market's makes).
    const own = (k: number) => ((k < keys ? this.brandCounts[k] : 0) + 1) / (known + Math.max(2 * kinds, MIN_MAKES));
    const share = parent ? (k: number) => ((k < keys ? this.brandCounts[k] : 0) + KIND_PRIOR_SEALS * parent.brandShare(k)) / (known + KIND_PRIOR_SEALS) : own;
    this.brandShare = share;
    this.brandAgree.fill(1);
    this.brandDiffer.fill(1);
    this.brandUpperShare.fill(1);
    // A make no seal had when this was computed (one added since, or a key id left over) is as rare
    // as the add-one share says: a contradiction on it counts as on any rare make, not as nothing.
    this.unseenBrandAgree = clampRatio(right / share(0));
    this.unseenBrandDiffer = clampRatio((1 - right) / (1 - share(0)));
    for (let k = 1; k < keys; k++) {
      const p = share(k);
      this.brandAgree[k] = clampRatio(right / p);
      this.brandDiffer[k] = clampRatio((1 - right) / (1 - p));
      this.brandUpperShare[k] = shareUpperBound(this.brandCounts[k], known);
    }
  }

  /** Room for brand key ids below `size` (every kind's tables are as long as the longest). */
  reserveBrands(size: number): void {
    if (size > this.brandCounts.length) this.growBrands(size);
  }

  get brandCapacity(): number {
    return this.brandCounts.length;
  }

  private growBrands(size: number): void {
    const grown = Math.max(size, this.brandCounts.length * 2);
    const grow = (a: Float64Array, fill: number) => {
      const b = new Float64Array(grown).fill(fill);
      b.set(a);
      return b;
    };
    this.brandCounts = grow(this.brandCounts, 0);
    this.brandUpperShare = grow(this.brandUpperShare, 1);
    this.brandAgree = grow(this.brandAgree, this.unseenBrandAgree);
    this.brandDiffer = grow(this.brandDiffer, this.unseenBrandDiffer);
  }
}

/**
 * Kinds of plate whose vehicles differ: trailers (挂) are a handful of makes, new-energy plates
 * mostly electric ones, coach, police and other suffix plates their own fleets. Two plates one
 * slip apart are nearly always of one kind, so the car an innocent read is compared with is one
 * of its kind, and so is the sealed car.
 */
export const enum PlateGroup {
  Ordinary = 0,
  NewEnergy = 1,
  Trailer = 2,
  OtherSuffix = 3,
}
const PLATE_GROUPS = 4;
const TRAILER = '挂'.charCodeAt(0);
const EMBASSY = '使'.charCodeAt(0);
const HAN = 0x2e80;

/** The kind of plate of units `text[off .. off + length)` (a seal's plate, or a read as read). */
export function plateGroupOf(text: ArrayLike<number>, off: number, length: number): PlateGroup {
  return length < 2 ? PlateGroup.Ordinary : groupOf(text[off], text[off + length - 1], length);
}

/** `plateGroupOf` of a string. */
export function plateGroupOfText(text: string): PlateGroup {
  return text.length < 2 ? PlateGroup.Ordinary : groupOf(text.charCodeAt(0), text.charCodeAt(text.length - 1), text.length);
}

function groupOf(first: number, last: number, length: number): PlateGroup {
  if (last === TRAILER) return PlateGroup.Trailer;
  if (last >= HAN || first === EMBASSY) return PlateGroup.OtherSuffix;
  return length >= 8 ? PlateGroup.NewEnergy : PlateGroup.Ordinary;
}

/**
 * The attribute evidence of one watchlist, per kind of plate (`PlateGroup`): what agreeing on a
 * make or a colour is worth depends on how common it is among plates of the read's kind, not among
 * all seals (a 梁山 trailer is a rare make among all cars and a third of the trailers). Each kind's
 * shares are shrunk towards all seals' by `KIND_PRIOR_SEALS`, so a kind with few seals leans on
 * the whole watchlist. Codes carry the kind in `Slot.Group`: a read's codes its own kind, which
 * picks the tables; a seal's its plate's, which counts it. Recomputed when the watchlist has
 * changed by more than a hundredth since the last time.
 */
export class AttributeEvidence {
  private readonly all = new KindEvidence();
  private readonly kinds = Array.from({ length: PLATE_GROUPS }, () => new KindEvidence());

  /** The tables of the read's kind (codes without one: an ordinary plate). */
  private of(seen: ArrayLike<number>): KindEvidence {
    return this.kinds[seen[Slot.Group] ?? PlateGroup.Ordinary];
  }

  reset(): void {
    this.all.reset();
    for (const k of this.kinds) k.reset();
  }

  /** Counts a seal's codes (its kind in `Slot.Group`) in (`sign` 1) or out (-1). */
  count(codes: ArrayLike<number>, sign: 1 | -1): void {
    const brand = codes[Slot.Brand];
    if (brand >= this.all.brandCapacity) for (const e of [this.all, ...this.kinds]) e.reserveBrands(brand + 1);
    this.all.count(codes, sign);
    this.kinds[codes[Slot.Group] ?? PlateGroup.Ordinary].count(codes, sign);
  }

  /** Recomputes the ratios when the watchlist changed by more than a hundredth since the last time; true when it did. */
  refresh(): boolean {
    if (!this.all.stale) return false;
    this.all.compute();
    for (const k of this.kinds) k.compute(this.all);
    return true;
  }

  factor(sealed: ArrayLike<number>, seen: ArrayLike<number>): number {
    return this.of(seen).factor(sealed, seen);
  }

  contradicts(sealed: ArrayLike<number>, seen: ArrayLike<number>): boolean {
    return this.of(seen).contradicts(sealed, seen);
  }

  contradiction(sealed: ArrayLike<number>, seen: ArrayLike<number>): number {
    return this.of(seen).contradiction(sealed, seen);
  }

  agreementChance(sealed: ArrayLike<number>, seen: ArrayLike<number>): number {
    return this.of(seen).agreementChance(sealed, seen);
  }

  maxFactor(seen: ArrayLike<number>): number {
    return this.of(seen).maxFactor(seen);
  }

  factorsGiven(seen: ArrayLike<number>): FactorMix {
    return this.of(seen).factorsGiven(seen);
  }

  volumeGiven(seen: ArrayLike<number>, key: number, text: (key: number) => ArrayLike<number>): Float64Array {
    return this.of(seen).volumeGiven(seen, key, text);
  }
}

/** Distribution of the product of two independent ratios, as histograms over log bins centred on 1. */
export function convolve(a: Float64Array, b: Float64Array): Float64Array {
  const out = new Float64Array(FACTOR_BINS);
  for (let i = 0; i < FACTOR_BINS; i++) {
    if (!a[i]) continue;
    for (let j = 0; j < FACTOR_BINS; j++) {
      if (!b[j]) continue;
      const k = Math.max(0, Math.min(FACTOR_BINS - 1, i + j - FACTOR_CENTRE));
      out[k] += a[i] * b[j];
    }
  }
  return out;
}
