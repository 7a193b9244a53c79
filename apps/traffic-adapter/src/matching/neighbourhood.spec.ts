import { WatchlistIndex } from '../watchlist/watchlist.index';
import { classOfRead, DEFAULT_TWO_SLIPS, findable, GRID, MAX_TWO_SLIP_CONFUSIONS, twoSlipsFor, TWO_SLIPS_UP_TO, WIDE_TWO_SLIPS, WIDE_TWO_SLIPS_UP_TO, neighbourScores, neighbourScoresByProvince, reach, READ_CLASSES, ReadClass, samplePlate, sampleRead, scorerFingerprint } from './neighbourhood';
import { heldAsFarFetched } from './false-hit-budget';
import { NEIGHBOURHOOD } from './neighbourhood.table';
import { compareRead, prepareRead, textScore } from './plate-match';

describe('neighbourhood volumes', () => {
  /** Letters and digits a plate's body may hold. */
  const CHARS = '0123456789ABCDEFGHJKLMNPQRSTUVWXYZ';
  const at = new Date('2026-03-01T00:00:00Z');
  /** A seeded stream (Park–Miller), so each comparison runs over the same reads every time. */
  const seeded = (seed: number) => {
    const rng = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
    return { rng, pick: (s: string) => s[Math.floor(rng() * s.length)] };
  };
  /** Whether an index holding `plate` alone raises `read` at threshold 0, and whether `findable` says it should. */
  const indexAgrees = (plate: string, read: string, twoSlips = 0) => {
    const sut = new WatchlistIndex();
    sut.add({ seizureId: 's', plate, expiresAt: null });
    const raised = sut.match(read, at, { threshold: 0, twoSlips }).length > 0;
    // A plate's form under an unissued prefix raises nothing far-fetched (heldAsFarFetched), whatever the threshold.
    const prepared = prepareRead(read);
    const text = textScore(Array.from(plate, (c) => c.charCodeAt(0)), 0, plate.length, prepared);
    const farFetched = prepared.plateForm && !prepared.valid && heldAsFarFetched(text, plate.charCodeAt(0) !== prepared.head, prepared.confidenceFactor);
    return { raised, expected: findable(plate, prepared.body, twoSlips) && compareRead(plate, read) !== null && !farFetched };
  };

  it('were measured with the scorer as it is (run `npm run match:neighbourhood` after changing scores or the confusion table)', () => {
    expect(NEIGHBOURHOOD.fingerprint).toBe(scorerFingerprint());
    expect(NEIGHBOURHOOD.volume).toHaveLength(READ_CLASSES);
    expect(NEIGHBOURHOOD.otherProvince).toHaveLength(READ_CLASSES);
    for (const [cls, v] of NEIGHBOURHOOD.volume.entries()) {
      expect(v).toHaveLength(GRID.length);
      for (let g = 1; g < v.length; g++) expect(v[g]).toBeLessThanOrEqual(v[g - 1]);
      // The part in other provinces is part of the whole; a read with no province has none.
      for (let g = 0; g < v.length; g++) expect(NEIGHBOURHOOD.otherProvince[cls][g]).toBeLessThanOrEqual(v[g]);
    }
    // What two-slip lookups add grows with the confusions tried, and is there.
    expect(NEIGHBOURHOOD.twoSlips).toHaveLength(MAX_TWO_SLIP_CONFUSIONS);
    for (let k = 0; k < MAX_TWO_SLIP_CONFUSIONS; k++) {
      for (let cls = 0; cls < 3; cls++) {
        const added = NEIGHBOURHOOD.twoSlips[k][cls];
        expect(added).toHaveLength(GRID.length);
        for (let g = 0; g < added.length; g++) {
          if (g > 0) expect(added[g]).toBeLessThanOrEqual(added[g - 1]);
          if (k > 0) expect(added[g]).toBeGreaterThanOrEqual(NEIGHBOURHOOD.twoSlips[k - 1][cls][g]);
        }
      }
    }
    expect(NEIGHBOURHOOD.twoSlips[0][ReadClass.ValidPlate][0]).toBeGreaterThan(100);
    expect(Math.max(...NEIGHBOURHOOD.otherProvince[ReadClass.NoProvince])).toBe(0);
    expect(NEIGHBOURHOOD.otherProvince[ReadClass.ValidPlate][0]).toBeGreaterThan(30);
  });

  it('tells the kinds of read apart', () => {
    expect(classOfRead(prepareRead('桂PB6780'))).toBe(ReadClass.ValidPlate);
    expect(classOfRead(prepareRead('PB6780'))).toBe(ReadClass.NoProvince);
    expect(classOfRead(prepareRead('柱PB6780'))).toBe(ReadClass.NoProvince);
    expect(classOfRead(prepareRead('桂PB678'))).toBe(ReadClass.NotAPlate);
    expect(classOfRead(prepareRead('桂PB6O80'))).toBe(ReadClass.NotAPlate);
    // A character doubled: one too many for a 7-character plate, and no 8-character plate's form.
    expect(classOfRead(prepareRead('桂P123345'))).toBe(ReadClass.Longer);
    // An 8-character plate's form under a prefix no province issues (Guizhou issues A to J) is priced as a plate, not as a read too long.
    expect(classOfRead(prepareRead('贵PD12345'))).toBe(ReadClass.NotAPlate);
  });

  it("measures a read with a character too many among far fewer plates than one that lost a character: the few left when one is dropped", () => {
    const at = (cls: ReadClass, t: number) => NEIGHBOURHOOD.volume[cls][GRID.findIndex((g) => g >= t)];
    expect(at(ReadClass.Longer, 0.3)).toBeLessThan(at(ReadClass.NotAPlate, 0.3) / 10);
    expect(at(ReadClass.Longer, 0.3)).toBeGreaterThan(1);
  });

  it('finds every valid plate the index can find and the scorer would raise around a read, with the score the scorer gives it', () => {
    const scores = neighbourScores('桂PB6780');
    // One slip away (8 for B, another province), a character more (new-energy plates), two slips:
    // the strongest is one letter or digit of the serial read as another, as the scorer rates it.
    const strongest = Math.max(...scores);
    const oneSlip = [2, 3, 4, 5, 6, 7].flatMap((i) => [...CHARS].filter((c) => c !== '桂PB6780'[i]).map((c) => compareRead(`桂PB6780`.slice(0, i) + c + '桂PB6780'.slice(i + 1), '桂PB6780', 0)!.score));
    expect(strongest).toBeCloseTo(Math.max(...oneSlip), 3);
    expect(scores.length).toBeGreaterThan(5_000);
    expect(scores.every((s) => s > 0 && s < 1)).toBe(true);
  });

  it('counts apart the plates only two-slip lookups find, with the confusions per place each needs', () => {
    const { own, twoSlip, twoSlipReach } = neighbourScoresByProvince('桂PB6780');
    expect(twoSlip.length).toBeGreaterThan(1_000);
    expect(twoSlipReach).toHaveLength(twoSlip.length);
    for (const k of twoSlipReach) expect(k >= 1 && k <= MAX_TWO_SLIP_CONFUSIONS).toBe(true);
    // Two unlike slips score under the strongest single ones.
    expect(Math.max(...twoSlip)).toBeLessThan(Math.max(...own));
    // C read as G and 7 as Z: both leave their class; G is among C's likeliest confusions, so few are needed.
    expect(reach('桂PC6780', prepareRead('桂PG6Z80').body)).toBeGreaterThanOrEqual(1);
    expect(reach('桂PC6780', prepareRead('桂PG6Z80').body)).toBeLessThanOrEqual(3);
    expect(reach('桂PB6780', prepareRead('桂P86780').body)).toBe(0);
    expect(reach('桂PC6780', prepareRead('桂PGGZ8W').body)).toBe(Infinity);
  });

  it('counts what two-slip lookups with K confusions per place make findable: it agrees with WatchlistIndex.match({ twoSlips: K }) on two slips of any kind', () => {
    const { rng, pick } = seeded(11);
    let onlyWithTwoSlips = 0;
    let missed = 0;
    for (let i = 0; i < 600; i++) {
      const plate = samplePlate(rng);
      // Two places of the body read as any letter or digit, now and then the province too.
      const first = 1 + Math.floor(rng() * (plate.length - 1));
      let second = 1 + Math.floor(rng() * (plate.length - 2));
      if (second >= first) second++;
      const chars = [...plate];
      chars[first] = pick(CHARS);
      chars[second] = pick(CHARS);
      let read = chars.join('');
      if (rng() < 0.15) read = (rng() < 0.5 ? '' : '粤') + read.slice(1);
      if (read === plate) continue;
      const k = Math.floor(rng() * (MAX_TWO_SLIP_CONFUSIONS + 1));
      const { raised, expected } = indexAgrees(plate, read, k);
      expect({ plate, read, k, raised }).toEqual({ plate, read, k, raised: expected });
      if (raised && !findable(plate, prepareRead(read).body)) onlyWithTwoSlips++;
      if (!raised) missed++;
    }
    // Both outcomes occur often enough for the comparison to say something.
    expect(onlyWithTwoSlips).toBeGreaterThan(50);
    expect(missed).toBeGreaterThan(50);
  });

  it('makes sample reads of each kind', () => {
    let seed = 0;
    const rng = () => ((seed = (seed * 16807 + 11) % 2147483647) / 2147483647);
    for (let cls = 0 as ReadClass; cls < READ_CLASSES; cls++) {
      for (let i = 0; i < 50; i++) {
        const got = classOfRead(prepareRead(sampleRead(rng, cls)));
        // Reads no plate can be are measured with the doubled characters they always held (sampleRead).
        if (cls === ReadClass.NotAPlate) expect([ReadClass.NotAPlate, ReadClass.Longer]).toContain(got);
        else expect(got).toBe(cls);
      }
    }
  });

  it('counts as neighbours exactly the plates the index can find: it agrees with WatchlistIndex on misreads of every kind', () => {
    const { rng, pick } = seeded(7);
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
      const { raised, expected } = indexAgrees(plate, read);
      expect({ plate, read, raised }).toEqual({ plate, read, raised: expected });
      if (raised) found++;
    }
    // Both outcomes occur often enough for the comparison to say something.
    expect(found).toBeGreaterThan(50);
    expect(found).toBeLessThan(350);
  });

  it('counts an emergency plate whose 应急 the read lost as a neighbour exactly when the index finds it', () => {
    const { rng, pick } = seeded(11);
    let found = 0;
    for (let i = 0; i < 200; i++) {
      const serial = samplePlate(rng).slice(0, 6);
      const plate = `${serial}应急`;
      let read = serial;
      // None, one or two substitutions in the serial; the province kept, lost or read as another.
      for (let e = Math.floor(rng() * 3); e > 0; e--) {
        const where = 1 + Math.floor(rng() * 5);
        read = read.slice(0, where) + pick(CHARS) + read.slice(where + 1);
      }
      const province = rng();
      if (province < 0.2) read = read.slice(1);
      else if (province < 0.4) read = (read[0] === '粤' ? '桂' : '粤') + read.slice(1);
      const { raised, expected } = indexAgrees(plate, read);
      expect({ plate, read, raised }).toEqual({ plate, read, raised: expected });
      if (raised) found++;
      // A plate the index finds for a read with a province is one of the read's counted neighbours, at its score.
      if (raised && read.charCodeAt(0) >= 0x2e80) {
        const { own, other } = neighbourScoresByProvince(read);
        expect({ read, counted: [...own, ...other] }).toEqual({ read, counted: expect.arrayContaining([textScore([...plate].map((c) => c.charCodeAt(0)), 0, plate.length, prepareRead(read, 0))]) });
      }
    }
    expect(found).toBeGreaterThan(40);
    expect(found).toBeLessThan(180);
  });

  it("makes the wider two-slip lookups on a court's watchlist, the default ones on a regional one and none on a national one, each with measured volumes", () => {
    expect([0, 1_000, WIDE_TWO_SLIPS_UP_TO].map(twoSlipsFor)).toEqual([WIDE_TWO_SLIPS, WIDE_TWO_SLIPS, WIDE_TWO_SLIPS]);
    expect([WIDE_TWO_SLIPS_UP_TO + 1, 100_000, TWO_SLIPS_UP_TO].map(twoSlipsFor)).toEqual([DEFAULT_TWO_SLIPS, DEFAULT_TWO_SLIPS, DEFAULT_TWO_SLIPS]);
    expect([TWO_SLIPS_UP_TO + 1, 1_000_000, 10_000_000].map(twoSlipsFor)).toEqual([0, 0, 0]);
    expect(WIDE_TWO_SLIPS).toBeGreaterThan(DEFAULT_TWO_SLIPS);
    // The false-hit budget prices each K from the table: both must be among the counts it measured.
    expect(WIDE_TWO_SLIPS).toBeLessThanOrEqual(MAX_TWO_SLIP_CONFUSIONS);
  });
});
