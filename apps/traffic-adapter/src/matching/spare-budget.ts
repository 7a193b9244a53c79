import { ASSUMED_MISREAD_RATE, MISREADS_STILL_VALID } from './false-hit-budget';

/**
 * The share of the false-hit budget that reads no plate can be leave unspent, lent to valid reads.
 *
 * The budget is split between the two kinds of read (`perReadBudget`): half for valid plates and
 * half for reads no plate can be (a lost province, a lost or doubled character), which are
 * assumed to be 2.5 % of traffic and so may each spend twenty times the budget. Such a read can
 * only spend what the plates around it hold: on a court's watchlist of a few thousand seals the
 * index often finds so few sealed plates around a read that lost a character that its threshold
 * falls to 0, every one is raised, and part of its share is left
 * (`WatchlistIndex.certainMisreadSpend`). A camera that loses fewer characters than assumed leaves
 * the shares of the reads it does not send. Left there, the budget is not spent at all: in
 * `eval:matcher` at 1,000 seals ordinary traffic raised 0.055 % of reads of the plate alone against
 * a budget of 0.1 %, while valid misreads one confusable character from their seal were held back
 * at the threshold.
 *
 * So the fleet's reads are counted as they come: how many are valid plates, and how much of their
 * share the others spent. Only reads that raised no hit: the count is of innocent traffic, and a
 * read that raised one may be a sealed car's (a sealed car that passes often, or a test feed of
 * sealed cars' misreads, would otherwise look like a camera that loses characters all day). What
 * they leave goes to the valid reads, which may spend
 *
 *     m = (1 − s · a · f) / ((1 − s) · v)
 *
 * times their share, where s is the share of reads no plate can be, f what each spends of its
 * share on average, a = ½ / 2.5 % and v = ½ / 97.5 % their per-read shares as fractions of the
 * budget: the same expected false hits per read as the split assumes, only spent where they can be.
 * Never below 1 (a camera that loses more characters than assumed keeps the rule it had), at most
 * `MAX_LENT`. Counted from the first read, shrunk towards the assumed split as `PRIOR_READS` reads
 * that spend everything, so a new instance lends nothing; halved past `WINDOW_READS`. The fractions
 * are pooled over reads with and without a description: each kind's budget is its own, but what
 * the watchlist leaves unspent around a read is taken to be about the same share of either. Held
 * in memory per process, like the confidence calibration.
 */

/** Reads of the assumed split (2.5 % no plate, each spending all of its share) the counts start from. */
export const PRIOR_READS = 2_000;
/** The counts are halved when they reach this many reads, so a changed watchlist or camera fleet shows within hours. */
export const WINDOW_READS = 1_000_000;
/**
 * Most a valid read's share may be multiplied by. The accounting rests on the split's assumption
 * that a camera's misreads that still look like a plate are about as many as those that cannot
 * (`MISREADS_STILL_VALID`), and an innocent car's valid misread raises far more than the bound
 * counts (matching.md). A camera whose misreads are nearly all valid would show few reads no plate
 * can be and be lent up to 1 / v ≈ 1.95: in `eval:matcher` at 20,000 seals, with those reads hidden
 * from the count, that raised 0.120 % of ordinary reads on the plate alone against 0.1 %; held to
 * 1.5, 0.103 %. Nothing the evaluation's cameras are lent comes near it (1.05-1.36).
 */
export const MAX_LENT = 1.5;

/** The per-read shares of the budget, as fractions of it (`perReadBudget`). */
const CERTAIN_SHARE = ASSUMED_MISREAD_RATE * (1 - MISREADS_STILL_VALID);
const CERTAIN_PER_READ = (1 - MISREADS_STILL_VALID) / CERTAIN_SHARE;
const VALID_PER_READ = MISREADS_STILL_VALID / (1 - CERTAIN_SHARE);

export class SpareBudget {
  private reads = PRIOR_READS;
  private valid = PRIOR_READS * (1 - CERTAIN_SHARE);
  /** Σ over reads no plate can be of what each spent, as a fraction of its class's share. */
  private certainSpent = PRIOR_READS * CERTAIN_SHARE;
  private lent = 1;

  /**
   * Counts one read: `spent` what a read no plate can be spent of its share
   * (`WatchlistIndex.certainMisreadSpend`, its weight included), undefined for a valid plate.
   */
  count(spent: number | undefined): void {
    if (this.reads >= WINDOW_READS) {
      this.reads /= 2;
      this.valid /= 2;
      this.certainSpent /= 2;
    }
    this.reads++;
    if (spent === undefined) this.valid++;
    else this.certainSpent += spent;
    const left = 1 - (this.certainSpent / this.reads) * CERTAIN_PER_READ;
    this.lent = Math.min(MAX_LENT, Math.max(1, left / ((this.valid / this.reads) * VALID_PER_READ)));
  }

  /** What a valid read's share of the budget is multiplied by (`MatchOptions.budgetWeight`). */
  get validWeight(): number {
    return this.lent;
  }
}
