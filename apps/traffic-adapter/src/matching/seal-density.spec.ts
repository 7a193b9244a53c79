import { classOfRead, ReadClass } from './neighbourhood';
import { prepareRead } from './plate-match';
import { SealDensity } from './seal-density';

describe(SealDensity.name, () => {
  const units = (plate: string) => Array.from(plate, (c) => c.charCodeAt(0));
  const withSeals = (plates: string[]) => {
    const sut = new SealDensity();
    for (const p of plates) sut.count(units(p), 0, p.length, 1);
    return sut;
  };
  const around = (sut: SealDensity, read: string) => {
    const prepared = prepareRead(read, 0.9);
    return sut.of(prepared, classOfRead(prepared));
  };
  const serial = (i: number) => String(i).padStart(5, '0');

  it('is denser around a read the more seals share its prefix, and ignores seals of other prefixes', () => {
    const local = withSeals(Array.from({ length: 1000 }, (_, i) => `桂P${serial(i)}`));
    const national = withSeals([...Array.from({ length: 10 }, (_, i) => `桂P${serial(i)}`), ...Array.from({ length: 990 }, (_, i) => `粤B${serial(i)}`)]);
    // Same shapes, so ρ goes with the prefix's seals (+ 1): 1001 against 11.
    expect(around(local, '桂P54321') / around(national, '桂P54321')).toBeCloseTo(1001 / 11, 6);
    expect(around(national, '粤B54321') / around(national, '桂P54321')).toBeCloseTo(991 / 11, 6);
    expect(around(national, '京A54321') / around(national, '桂P54321')).toBeCloseTo(1 / 11, 6);
  });

  it('spreads a prefix over the plates of its shapes: new-energy plates, from a larger space, are thinner', () => {
    const sut = withSeals([...Array.from({ length: 500 }, (_, i) => `桂P${serial(i)}`), ...Array.from({ length: 500 }, (_, i) => `桂PD${serial(i).slice(1)}0`)]);
    // Thinner, though not as thin as its own space alone: some of its neighbours are ordinary plates (next test).
    expect(around(sut, '桂P12345') / around(sut, '桂PD12340')).toBeGreaterThan(3);
  });

  it('gives a read of a shape no seal has the density its neighbours see, not nothing', () => {
    const sut = withSeals(Array.from({ length: 1000 }, (_, i) => `桂P${serial(i)}`));
    // Two letters in the serial (a misread such as 8→B, 0→D): some of its neighbours are all-digit plates.
    expect(around(sut, '桂PB1D45')).toBeGreaterThan(0.005 * around(sut, '桂P12345'));
  });

  it('counts every province for a read that lost its province, and the province for a read whose authority is no letter', () => {
    const sut = withSeals([...Array.from({ length: 300 }, (_, i) => `桂P${serial(i)}`), ...Array.from({ length: 300 }, (_, i) => `粤P${serial(i)}`)]);
    expect(classOfRead(prepareRead('P12345'))).toBe(ReadClass.NoProvince);
    expect(around(sut, 'P12345') / around(sut, '桂P12345')).toBeCloseTo(601 / 301, 6);
    expect(around(sut, '桂812345')).toBeGreaterThan(0);
    expect(around(sut, '桂812345')).toBeLessThan(around(sut, '桂P12345'));
  });

  it("counts, for a read's neighbours in other provinces, the seals of its authority letter there, per province", () => {
    // A national watchlist: few seals in 桂P, many in 粤P, none elsewhere with P.
    const sut = withSeals([...Array.from({ length: 10 }, (_, i) => `桂P${serial(i)}`), ...Array.from({ length: 3000 }, (_, i) => `粤P${serial(i)}`), ...Array.from({ length: 500 }, (_, i) => `京A${serial(i)}`)]);
    const read = prepareRead('桂P54321', 0.9);
    // 3000 seals over the 30 other provinces (+ 1, as for the read's own prefix: 10 + 1); 京A is no neighbour of 桂P's.
    expect(sut.otherProvinces(read) / sut.of(read, ReadClass.ValidPlate)).toBeCloseTo((3000 / 30 + 1) / 11, 6);
    // The read's own seals are not counted again.
    expect(sut.otherProvinces(prepareRead('粤P54321', 0.9)) / sut.of(prepareRead('粤P54321', 0.9), ReadClass.ValidPlate)).toBeCloseTo((10 / 30 + 1) / 3001, 6);
  });

  it('gives a read of an 8-character plate at least the density of the 7-character plates it could be read from with an extra character', () => {
    const sut = withSeals(Array.from({ length: 1000 }, (_, i) => `桂P${serial(i)}`));
    // 桂PD12345 (small new energy) has neighbours such as 桂P12345: as dense as the ordinary plates it reaches.
    expect(around(sut, '桂PD12345')).toBeGreaterThanOrEqual(around(sut, '桂P12345') / 6);
  });

  it('gives a read that lost a character the density of the shapes it could have lost it from', () => {
    // A local court's watchlist crowded with plates of digits alone (10^5 of them a prefix), a few with a letter (2.4·10^5 a shape).
    const sut = withSeals([...Array.from({ length: 900 }, (_, i) => `桂P${serial(i * 7)}`), ...Array.from({ length: 100 }, (_, i) => `桂P${serial(i).slice(1)}K`)]);
    const digitsOnly = around(sut, '桂P1234');
    const withLetter = around(sut, '桂P12K4');
    // 桂P1234 may be any of the crowded 桂P12345 (a digit lost) as well as 桂P1K234 (a letter lost); 桂P12K4
    // only a plate that holds a letter, which this watchlist has few of.
    expect(digitsOnly / withLetter).toBeGreaterThan(3);
    // Neither is as dense as a read of the crowded shape itself.
    expect(withLetter).toBeLessThan(around(sut, '桂P12345'));
    expect(digitsOnly).toBeLessThan(around(sut, '桂P12345'));
  });

  it('forgets a seal taken out', () => {
    const sut = withSeals(['桂P12345', '桂P12346']);
    const before = around(sut, '桂P54321');
    sut.count(units('桂P12346'), 0, 7, -1);
    expect(sut.size).toBe(1);
    expect(around(sut, '桂P54321')).toBeLessThan(before);
  });
});
