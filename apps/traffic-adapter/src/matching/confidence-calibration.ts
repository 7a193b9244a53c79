import { MISREADS_STILL_VALID } from './false-hit-budget';
import { countsOf } from './per-camera';

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
 * r = 1 everywhere: nothing changes. So does a camera that sends no confidence.
 *
 * A camera not yet seen enough weighs by the fleet: every camera's counts together, worth
 * `FLEET_PRIOR_READS` valid reads of its own, so its own counts take over as they grow (an
 * empirical-Bayes estimate). A fleet of one make of reader shares one scale of confidence, and a
 * camera whose valid reads sit where the fleet's misreads do pulls its own ratio there down with
 * its first few hundred reads, since valid reads are nearly all of its traffic. Before, a camera
 * weighed nothing until its own 1,000th valid read: a fleet of many quiet cameras, and every camera
 * after a restart, went without.
 *
 * Reads no plate can be keep weight 1: every one is a misread, of a sealed car or an innocent one
 * alike, and their confidence cannot tell which.
 *
 * Assumed: a camera's misreads that still look like a plate (a character or the province read
 * as another) are as sure as its misreads that do not. Kept in memory per process: each instance
 * of traffic-adapter learns from the reads it takes, and starts again after a restart, neutral until
 * its first 1,000 valid reads of the whole fleet.
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
/**
 * Valid reads of its own a camera's counts are worth before they outweigh the fleet's: a camera
 * not yet seen enough weighs by every camera's counts together, shrunk towards its own as they
 * grow (the same 1,000 after which its own counts alone were once trusted).
 */
export const FLEET_PRIOR_READS = MIN_VALID_READS;
/** Reads the fleet's counts hold before they are halved. */
export const FLEET_WINDOW_READS = 1_000_000;
/** Reads of the fleet between recomputations of a camera's weights for the fleet's part. */
const FLEET_REFRESH_READS = 1000;

/** What a read's confidence says on its camera. */
export interface ConfidenceWeight {
  /** How much of its class's per-read false-hit budget the read may spend (`MatchOptions.budgetWeight`). */
  budgetWeight: number;
  /** A valid read likelier a misread than not (`MatchOptions.likelyMisread`). */
  likelyMisread: boolean;
}
const NEUTRAL: ConfidenceWeight = Object.freeze({ budgetWeight: 1, likelyMisread: false });

/** A histogram of confidences, valid reads and reads no plate can be apart, halved past a window. */
class ConfidenceCounts {
  readonly valid = new Float64Array(CONFIDENCE_BINS);
  readonly misread = new Float64Array(CONFIDENCE_BINS);
  validTotal = 0;
  misreadTotal = 0;

  constructor(private readonly window: number) {}

  add(valid: boolean, bin: number): void {
    if (valid) {
      this.valid[bin]++;
      this.validTotal++;
    } else {
      this.misread[bin]++;
      this.misreadTotal++;
    }
    if (this.validTotal + this.misreadTotal > this.window) this.halve();
  }

  private halve(): void {
    for (let k = 0; k < CONFIDENCE_BINS; k++) {
      this.valid[k] /= 2;
      this.misread[k] /= 2;
    }
    this.validTotal /= 2;
    this.misreadTotal /= 2;
  }
}

/** Every camera's counts together, the prior each camera's own counts are shrunk towards. */
class FleetConfidence {
  readonly counts = new ConfidenceCounts(FLEET_WINDOW_READS);
  /** Moves on every `FLEET_REFRESH_READS`th read: cameras recompute their weights then, not on every read of the fleet. */
  version = 0;
  private sinceRefresh = 0;

  add(valid: boolean, bin: number): void {
    this.counts.add(valid, bin);
    if (++this.sinceRefresh >= FLEET_REFRESH_READS) {
      this.sinceRefresh = 0;
      this.version++;
    }
  }

  /** The fleet's counts have enough valid reads to say anything. */
  get informative(): boolean {
    return this.counts.validTotal >= MIN_VALID_READS;
  }
}

class CameraConfidence {
  readonly own = new ConfidenceCounts(WINDOW_READS);
  /** What a valid read in each bin weighs (a bin no valid read has shown: 0, read as neutral), computed when asked after counts changed. */
  private readonly budgetWeight = new Float64Array(CONFIDENCE_BINS);
  private readonly likelyMisread = new Uint8Array(CONFIDENCE_BINS);
  /** r(c) per bin, scratch of `computeWeights`. */
  private readonly ratio = new Float64Array(CONFIDENCE_BINS);
  private stale = true;
  private fleetVersion = -1;

  observe(valid: boolean, bin: number): void {
    this.own.add(valid, bin);
    this.stale = true;
  }

