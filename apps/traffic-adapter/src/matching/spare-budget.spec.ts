import { ASSUMED_MISREAD_RATE, MISREADS_STILL_VALID } from './false-hit-budget';
import { MAX_LENT, PRIOR_READS, SpareBudget, WINDOW_READS } from './spare-budget';

describe(SpareBudget.name, () => {
  /** The share of reads no plate can be that the budget's split assumes (2.5 %). */
  const ASSUMED_CERTAIN = ASSUMED_MISREAD_RATE * (1 - MISREADS_STILL_VALID);
  /** `reads` reads of which a share `certain` no plate can be, each spending `spent` of its share. */
  const traffic = (sut: SpareBudget, reads: number, certain: number, spent: number) => {
    let owed = 0;
    for (let i = 0; i < reads; i++) {
      owed += certain;
      if (owed >= 1) {
        owed -= 1;
        sut.count(spent);
      } else sut.count(undefined);
    }
  };
  /** The lending the split's accounting gives: (1 − s · a · f) / ((1 − s) · v). */
  const expected = (certain: number, spent: number) =>
    (1 - certain * ((1 - MISREADS_STILL_VALID) / ASSUMED_CERTAIN) * spent) / ((1 - certain) * (MISREADS_STILL_VALID / (1 - ASSUMED_CERTAIN)));

  it('lends nothing before it has counted any traffic, nor to traffic as the split assumes it', () => {
    expect(new SpareBudget().validWeight).toBe(1);
    const sut = new SpareBudget();
    traffic(sut, 50_000, ASSUMED_CERTAIN, 1);
    expect(sut.validWeight).toBeCloseTo(1, 6);
  });

  it('lends valid reads what reads no plate can be leave where the seals around them are few', () => {
    const sut = new SpareBudget();
    traffic(sut, 200_000, ASSUMED_CERTAIN, 0.6);
    // Two fifths of their half left: valid reads may spend 1.4 times their share, within the prior's pull.
    expect(sut.validWeight).toBeCloseTo(expected(ASSUMED_CERTAIN, 0.6), 1);
    expect(sut.validWeight).toBeCloseTo(1.4, 1);
  });

  it('lends what a camera that loses fewer characters than assumed leaves, even when each spends all it may', () => {
    const sut = new SpareBudget();
    traffic(sut, 200_000, 0.015, 1);
    expect(sut.validWeight).toBeGreaterThan(1.3);
    expect(sut.validWeight).toBeCloseTo(expected(0.015, 1), 1);
  });

  it('takes nothing from valid reads where reads no plate can be spend more than their half, and lends at most MAX_LENT', () => {
    const sloppy = new SpareBudget();
    traffic(sloppy, 100_000, 0.1, 1);
    expect(sloppy.validWeight).toBe(1);
    const flawless = new SpareBudget();
    traffic(flawless, 100_000, 0, 0);
    // The accounting alone would give 1 / v ≈ 1.95.
    expect(expected(0, 0)).toBeGreaterThan(MAX_LENT);
    expect(flawless.validWeight).toBe(MAX_LENT);
  });

  it('moves little on a few reads (the prior) and follows a changed watchlist within a window', () => {
    const early = new SpareBudget();
    traffic(early, PRIOR_READS / 10, ASSUMED_CERTAIN, 0);
    expect(early.validWeight).toBeLessThan(1.1);
    const sut = new SpareBudget();
    traffic(sut, WINDOW_READS, ASSUMED_CERTAIN, 0.6);
    expect(sut.validWeight).toBeCloseTo(1.4, 1);
    // The watchlist grows: reads no plate can be now find seals around them and spend all they may.
    traffic(sut, 2 * WINDOW_READS, ASSUMED_CERTAIN, 1);
    expect(sut.validWeight).toBeLessThan(1.15);
  });
});
