import { MatchKind, VehicleAttributes, VehicleColor, VehicleType } from '@app/contracts';
import { WatchlistIndex, WatchedSeal } from '../watchlist/watchlist.index';
import { CONTRADICTED_FLOOR } from './false-hit-budget';
import { ReadClass } from './neighbourhood';
import { confidenceFactor } from './plate-match';

/**
 * The look-alike rule in the index: next to a thin watchlist the budget lets almost any neighbour
 * through, and a description that contradicts the seal must still hold a weak possible hit back.
 * Plates written by hand from GA 36-2018's ordinary format (province, authority letter, five
 * letters or digits).
 */
describe('look-alike rule (WatchlistIndex.match)', () => {
  const at = new Date('2026-03-01T00:00:00Z');
  const sealed: VehicleAttributes = { vehicleColor: VehicleColor.White, vehicleBrand: '大众', vehicleType: VehicleType.Car };
  const colors = [VehicleColor.White, VehicleColor.Black, VehicleColor.Silver, VehicleColor.Red, VehicleColor.Blue];
  const makes = ['丰田', '本田', '大众', '比亚迪', '吉利', '别克', '日产'];
  const watchlist = () => {
    const sut = new WatchlistIndex();
    // A court's few seals elsewhere, so the attribute shares are those of a mixed fleet.
    const others: WatchedSeal[] = Array.from({ length: 40 }, (_, i) => ({
      seizureId: `other-${i}`,
      plate: `京A${10000 + 7 * i}`,
      expiresAt: null,
      vehicle: { vehicleColor: colors[i % colors.length], vehicleBrand: makes[i % makes.length], vehicleType: i % 3 ? VehicleType.Car : VehicleType.Suv },
    }));
    sut.replaceAll([{ seizureId: 'seal', plate: '桂PB6780', expiresAt: null, vehicle: sealed }, ...others]);
    return sut;
  };
  // The last digit read as a 2 (0 and 2 share little): a weak confusion, and a valid plate an innocent car could carry.
  const read = '桂PB6782';
  const redCar = { ...sealed, vehicleColor: VehicleColor.Red };
  const toyota = { ...sealed, vehicleBrand: '丰田' };

  it('raises a weak one-character look-alike when the camera sees the sealed car, and not when it sees another colour or make', () => {
    const sut = watchlist();
    // The budget alone asks less than the floor here: the watchlist is thin around 桂P.
    for (const attributes of [redCar, toyota]) expect(sut.thresholdFor(read, { confidence: 0.9, attributes })).toBeLessThan(confidenceFactor(0.9) * CONTRADICTED_FLOOR[2 * ReadClass.ValidPlate]);
    const agreeing = sut.match(read, at, { confidence: 0.9, attributes: sealed });
    expect(agreeing.map((h) => [h.seizureId, h.match, h.attributesDiffer])).toEqual([['seal', MatchKind.Fuzzy, false]]);
    expect(sut.match(read, at, { confidence: 0.9, attributes: redCar })).toEqual([]);
    expect(sut.match(read, at, { confidence: 0.9, attributes: toyota })).toEqual([]);
    // The floor holds under a fixed threshold (MATCH_FUZZY_THRESHOLD) too: that replaces the budget, not this rule.
    expect(sut.match(read, at, { threshold: 0, confidence: 0.9, attributes: toyota })).toEqual([]);
  });

  it('leaves a neighbouring shade, an unknown make and a read of the plate alone to the budget', () => {
    const sut = watchlist();
    expect(sut.match(read, at, { confidence: 0.9, attributes: { ...sealed, vehicleColor: VehicleColor.Silver } }).map((h) => h.seizureId)).toEqual(['seal']);
    expect(sut.match(read, at, { confidence: 0.9, attributes: { vehicleColor: VehicleColor.White, vehicleType: VehicleType.Car } }).map((h) => h.seizureId)).toEqual(['seal']);
    expect(sut.match(read, at, { confidence: 0.9 }).map((h) => h.seizureId)).toEqual(['seal']);
  });

  it('lets a strong misread through a contradiction when the rest of the description agrees', () => {
    const sut = watchlist();
    // The province lost (a read no plate can be) on the sealed make and type, the colour called red.
    expect(sut.match('PB6780', at, { confidence: 0.9, attributes: { ...sealed, vehicleColor: VehicleColor.Red, vehicleModel: undefined } }).map((h) => [h.seizureId, h.attributesDiffer])).toEqual([['seal', true]]);
  });

  it('lets a contradicted possible hit through when the camera agrees with the seal where a random car rarely would', () => {
    // The sealed car a purple MPV, which none of the other seals is: a look-alike agrees on both by chance hardly ever.
    const rare: VehicleAttributes = { vehicleColor: VehicleColor.Purple, vehicleBrand: '大众', vehicleType: VehicleType.Mpv };
    const sut = watchlist();
    sut.add({ seizureId: 'rare', plate: '桂PC6780', expiresAt: null, vehicle: rare });
    // 桂PC6782: the same weak slip; the camera calls the make 丰田 (a contradiction) but sees a purple MPV.
    expect(sut.match('桂PC6782', at, { confidence: 0.9, attributes: { ...rare, vehicleBrand: '丰田' } }).map((h) => [h.seizureId, h.attributesDiffer])).toEqual([['rare', true]]);
    // The white saloon's look-alike with the same contradiction stays held: white saloons are common.
    expect(sut.match(read, at, { confidence: 0.9, attributes: toyota })).toEqual([]);
  });

  it('keeps an exact read of the sealed plate a hit whatever the camera saw: the contradiction marks a possible cloned plate', () => {
    const sut = watchlist();
    const [hit, ...rest] = sut.match('桂PB6780', at, { confidence: 0.9, attributes: { ...redCar, vehicleBrand: '丰田' } });
    expect(rest).toEqual([]);
    expect(hit).toMatchObject({ seizureId: 'seal', match: MatchKind.Exact, attributesDiffer: true });
  });
});
