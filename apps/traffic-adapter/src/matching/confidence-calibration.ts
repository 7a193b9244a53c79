import { MISREADS_STILL_VALID } from './false-hit-budget';

/**
 * What a camera's confidence says about a read, learned from that camera's own traffic.
 *
 * A confidence means nothing in itself: one camera's 0.8 is another's 0.95, and no vendor says how
 * often its reads at 0.8 are wrong. But every camera shows us its misreads: a read that no plate
 * can be (a lost province, a lost or doubled character, an I or an O) is certainly one. Its
 * confidences, beside those of the camera's reads that are valid plates (nearly all of them cars
 * read right), give the likelihood ratio
 *
 *     r(c) = P(c | misread) / P(c | valid read)
 *
 * of each confidence, on that camera, from nothing but its traffic. A valid read at a confidence
 * where the camera's certain misreads gather is likelier a misread of a sealed car; one at a
 * confidence where they never fall is likelier the innocent car it says.
 *
 * The false-hit budget (`false-hit-budget.ts`) gives each valid read the same share of the false
 * hits allowed; here each valid read's share is weighted by r(c), capped (`MAX_BUDGET_WEIGHT`).
 * Over the camera's valid reads the weights average 1 (Σ P(c | valid) · r(c) = Σ P(c | misread) =
 * 1; a little under where the cap bites), so the false hits its innocent traffic may raise stay
 * within the budget, and the budget is spent where the misreads are. And a valid read whose chance
 * of being a misread, π · r(c), is at least `LIKELY_MISREAD` is marked so for the look-alike rule. A camera whose confidence tells nothing (the same spread for misreads and the rest) gets
 * r = 1 everywhere: nothing changes. So does a camera that sends no confidence, and one not yet
 * seen enough.
 *
 * Reads no plate can be keep weight 1: every one is a misread, of a sealed car or an innocent one
 * alike, and their confidence cannot tell which.
 *
 * Assumed: a camera's misreads that still look like a plate (a character or the province read
 * as another) are as sure as its misreads that do not. Kept in memory per process: each instance
 * of traffic-adapter learns from the reads it takes, and starts again neutral after a restart.
 */

/** Confidences are binned this finely (reads give 0..1, often to two decimals). */
export const CONFIDENCE_BINS = 50;
/** Valid reads a camera must have shown before its confidence weighs anything. */
export const MIN_VALID_READS = 1000;
/**
 * Prior weight, in reads, of "misreads are spread like valid reads" (r = 1): a camera's certain
 * misreads move r only as they outnumber it, so a handful of them moves it little.
 */
export const PRIOR_MISREADS = 40;
/** Most a read's weight may be (after the weights are scaled to average 1): a bin few valid reads fall in is not trusted further. */
export const MAX_BUDGET_WEIGHT = 8;
/** Reads a camera's counts hold before they are halved: recent traffic outweighs old, and counts stay bounded. */
export const WINDOW_READS = 100_000;
/** Chance of a misread from which a valid read is held as one by the look-alike rule: likelier than not. */
export const LIKELY_MISREAD = 0.5;
/**
 * Most misreads per valid read a camera is believed to make, whatever its counts say: a feed that
 * sends most plates without their province (a platform that drops it, not a reader that misses it)
 * must not make every valid read of that camera a likely misread. Past it, only a confidence that
 * says more (r > 1) marks one.
 */
export const MAX_MISREAD_SHARE = 0.25;
/** Cameras calibrated at once; past this the longest-known one is forgotten (camera ids come from the feed). */
export const MAX_CAMERAS = 20_000;

/** What a read's confidence says on its camera. */
export interface ConfidenceWeight {
  /** How much of its class's per-read false-hit budget the read may spend (`MatchOptions.budgetWeight`). */
  budgetWeight: number;
  /** A valid read likelier a misread than not (`MatchOptions.likelyMisread`). */
  likelyMisread: boolean;
}
const NEUTRAL: ConfidenceWeight = Object.freeze({ budgetWeight: 1, likelyMisread: false });

class CameraConfidence {
  readonly valid = new Float64Array(CONFIDENCE_BINS);
  readonly misread = new Float64Array(CONFIDENCE_BINS);
  validTotal = 0;
  misreadTotal = 0;
  /** What a valid read in each bin weighs (a bin no valid read has shown: 0, read as neutral), computed when asked after counts changed. */
  private readonly budgetWeight = new Float64Array(CONFIDENCE_BINS);
  private readonly likelyMisread = new Uint8Array(CONFIDENCE_BINS);
  /** r(c) per bin, scratch of `computeWeights`. */
  private readonly ratio = new Float64Array(CONFIDENCE_BINS);
  private stale = true;

