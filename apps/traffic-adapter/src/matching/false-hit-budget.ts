import { GRID, GRID_MIN_LOG10, GRID_POINTS, READ_CLASSES, ReadClass, STEPS_PER_DECADE } from './neighbourhood';
import { NEIGHBOURHOOD } from './neighbourhood.table';

/**
 * The least score a possible hit needs, derived from a false-hit budget instead of fixed.
 *
 * An innocent car's read raises a false hit when some sealed plate scores at least t against it.
 * The plates that could are its neighbourhood: V(t) of them on average (`neighbourhood.ts`,
 * measured from the scorer and the plate formats). If a share ρ of the plates around the read are
 * sealed (`SealDensity`, counted from the watchlist), the read raises one with probability at most
 * ρ · V(t). Holding that to the budget b gives the threshold:
 *
 *     t = the least t with  ρ · V(t) ≤ b,   i.e.  V(t) ≤ b / ρ
 *
 * Raising neighbours in order of score until the budget is spent is the Neyman–Pearson rule:
 * every plate admitted costs the same (ρ) and the likeliest misreads are admitted first. A larger
 * or denser watchlist leaves room for fewer neighbours, so the score needed grows with it; a
 * court's own 10,000 seals leave room for hundreds of neighbours per read, a national million
 * for a handful.
 *
 * With attributes the read's score is the text score times the attribute ratio f, and an innocent
 * neighbour's f varies (most contradict, a few agree on everything), so the volume becomes
 * V(t) = Σ_f P(f) · V_text(t / f) with P(f) what a car reporting what the read reports earns
 * against the watchlist's seals (`AttributeEvidence.volumeGiven`).
 *
 * The budget is per read, split between kinds of read: half for reads that are valid plates
 * (nearly every innocent car read right) and half for reads no plate can be (a lost province, a
 * lost or doubled character): only misreads need possible hits at all, and about half of all
 * misreads still look like a plate. Reads no plate can be are rare in innocent traffic (a
 * camera misreads one plate in twenty, half of those that way), so each of them may spend
 * far more of the budget: (b / 2) / (1/40) = 20 b.
 */

const VALID_PLATE: ReadClass = ReadClass.ValidPlate;

/** Default share of ordinary reads allowed to raise an innocent car when the camera describes the vehicle (env MATCH_FALSE_HIT_BUDGET). */
export const DEFAULT_FALSE_HIT_BUDGET = 0.0005;
/**
 * Default share for reads of the plate alone (env MATCH_FALSE_HIT_BUDGET_TEXT_ONLY): twice as
 * much, as the product's targets allow (issue 13: 0.05 % with colour and make, 0.1 % without).
 * Without a description nothing but the text tells a misread from its innocent neighbour, so the
 * same recall costs more false hits.
 */
export const DEFAULT_TEXT_ONLY_FALSE_HIT_BUDGET = 0.001;
/** Plate readers get about one plate in twenty wrong (vendors quote 95 % and better; GA/T 497 asks at least 90 % by day). */
export const ASSUMED_MISREAD_RATE = 0.05;
/** About half of misreads are still valid plates (one or two characters confused); the other half cannot be. */
export const MISREADS_STILL_VALID = 0.5;

/** Log-grid resolution shared by volumes and factor histograms. */
export const STEPS = STEPS_PER_DECADE;
/** Attribute factors from 10^-3 to 10^3, bin `FACTOR_CENTRE` being 1. */
export const FACTOR_BINS = 6 * STEPS + 1;
export const FACTOR_CENTRE = 3 * STEPS;
/** Evidence (text score × attribute factor) thresholds from 10^-4 to 10^3: the text grid and three decades above it. */
export const EVIDENCE_POINTS = GRID_POINTS + 3 * STEPS;

export function evidenceAt(point: number): number {
  return 10 ** (GRID_MIN_LOG10 + point / STEPS);
}

/** The per-read budget of a class of read, from the budget over all ordinary reads. */
export function perReadBudget(budget: number, cls: ReadClass): number {
  const impossibleShare = ASSUMED_MISREAD_RATE * (1 - MISREADS_STILL_VALID);
  return cls === VALID_PLATE ? (budget * MISREADS_STILL_VALID) / (1 - impossibleShare) : (budget * (1 - MISREADS_STILL_VALID)) / impossibleShare;
}

/**
 * An attribute-ratio distribution as its non-empty bins: `offsets[j]` = bin − `FACTOR_CENTRE`,
 * `weights[j]` its probability. What an innocent car's report earns against a random seal
 * (`AttributeEvidence.factorsGiven`); the text alone is one bin at offset 0.
 */
