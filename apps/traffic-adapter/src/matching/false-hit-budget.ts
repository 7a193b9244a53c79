import { GRID_MIN_LOG10, GRID_POINTS, ReadClass, STEPS_PER_DECADE } from './neighbourhood';

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
 * V(t) = Σ_f P(f) · V_text(t / f) with P(f) from the watchlist's value shares
 * (`AttributeEvidence`).
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
 * V on the evidence grid for a read whose attribute ratio against an innocent seal follows
 * `factors` (a histogram over `FACTOR_BINS`; text only: all mass at `FACTOR_CENTRE`). Below the
 * text grid's least score the volume stays at its last value (the scorer finds nothing further
 * out); above a text score of 1 it is 0.
 */
export function evidenceVolume(text: ArrayLike<number>, factors: Float64Array): Float64Array {
  const out = new Float64Array(EVIDENCE_POINTS);
  const textAt = (i: number) => (i < 0 ? text[0] : i < GRID_POINTS ? text[i] : 0);
  for (let k = 0; k < FACTOR_BINS; k++) {
    const p = factors[k];
    if (!p) continue;
    for (let g = 0; g < EVIDENCE_POINTS; g++) out[g] += p * textAt(g - (k - FACTOR_CENTRE));
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

/**
 * The same for the volume `own[g] + k · other[g]` (a read's neighbours in other provinces weighed
 * at their density), computed only at the points the search looks at: the read's path builds no
 * array. With k = 0, `other` is not read.
 */
export function thresholdOfSum(own: ArrayLike<number>, other: ArrayLike<number>, k: number, allowed: number): number {
  const n = own.length;
  const at = (g: number) => (k === 0 ? own[g] : own[g] + k * other[g]);
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