  observe(valid: boolean, bin: number): void {
    if (valid) {
      this.valid[bin]++;
      this.validTotal++;
    } else {
      this.misread[bin]++;
      this.misreadTotal++;
    }
    if (this.validTotal + this.misreadTotal > WINDOW_READS) this.halve();
    this.stale = true;
  }

  weightAt(bin: number): ConfidenceWeight {
    if (this.validTotal < MIN_VALID_READS) return NEUTRAL;
    if (this.stale) this.computeWeights();
    const budgetWeight = this.budgetWeight[bin];
    return budgetWeight ? { budgetWeight, likelyMisread: this.likelyMisread[bin] === 1 } : NEUTRAL;
  }

  private halve(): void {
    for (let k = 0; k < CONFIDENCE_BINS; k++) {
      this.valid[k] /= 2;
      this.misread[k] /= 2;
    }
    this.validTotal /= 2;
    this.misreadTotal /= 2;
  }

  private computeWeights(): void {
    const ratio = this.ratio;
    let mean = 0;
    for (let k = 0; k < CONFIDENCE_BINS; k++) {
      const pValid = this.valid[k] / this.validTotal;
      ratio[k] = 0;
      if (pValid === 0) continue;
      const pMisread = (this.misread[k] + PRIOR_MISREADS * pValid) / (this.misreadTotal + PRIOR_MISREADS);
      ratio[k] = pMisread / pValid;
      mean += pValid * Math.min(MAX_BUDGET_WEIGHT, ratio[k]);
    }
    // About as many misreads still look like a plate as do not (MISREADS_STILL_VALID): the camera's
    // valid reads hold about as many misreads as it sent reads no plate can be.
    const misreadShareOfValid = Math.min(MAX_MISREAD_SHARE, (this.misreadTotal * MISREADS_STILL_VALID) / (1 - MISREADS_STILL_VALID) / this.validTotal);
    for (let k = 0; k < CONFIDENCE_BINS; k++) {
      // The cap leaves the mean under 1: scale back to it (and cap again).
      this.budgetWeight[k] = Math.min(MAX_BUDGET_WEIGHT, Math.min(MAX_BUDGET_WEIGHT, ratio[k]) / mean);
      this.likelyMisread[k] = ratio[k] > 1 && misreadShareOfValid * ratio[k] >= LIKELY_MISREAD ? 1 : 0;
    }
    this.stale = false;
  }
}

function binOf(confidence: number): number {
  return Math.min(CONFIDENCE_BINS - 1, Math.max(0, Math.floor(confidence * CONFIDENCE_BINS)));
}

export class ConfidenceCalibration {
  private readonly cameras = new Map<string, CameraConfidence>();

  /** Cameras with counts held. */
  get size(): number {
    return this.cameras.size;
  }

  /** Cameras whose confidence weighs now: they have shown enough valid reads. */
  get calibrated(): number {
    let n = 0;
    for (const camera of this.cameras.values()) if (camera.validTotal >= MIN_VALID_READS) n++;
    return n;
  }

  /**
   * Takes a read into its camera's counts, and returns what its confidence says: how much of the
   * false-hit budget of its class it may spend, and whether it is likelier a misread than not
   * (neutral, 1 and no, for a read no plate can be, for one without a confidence, and until the
   * camera has shown enough valid reads). `valid`: the read is itself a plate some car carries.
   */
  weigh(cameraId: string, valid: boolean, confidence: number | undefined): ConfidenceWeight {
    if (confidence === undefined || !Number.isFinite(confidence)) return NEUTRAL;
    this.cameraOf(cameraId).observe(valid, binOf(confidence));
    return this.weightOf(cameraId, valid, confidence);
  }

  /** What `weigh` would give, without counting the read (for an evaluation on frozen counts). */
  weightOf(cameraId: string, valid: boolean, confidence: number | undefined): ConfidenceWeight {
    if (confidence === undefined || !Number.isFinite(confidence) || !valid) return NEUTRAL;
    return this.cameras.get(cameraId)?.weightAt(binOf(confidence)) ?? NEUTRAL;
  }

  private cameraOf(cameraId: string): CameraConfidence {
    let camera = this.cameras.get(cameraId);
    if (!camera) {
      if (this.cameras.size >= MAX_CAMERAS) this.cameras.delete(this.cameras.keys().next().value!);
      camera = new CameraConfidence();
      this.cameras.set(cameraId, camera);
    }
    return camera;
  }
}
