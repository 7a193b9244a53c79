import { MatchKind } from '@app/contracts';
import { confusionWeight, OCR_CONFUSIONS } from './confusion.table';
import { compareRead, confidenceFactor, MAX_POSSIBLE_HITS, prepareRead, rankMatches } from './plate-match';

/** Letters and digits of a plate's serial (GA 36-2018 issues no I or O). */
const SERIAL = [...'0123456789ABCDEFGHJKLMNPQRSTUVWXYZ'];

/** A third of an exact read's score: what a strong confusion in a valid read keeps and a weak one does not. */
const STRONG = 0.3;

describe('plate matching', () => {
  describe('the confusion table', () => {
    it('pairs characters both ways with weights in (0, 1]', () => {
      for (const [a, b] of OCR_CONFUSIONS) {
        expect(confusionWeight(a, b)).toBeGreaterThan(0);
        expect(confusionWeight(b, a)).toBeGreaterThan(0);
        expect(confusionWeight(a, b)).toBeLessThan(1);
      }
      expect(OCR_CONFUSIONS.every(([, , w]) => w > 0 && w <= 1)).toBe(true);
    });

    it('reads each letter or digit a plate carries as the others with the same total likelihood, in the order the table rates them', () => {
      const reads = [...SERIAL, 'I', 'O'];
      const total = (a: string) => reads.reduce((sum, b) => sum + (a === b ? 0 : confusionWeight(a, b)), 0);
      // Only a row whose strongest pair hit the cap may fall short of the common total.
      const totals = SERIAL.map(total);
      expect(Math.max(...totals) - Math.min(...totals)).toBeLessThan(0.05 * Math.max(...totals));
      // 0 is alike to many (O, D, Q, U, C, 8): each of its confusions is less likely than J's likeliest (1).
      expect(confusionWeight('0', 'D')).toBeLessThan(0.9);
      expect(confusionWeight('J', '1')).toBeGreaterThan(0.5);
      // Within a row the table's order stands.
      expect(confusionWeight('0', 'D')).toBeGreaterThan(confusionWeight('0', 'U'));
    });
  });

  describe(compareRead.name, () => {
    it('calls an identical read exact with score 1 and no differences', () => {
      expect(compareRead('桂PA2345', '桂PA2345', 0.4)).toEqual({ match: MatchKind.Exact, score: 1, differences: [] });
    });

    it('names each differing character by its position in the watchlist plate', () => {
      expect(compareRead('桂PB6780', 'P86780', 0.7)).toMatchObject({
        match: MatchKind.Fuzzy,
        differences: [
          { position: 0, expected: '桂', read: '' },
          { position: 2, expected: 'B', read: '8' },
        ],
      });
    });

    it('rates a misread province, a listed one far above an unlisted one', () => {
      expect(compareRead('桂PA2345', '粤PA2345', 0.7)?.differences).toEqual([{ position: 0, expected: '桂', read: '粤' }]);
      expect(compareRead('沪PA2345', '津PA2345', 0.7)!.score).toBeGreaterThan(4 * compareRead('桂PA2345', '粤PA2345', 0.7)!.score);
    });

    it('takes a suffix read as a glyph on no plate for a certain misread of the suffix, as a province so read', () => {
      // A trailer's 挂 read as 掛, a police 警 as 言, 港 as 巷: no plate carries the read glyph, so it is the suffix, misread.
      for (const [plate, read] of [['桂A1234挂', '桂A1234掛'], ['粤B1234警', '粤B1234言'], ['粤Z1234港', '粤Z1234巷'], ['京A1234应急', '京A1234应怠']]) {
        expect(compareRead(plate, read, 0.8)!.score).toBeCloseTo(compareRead('桂A12345', '柱A12345', 0.8)!.score, 6);
      }
      // A digit or letter in the body read as such a glyph is no suffix: it stays as unlikely as any unlisted slip.
      expect(compareRead('桂A12345', '桂A1234言', 0.8)!.score).toBeLessThan(0.1);
    });

    it('takes an emergency plate read without its 应急 for a misread of it', () => {
      expect(compareRead('京A1234应急', '京A1234', 0.8)).toMatchObject({
        match: MatchKind.Fuzzy,
        differences: [
          { position: 6, expected: '应', read: '' },
          { position: 7, expected: '急', read: '' },
        ],
      });
      // With one more slip it is still found; with two more it is three slips.
      expect(compareRead('京A1234应急', '京A1Z34', 0.8)).not.toBeNull();
      expect(compareRead('京A1234应急', '京A1ZZ4', 0.8)).toBeNull();
    });

    it('finds nothing when three slips or two lengths apart', () => {
      expect(compareRead('桂PA2345', '桂PC2Z48')).toBeNull();
      expect(compareRead('桂PA2345', '桂PA234567')).toBeNull();
      expect(compareRead('桂PA2345', '桂PA23')).toBeNull();
    });

    it('scores a read that cannot be a plate (I, O, lost province) above the same slip read as a valid plate', () => {
      expect(compareRead('桂PA2340', '桂PA234O', 0.8)!.score).toBeGreaterThan(compareRead('桂PA2340', '桂PA234D', 0.8)!.score);
    });

    it('takes a read whose province issues no such authority letter for a certain misread, not another car', () => {
      // 琼 (Hainan) issues A-F only: 琼S12345 is on no car, 琼A12345 is.
      expect(prepareRead('琼S12345').valid).toBe(false);
      expect(prepareRead('琼A12345').valid).toBe(true);
      // The same slip (粤 read as 琼) scores higher where the read cannot be an innocent car.
      expect(compareRead('粤S12345', '琼S12345', 0.8)!.score).toBeGreaterThan(compareRead('粤A12345', '琼A12345', 0.8)!.score);
    });

    it('scores a listed confusion above an unlisted one, and one slip above two', () => {
      const listed = compareRead('桂PB6780', '桂P86780', 0.8)!.score;
      const unlisted = compareRead('桂PB6780', '桂PK6780', 0.8)!.score;
      const two = compareRead('桂PB6780', '桂P8G780', 0.8)!.score;
      expect(listed).toBeGreaterThan(3 * unlisted);
      expect(listed).toBeGreaterThan(two);
      expect(listed).toBeGreaterThanOrEqual(STRONG);
      expect(unlisted).toBeLessThan(STRONG);
    });

    it('keeps every strong single confusion of a valid plate read with high confidence far above a slip the table does not name', () => {
      for (const [a, b, w] of OCR_CONFUSIONS) {
        if (w < 0.8 || !/[0-9]/.test(a)) continue;
        const [plate, read] = [`桂PA23${a}5`, `桂PA23${b}5`];
        // The character the table finds least like a: no pair names them.
        const unlike = SERIAL.filter((c) => c !== a).sort((x, y) => confusionWeight(a, x) - confusionWeight(a, y))[0];
        const weak = compareRead(plate, `桂PA23${unlike}5`, 0.95)!.score;
        expect([read, compareRead(plate, read, 0.95)!.score > 5 * weak]).toEqual([read, true]);
      }
    });

    it('lowers a possible hit as the camera is surer of its read', () => {
      expect(compareRead('桂PB6780', '桂P86780', 0.3)!.score).toBeGreaterThan(compareRead('桂PB6780', '桂P86780', 0.99)!.score);
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

    it('ranks and filters by evidence where the verdicts carry it (a score is capped below 1, evidence is not)', () => {
      const withEvidence = [3, 40, 0.5, 12].map((evidence, i) => ({ ...verdict(`桂PA234${i}`, MatchKind.Fuzzy, Math.min(evidence, 0.999)), evidence }));
      expect(rankMatches(withEvidence, 2).map((v) => v.evidence)).toEqual([40, 12, 3]);
    });
  });
});
