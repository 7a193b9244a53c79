import { PlateColor, VehicleColor, VehicleType } from '@app/contracts';
import { AttributeEvidence, CAMERA_ACCURACY, convolve, KIND_PRIOR_SEALS, MAX_ATTRIBUTE_RATIO, MIN_ATTRIBUTE_RATIO, PLATE_COLORS, PlateGroup, plateGroupOfText, shareUpperBound, VEHICLE_COLORS, VEHICLE_TYPES } from './attribute-score';
import { FACTOR_BINS, FACTOR_CENTRE, STEPS } from './false-hit-budget';

describe(AttributeEvidence.name, () => {
  const code = {
    plate: (c: PlateColor) => PLATE_COLORS.indexOf(c) + 1,
    color: (c: VehicleColor) => VEHICLE_COLORS.indexOf(c) + 1,
    type: (t: VehicleType) => VEHICLE_TYPES.indexOf(t) + 1,
  };
  /** A fleet: 60 % white, 30 % black, 10 % red; makes 1 (70 %), 2 (25 %), 3 (5 %); cars and a few trucks; blue plates. */
  const fleet = () => {
    const sut = new AttributeEvidence();
    for (let i = 0; i < 1000; i++) {
      const color = i < 600 ? VehicleColor.White : i < 900 ? VehicleColor.Black : VehicleColor.Red;
      const brand = i % 20 < 14 ? 1 : i % 20 < 19 ? 2 : 3;
      sut.count([code.plate(PlateColor.Blue), code.color(color), code.type(i % 10 ? VehicleType.Car : VehicleType.Truck), brand], 1);
    }
    sut.refresh();
    return sut;
  };
  const seen = (color: VehicleColor | 0, brand = 0, type: VehicleType | 0 = 0) => [0, color ? code.color(color) : 0, type ? code.type(type) : 0, brand];
  const sealed = (color: VehicleColor, brand: number, type = VehicleType.Car) => [code.plate(PlateColor.Blue), code.color(color), code.type(type), brand];

  it('counts agreement for more the rarer the value, a contradiction against, and unknown as nothing', () => {
    const sut = fleet();
    const agreeWhite = sut.factor(sealed(VehicleColor.White, 1), seen(VehicleColor.White));
    const agreeRed = sut.factor(sealed(VehicleColor.Red, 1), seen(VehicleColor.Red));
    const differ = sut.factor(sealed(VehicleColor.White, 1), seen(VehicleColor.Red));
    expect(agreeWhite).toBeGreaterThan(1);
    expect(agreeRed).toBeGreaterThan(4 * agreeWhite);
    expect(differ).toBeLessThan(0.2);
    expect(sut.factor(sealed(VehicleColor.White, 1), seen(0))).toBe(1);
    expect(sut.factor([0, 0, 0, 0], seen(VehicleColor.Red, 2, VehicleType.Truck))).toBe(1);
  });

  it('says how often, at most, a random car would agree with the seal where the camera does: the agreeing values\' shares at their upper bounds, multiplied', () => {
    const sut = fleet();
    // 100 red cars and 100 trucks of 1,000 seals.
    const red = shareUpperBound(100, 1000);
    expect(red).toBeGreaterThan(0.1);
    expect(red).toBeLessThan(0.13);
    expect(sut.agreementChance(sealed(VehicleColor.Red, 1, VehicleType.Truck), seen(VehicleColor.Red, 0, VehicleType.Truck))).toBeCloseTo(red * shareUpperBound(100, 1000), 6);
    // A contradiction or an unreported value adds nothing: only what agrees counts.
    expect(sut.agreementChance(sealed(VehicleColor.Red, 1, VehicleType.Truck), seen(VehicleColor.Red, 3, 0))).toBeCloseTo(red, 6);
    expect(sut.agreementChance(sealed(VehicleColor.White, 1), seen(VehicleColor.Black, 2))).toBe(1);
    // White is common: a look-alike agrees on it often.
    expect(sut.agreementChance(sealed(VehicleColor.White, 1), seen(VehicleColor.White))).toBeGreaterThan(0.6);
  });

  it('does not take a value for rare because a small watchlist has it once', () => {
    // One white car among five seals: the share of white could well be a third or more.
    expect(shareUpperBound(1, 5)).toBeGreaterThan(0.5);
    expect(shareUpperBound(0, 5)).toBeGreaterThan(0.3);
    const sut = new AttributeEvidence();
    for (const color of [VehicleColor.White, VehicleColor.Red, VehicleColor.Blue, VehicleColor.Black, VehicleColor.Silver]) sut.count([0, code.color(color), code.type(VehicleType.Car), 0], 1);
    sut.refresh();
    expect(sut.agreementChance(sealed(VehicleColor.White, 0), seen(VehicleColor.White, 0, VehicleType.Car))).toBeGreaterThan(0.25);
  });

  it('takes the camera at its stated accuracy: agreeing on white means right / share of white', () => {
    const sut = fleet();
    // Every seal here is an ordinary plate: that kind's share is the watchlist's (add-one), with the watchlist's again as its prior.
    const shareOfWhite = (600 + KIND_PRIOR_SEALS * ((600 + 1) / (1000 + 13))) / (1000 + KIND_PRIOR_SEALS);
    expect(sut.factor(sealed(VehicleColor.White, 1), seen(VehicleColor.White))).toBeCloseTo(CAMERA_ACCURACY.vehicleColor.right / shareOfWhite, 6);
  });

  it('makes a one-slip neighbour of the same colour, make and type a strong candidate and one contradicting on two a weak one', () => {
    const sut = fleet();
    const all = sut.factor(sealed(VehicleColor.Red, 3), seen(VehicleColor.Red, 3, VehicleType.Car));
    const two = sut.factor(sealed(VehicleColor.Red, 3), seen(VehicleColor.White, 1, VehicleType.Car));
    expect(all).toBeGreaterThan(50);
    expect(two).toBeLessThan(0.05);
    // A make no seal has contradicts every seal that names one.
    expect(sut.factor(sealed(VehicleColor.Red, 3), seen(0, -1))).toBeLessThan(1);
  });

  it('bounds every ratio and gives an upper bound a read can earn', () => {
    const sut = fleet();
    for (const color of [VehicleColor.White, VehicleColor.Black, VehicleColor.Red, VehicleColor.Pink]) {
      for (const brand of [0, 1, 2, 3, -1]) {
        const s = seen(color, brand, VehicleType.Suv);
        for (const c of [VehicleColor.White, VehicleColor.Red]) {
          for (const b of [1, 3]) {
            const f = sut.factor(sealed(c, b), s);
            expect(f).toBeLessThanOrEqual(sut.maxFactor(s) * (1 + 1e-12));
            expect(f).toBeGreaterThanOrEqual(MIN_ATTRIBUTE_RATIO ** 4);
            expect(f).toBeLessThanOrEqual(MAX_ATTRIBUTE_RATIO ** 4);
          }
        }
      }
    }
  });

  it('prices a read by the report it makes: agreeing on a common colour earns a small ratio, on a rare one a large one, and a read reporting nothing meets the text alone', () => {
    const sut = fleet();
    const largest = (mix: { offsets: Int32Array }) => 10 ** (Math.max(...mix.offsets) / STEPS);
    const total = (mix: { weights: Float64Array }) => mix.weights.reduce((a, b) => a + b, 0);
    const white = sut.factorsGiven(seen(VehicleColor.White));
    const red = sut.factorsGiven(seen(VehicleColor.Red));
    // Agreeing on white (60 % of seals) earns 0.9 / 0.6 = 1.5; on red (10 %) 9.
    expect(largest(white)).toBeLessThan(2);
    expect(largest(red)).toBeGreaterThan(5);
    // The seals agreeing with red are a tenth of them, with white three fifths.
    const massAbove = (mix: { offsets: Int32Array; weights: Float64Array }, f: number) => mix.offsets.reduce((sum, o, j) => sum + (10 ** (o / STEPS) >= f ? mix.weights[j] : 0), 0);
    expect(massAbove(red, 5)).toBeCloseTo(0.1, 1);
    expect(massAbove(white, 1.2)).toBeCloseTo(0.6, 1);
    for (const mix of [white, red, sut.factorsGiven(seen(VehicleColor.Black, 2, VehicleType.Truck))]) expect(total(mix)).toBeCloseTo(1, 9);
    expect(sut.factorsGiven(seen(0))).toEqual({ offsets: Int32Array.of(0), weights: Float64Array.of(1) });
    // On the evidence grid: evidence 10^0.5 ≈ 3.2 from a text score of at most 1 needs a ratio of 3.2, which only red earns.
    const text = Float64Array.from({ length: 81 }, (_, g) => 1e4 * 10 ** (-g / 20));
    expect(sut.volumeGiven(seen(VehicleColor.White), 0, () => text)[90]).toBe(0);
    expect(sut.volumeGiven(seen(VehicleColor.Red), 0, () => text)[90]).toBeGreaterThan(0);
    expect(sut.volumeGiven(seen(0), 0, () => text)[40]).toBeCloseTo(text[40], 9);
  });

  it('weighs agreement by how common the value is among plates of the read\'s kind: a trailer make among trailers, not among all cars', () => {
    const sut = new AttributeEvidence();
    const trailer = (brand: number) => [code.plate(PlateColor.Yellow), code.color(VehicleColor.White), code.type(VehicleType.Trailer), brand, PlateGroup.Trailer];
    // 950 ordinary cars of makes 1-19, 50 trailers of makes 20 and 21 (25 each).
    for (let i = 0; i < 950; i++) sut.count([code.plate(PlateColor.Blue), code.color(VehicleColor.White), code.type(VehicleType.Car), 1 + (i % 19), PlateGroup.Ordinary], 1);
    for (let i = 0; i < 50; i++) sut.count(trailer(20 + (i % 2)), 1);
    sut.refresh();
    const trailerRead = [0, 0, 0, 20, PlateGroup.Trailer];
    const carRead = [0, 0, 0, 20, PlateGroup.Ordinary];
    // Make 20 is 2.5 % of all seals and half the trailers: among trailers agreeing on it says little.
    expect(sut.factor(trailer(20), trailerRead)).toBeLessThan(3);
    expect(sut.factor(trailer(20), carRead)).toBeGreaterThan(10);
    // A kind of few seals leans on all seals: 2 coach plates of make 1 do not make make 1 certain among coaches.
    expect(sut.factor(trailer(20), [0, 0, 0, 20, PlateGroup.OtherSuffix])).toBeGreaterThan(5);
    expect(plateGroupOfText('桂P1234挂')).toBe(PlateGroup.Trailer);
    expect(plateGroupOfText('桂PD12345')).toBe(PlateGroup.NewEnergy);
    expect(plateGroupOfText('桂P1234学')).toBe(PlateGroup.OtherSuffix);
    expect(plateGroupOfText('桂PA1234')).toBe(PlateGroup.Ordinary);
  });

  it('recomputes only when the watchlist has changed by more than a hundredth', () => {
    const sut = fleet();
    sut.count(sealed(VehicleColor.Red, 3), 1);
    expect(sut.refresh()).toBe(false);
    for (let i = 0; i < 20; i++) sut.count(sealed(VehicleColor.Red, 3), 1);
    expect(sut.refresh()).toBe(true);
  });

  it(convolve.name, () => {
    const a = new Float64Array(FACTOR_BINS);
    const b = new Float64Array(FACTOR_BINS);
    a[FACTOR_CENTRE + 20] = 0.5;
    a[FACTOR_CENTRE] = 0.5;
    b[FACTOR_CENTRE - 20] = 1;
    const c = convolve(a, b);
    expect(c[FACTOR_CENTRE]).toBe(0.5);
    expect(c[FACTOR_CENTRE - 20]).toBe(0.5);
  });

  it('calls a hard difference of body colour, make or class a contradiction, and neither a neighbouring shade or kind, `other` nor an unknown', () => {
    const sut = fleet();
    expect(sut.contradicts(sealed(VehicleColor.White, 1), seen(VehicleColor.Red))).toBe(true);
    expect(sut.contradicts(sealed(VehicleColor.White, 1), seen(VehicleColor.White, 2))).toBe(true);
    expect(sut.contradicts(sealed(VehicleColor.White, 1, VehicleType.Car), seen(VehicleColor.White, 1, VehicleType.Truck))).toBe(true);
    // A make no seal has is another make.
    expect(sut.contradicts(sealed(VehicleColor.White, 1), seen(0, -1))).toBe(true);
    expect(sut.contradicts(sealed(VehicleColor.White, 1), seen(VehicleColor.Silver, 1))).toBe(false);
    expect(sut.contradicts(sealed(VehicleColor.White, 1, VehicleType.Car), seen(VehicleColor.White, 1, VehicleType.Suv))).toBe(false);
    expect(sut.contradicts(sealed(VehicleColor.White, 1), seen(VehicleColor.Other))).toBe(false);
    expect(sut.contradicts(sealed(VehicleColor.White, 1), seen(0, 0))).toBe(false);
    expect(sut.contradicts([0, 0, 0, 0], seen(VehicleColor.Red, 2))).toBe(false);
  });

  it('gives the part of the ratio the contradictions make, and 1 when nothing contradicts', () => {
    const sut = fleet();
    const both = sut.contradiction(sealed(VehicleColor.White, 1), seen(VehicleColor.Red, 2, VehicleType.Car));
    const color = sut.contradiction(sealed(VehicleColor.White, 1), seen(VehicleColor.Red, 1, VehicleType.Car));
    expect(color).toBeCloseTo(sut.factor(sealed(VehicleColor.White, 1), seen(VehicleColor.Red)), 12);
    expect(both).toBeLessThan(color);
    expect(sut.contradiction(sealed(VehicleColor.White, 1), seen(VehicleColor.White, 1, VehicleType.Car))).toBe(1);
  });

  it('counts a make that no seal had at the last computation as a rare one, and recomputes a small watchlist on every change', () => {
    const sut = new AttributeEvidence();
    sut.count(sealed(VehicleColor.White, 1), 1);
    sut.refresh();
    // Make 2 arrives after the ratios were computed: a contradiction on it still counts against, agreement for.
    sut.count(sealed(VehicleColor.White, 2), 1);
    expect(sut.contradiction(sealed(VehicleColor.White, 2), seen(VehicleColor.White, 1))).toBeLessThan(0.25);
    expect(sut.factor(sealed(VehicleColor.White, 2), seen(0, 2))).toBeGreaterThan(1);
    expect(sut.refresh()).toBe(true);
  });
});
