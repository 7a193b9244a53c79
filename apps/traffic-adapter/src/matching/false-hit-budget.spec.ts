import { ReadClass } from './neighbourhood';
import { ASSUMED_MISREAD_RATE, EVIDENCE_POINTS, evidenceAt, evidenceVolume, FACTOR_BINS, FACTOR_CENTRE, MISREADS_STILL_VALID, perReadBudget, STEPS, thresholdOf } from './false-hit-budget';

describe('false-hit budget', () => {
  describe(perReadBudget.name, () => {
    it('spends the budget over ordinary reads as a whole, half on valid plates and half on reads no plate can be', () => {
      const impossible = ASSUMED_MISREAD_RATE * (1 - MISREADS_STILL_VALID);
      const spent = (1 - impossible) * perReadBudget(0.001, ReadClass.ValidPlate) + impossible * perReadBudget(0.001, ReadClass.NoProvince);
      expect(spent).toBeCloseTo(0.001, 10);
      expect(perReadBudget(0.001, ReadClass.NoProvince)).toBe(perReadBudget(0.001, ReadClass.NotAPlate));
      // Reads that are certainly misreads are rare in innocent traffic: each may spend far more.
      expect(perReadBudget(0.001, ReadClass.NoProvince)).toBeGreaterThan(20 * perReadBudget(0.001, ReadClass.ValidPlate));
    });
  });

  describe(thresholdOf.name, () => {
    // V(t) = 1 / t on the grid, 0 above t = 1.
    const volume = Float64Array.from({ length: EVIDENCE_POINTS }, (_, g) => (evidenceAt(g) <= 1 ? 1 / evidenceAt(g) : 0));

    it('gives the least score at which the neighbourhood fits in what the read may spend', () => {
      expect(thresholdOf(volume, 100)).toBeCloseTo(0.01, 6);
      expect(thresholdOf(volume, 10)).toBeCloseTo(0.1, 6);
      // Between grid points it interpolates on the log scale.
      expect(thresholdOf(volume, 30)).toBeCloseTo(1 / 30, 3);
    });

    it('needs more score as fewer neighbours are allowed (a denser watchlist or a smaller budget)', () => {
      const allowed = [1e4, 1e3, 100, 10, 2, 1.01];
      const thresholds = allowed.map((a) => thresholdOf(volume, a));
      for (let i = 1; i < thresholds.length; i++) expect(thresholds[i]).toBeGreaterThan(thresholds[i - 1]);
    });

    it('lets every candidate through when the whole neighbourhood fits, and none when not even the best would', () => {
      expect(thresholdOf(volume, 1e5)).toBe(0);
      expect(thresholdOf(Float64Array.from(volume, (v) => v + 1), 0.5)).toBe(Infinity);
      expect(thresholdOf(volume, 0)).toBe(Infinity);
    });
  });

  describe(evidenceVolume.name, () => {
    const text = Float64Array.from({ length: 81 }, (_, g) => 1e4 / (g + 1));
    const at = (factor: number) => {
      const dist = new Float64Array(FACTOR_BINS);
      dist[FACTOR_CENTRE + Math.round(Math.log10(factor) * STEPS)] = 1;
      return dist;
    };

    it('is the text volume when attributes say nothing, and zero above a text score of 1', () => {
      const v = evidenceVolume(text, at(1));
      expect(Array.from(v.subarray(0, 81))).toEqual(Array.from(text));
      expect(v[81]).toBe(0);
    });

    it('moves the volume up a decade when every innocent neighbour is lifted tenfold, and mixes distributions by their weights', () => {
      const lifted = evidenceVolume(text, at(10));
      expect(lifted[40 + STEPS]).toBe(text[40]);
      const half = at(1).map((p, k) => 0.5 * p + 0.5 * at(10)[k]);
      expect(evidenceVolume(text, half)[60]).toBeCloseTo(0.5 * text[60] + 0.5 * text[60 - STEPS], 9);
    });
  });
});
