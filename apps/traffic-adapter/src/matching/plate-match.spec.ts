import { MatchKind } from '@app/contracts';
import { CLASS_CODE, confusionWeight, OCR_CONFUSIONS } from './confusion.table';
import { compareRead, confidenceFactor, confusionKey, DEFAULT_FUZZY_THRESHOLD, MAX_POSSIBLE_HITS, rankMatches } from './plate-match';

describe('plate matching', () => {
  describe('confusion table', () => {
    it.each([
      ['0', 'D'], ['0', 'Q'], ['0', 'O'], ['D', 'Q'], ['8', 'B'], ['2', 'Z'], ['5', 'S'], ['6', 'G'], ['1', '7'], ['1', 'I'], ['4', 'A'],
    ])('puts %s and %s in one class with a symmetric weight', (a, b) => {
      expect(CLASS_CODE.get(a)).toBe(CLASS_CODE.get(b));
      expect(confusionWeight(a, b)).toBeGreaterThan(0);
      expect(confusionWeight(a, b)).toBe(confusionWeight(b, a));
    });

    it('keeps characters the table does not pair in classes of their own', () => {
      expect(CLASS_CODE.get('3')).not.toBe(CLASS_CODE.get('8'));
      expect(CLASS_CODE.get('P')).not.toBe(CLASS_CODE.get('R'));
      expect(confusionWeight('3', '8')).toBe(0);
    });

    it('weighs every pair inside a class, so the key never finds what the score cannot rate', () => {
      const classes = new Map<number, string[]>();
      for (const [c, code] of CLASS_CODE) classes.set(code, [...(classes.get(code) ?? []), c]);
      for (const members of classes.values()) {
        for (const a of members) for (const b of members) expect([a, b, confusionWeight(a, b) > 0]).toEqual([a, b, true]);
      }
      expect(OCR_CONFUSIONS.every(([, , w]) => w > 0 && w <= 1)).toBe(true);
    });
  });

  describe(confusionKey.name, () => {
    it('gives a plate and its single-confusion, province-less and province-misread reads one key', () => {
      const key = confusionKey('桂PB6780');
      expect(confusionKey('桂P86780')).toBe(key);
      expect(confusionKey('桂PB67BD')).toBe(key);
      expect(confusionKey('PB6780')).toBe(key);
      expect(confusionKey('粤PB678O')).toBe(key);
    });

    it('tells apart plates that differ by a character the table does not pair, or by length', () => {
      expect(confusionKey('桂PB6783')).not.toBe(confusionKey('桂PB6780'));
      expect(confusionKey('桂PD12345')).not.toBe(confusionKey('桂PD1234'));
    });

    it('returns -1 for a character outside the read alphabet', () => {
      expect(confusionKey('桂PB67#0')).toBe(-1);
    });
  });

  describe(compareRead.name, () => {
    it('calls an identical read exact with score 1 and no differences', () => {
      expect(compareRead('桂PA2345', '桂PA2345', 0.4)).toEqual({ match: MatchKind.Exact, score: 1, differences: [] });
    });

    it('names each differing character by its position in the watchlist plate', () => {
      const sut = compareRead('桂PB6780', 'P86780', 0.7);
      expect(sut).toMatchObject({
        match: MatchKind.Fuzzy,
        differences: [
          { position: 0, expected: '桂', read: '' },
          { position: 2, expected: 'B', read: '8' },
        ],
      });
    });

    it('rates a misread province', () => {
      expect(compareRead('桂PA2345', '粤PA2345', 0.7)?.differences).toEqual([{ position: 0, expected: '桂', read: '粤' }]);
    });

    it('rejects a read with a difference the table does not explain, or of another length', () => {
      expect(compareRead('桂PA2345', '桂PA2348')).toBeNull();
      expect(compareRead('桂PA2345', '桂PA23456')).toBeNull();
      expect(compareRead('桂PA2345', 'PA23456')).toBeNull();
    });

    it('scores a read that cannot be a plate (I, O, lost province) above the same confusion read as a valid plate', () => {
      const withO = compareRead('桂PA2340', '桂PA234O', 0.8)!.score;
      const withD = compareRead('桂PA2340', '桂PA234D', 0.8)!.score;
      expect(withO).toBeGreaterThan(withD);
    });

    it('scores one confusion above two, and two above a threshold-breaking three', () => {
      const one = compareRead('桂PB6780', '桂P86780', 0.8)!.score;
      const two = compareRead('桂PB6780', '桂P8G780', 0.8)!.score;
      const three = compareRead('桂PB6780', '桂P8G78D', 0.8)!.score;
      expect(one).toBeGreaterThan(two);
      expect(two).toBeGreaterThan(three);
      expect(one).toBeGreaterThanOrEqual(DEFAULT_FUZZY_THRESHOLD);
      expect(three).toBeLessThan(DEFAULT_FUZZY_THRESHOLD);
    });

    it('keeps every single confusion of a valid plate read with high confidence at or above the default threshold', () => {
      for (const [a, b] of OCR_CONFUSIONS) {
        const plate = `桂PA23${a}5`;
        const read = `桂PA23${b}5`;
        expect([read, compareRead(plate, read, 0.99)!.score >= DEFAULT_FUZZY_THRESHOLD]).toEqual([read, true]);
      }
    });

    it('lowers a possible hit as the camera is surer of its read', () => {
      const unsure = compareRead('桂PB6780', '桂P86780', 0.3)!.score;
      const sure = compareRead('桂PB6780', '桂P86780', 0.99)!.score;
      expect(unsure).toBeGreaterThan(sure);
      expect(confidenceFactor(0)).toBe(1);
      expect(confidenceFactor(undefined)).toBeCloseTo(confidenceFactor(0.8));
    });
  });

  describe(rankMatches.name, () => {
    const verdict = (plate: string, match: MatchKind, score: number) => ({ plate, match, score, differences: [] });

    it('returns only exact matches when there are any', () => {
      const sut = rankMatches([verdict('桂PA2345', MatchKind.Fuzzy, 0.9), verdict('桂PA2345', MatchKind.Exact, 1)], 0.5);
      expect(sut.map((v) => v.match)).toEqual([MatchKind.Exact]);
    });

    it('keeps possible hits at or above the threshold, best first, at most a few', () => {
      const sut = rankMatches(
        [0.4, 0.55, 0.9, 0.6, 0.7, 0.5].map((s, i) => verdict(`桂PA234${i}`, MatchKind.Fuzzy, s)),
        0.5,
      );
      expect(sut.map((v) => v.score)).toEqual([0.9, 0.7, 0.6].slice(0, MAX_POSSIBLE_HITS));
    });
  });
});