export interface FactorMix {
  readonly offsets: Int32Array;
  readonly weights: Float64Array;
}

export const TEXT_ONLY_MIX: FactorMix = { offsets: Int32Array.of(0), weights: Float64Array.of(1) };

/** The non-empty bins of a histogram over `FACTOR_BINS`. */
export function mixOf(hist: Float64Array): FactorMix {
  const offsets: number[] = [];
  const weights: number[] = [];
  for (let k = 0; k < FACTOR_BINS; k++) {
    if (!hist[k]) continue;
    offsets.push(k - FACTOR_CENTRE);
    weights.push(hist[k]);
  }
  return { offsets: Int32Array.from(offsets), weights: Float64Array.from(weights) };
}

/**
 * V on the evidence grid for a read whose attribute ratio against an innocent seal follows `mix`
 * (text only: `TEXT_ONLY_MIX`). Below the text grid's least score the volume stays at its last
 * value (the scorer finds nothing further out); above a text score of 1 it is 0.
 */
export function evidenceVolume(text: ArrayLike<number>, mix: FactorMix): Float64Array {
  const out = new Float64Array(EVIDENCE_POINTS);
  const { offsets, weights } = mix;
  for (let j = 0; j < offsets.length; j++) {
    const p = weights[j];
    const shift = offsets[j];
    for (let g = 0; g < EVIDENCE_POINTS; g++) {
      const i = g - shift;
      out[g] += p * (i < 0 ? text[0] : i < GRID_POINTS ? text[i] : 0);
    }
  }
  return out;
}

/**
 * The least evidence t with `volume(t) ≤ allowed`, interpolated between grid points (log t
 * linear in log V); 0 when even the whole neighbourhood fits, Infinity when no score would.
 */
export function thresholdOf(volume: ArrayLike<number>, allowed: number): number {
  return thresholdOfSum(volume, volume, 0, allowed);
}

/** The volume `own[g] + k · other[g]` at grid point g (`other` not read when k = 0). */
function volumeAt(own: ArrayLike<number>, other: ArrayLike<number>, k: number, g: number): number {
  return k === 0 ? own[g] : own[g] + k * other[g];
}

/**
 * The same for the volume `own[g] + k · other[g]` (a read's neighbours in other provinces weighed
 * at their density), computed only at the points the search looks at: the read's path builds no
 * array. With k = 0, `other` is not read.
 */
export function thresholdOfSum(own: ArrayLike<number>, other: ArrayLike<number>, k: number, allowed: number): number {
  const n = own.length;
  const at = (g: number) => volumeAt(own, other, k, g);
  if (!(allowed > 0)) return Infinity;
  if (at(0) <= allowed) return 0;
  if (at(n - 1) > allowed) return Infinity;
  let lo = 0;
  let hi = n - 1;
  // volume is non-increasing: find the first point at or under `allowed`.
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (at(mid) <= allowed) hi = mid;
    else lo = mid;
  }
  const above = at(lo);
  const below = at(hi);
  const frac = below > 0 ? Math.log(above / allowed) / Math.log(above / below) : (above - allowed) / above;
  return evidenceAt(lo + Math.min(1, Math.max(0, frac)));
}

/**
 * How much of `allowed` the threshold {@link thresholdOfSum} picks spends, as a share of it: all
 * where the threshold falls inside the grid, the whole neighbourhood's volume where even that fits
 * (threshold 0: the read cannot spend the rest), nothing where no score would do.
 */
export function spentOfSum(own: ArrayLike<number>, other: ArrayLike<number>, k: number, allowed: number): number {
  if (!(allowed > 0)) return 0;
  const whole = volumeAt(own, other, k, 0);
  if (whole <= allowed) return whole / allowed;
  return volumeAt(own, other, k, own.length - 1) > allowed ? 0 : 1;
}

