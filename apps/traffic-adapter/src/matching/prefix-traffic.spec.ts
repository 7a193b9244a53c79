import { MAX_WEIGHT, MIN_WEIGHT, PrefixTraffic, PRIOR_READS, SealShares, TRAFFIC_WEIGHTING_ABOVE, trafficWeightingFor, WINDOW_READS } from './prefix-traffic';
import { PREFIXES, prefixOfPlate, SealDensity } from './seal-density';

describe(PrefixTraffic.name, () => {
  const units = (plate: string) => Array.from(plate, (c) => c.charCodeAt(0));
  const serial = (i: number) => String(i).padStart(5, '0');
  /** A watchlist of these seals, as the index counts them. */
  const watchlist = (plates: string[]): SealShares => {
    const density = new SealDensity();
    for (const p of plates) density.count(units(p), 0, p.length, 1);
    return (prefix) => density.prefixShare(prefix);
  };
  const GUI_P = prefixOfPlate('桂P12345');
  const JING_A = prefixOfPlate('京A12345');
  const YUE_B = prefixOfPlate('粤B12345');
  /** Seals spread evenly over 桂P, 京A and 粤B. */
  const national = watchlist([...['桂P', '京A', '粤B'].flatMap((prefix) => Array.from({ length: 300 }, (_, i) => `${prefix}${serial(i)}`))]);
  /** A Guangxi checkpoint: three reads in four 桂P, the rest 粤B; no 京A. */
  const guangxiCamera = (sut: PrefixTraffic, reads: number, seals = national) => {
    for (let i = 0; i < reads; i++) sut.weigh('cam-1', i % 4 === 0 ? YUE_B : GUI_P, seals);
  };

  it('weighs nothing for a camera not yet seen, or a read without a province and letter', () => {
    const sut = new PrefixTraffic();
    expect(sut.weightOf('cam-1', GUI_P, national)).toBe(1);
    guangxiCamera(sut, 5000);
    expect(sut.weightOf('cam-1', -1, national)).toBe(1);
    expect(sut.weigh('cam-1', prefixOfPlate('P12345'), national)).toBe(1);
    expect(sut.weightOf('cam-2', GUI_P, national)).toBe(1);
  });

  it("spends less on the prefix a camera reads all day, more on those it seldom reads, against the seals' spread", () => {
    const sut = new PrefixTraffic();
    guangxiCamera(sut, 5000);
    const local = sut.weightOf('cam-1', GUI_P, national);
    const seldom = sut.weightOf('cam-1', YUE_B, national);
    const never = sut.weightOf('cam-1', JING_A, national);
    expect(local).toBeLessThan(1);
    expect(seldom).toBeGreaterThan(1);
    // Bounded: the ratio for 京A, which the camera has never read, would be 25 and more before the bound.
    expect(never).toBeGreaterThan(seldom);
    expect(never / local).toBeLessThanOrEqual(MAX_WEIGHT / MIN_WEIGHT + 1e-9);
  });

  it("averages 1 over the camera's own traffic, so its false hits stay within the budget", () => {
    const sut = new PrefixTraffic();
    guangxiCamera(sut, 20_000);
    // The camera's reads as counted, smoothed towards the seals' spread as PrefixTraffic does.
    let mean = 0;
    for (let c = 0; c < PREFIXES; c++) {
      const counted = c === GUI_P ? 15_000 : c === YUE_B ? 5_000 : 0;
      mean += ((counted + PRIOR_READS * national(c)) / (20_000 + PRIOR_READS)) * sut.weightOf('cam-1', c, national);
    }
    // As of the last rescaling (every few hundred reads of the camera).
    expect(mean).toBeCloseTo(1, 2);
  });

  it("changes nothing for a court whose seals are spread as its camera's traffic is", () => {
    const sut = new PrefixTraffic();
    const local = watchlist([...Array.from({ length: 750 }, (_, i) => `桂P${serial(i)}`), ...Array.from({ length: 250 }, (_, i) => `粤B${serial(i)}`)]);
    guangxiCamera(sut, 10_000, local);
    expect(sut.weightOf('cam-1', GUI_P, local)).toBeCloseTo(1, 1);
    expect(sut.weightOf('cam-1', YUE_B, local)).toBeCloseTo(1, 1);
  });

  it('follows recent traffic: counts are halved past the window', () => {
    const sut = new PrefixTraffic();
    guangxiCamera(sut, WINDOW_READS);
    const before = sut.weightOf('cam-1', YUE_B, national);
    // The camera moves to a 粤B road: after a window of it, 粤B is what it reads all day.
    for (let i = 0; i < WINDOW_READS; i++) sut.weigh('cam-1', YUE_B, national);
    expect(before).toBeGreaterThan(1);
    expect(sut.weightOf('cam-1', YUE_B, national)).toBeLessThan(1);
  });
});

describe(trafficWeightingFor.name, () => {
  it("weighs by prefix a provincial or national watchlist, not a court's own", () => {
    expect(trafficWeightingFor(1_000)).toBe(false);
    expect(trafficWeightingFor(TRAFFIC_WEIGHTING_ABOVE)).toBe(false);
    expect(trafficWeightingFor(TRAFFIC_WEIGHTING_ABOVE + 1)).toBe(true);
    expect(trafficWeightingFor(1_000_000)).toBe(true);
  });
});

describe(prefixOfPlate.name, () => {
  it('names a province and an authority letter, and nothing else', () => {
    expect(prefixOfPlate('桂P12345')).toBe(prefixOfPlate('桂PD12345'));
    expect(prefixOfPlate('桂P12345')).not.toBe(prefixOfPlate('桂A12345'));
    expect(prefixOfPlate('桂P12345')).not.toBe(prefixOfPlate('粤P12345'));
    for (const none of ['P12345', '柱P12345', '桂112345', '使014001', '桂', '']) expect(prefixOfPlate(none)).toBe(-1);
    expect(prefixOfPlate('京A12345')).toBeLessThan(PREFIXES);
  });
});
