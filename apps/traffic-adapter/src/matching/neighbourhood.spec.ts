import { classOfRead, GRID, neighbourScores, ReadClass, sampleRead, scorerFingerprint } from './neighbourhood';
import { NEIGHBOURHOOD } from './neighbourhood.table';
import { compareRead, prepareRead } from './plate-match';

describe('neighbourhood volumes', () => {
  it('were measured with the scorer as it is (run `npm run match:neighbourhood` after changing scores or the confusion table)', () => {
    expect(NEIGHBOURHOOD.fingerprint).toBe(scorerFingerprint());
    expect(NEIGHBOURHOOD.volume).toHaveLength(3);
    for (const v of NEIGHBOURHOOD.volume) {
      expect(v).toHaveLength(GRID.length);
      for (let g = 1; g < v.length; g++) expect(v[g]).toBeLessThanOrEqual(v[g - 1]);
    }
  });

  it('tells the kinds of read apart', () => {
    expect(classOfRead(prepareRead('桂PB6780'))).toBe(ReadClass.ValidPlate);
    expect(classOfRead(prepareRead('PB6780'))).toBe(ReadClass.NoProvince);
    expect(classOfRead(prepareRead('柱PB6780'))).toBe(ReadClass.NoProvince);
    expect(classOfRead(prepareRead('桂PB678'))).toBe(ReadClass.NotAPlate);
    expect(classOfRead(prepareRead('桂PB6O80'))).toBe(ReadClass.NotAPlate);
  });

  it('finds every valid plate the scorer would raise around a read, with the score the scorer gives it', () => {
    const scores = neighbourScores('桂PB6780');
    // One slip away (8 for B, another province), a character more (new-energy plates), two slips.
    const strongest = Math.max(...scores);
    expect(strongest).toBeCloseTo(compareRead('桂P86780', '桂PB6780', 0)!.score, 3);
    expect(scores.length).toBeGreaterThan(10_000);
    expect(scores.every((s) => s > 0 && s < 1)).toBe(true);
  });

  it('makes sample reads of each kind', () => {
    let seed = 0;
    const rng = () => ((seed = (seed * 16807 + 11) % 2147483647) / 2147483647);
    for (let cls = 0 as ReadClass; cls < 3; cls++) for (let i = 0; i < 50; i++) expect(classOfRead(prepareRead(sampleRead(rng, cls)))).toBe(cls);
  });
});