/**
 * The look-alike rule: the share of innocent look-alikes whose description contradicts the seal
 * that may be raised (issue 13's target: at most 5 %), whatever the size of the watchlist.
 *
 * The budget above bounds false hits over ordinary traffic, where a read's neighbours are sealed
 * with a small probability ρ; a thin watchlist (ρ tiny) therefore lets almost any neighbour
 * through. A look-alike is the case the budget cannot see: a car next to a seal, where ρ plays no
 * part. What its camera reports is then the only evidence, and a contradiction on body colour or
 * make (`AttributeEvidence.contradicts`) divides the evidence by only 5 to 20, which a loose
 * threshold ignores. So a possible hit whose description contradicts the seal must also reach a
 * floor the budget cannot lower: the text score above which at most this share of the read's
 * look-alikes lie, a look-alike being a plate a reader could misread the read as, weighted by how
 * likely that slip is (the matcher's own likelihoods, from `NEIGHBOURHOOD`), in the read's own
 * province and in others apart.
 *
 * What must reach the floor depends on whether a look-alike could have made the read:
 *
 * - A read that is a valid plate is, nearly always, an innocent car read right, and a look-alike
 *   shares the seal's other attributes (a white car, a saloon) by chance as often as the fleet
 *   does: agreements cannot vouch for it. The floor bounds the look-alikes raised by q only if
 *   what multiplies their text score is at most 1, so the text times the contradicting ratios
 *   alone must reach it. A contradiction's ratio is at most about 0.2 and a valid read's text at
 *   most about 0.58, under every floor: in effect such a possible hit is not raised. Its cost is
 *   the sealed car misread into another valid plate whose camera also got its colour or make wrong.
 * - A read no plate can be (a lost province, a lost or doubled character) is certainly a misread,
 *   and no innocent car read right produces it: its whole evidence, agreements included, must
 *   reach the floor of `MISREAD_LOOKALIKE_SHARE`, so a misread on a car that agrees in all but one
 *   attribute is raised.
 */
export const CONTRADICTED_LOOKALIKE_SHARE = 0.05;
/**
 * The same share for reads no plate can be. A look-alike makes such a read only when its camera
 * misread it too (about one read in forty: `ASSUMED_MISREAD_RATE` × (1 − `MISREADS_STILL_VALID`)),
 * while a sealed car makes it with one slip; holding it to the top 5 % of its look-alikes'
 * likelihood, as valid reads are held, held back the sealed cars whose camera got the make or colour
 * wrong (1.7-4.5 % of lost-province, lost- and doubled-character misreads at 1,000 seals) to spare
 * look-alikes forty times rarer.
 * The floor still drops the weakest 5 % of the likelihood, the far-fetched sources a contradicting
 * description outweighs: without it, ordinary traffic's false hits with a description passed the
 * 0.05 % target at 10,000 seals (docs/benchmarks.md, "reads no plate can be").
 */
export const MISREAD_LOOKALIKE_SHARE = 0.95;
/**
 * Where the camera contradicts the seal on one thing but agrees with it on others that a random
 * car would match less often than this (`AttributeEvidence.agreementChance`: a rare colour and
 * class, a rare make), the contradiction is likelier the camera's error on the sealed car than an
 * innocent look-alike, and the look-alike rule lets the possible hit through to the budget. A
 * look-alike earns that agreement by chance at most this often, so the exception spends at most
 * this share of look-alikes whose description contradicts the seal: half the 5 % the target allows,
 * the other half left to the look-alikes the camera cannot tell apart at all (it reports nothing
 * that differs), which no rule on attributes holds back.
 */
export const RARE_AGREEMENT_CHANCE = CONTRADICTED_LOOKALIKE_SHARE / 2;

/**
 * The least text score s (on the neighbourhood grid, interpolated) such that the plates around a
 * read scoring s or more carry at most `share` of the neighbourhood's likelihood: each neighbour
 * weighs its score (the likelihood of the slip that makes it), so this is the upper `share` of
 * the misreads a reader would make, which is where a look-alike plate lies as often.
 */
export function lookAlikeFloor(text: ArrayLike<number>, share = CONTRADICTED_LOOKALIKE_SHARE): number {
  const n = Math.min(text.length, GRID_POINTS);
  // mass[i]: likelihood of the neighbours scoring GRID[i] or more (those in bin i counted at GRID[i]).
  const mass = new Float64Array(n + 1);
  for (let i = n - 1; i >= 0; i--) mass[i] = mass[i + 1] + Math.max(0, text[i] - (i + 1 < n ? text[i + 1] : 0)) * GRID[i];
  const allowed = share * mass[0];
  if (!(mass[0] > 0)) return 0;
  let i = 0;
  while (i < n && mass[i] > allowed) i++;
  if (i === 0) return GRID[0];
  if (i >= n) return 1;
  // Log-linear between the last point over the allowance and the first within it.
  const above = mass[i - 1];
  const below = mass[i];
  const frac = below > 0 ? Math.log(above / allowed) / Math.log(above / below) : 1;
  return 10 ** (GRID_MIN_LOG10 + (i - 1 + Math.min(1, Math.max(0, frac))) / STEPS_PER_DECADE);
}

/**
 * The floor of each read class at full confidence, for a seal in the read's own province and for
 * one in another (index cls · 2 + 1): the table measures the two neighbourhoods apart, and they
 * are different look-alikes (one letter or digit away, or the same serial from another province)
 * with very different likelihoods. A read without a province has only the first. A read's scores,
 * and so its floor, scale with its confidence factor.
 */