  /** Has shown enough valid reads for its own counts to weigh without the fleet's (which, when it has shown enough too, still count as `FLEET_PRIOR_READS` of its own). */
  get weighing(): boolean {
    return this.own.validTotal >= MIN_VALID_READS;
  }

  weightAt(bin: number, fleet: FleetConfidence): ConfidenceWeight {
    const prior = fleet.informative ? fleet.counts : undefined;
    if (!prior && !this.weighing) return NEUTRAL;
    if (this.stale || this.fleetVersion !== fleet.version) this.computeWeights(prior);
    this.fleetVersion = fleet.version;
    const budgetWeight = this.budgetWeight[bin];
    return budgetWeight ? { budgetWeight, likelyMisread: this.likelyMisread[bin] === 1 } : NEUTRAL;
  }

  /** `prior`: the fleet's counts, which weigh as `FLEET_PRIOR_READS` valid reads of this camera's own (and their misreads in proportion). */
  private computeWeights(prior: ConfidenceCounts | undefined): void {
    const own = this.own;
    const scale = prior ? FLEET_PRIOR_READS / prior.validTotal : 0;
    const validTotal = own.validTotal + (prior ? scale * prior.validTotal : 0);
    const misreadTotal = own.misreadTotal + (prior ? scale * prior.misreadTotal : 0);
    const ratio = this.ratio;
    let mean = 0;
    for (let k = 0; k < CONFIDENCE_BINS; k++) {
      const pValid = (own.valid[k] + (prior ? scale * prior.valid[k] : 0)) / validTotal;
      ratio[k] = 0;
      if (pValid === 0) continue;
      const misread = own.misread[k] + (prior ? scale * prior.misread[k] : 0);
      const pMisread = (misread + PRIOR_MISREADS * pValid) / (misreadTotal + PRIOR_MISREADS);
      ratio[k] = pMisread / pValid;
      mean += pValid * Math.min(MAX_BUDGET_WEIGHT, ratio[k]);
    }
    // About as many misreads still look like a plate as do not (MISREADS_STILL_VALID): the camera's
    // valid reads hold about as many misreads as it sent reads no plate can be.
    const misreadShareOfValid = Math.min(MAX_MISREAD_SHARE, (misreadTotal * MISREADS_STILL_VALID) / (1 - MISREADS_STILL_VALID) / validTotal);
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
  private readonly fleet = new FleetConfidence();
  /** Stands for every camera not yet seen: the fleet's weights alone. */
  private readonly unseen = new CameraConfidence();

  /** `fleetPrior: false` weighs each camera by its own counts alone, neutral until it has shown `MIN_VALID_READS` valid reads. */
  constructor(private readonly options: { fleetPrior?: boolean } = {}) {}

  /** Cameras with counts held. */
  get size(): number {
    return this.cameras.size;
  }

  /** Cameras weighing by counts of their own: they have shown enough valid reads. */
  get calibrated(): number {
    let n = 0;
    for (const camera of this.cameras.values()) if (camera.weighing) n++;
    return n;
  }

  /** Cameras not yet weighing by their own counts whose confidence weighs by the fleet's meanwhile. */
  get pooled(): number {
    return this.fleetWeighs ? this.size - this.calibrated : 0;
  }

  private get fleetWeighs(): boolean {
    return this.options.fleetPrior !== false && this.fleet.informative;
  }

  /**
   * Takes a read into its camera's counts and the fleet's, and returns what its confidence says:
   * how much of the false-hit budget of its class it may spend, and whether it is likelier a
   * misread than not (neutral, 1 and no, for a read no plate can be, for one without a confidence,
   * and while neither the camera nor the fleet has shown enough valid reads). `valid`: the read is
   * itself a plate some car carries.
   */
  weigh(cameraId: string, valid: boolean, confidence: number | undefined): ConfidenceWeight {
    if (confidence === undefined || !Number.isFinite(confidence)) return NEUTRAL;
    const bin = binOf(confidence);
    const camera = this.cameraOf(cameraId);
    camera.observe(valid, bin);
    if (this.options.fleetPrior !== false) this.fleet.add(valid, bin);
    return valid ? camera.weightAt(bin, this.fleet) : NEUTRAL;
  }

  /** What `weigh` would give, without counting the read (for an evaluation on frozen counts). */
  weightOf(cameraId: string, valid: boolean, confidence: number | undefined): ConfidenceWeight {
    if (confidence === undefined || !Number.isFinite(confidence) || !valid) return NEUTRAL;
    return (this.cameras.get(cameraId) ?? this.unseen).weightAt(binOf(confidence), this.fleet);
  }

  private cameraOf(cameraId: string): CameraConfidence {
    return countsOf(this.cameras, cameraId, () => new CameraConfidence());
  }
}
