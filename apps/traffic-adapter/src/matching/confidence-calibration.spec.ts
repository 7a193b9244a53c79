import { ConfidenceCalibration, MAX_BUDGET_WEIGHT, MIN_VALID_READS } from './confidence-calibration';
import { MAX_CAMERAS } from './per-camera';

describe(ConfidenceCalibration.name, () => {
  /** A deterministic spread of `n` confidences evenly over [from, to]. */
  const spread = (n: number, from: number, to: number) => Array.from({ length: n }, (_, i) => from + ((to - from) * (i + 0.5)) / n);
  /**
   * A camera that reads most plates right at 0.80-0.99 and gets some wrong at 0.55-0.98 (a lost
   * province, a doubled character: reads no plate can be), with as many wrong reads still valid.
   */
  const feed = (sut: ConfidenceCalibration, camera: string, options: { right?: number; misreads?: number; misreadFrom?: number } = {}) => {
    const { right = 4000, misreads = 200, misreadFrom = 0.55 } = options;
    for (const c of spread(right, 0.8, 0.99)) sut.weigh(camera, true, c);
    for (const c of spread(misreads, misreadFrom, 0.98)) sut.weigh(camera, true, c);
    for (const c of spread(misreads, misreadFrom, 0.98)) sut.weigh(camera, false, c);
  };
  /** The mean weight over the valid reads the camera was shown (its ordinary traffic). */
  const meanOverValid = (sut: ConfidenceCalibration, camera: string, options: { right?: number; misreads?: number } = {}) => {
    const { right = 4000, misreads = 200 } = options;
    const all = [...spread(right, 0.8, 0.99), ...spread(misreads, 0.55, 0.98)];
    return all.reduce((sum, c) => sum + sut.weightOf(camera, true, c).budgetWeight, 0) / all.length;
  };

  it('weighs nothing without a confidence, for a read no plate can be, or before the camera has shown enough valid reads', () => {
    const sut = new ConfidenceCalibration();
    // The read weighed last is the camera's (MIN_VALID_READS - 1)th valid one.
    for (const c of spread(MIN_VALID_READS - 2, 0.8, 0.99)) sut.weigh('cam', true, c);
    for (const c of spread(300, 0.5, 0.7)) sut.weigh('cam', false, c);
    expect(sut.weigh('cam', true, 0.6).budgetWeight).toBe(1);
    expect([sut.size, sut.calibrated]).toEqual([1, 0]);
    expect(sut.weigh('cam', false, 0.6).budgetWeight).toBe(1);
    expect(sut.weigh('cam', true, undefined).budgetWeight).toBe(1);
    expect(sut.weigh('cam', true, Number.NaN).budgetWeight).toBe(1);
    expect(sut.weightOf('never-seen', true, 0.6).budgetWeight).toBe(1);
  });

  it('gives a valid read more of the budget where the camera\'s certain misreads gather and less where they do not, never spending more than its budget', () => {
    const sut = new ConfidenceCalibration();
    feed(sut, 'cam');
    expect(sut.calibrated).toBe(1);
    const low = sut.weightOf('cam', true, 0.6);
    const high = sut.weightOf('cam', true, 0.95);
    // At 0.6 only misreads fall: all the valid reads there are misreads that still look like a plate.
    expect(low).toEqual({ budgetWeight: MAX_BUDGET_WEIGHT, likelyMisread: true });
    expect(high.budgetWeight).toBeLessThan(1);
    expect(high.budgetWeight).toBeGreaterThan(0.5);
    expect(high.likelyMisread).toBe(false);
    // The cap holds the unsure reads under what their odds would give: the camera spends a little less than its budget, never more.
    expect(meanOverValid(sut, 'cam')).toBeLessThanOrEqual(1 + 1e-9);
    expect(meanOverValid(sut, 'cam')).toBeGreaterThan(0.9);
    // A read no plate can be is a misread of a sealed car or an innocent one alike: its confidence weighs nothing.
    expect(sut.weightOf('cam', false, 0.6).budgetWeight).toBe(1);
  });

  it('leaves every read at weight 1 on a camera whose misreads are as sure as its other reads', () => {
    const sut = new ConfidenceCalibration();
    for (const c of spread(4000, 0.55, 0.99)) sut.weigh('flat', true, c);
    for (const c of spread(400, 0.55, 0.99)) sut.weigh('flat', false, c);
    for (const c of [0.56, 0.7, 0.85, 0.98]) expect(sut.weightOf('flat', true, c)).toEqual({ budgetWeight: expect.closeTo(1, 1), likelyMisread: false });
  });

  it('marks no valid read a likely misread on a feed that drops most provinces, when its confidence says nothing', () => {
    const sut = new ConfidenceCalibration();
    // Three reads in four arrive without a province, as sure as the rest: a platform's habit, not the reader's slips.
    for (const c of spread(2000, 0.6, 0.99)) sut.weigh('strips', true, c);
    for (const c of spread(6000, 0.6, 0.99)) sut.weigh('strips', false, c);
    for (const c of [0.61, 0.8, 0.98]) expect(sut.weightOf('strips', true, c)).toEqual({ budgetWeight: expect.closeTo(1, 1), likelyMisread: false });
  });

  it('averages exactly 1 over the camera\'s valid reads where no weight reaches the cap', () => {
    const sut = new ConfidenceCalibration();
    // Misreads twice as likely as the rest at 0.55-0.80, as likely above.
    for (const c of spread(4000, 0.55, 0.99)) sut.weigh('mild', true, c);
    for (const c of [...spread(400, 0.55, 0.8), ...spread(400, 0.55, 0.99)]) sut.weigh('mild', false, c);
    const weights = spread(4000, 0.55, 0.99).map((c) => sut.weightOf('mild', true, c).budgetWeight);
    expect(Math.max(...weights)).toBeLessThan(MAX_BUDGET_WEIGHT);
    expect(weights[0]).toBeGreaterThan(1.3);
    expect(weights.reduce((a, b) => a + b, 0) / weights.length).toBeCloseTo(1, 6);
  });

  it('lets a handful of certain misreads move a camera\'s weights only a little', () => {
    const withMisreads = (n: number) => {
      const sut = new ConfidenceCalibration();
      for (const c of spread(4000, 0.8, 0.99)) sut.weigh('cam', true, c);
      for (let i = 0; i < n; i++) sut.weigh('cam', false, 0.81);
      return sut.weightOf('cam', true, 0.81).budgetWeight;
    };
    // A tenth of the valid reads lie at 0.80-0.82: four misreads there say little yet, four hundred a lot.
    expect(withMisreads(4)).toBeGreaterThan(1);
    expect(withMisreads(4)).toBeLessThan(2);
    expect(withMisreads(400)).toBeGreaterThan(5);
  });

  it('learns each camera apart', () => {
    const sut = new ConfidenceCalibration();
    feed(sut, 'sure-misreads', { misreadFrom: 0.9 });
    feed(sut, 'unsure-misreads');
    expect(sut.weightOf('unsure-misreads', true, 0.6).budgetWeight).toBe(MAX_BUDGET_WEIGHT);
    // The first camera's misreads are never under 0.9: a valid read at 0.85 on it is less likely one than on the other.
    expect(sut.weightOf('sure-misreads', true, 0.85).budgetWeight).toBeLessThan(sut.weightOf('unsure-misreads', true, 0.85).budgetWeight / 2);
    expect(sut.weightOf('sure-misreads', true, 0.95).budgetWeight).toBeGreaterThan(sut.weightOf('unsure-misreads', true, 0.95).budgetWeight);
  });

  it('caps a weight however lopsided the counts', () => {
    const sut = new ConfidenceCalibration();
    for (const c of spread(5000, 0.9, 0.99)) sut.weigh('cam', true, c);
    sut.weigh('cam', true, 0.3);
    for (let i = 0; i < 5000; i++) sut.weigh('cam', false, 0.3);
    expect(sut.weightOf('cam', true, 0.3).budgetWeight).toBe(MAX_BUDGET_WEIGHT);
  });

  it('holds a bounded number of cameras, forgetting the longest-known first', () => {
    const sut = new ConfidenceCalibration();
    feed(sut, 'first');
    for (let i = 0; i < MAX_CAMERAS; i++) sut.weigh(`cam-${i}`, true, 0.9);
    expect(sut.size).toBe(MAX_CAMERAS);
    // Its counts are gone: no camera held has its own yet.
    expect(sut.calibrated).toBe(0);
  });

  describe('a camera not yet seen enough', () => {
    it('weighs by the fleet\'s counts, where it weighed nothing by its own', () => {
      const sut = new ConfidenceCalibration();
      feed(sut, 'seen-enough');
      for (const c of spread(20, 0.8, 0.99)) sut.weigh('new', true, c);
      expect(sut.weightOf('new', true, 0.6)).toEqual({ budgetWeight: MAX_BUDGET_WEIGHT, likelyMisread: true });
      expect(sut.weightOf('new', true, 0.95).budgetWeight).toBeLessThan(1);
      expect(sut.weightOf('never-seen', true, 0.6).budgetWeight).toBe(MAX_BUDGET_WEIGHT);
      expect([sut.calibrated, sut.pooled]).toEqual([1, 1]);

      const alone = new ConfidenceCalibration({ fleetPrior: false });
      feed(alone, 'seen-enough');
      for (const c of spread(20, 0.8, 0.99)) alone.weigh('new', true, c);
      expect(alone.weightOf('new', true, 0.6).budgetWeight).toBe(1);
      expect(alone.pooled).toBe(0);
    });

    it('weighs nothing while the whole fleet has shown fewer valid reads than one camera must', () => {
      const sut = new ConfidenceCalibration();
      for (let camera = 0; camera < 10; camera++) {
        for (const c of spread(90, 0.8, 0.99)) sut.weigh(`cam-${camera}`, true, c);
        for (const c of spread(9, 0.5, 0.7)) sut.weigh(`cam-${camera}`, true, c);
        for (const c of spread(30, 0.5, 0.7)) sut.weigh(`cam-${camera}`, false, c);
      }
      expect(sut.weightOf('cam-0', true, 0.6).budgetWeight).toBe(1);
      expect(sut.pooled).toBe(0);
      // Past 1,000 valid reads of the fleet, the same quiet cameras weigh.
      for (const c of spread(200, 0.8, 0.99)) sut.weigh('cam-0', true, c);
      expect(sut.weightOf('cam-1', true, 0.6).budgetWeight).toBeGreaterThan(1);
    });

    it('pulls the fleet\'s weight down with its own first reads where its valid reads sit apart from the fleet\'s', () => {
      const sut = new ConfidenceCalibration();
      feed(sut, 'fleet');
      expect(sut.weightOf('never-seen', true, 0.61).budgetWeight).toBe(MAX_BUDGET_WEIGHT);
      // This camera is unsure of every read it gets right: its 0.6 is the fleet's 0.9.
      for (const c of spread(300, 0.6, 0.62)) sut.weigh('unsure-reader', true, c);
      expect(sut.weightOf('unsure-reader', true, 0.61).budgetWeight).toBeLessThan(1);
    });

    it('takes its own counts over the fleet\'s as they grow', () => {
      const sut = new ConfidenceCalibration();
      feed(sut, 'unsure-misreads');
      // Its misreads are as sure as its other reads: by its own counts, the confidence tells nothing.
      const flat = (n: number) => {
        for (const c of spread(n, 0.55, 0.99)) sut.weigh('flat', true, c);
        for (const c of spread(n / 10, 0.55, 0.99)) sut.weigh('flat', false, c);
        return sut.weightOf('flat', true, 0.6).budgetWeight;
      };
      const early = flat(200);
      const late = flat(20000);
      expect(early).toBeGreaterThan(2);
      expect(late).toBeCloseTo(1, 0);
    });
  });
});