export const CONTRADICTED_FLOOR: Float64Array = Float64Array.from({ length: 2 * READ_CLASSES }, (_, i) =>
  floorOfNeighbourhood(i >> 1, (i & 1) === 1, i >> 1 === VALID_PLATE ? CONTRADICTED_LOOKALIKE_SHARE : MISREAD_LOOKALIKE_SHARE),
);

/** `lookAlikeFloor` of a read class's neighbours in its own province, or in others. */
function floorOfNeighbourhood(cls: ReadClass, otherProvince: boolean, share: number): number {
  const whole = NEIGHBOURHOOD.volume[cls];
  const elsewhere = NEIGHBOURHOOD.otherProvince[cls];
  return lookAlikeFloor(otherProvince ? elsewhere : whole.map((v, g) => v - elsewhere[g]), share);
}

/**
 * The floor of a valid read that its camera's confidence says is likelier a misread than not
 * (`ConfidenceCalibration`), for a seal in the read's own province and in another: such a read is
 * held as a read no plate can be is (its whole evidence, to `MISREAD_LOOKALIKE_SHARE`), against
 * the neighbourhood of valid reads.
 */
export const LIKELY_MISREAD_FLOOR: Float64Array = Float64Array.from({ length: 2 }, (_, other) => floorOfNeighbourhood(VALID_PLATE, other === 1, MISREAD_LOOKALIKE_SHARE));

/**
 * Whether the look-alike rule holds a possible hit back that reached the budget's threshold:
 * only when the description contradicts the seal (`contradiction` < 1 is the product of the
 * contradicting ratios, `AttributeEvidence.contradiction`) and agrees with it nowhere a random car
 * rarely would (`agreementChance` above `RARE_AGREEMENT_CHANCE`), and then unless what must reach the
 * floor of the read's class (of a seal in another province when `otherProvince`) does: for a
 * read that is a valid plate its text times the contradicting ratios, for a read no plate can be
 * its whole evidence (a valid read its camera's confidence marks `likelyMisread` is held as such a
 * read is, to `LIKELY_MISREAD_FLOOR`). The floor scales with the read's confidence factor as its scores do. It
 * applies under a fixed threshold (MATCH_FUZZY_THRESHOLD) too: that override replaces the budget,
 * not this rule.
 */
export function heldAsLookAlike(
  contradicted: boolean,
  text: number,
  contradiction: number,
  evidence: number,
  cls: ReadClass,
  otherProvince: boolean,
  confidenceFactor: number,
  agreementChance = 1,
  likelyMisread = false,
): boolean {
  if (!contradicted || agreementChance <= RARE_AGREEMENT_CHANCE) return false;
  if (cls === ReadClass.ValidPlate && likelyMisread) return evidence < confidenceFactor * LIKELY_MISREAD_FLOOR[otherProvince ? 1 : 0];
  const floor = confidenceFactor * CONTRADICTED_FLOOR[2 * cls + (otherProvince && cls !== ReadClass.NoProvince ? 1 : 0)];
  return (cls === ReadClass.ValidPlate ? text * Math.min(1, contradiction) : evidence) < floor;
}

/**
 * Whether a possible hit on a read of a plate's form under a prefix no province issues (宁M…,
 * 贵K…: `PreparedRead.plateForm` and not `valid`) is too far-fetched to raise: its evidence under
 * the floor a valid read its camera marks as a likely misread is held to (`LIKELY_MISREAD_FLOOR`,
 * the weakest 5 % of the likelihood of a plate's look-alikes, for a seal in the read's own
 * province or in another; scaled by the read's confidence factor as its scores are).
 *
 * Such a read is a certain misread by the issuance table, so it spends the large per-read budget
 * of reads no plate can be, and around a thin prefix that budget lets any neighbour the index
 * finds through, at scores of 0.001. That rests on the table being right, and on innocent traffic
 * producing such reads only by misreading. A feed whose plates the table has fallen behind (a
 * letter issued since), or a corpus that draws authority letters freely, sends them as innocent
 * cars, and each raised a seal two or three slips away. What the sealed car's own misread makes (a
 * province read as a look-alike one, 贵P for 桂P, at 0.1 and more) lies far above the floor: in
 * both evaluations no sealed car was lost to it (docs/benchmarks.md).
 */
export function heldAsFarFetched(evidence: number, otherProvince: boolean, confidenceFactor: number): boolean {
  return evidence < confidenceFactor * LIKELY_MISREAD_FLOOR[otherProvince ? 1 : 0];
}
