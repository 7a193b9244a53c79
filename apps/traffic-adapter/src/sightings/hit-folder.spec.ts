import { HitFolder } from './hit-folder';

describe(HitFolder.name, () => {
  const t0 = Date.parse('2026-03-02T02:00:00Z');
  const s = (seconds: number) => t0 + seconds * 1000;

  it('folds a hit of the same seal at the same checkpoint within the window of the last published one', () => {
    const sut = new HitFolder(120_000);
    expect(sut.isFolded('seal-1', 'K01', s(0))).toBe(false);
    sut.remember('seal-1', 'K01', s(0));
    expect(sut.isFolded('seal-1', 'K01', s(119))).toBe(true);
    expect(sut.isFolded('seal-1', 'K01', s(-30))).toBe(true);
    expect(sut.isFolded('seal-1', 'K01', s(120))).toBe(false);
  });

  it('never folds a hit at another checkpoint or of another seal', () => {
    const sut = new HitFolder(120_000);
    sut.remember('seal-1', 'K01', s(0));
    expect(sut.isFolded('seal-1', 'K02', s(1))).toBe(false);
    expect(sut.isFolded('seal-2', 'K01', s(1))).toBe(false);
  });

  it('measures the window from the latest published hit, not an older one remembered late', () => {
    const sut = new HitFolder(120_000);
    sut.remember('seal-1', 'K01', s(200));
    sut.remember('seal-1', 'K01', s(0));
    expect(sut.isFolded('seal-1', 'K01', s(310))).toBe(true);
  });

  it('folds nothing with a zero window', () => {
    const sut = new HitFolder(0);
    sut.remember('seal-1', 'K01', s(0));
    expect(sut.isFolded('seal-1', 'K01', s(0))).toBe(false);
  });

  it('forgets pairs outside the window once it holds many', () => {
    const sut = new HitFolder(1000);
    for (let i = 0; i <= 50_000; i++) sut.remember(`seal-${i}`, 'K01', i * 10);
    expect(sut.size).toBeLessThan(1000);
    expect(sut.isFolded('seal-50000', 'K01', 500_000)).toBe(true);
  });
});
