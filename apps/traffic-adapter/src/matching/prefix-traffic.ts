import { countsOf } from './per-camera';
import { PREFIXES } from './seal-density';

/**
 * Where a camera's share of the false-hit budget is best spent: on the prefixes (province and
 * authority letter, `prefixOfPlate`) it reads seldom for the seals they hold.
 *
 * The budget (`false-hit-budget.ts`) gives every read the same share, which spends it where the
 * camera's traffic is. But every sealed car is worth catching the same, and one registered far
 * away passes a camera that seldom sees its prefix: a car missing for two years, hidden in another
 * province, is seen there now and then, and each of those reads is the chance. Put as the
 * Neyman–Pearson problem over prefixes c (catch the most sealed cars, each counted once, for the
 * false hits the camera's traffic raises), a read's share of the budget should follow
 *
 *     w(c) = share of the watchlist's seals under c / share of the camera's reads under c
 *
 * so a camera at a Guangxi checkpoint, half of whose reads are 桂P, spends little on each of them
 * when a national watchlist holds few 桂P seals, and more on the 京A and 粤B reads it sees now and
 * then, where that watchlist's seals gather. Over the camera's traffic the weights average 1
 * (Σ traffic share · w = Σ seal share = 1), so its false hits stay within the budget; a court
 * whose seals are spread as its cameras' traffic is (its own cars, its own roads) gets w = 1 and
 * nothing changes.
 *
 * Bounded both ways (`MIN_WEIGHT`, `MAX_WEIGHT`, then scaled so the camera's traffic still
 * averages 1), and the bounds are chosen on the evaluation: the per-read budget seems loosest on
 * the reads a camera sees most, and weights bounded at 1/8 … 8 spent it to the last read
 * (`eval:matcher` at 10,000 seals: 0.101 % of ordinary reads of the plate alone raised against
 * 0.1 %; 0.080 % at 1/8 … 2, 0.077 % without the weights).
 *
 * Counted per camera from the reads it sends with a province and a letter, each weighed before it
 * is counted (a read does not make its own prefix common), shrunk towards the seals' spread as if
 * that were `PRIOR_READS` reads of its own, so a camera not yet seen weighs 1 everywhere; halved
 * past `WINDOW_READS` so recent traffic outweighs old. The seals' side counts a prefix's own seals
 * and its letter's in other provinces (`SealDensity.prefixShare`). Held in memory per process,
 * like the confidence calibration.
 */

/** Reads of its own a camera's prefix mix is worth before it outweighs the seals' spread (the prior: w = 1). */
export const PRIOR_READS = 200;
/** Least weight before the scaling: a prefix the camera reads far more often than the watchlist holds it. */
export const MIN_WEIGHT = 1 / 8;
/** Most weight before the scaling: a prefix the camera seldom reads. */
export const MAX_WEIGHT = 2;
/** A camera's counts are halved when they reach this many reads (they fit 16 bits). */
export const WINDOW_READS = 60_000;
/** Reads of a camera between recomputations of its scaling. */
const RESCALE_READS = 500;

/**
 * Watchlists larger than this are weighed by prefix when MATCH_TRAFFIC_WEIGHTING is unset. A
 * court's own watchlist holds the cars of its own roads, spread as its cameras' traffic is, where
 * the weights can only be 1 give or take their noise: through the public API at 1,000 seals
 * (`eval:api`, seals and traffic from one mix) they cost 0.6-1.4 points on four misread kinds. A
 * provincial or national one is spread as no checkpoint's traffic is, which is where they pay.
 */
export const TRAFFIC_WEIGHTING_ABOVE = 20_000;

/** Whether reads are weighed by prefix on a watchlist of `seals` seals unless configured (MATCH_TRAFFIC_WEIGHTING). */
export function trafficWeightingFor(seals: number): boolean {
  return seals > TRAFFIC_WEIGHTING_ABOVE;
}

/** What the seals under each prefix are, as shares of the watchlist (`SealDensity.prefixShare`). */
export type SealShares = (prefix: number) => number;

class CameraMix {
  readonly counts = new Uint16Array(PREFIXES);
  total = 0;
  scale = 1;
  sinceScaled = Infinity;

  count(prefix: number): void {
    if (this.total >= WINDOW_READS) {
      let total = 0;
      for (let c = 0; c < PREFIXES; c++) total += this.counts[c] >>= 1;
      this.total = total;
    }
    this.counts[prefix]++;
    this.total++;
    this.sinceScaled++;
  }

  weightOf(prefix: number, seals: SealShares): number {
    if (this.sinceScaled >= RESCALE_READS) this.rescale(seals);
    return this.scale * this.bounded(prefix, seals(prefix));
  }

  /** The camera's share of reads under a prefix, shrunk towards the seals' share as `PRIOR_READS` reads of its own. */
  private trafficShare(prefix: number, sealShare: number): number {
    return (this.counts[prefix] + PRIOR_READS * sealShare) / (this.total + PRIOR_READS);
  }

  /** w(c) before the scaling. */
  private bounded(prefix: number, sealShare: number): number {
    return Math.min(MAX_WEIGHT, Math.max(MIN_WEIGHT, sealShare / this.trafficShare(prefix, sealShare)));
  }

  /** The scaling that makes the weights average 1 over the camera's (smoothed) traffic. */
  private rescale(seals: SealShares): void {
    let mean = 0;
    for (let c = 0; c < PREFIXES; c++) {
      const sealShare = seals(c);
      mean += this.trafficShare(c, sealShare) * this.bounded(c, sealShare);
    }
    this.scale = mean > 0 ? 1 / mean : 1;
    this.sinceScaled = 0;
  }
}

export class PrefixTraffic {
  private readonly cameras = new Map<string, CameraMix>();

  /** Cameras with counts held. */
  get size(): number {
    return this.cameras.size;
  }

  /**
   * Counts a read under prefix `prefix` (-1: none, not counted) into its camera's mix and returns
   * its weight on the budget (`MatchOptions.budgetWeight`, to multiply with the confidence's): 1
   * for a read without a prefix.
   */
  weigh(cameraId: string, prefix: number, seals: SealShares): number {
    if (prefix < 0) return 1;
    const camera = this.cameraOf(cameraId);
    // Weighed before it is counted: a read is not made common by itself.
    const weight = camera.weightOf(prefix, seals);
    camera.count(prefix);
    return weight;
  }

  /** What `weigh` would give, without counting the read (for an evaluation on frozen counts). */
  weightOf(cameraId: string, prefix: number, seals: SealShares): number {
    const camera = this.cameras.get(cameraId);
    return prefix < 0 || !camera ? 1 : camera.weightOf(prefix, seals);
  }

  private cameraOf(cameraId: string): CameraMix {
    return countsOf(this.cameras, cameraId, () => new CameraMix());
  }
}
