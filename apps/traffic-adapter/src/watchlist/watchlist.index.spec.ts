import { MatchKind, PlateColor, VehicleColor, VehicleType } from '@app/contracts';
import { WatchlistIndex } from './watchlist.index';

describe(WatchlistIndex.name, () => {
  const at = new Date('2026-03-01T00:00:00Z');
  const seal = (seizureId: string, plate: string, expiresAt: string | null = '2027-01-01T00:00:00Z') => ({
    seizureId,
    plate,
    expiresAt: expiresAt ? new Date(expiresAt) : null,
  });
  /** A fixed threshold (the MATCH_FUZZY_THRESHOLD override) for tests about scoring rather than the budget. */
  const FIXED = 0.3;
  const A = '6f1c2f43-6d55-4f4e-9b8a-9c1d2e3f4a5b';
  const B = '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';

  it('matches an active seal by its exact normalized plate', () => {
    const sut = new WatchlistIndex();
    sut.replaceAll([seal('a', '桂PA2345'), seal('b', '桂PB6789')]);
    expect(sut.matchExact('桂PA2345', at).map((s) => s.seizureId)).toEqual(['a']);
    expect(sut.matchExact('桂PA2346', at)).toEqual([]);
  });

  it('tells an exact plate from the seals filed under its lookup key: another province, another authority letter, a glyph no plate carries', () => {
    const sut = new WatchlistIndex();
    // The four plates fold to one body with its first place masked: the key an exact read looks up.
    sut.replaceAll([seal('a', '桂PA2345'), seal('b', '粤PA2345'), seal('c', '桂RA2345'), seal('d', '柱PA2345'), seal('e', '桂PA2345')]);
    expect(sut.matchExact('桂PA2345', at).map((s) => s.seizureId)).toEqual(['a', 'e']);
    expect(sut.matchExact('粤PA2345', at).map((s) => s.seizureId)).toEqual(['b']);
    expect(sut.matchExact('桂RA2345', at).map((s) => s.seizureId)).toEqual(['c']);
    expect(sut.matchExact('柱PA2345', at).map((s) => s.seizureId)).toEqual(['d']);
    expect(sut.matchExact('桂BA2345', at)).toEqual([]);
    expect(sut.match('粤PA2345', at).map((s) => [s.seizureId, s.match])).toEqual([['b', MatchKind.Exact]]);
    // Re-adding a seal finds its own slot by the same lookup, and removing one leaves its neighbours.
    sut.add(seal('c', '桂RA2345'));
    sut.remove('a', '桂PA2345');
    expect(sut.size).toBe(4);
    expect(sut.matchExact('桂PA2345', at).map((s) => s.seizureId)).toEqual(['e']);
    expect(sut.matchExact('桂RA2345', at).map((s) => s.seizureId)).toEqual(['c']);
  });

  it('keeps several seals (cases) on one plate and removes them one by one', () => {
    const sut = new WatchlistIndex();
    sut.add(seal('a', '桂PA2345'));
    sut.add(seal('b', '桂PA2345'));
    sut.add(seal('a', '桂PA2345'));
    expect(sut.size).toBe(2);
    sut.remove('a', '桂PA2345');
    expect(sut.matchExact('桂PA2345', at).map((s) => s.seizureId)).toEqual(['b']);
    sut.remove('b', '桂PA2345');
    expect(sut.size).toBe(0);
  });

  it('does not match a seal that has expired at the time of the read', () => {
    const sut = new WatchlistIndex();
    sut.add(seal('a', '桂PA2345', '2026-02-01T00:00:00Z'));
    expect(sut.matchExact('桂PA2345', at)).toEqual([]);
    expect(sut.match('P A2345'.replace(' ', ''), at, { threshold: 0 })).toEqual([]);
  });

  it('stores UUID seizure ids compactly and gives them back whatever their case', () => {
    const sut = new WatchlistIndex();
    sut.add(seal(A.toUpperCase(), '桂PA2345', null));
    expect(sut.matchExact('桂PA2345', at)).toEqual([{ seizureId: A, plate: '桂PA2345', expiresAt: null }]);
    sut.remove(A, '桂PA2345');
    expect(sut.size).toBe(0);
  });

  it('finds a sealed plate from a misread with its score and differences', () => {
    const sut = new WatchlistIndex();
    sut.replaceAll([seal(A, '桂PB6780'), seal(B, '桂PC1111')]);
    const [hit, ...rest] = sut.match('P86780', at, { threshold: 0.3, confidence: 0.7 });
    expect(rest).toEqual([]);
    expect(hit).toMatchObject({
      seizureId: A,
      plate: '桂PB6780',
      match: MatchKind.Fuzzy,
      differences: [
        { position: 0, expected: '桂', read: '' },
        { position: 2, expected: 'B', read: '8' },
      ],
    });
    expect(hit.score).toBeGreaterThan(0.3);
    expect(hit.score).toBeLessThan(1);
  });

  it('raises no possible hit below a fixed threshold, and an unlisted slip in a valid read stays below a strong one', () => {
    const sut = new WatchlistIndex();
    sut.add(seal(A, '桂PB6780'));
    expect(sut.match('桂P86780', at, { threshold: 0.99 })).toEqual([]);
    expect(sut.match('桂PB6783', at, { threshold: FIXED })).toEqual([]);
    expect(sut.match('桂PB6783', at, { threshold: 0 })).toEqual([expect.objectContaining({ seizureId: A, differences: [{ position: 6, expected: '0', read: '3' }] })]);
  });

  it.each([
    ['a lost last character', '桂PB678', [{ position: 6, expected: '0', read: '' }]],
    ['a lost inner character', '桂PB680', [{ position: 4, expected: '7', read: '' }]],
    ['a doubled character', '桂PB67780', [{ position: 4, expected: '', read: '7' }]],
    ['a province read as a glyph no plate carries', '柱PB6780', [{ position: 0, expected: '桂', read: '柱' }]],
    ['a province read as a letter', 'BPB6780', [{ position: 0, expected: '桂', read: 'B' }]],
    ['a slip outside the listed pairs with a lost province', 'PB6C80', [{ position: 0, expected: '桂', read: '' }, { position: 4, expected: '7', read: 'C' }]],
    ['two slips', '桂P8G780', [{ position: 2, expected: 'B', read: '8' }, { position: 3, expected: '6', read: 'G' }]],
  ])('finds a sealed plate from a read with %s', (_what, read, differences) => {
    const sut = new WatchlistIndex();
    sut.replaceAll([seal(A, '桂PB6780'), seal(B, '桂PD12345')]);
    expect(sut.match(read, at, { threshold: 0.01 })).toEqual([expect.objectContaining({ seizureId: A, match: MatchKind.Fuzzy, differences })]);
  });

  it('finds a new-energy plate from a read that lost a character, and a 7-character plate from one with a stray character', () => {
    const sut = new WatchlistIndex();
    sut.replaceAll([seal(A, '桂PB6780'), seal(B, '桂PD12345')]);
    expect(sut.match('桂PD1235', at, { threshold: 0.01 }).map((m) => m.seizureId)).toEqual([B]);
    expect(sut.match('桂PB6X780', at, { threshold: 0.01 }).map((m) => m.seizureId)).toEqual([A]);
  });

  it('scores a read whose reported plate colour its own format rules out as a certain misread: a green 7-character read is an 8-character plate that lost one', () => {
    const sut = new WatchlistIndex();
    sut.replaceAll([{ ...seal(B, '桂PB68863'), vehicle: { plateColor: PlateColor.Green } }]);
    // 桂PB6863 is an ordinary plate some car carries, but not a green one: every green plate has eight characters.
    const green = sut.match('桂PB6863', at, { threshold: 0, attributes: { plateColor: PlateColor.Green } });
    const unsaid = sut.match('桂PB6863', at, { threshold: 0 });
    expect(green.map((m) => m.seizureId)).toEqual([B]);
    // Not discounted as a read of another car read right (VALID_READ_FACTOR), and the agreeing colour adds to it.
    expect(green[0].evidence).toBeGreaterThan(unsaid[0].evidence / 0.6);
    // A strong fixed threshold between the two lets only the read with its colour through.
    const between = (green[0].evidence + unsaid[0].evidence) / 2;
    expect(sut.match('桂PB6863', at, { threshold: between, attributes: { plateColor: PlateColor.Green } }).map((m) => m.seizureId)).toEqual([B]);
    expect(sut.match('桂PB6863', at, { threshold: between })).toEqual([]);
    // Blue, a colour the read's plate may have: it may be an innocent car read right, and the colour contradicts this seal.
    const blueRead = sut.match('桂PB6863', at, { threshold: 0, attributes: { plateColor: PlateColor.Blue } });
    expect(blueRead[0].evidence).toBeLessThan(unsaid[0].evidence);
  });

  it('finds an emergency plate from a read that lost its 应急 whole, with the province lost or a folded slip too', () => {
    const sut = new WatchlistIndex();
    sut.replaceAll([seal(A, '京A1234应急'), seal(B, '京A12345')]);
    const lost = [
      { position: 6, expected: '应', read: '' },
      { position: 7, expected: '急', read: '' },
    ];
    // The same read is 京A12345 with its last character lost: both are raised, the likelier (a lost last character) first.
    expect(sut.match('京A1234', at, { threshold: 0.01 })).toEqual([
      expect.objectContaining({ seizureId: B }),
      expect.objectContaining({ seizureId: A, match: MatchKind.Fuzzy, differences: lost }),
    ]);
    expect(sut.match('A1234', at, { threshold: 0.01 }).map((m) => m.seizureId)).toContain(A);
    expect(sut.match('京A1Z34', at, { threshold: 0.01 }).map((m) => m.seizureId)).toContain(A);
    // Two characters lost that are not 应急 are beyond what the scorer allows.
    expect(sut.match('京A123', at, { threshold: 0 }).map((m) => m.seizureId)).not.toContain(B);
  });

  it('weighs the vehicle: agreeing attributes raise a possible hit, contradicting ones sink it, and an exact read on a contradicting car is flagged', () => {
    const sut = new WatchlistIndex();
    sut.add({ ...seal(A, '桂PB6780'), vehicle: { vehicleColor: VehicleColor.White, vehicleBrand: '大众', vehicleType: VehicleType.Car } });
    const plain = sut.match('桂P86780', at, { threshold: 0 })[0].score;
    const agree = sut.match('桂P86780', at, { threshold: 0, attributes: { vehicleColor: VehicleColor.Silver, vehicleBrand: 'Volkswagen' } })[0];
    expect(agree.score).toBeGreaterThan(plain);
    // Contradicting colour and make: held to the look-alike floor (false-hit-budget.ts), which no threshold lowers.
    expect(sut.match('桂P86780', at, { threshold: 0, attributes: { vehicleColor: VehicleColor.Red, vehicleBrand: 'Toyota' } })).toEqual([]);
    expect(agree.attributes.map((a) => [a.attribute, a.verdict])).toEqual([['vehicleColor', 'near'], ['vehicleBrand', 'agree']]);
    const exact = sut.match('桂PB6780', at, { attributes: { vehicleType: VehicleType.Truck } });
    expect(exact).toEqual([expect.objectContaining({ match: MatchKind.Exact, score: 1, attributesDiffer: true })]);
    expect(sut.match('桂PB6780', at, { attributes: { vehicleType: VehicleType.Suv } })[0].attributesDiffer).toBe(false);
  });

  describe('under the false-hit budget', () => {
    const colors = [VehicleColor.White, VehicleColor.Black, VehicleColor.Grey, VehicleColor.Silver, VehicleColor.Blue];
    const brands = ['大众', '丰田', '本田', '吉利', '比亚迪', '五菱'];
    /** `count` seals on 桂P plates with all-digit serials, common colours and makes, and 桂PB6780, a purple BYD SUV. */
    const dense = (count: number) => {
      const sut = new WatchlistIndex();
      sut.reset(count + 1);
      for (let i = 0; i < count; i++) {
        const vehicle = { vehicleColor: colors[i % colors.length], vehicleBrand: brands[i % brands.length], vehicleType: i % 3 ? VehicleType.Car : VehicleType.Suv };
        sut.add({ ...seal(`s${i}`, `桂P${String(10_000 + i * 3).padStart(5, '0')}`), vehicle });
      }
      sut.add({ ...seal(A, '桂PB6780'), vehicle: { vehicleColor: VehicleColor.Purple, vehicleBrand: '比亚迪', vehicleType: VehicleType.Suv } });
      return sut;
    };

    it('asks more of a misread the more seals lie around it', () => {
      const lone = dense(0);
      const court = dense(2_000);
      const crowded = dense(30_000);
      const thresholds = [lone, court, crowded].map((sut) => sut.thresholdFor('桂PK6780', { confidence: 0.9 }));
      expect(thresholds[1]).toBeGreaterThan(thresholds[0]);
      expect(thresholds[2]).toBeGreaterThan(thresholds[1]);
      // Reads elsewhere (another prefix) are not held to 桂P's density.
      expect(crowded.thresholdFor('粤AK6780', { confidence: 0.9 })).toBeLessThan(thresholds[2]);
      // Under a budget of 1 %, an unlisted slip is raised next to a lone seal, not among thirty thousand.
      expect(lone.match('桂PK6780', at, { confidence: 0.9, textOnlyBudget: 0.01 }).map((m) => m.seizureId)).toEqual([A]);
      expect(crowded.match('桂PK6780', at, { confidence: 0.9, textOnlyBudget: 0.01 })).toEqual([]);
    });

    it("asks more of a read whose neighbours in other provinces are densely sealed, though its own prefix is not", () => {
      const withElsewhere = (count: number) => {
        const sut = new WatchlistIndex();
        for (let i = 0; i < 10; i++) sut.add(seal(`g${i}`, `桂P${String(20_000 + i).padStart(5, '0')}`));
        for (let i = 0; i < count; i++) sut.add(seal(`y${i}`, `粤P${String(10_000 + i * 7).padStart(5, '0')}`));
        return sut;
      };
      expect(withElsewhere(20_000).thresholdFor('桂PK6780', { confidence: 0.9 })).toBeGreaterThan(withElsewhere(0).thresholdFor('桂PK6780', { confidence: 0.9 }));
    });

    it('asks more of a misread the smaller the budget, and a fixed threshold overrides it', () => {
      const sut = dense(2_000);
      expect(sut.thresholdFor('桂PK6780', { textOnlyBudget: 0.0001 })).toBeGreaterThan(sut.thresholdFor('桂PK6780', { textOnlyBudget: 0.001 }));
      const white = { vehicleColor: VehicleColor.White };
      expect(sut.thresholdFor('桂PK6780', { budget: 0.0001, attributes: white })).toBeGreaterThan(sut.thresholdFor('桂PK6780', { budget: 0.001, attributes: white }));
      // A read of the plate alone is held to its own budget, a plate colour alone not counting as a description.
      expect(sut.thresholdFor('桂PK6780', { budget: 0.0001, textOnlyBudget: 0.001 })).toBe(sut.thresholdFor('桂PK6780', { textOnlyBudget: 0.001 }));
      expect(sut.thresholdFor('桂PK6780', { budget: 0.0001, textOnlyBudget: 0.001, attributes: { plateColor: PlateColor.Blue } })).toBe(
        sut.thresholdFor('桂PK6780', { textOnlyBudget: 0.001, attributes: { plateColor: PlateColor.Blue } }),
      );
      // A read its camera's confidence weighs more spends that much more of its share (ConfidenceCalibration).
      expect(sut.thresholdFor('桂PK6780', { textOnlyBudget: 0.001, budgetWeight: 4 })).toBeCloseTo(sut.thresholdFor('桂PK6780', { textOnlyBudget: 0.004 }), 12);
      expect(sut.thresholdFor('桂PK6780', { textOnlyBudget: 0.001, budgetWeight: 0.5 })).toBeGreaterThan(sut.thresholdFor('桂PK6780', { textOnlyBudget: 0.001 }));
      expect(sut.match('桂PK6780', at, { threshold: 0.001 }).map((m) => m.seizureId)).toEqual([A]);
      expect(sut.match('桂P86780', at, { threshold: 0.999 })).toEqual([]);
    });

    it('says how much of its share a read no plate can be spends: little among few seals, all of it among many', () => {
      const thin = dense(0);
      const crowded = dense(30_000);
      // A lost character (桂P6780): next to a lone seal its whole neighbourhood fits in a small part of what it may spend.
      const alone = thin.certainMisreadSpend('桂P6780')!;
      expect(alone).toBeGreaterThan(0);
      expect(alone).toBeLessThan(0.1);
      expect(crowded.certainMisreadSpend('桂P6780')).toBeCloseTo(1, 12);
      // Weighed as the read is weighed (its camera's prefix mix): in units of its class's unweighed share.
      expect(crowded.certainMisreadSpend('桂P6780', { budgetWeight: 0.5 })).toBeCloseTo(0.5, 12);
      expect(thin.certainMisreadSpend('桂P6780', { budgetWeight: 2 })).toBeCloseTo(alone, 12);
      // A lost province too; a valid plate is not such a read.
      expect(thin.certainMisreadSpend('P86780')).toBeLessThan(1);
      expect(thin.certainMisreadSpend('桂PK6780')).toBeUndefined();
      // Its threshold is 0 where it spends less than all: every candidate the index finds is raised.
      expect(thin.thresholdFor('桂P6780')).toBe(0);
    });

    it('prices a read with a doubled character among the few plates left when one is dropped, not among all a lost character could leave', () => {
      const sut = dense(2_000);
      sut.add(seal(B, '桂P13502'));
      // 桂P135502: the 5 doubled. Dropping one character leaves six plates, of which 桂P13502 is sealed
      // (the court's seals crowd 桂P's all-digit serials); a read that lost one could come from 170.
      expect(sut.thresholdFor('桂P135502', { confidence: 0.9 })).toBeLessThan(sut.thresholdFor('桂P1352', { confidence: 0.9 }));
      expect(sut.match('桂P135502', at, { confidence: 0.9 }).map((m) => m.seizureId)).toEqual([B]);
    });

    it('lets agreeing colour, make and type carry a possible hit the text alone would not, and not a contradicting car', () => {
      const sut = dense(5_000);
      const purpleBydSuv = { vehicleColor: VehicleColor.Purple, vehicleBrand: 'BYD', vehicleType: VehicleType.Suv };
      // E for B: a confusion the table lists, but among five thousand 桂P seals not enough on its own.
      expect(sut.match('桂PE6780', at, { confidence: 0.9 })).toEqual([]);
      const [hit] = sut.match('桂PE6780', at, { confidence: 0.9, attributes: purpleBydSuv });
      expect(hit).toMatchObject({ seizureId: A, match: MatchKind.Fuzzy, attributesDiffer: false });
      expect(hit.evidence).toBeGreaterThanOrEqual(sut.thresholdFor('桂PE6780', { confidence: 0.9, attributes: purpleBydSuv }));
      expect(sut.match('桂PE6780', at, { confidence: 0.9, attributes: { ...purpleBydSuv, vehicleColor: VehicleColor.White, vehicleBrand: '大众' } })).toEqual([]);
    });
  });

  it('raises nothing far-fetched on a read of a plate\'s form under a prefix no province issues, though the budget would let it through', () => {
    const sut = new WatchlistIndex();
    for (const [i, plate] of ['宁D12845', '宁A12S45'].entries()) sut.add(seal(`u${i}`, plate));
    // Ningxia issues A to E: 宁M12345 is on no car, a certain misread by the table, and its prefix is thin: any score passes the budget.
    const asIntake = { confidence: 0.9, twoSlips: 3 };
    expect(sut.thresholdFor('宁M12345', asIntake)).toBe(0);
    // The letter and an unlisted slip (3 read as 8) lie under the floor; the letter and a listed one (S for 2) over it.
    expect(sut.match('宁M12345', at, asIntake).map((m) => m.plate)).toEqual(['宁A12S45']);
    expect(sut.match('宁M12345', at, { ...asIntake, threshold: 0 }).map((m) => m.plate)).toEqual(['宁A12S45']);
    // A province read as a look-alike one onto such a prefix (桂 as 贵; Guizhou issues A to J) is the sealed car's own misread, well above it.
    sut.add(seal('u2', '桂P12345'));
    expect(sut.match('贵P12345', at, asIntake).map((m) => m.plate)).toContain('桂P12345');
  });

  it('finds a plate two unlike slips away only when asked to try the likeliest confusions (twoSlips), and then within the threshold', () => {
    const sut = new WatchlistIndex();
    sut.replaceAll([seal(A, '桂PC6780'), seal(B, '桂PD12345')]);
    // C read as G and 7 as Z: each leaves its fold class, so the read shares no key with the plate.
    expect(sut.match('桂PG6Z80', at, { threshold: 0 })).toEqual([]);
    const [hit, ...rest] = sut.match('桂PG6Z80', at, { threshold: 0, twoSlips: 3 });
    expect(rest).toEqual([]);
    expect(hit).toMatchObject({ seizureId: A, differences: [{ position: 2, expected: 'C', read: 'G' }, { position: 4, expected: '7', read: 'Z' }] });
    expect(sut.match('桂PG6Z80', at, { threshold: hit.evidence * 1.01, twoSlips: 3 })).toEqual([]);
  });

  it('drops no hit by the bounds that spare it reading candidates: at any threshold it raises what scoring every candidate would', () => {
    // Scoring every candidate is what a threshold of 0 does (nothing can be below it); a higher
    // threshold must then raise exactly those of them whose evidence reaches it.
    let seed = 7;
    const rng = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 4294967296;
    const pick = <T,>(items: ArrayLike<T>): T => items[Math.floor(rng() * items.length)];
    const provinces = '桂粤湘京沪苏浙川';
    const alnum = '0123456789ABCDEFGHJKLMNPQRSTUVWXYZ';
    const plateOf = () => pick(provinces) + pick('ABCP') + (rng() < 0.1 ? 'D' + Array.from({ length: 5 }, () => pick('0123456789')).join('') : Array.from({ length: 5 }, () => pick(rng() < 0.8 ? '0123456789' : alnum)).join(''));
    const vehicleOf = () => ({ vehicleColor: pick([VehicleColor.White, VehicleColor.Black, VehicleColor.Red, VehicleColor.Purple]), vehicleBrand: pick(['大众', '丰田', '比亚迪']), vehicleType: pick([VehicleType.Car, VehicleType.Suv]) });
    const sut = new WatchlistIndex();
    const plates: string[] = [];
    for (let i = 0; i < 4000; i++) {
      const plate = plateOf();
      plates.push(plate);
      sut.add({ ...seal(`s${i}`, plate), vehicle: vehicleOf() });
    }
    // A seal whose registration changed keeps its slot; what its keys carry of the vehicle follows.
    for (let i = 0; i < 1000; i++) sut.add({ ...seal(`s${i}`, plates[i]), vehicle: vehicleOf() });
    const slip = (plate: string): string => {
      const r = rng();
      const at = 1 + Math.floor(rng() * (plate.length - 1));
      if (r < 0.4) return plate.slice(0, at) + pick(alnum) + plate.slice(at + 1);
      if (r < 0.5) return plate.slice(1);
      if (r < 0.6) return pick(provinces) + plate.slice(1);
      if (r < 0.7) return plate.slice(0, at) + plate.slice(at + 1);
      if (r < 0.8) return plate.slice(0, at) + plate[at] + plate.slice(at);
      if (r < 0.9) return slip(slip(plate));
      return plate;
    };
    let raised = 0;
    for (let n = 0; n < 600; n++) {
      const read = slip(pick(plates));
      const options = { confidence: 0.6 + rng() * 0.4, attributes: rng() < 0.6 ? vehicleOf() : undefined, twoSlips: rng() < 0.5 ? 4 : 0 };
      const all = sut.match(read, at, { ...options, threshold: 0 });
      for (const threshold of [0.005, 0.05, 0.3, sut.thresholdFor(read, options)]) {
        const hits = sut.match(read, at, { ...options, threshold });
        raised += hits.length;
        expect(hits.map((h) => [h.seizureId, h.evidence])).toEqual(all.filter((h) => h.match === MatchKind.Exact || h.evidence >= threshold).map((h) => [h.seizureId, h.evidence]));
      }
    }
    expect(raised).toBeGreaterThan(300);
  });

  it('rebuilds in place (reset then add), sizes its table for what it holds, and reports its memory', () => {
    const sut = new WatchlistIndex();
    sut.reset(2000);
    for (let i = 0; i < 5000; i++) sut.add(seal(`s${i}`, `桂A${String(i).padStart(5, '0')}`));
    for (let i = 0; i < 5000; i += 2) sut.remove(`s${i}`, `桂A${String(i).padStart(5, '0')}`);
    expect(sut.size).toBe(2500);
    expect(sut.matchExact('桂A04999', at).map((s) => s.seizureId)).toEqual(['s4999']);
    expect(sut.matchExact('桂A04998', at)).toEqual([]);
    expect(sut.bytes).toBeGreaterThan(0);
  });

  it('answers an exact read with the exact seal only, not its look-alikes', () => {
    const sut = new WatchlistIndex();
    sut.replaceAll([seal(A, '桂PB6780'), seal(B, '桂P86780')]);
    expect(sut.match('桂P86780', at, { threshold: 0 })).toEqual([expect.objectContaining({ seizureId: B, match: MatchKind.Exact, score: 1 })]);
    expect(sut.match('桂P8678D', at, { threshold: 0 }).map((m) => m.seizureId)).toEqual([B, A]);
  });

  it('reuses removed slots and keeps chains intact when removing from the middle', () => {
    const sut = new WatchlistIndex();
    const plates = ['桂PB6780', '桂P86780', '桂PB678D', '桂P8678Q'];
    plates.forEach((p, i) => sut.add(seal(`s${i}`, p)));
    sut.remove('s1', '桂P86780');
    sut.remove('s9', '桂PB6780');
    expect(sut.size).toBe(3);
    sut.add(seal('s4', '桂P86780'));
    for (const [i, p] of plates.entries()) expect(sut.matchExact(p, at).map((s) => s.seizureId)).toEqual([i === 1 ? 's4' : `s${i}`]);
  });

  it('grows past its initial capacity', () => {
    const sut = new WatchlistIndex();
    for (let i = 0; i < 1000; i++) sut.add(seal(`s${i}`, `桂P${String(i).padStart(5, '0')}`));
    expect(sut.size).toBe(1000);
    expect(sut.matchExact('桂P00999', at).map((s) => s.seizureId)).toEqual(['s999']);
  });
});
