import { classOfRead, GRID, ReadClass } from './neighbourhood';
import { prepareRead } from './plate-match';
import {
  ASSUMED_MISREAD_RATE, CONTRADICTED_FLOOR, EVIDENCE_POINTS, LIKELY_MISREAD_FLOOR, evidenceAt, evidenceVolume, FACTOR_BINS, FACTOR_CENTRE, heldAsLookAlike, lookAlikeFloor, MISREADS_STILL_VALID, mixOf, perReadBudget, RARE_AGREEMENT_CHANCE, STEPS,
  spentOfSum, thresholdOf,
} from './false-hit-budget';

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

  describe('a read under a prefix its province does not issue', () => {
    // 宁 (Ningxia) issues A to E; 宁P12345 is on no car, 宁A12345 is. 使 plates have no authority letter.
    it('is budgeted and held to the look-alike floor as a read no plate can be, not as an innocent car read right', () => {
      expect(classOfRead(prepareRead('宁P12345'))).toBe(ReadClass.NotAPlate);
      expect(classOfRead(prepareRead('宁A12345'))).toBe(ReadClass.ValidPlate);
      expect(classOfRead(prepareRead('使014001'))).toBe(ReadClass.ValidPlate);
      // The same contradicted text score and evidence: held on the plate a car may carry, raised on the one no car carries.
      const [text, contradiction, evidence] = [0.3, 0.2, 0.9];
      expect(heldAsLookAlike(true, text, contradiction, evidence, classOfRead(prepareRead('宁A12345')), false, 1)).toBe(true);
      expect(heldAsLookAlike(true, text, contradiction, evidence, classOfRead(prepareRead('宁P12345')), false, 1)).toBe(false);
    });

    it('holds a valid read its camera\'s confidence marks as likelier a misread as it holds a read no plate can be', () => {
      const [text, contradiction, evidence] = [0.3, 0.2, 0.9];
      const valid = classOfRead(prepareRead('宁A12345'));
      expect(heldAsLookAlike(true, text, contradiction, evidence, valid, false, 1, 1, true)).toBe(false);
      expect(heldAsLookAlike(true, text, contradiction, evidence, valid, true, 1, 1, true)).toBe(false);
      // Its whole evidence must still reach the floor: the weakest of the slips a look-alike makes stay held.
      expect(heldAsLookAlike(true, text, contradiction, LIKELY_MISREAD_FLOOR[0] * 0.9, valid, false, 1, 1, true)).toBe(true);
      expect(LIKELY_MISREAD_FLOOR[0]).toBeLessThan(CONTRADICTED_FLOOR[2 * ReadClass.ValidPlate]);
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

    it('spends all it may where the threshold falls inside the grid, and only the whole neighbourhood where even that fits', () => {
      for (const allowed of [10, 30, 100, 1e4]) expect(spentOfSum(volume, volume, 0, allowed)).toBe(1);
      // V(0) = 10^4: a read allowed ten times that is raised on everything and spends a tenth.
      expect(spentOfSum(volume, volume, 0, 1e5)).toBeCloseTo(0.1, 9);
      // Neighbours in other provinces count at their own density: k = 1 doubles the volume, and so what is spent.
      expect(spentOfSum(volume, volume, 1, 1e5)).toBeCloseTo(0.2, 9);
      expect(spentOfSum(Float64Array.from(volume, (v) => v + 1), volume, 0, 0.5)).toBe(0);
      expect(spentOfSum(volume, volume, 0, 0)).toBe(0);
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
      const v = evidenceVolume(text, mixOf(at(1)));
      expect(Array.from(v.subarray(0, 81))).toEqual(Array.from(text));
      expect(v[81]).toBe(0);
    });

    it('moves the volume up a decade when every innocent neighbour is lifted tenfold, and mixes distributions by their weights', () => {
      const lifted = evidenceVolume(text, mixOf(at(10)));
      expect(lifted[40 + STEPS]).toBe(text[40]);
      const half = at(1).map((p, k) => 0.5 * p + 0.5 * at(10)[k]);
      expect(evidenceVolume(text, mixOf(half))[60]).toBeCloseTo(0.5 * text[60] + 0.5 * text[60 - STEPS], 9);
    });
  });

  describe('the look-alike rule', () => {
    // A neighbourhood of 1 plate at 0.5, 10 at 0.1 and 1,000 at 0.001, as V(t) on the grid.
    const at = (score: number) => GRID.findIndex((g) => g >= score * (1 - 1e-9));
    const volume = Float64Array.from(GRID, (_, i) => (i <= at(0.5) ? 1 : 0) + (i <= at(0.1) ? 10 : 0) + (i <= at(0.001) ? 1000 : 0));
    // Likelihoods: 0.5 + 10 · 0.1 + 1000 · 0.001 = 2.5.

    it('puts the floor where the neighbours above it carry at most the allowed share of the likelihood', () => {
      // 0.5 of 2.5 is 20 %: a share of 20 % or more lets the plate at 0.5 through, less does not.
      expect(lookAlikeFloor(volume, 0.25)).toBeGreaterThan(0.1);
      expect(lookAlikeFloor(volume, 0.25)).toBeLessThanOrEqual(0.5);
      expect(lookAlikeFloor(volume, 0.1)).toBeGreaterThan(0.5);
      // 1.5 of 2.5 (60 %) lies at 0.1 and above.
      expect(lookAlikeFloor(volume, 0.7)).toBeLessThanOrEqual(0.1);
      expect(lookAlikeFloor(volume, 0.5)).toBeGreaterThan(0.1);
    });

    it('is measured from the neighbourhood table: a floor for every read class, below a text score of 1, apart for seals in another province', () => {
      for (const [i, floor] of CONTRADICTED_FLOOR.entries()) {
        if (i === 2 * ReadClass.NoProvince + 1) continue; // a read without a province has no other province
        // A valid read is held to the top 5 % of its look-alikes' likelihood; a read no plate can be only
        // to all but the weakest 5 % of it, which lies far lower (a read with a character too many has few
        // strong neighbours and many weak ones: its floor is the lowest) but above the grid's least score.
        expect(floor).toBeGreaterThan(i >> 1 === ReadClass.ValidPlate ? 0.05 : 0.003);
        expect(floor).toBeLessThan(1);
        if (i >> 1 !== ReadClass.ValidPlate) expect(floor).toBeLessThan(CONTRADICTED_FLOOR[2 * ReadClass.ValidPlate + (i & 1)]);
      }
      // The same serial from another province is a rarer slip than a letter or digit read as another.
      expect(CONTRADICTED_FLOOR[2 * ReadClass.ValidPlate + 1]).toBeLessThan(CONTRADICTED_FLOOR[2 * ReadClass.ValidPlate]);
    });

    it('holds a contradicted possible hit to the floor however loose the budget, and leaves the others to the budget', () => {
      const own = CONTRADICTED_FLOOR[2 * ReadClass.ValidPlate];
      const other = CONTRADICTED_FLOOR[2 * ReadClass.ValidPlate + 1];
      // No contradiction: the rule says nothing, whatever the scores.
      expect(heldAsLookAlike(false, 0.001, 1, 0.001, ReadClass.ValidPlate, false, 1)).toBe(false);
      // A valid read: its text times the contradicting ratios must reach the floor; agreements (evidence) do not count.
      expect(heldAsLookAlike(true, 0.5, 0.2, 5, ReadClass.ValidPlate, false, 1)).toBe(true);
      expect(heldAsLookAlike(true, 1.01 * own, 1, 0, ReadClass.ValidPlate, false, 1)).toBe(false);
      // A seal in another province is held to that neighbourhood's floor.
      expect(heldAsLookAlike(true, 1.01 * other, 1, 0, ReadClass.ValidPlate, true, 1)).toBe(false);
      expect(heldAsLookAlike(true, 0.99 * other, 1, 0, ReadClass.ValidPlate, true, 1)).toBe(true);
      // A read no plate can be: its whole evidence counts, agreements included.
      const noProvince = CONTRADICTED_FLOOR[2 * ReadClass.NoProvince];
      expect(heldAsLookAlike(true, 0.85, 0.2, 1.01 * noProvince, ReadClass.NoProvince, true, 1)).toBe(false);
      expect(heldAsLookAlike(true, 0.85, 0.2, 0.99 * noProvince, ReadClass.NoProvince, false, 1)).toBe(true);
      // The camera agrees with the seal where a random car rarely would: the contradiction is let through.
      expect(heldAsLookAlike(true, 0.5, 0.2, 5, ReadClass.ValidPlate, false, 1, RARE_AGREEMENT_CHANCE)).toBe(false);
      expect(heldAsLookAlike(true, 0.5, 0.2, 5, ReadClass.ValidPlate, false, 1, 2 * RARE_AGREEMENT_CHANCE)).toBe(true);
      // The read's confidence factor scales its scores and so its floor.
      expect(heldAsLookAlike(true, 0.9 * own, 1, 0, ReadClass.ValidPlate, false, 0.8)).toBe(false);
      expect(heldAsLookAlike(true, 0.7 * own, 1, 0, ReadClass.ValidPlate, false, 0.8)).toBe(true);
    });
  });
});
