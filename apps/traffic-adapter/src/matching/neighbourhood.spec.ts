import { WatchlistIndex } from '../watchlist/watchlist.index';
import { classOfRead, findable, GRID, neighbourScores, ReadClass, samplePlate, sampleRead, scorerFingerprint } from './neighbourhood';
import { NEIGHBOURHOOD } from './neighbourhood.table';
import { compareRead, prepareRead } from './plate-match';

describe('neighbourhood volumes', () => {
  it('were measured with the scorer as it is (run `npm run match:neighbourhood` after changing scores or the confusion table)', () => {
    expect(NEIGHBOURHOOD.fingerprint).toBe(scorerFingerprint());
    expect(NEIGHBOURHOOD.volume).toHaveLength(3);
    expect(NEIGHBOURHOOD.otherProvince).toHaveLength(3);
    for (const [cls, v] of NEIGHBOURHOOD.volume.entries()) {
      expect(v).toHaveLength(GRID.length);
      for (let g = 1; g < v.length; g++) expect(v[g]).toBeLessThanOrEqual(v[g - 1]);
      // The part in other provinces is part of the whole; a read with no province has none.
      for (let g = 0; g < v.length; g++) expect(NEIGHBOURHOOD.otherProvince[cls][g]).toBeLessThanOrEqual(v[g]);
    }
    expect(Math.max(...NEIGHBOURHOOD.otherProvince[ReadClass.NoProvince])).toBe(0);
    expect(NEIGHBOURHOOD.otherProvince[ReadClass.ValidPlate][0]).toBeGreaterThan(30);
  });

  it('tells the kinds of read apart', () => {
    expect(classOfRead(prepareRead('桂PB6780'))).toBe(ReadClass.ValidPlate);
    expect(classOfRead(prepareRead('PB6780'))).toBe(ReadClass.NoProvince);
    expect(classOfRead(prepareRead('柱PB6780'))).toBe(ReadClass.NoProvince);
    expect(classOfRead(prepareRead('桂PB678'))).toBe(ReadClass.NotAPlate);
    expect(classOfRead(prepareRead('桂PB6O80'))).toBe(ReadClass.NotAPlate);
  });

  it('finds every valid plate the index can find and the scorer would raise around a read, with the score the scorer gives it', () => {
    const scores = neighbourScores('桂PB6780');
    // One slip away (8 for B, another province), a character more (new-energy plates), two slips.
    const strongest = Math.max(...scores);
    expect(strongest).toBeCloseTo(compareRead('桂P86780', '桂PB6780', 0)!.score, 3);
    expect(scores.length).toBeGreaterThan(5_000);
    expect(scores.every((s) => s > 0 && s < 1)).toBe(true);
  });

  it('makes sample reads of each kind', () => {
    let seed = 0;
    const rng = () => ((seed = (seed * 16807 + 11) % 2147483647) / 2147483647);
    for (let cls = 0 as ReadClass; cls < 3; cls++) for (let i = 0; i < 50; i++) expect(classOfRead(prepareRead(sampleRead(rng, cls)))).toBe(cls);
  });

  it('counts as neighbours exactly the plates the index can find: it agrees with WatchlistIndex on misreads of every kind', () => {
    let seed = 7;
    const rng = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
    const pick = (s: string) => s[Math.floor(rng() * s.length)];
    const CHARS = '0123456789ABCDEFGHJKLMNPQRSTUVWXYZ';
    const at = new Date('2026-03-01T00:00:00Z');
    let found = 0;
    for (let i = 0; i < 400; i++) {
      const plate = samplePlate(rng);
      let read = plate;
      // One to three edits: a substitution anywhere after the province, a lost or doubled character, the province lost or changed.
      for (let e = 1 + Math.floor(rng() * 3); e > 0; e--) {
        const where = 1 + Math.floor(rng() * (read.length - 1));
        const kind = rng();
        if (kind < 0.55) read = read.slice(0, where) + pick(CHARS) + read.slice(where + 1);
        else if (kind < 0.7) read = read.slice(0, where) + read.slice(where + 1);
        else if (kind < 0.85) read = read.slice(0, where) + read[where] + read.slice(where);
        else read = rng() < 0.5 ? read.slice(1) : '粤' + read.slice(1);
      }
      if (read === plate || read.length < 3) continue;
      const sut = new WatchlistIndex();
      sut.add({ seizureId: 's', plate, expiresAt: null });
      const raised = sut.match(read, at, { threshold: 0 }).length > 0;
      const expected = findable(plate, prepareRead(read).body) && compareRead(plate, read) !== null;
      expect({ plate, read, raised }).toEqual({ plate, read, raised: expected });
      if (raised) found++;
    }
    // Both outcomes occur often enough for the comparison to say something.
    expect(found).toBeGreaterThan(50);
    expect(found).toBeLessThan(350);
  });
});
