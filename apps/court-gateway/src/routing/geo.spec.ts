import { haversineKm } from './geo';

describe(haversineKm.name, () => {
  it('is zero for the same point and symmetric', () => {
    const fcg = { lat: 21.7645, lon: 108.3548 };
    const nanning = { lat: 22.817, lon: 108.3665 };
    expect(haversineKm(fcg, fcg)).toBe(0);
    expect(haversineKm(fcg, nanning)).toBeCloseTo(haversineKm(nanning, fcg), 9);
  });

  it('measures one degree of latitude as about 111.2 km', () => {
    expect(haversineKm({ lat: 21, lon: 108 }, { lat: 22, lon: 108 })).toBeCloseTo(111.2, 1);
  });

  it('matches a known distance: Beijing to Shanghai is about 1067 km', () => {
    expect(haversineKm({ lat: 39.9042, lon: 116.4074 }, { lat: 31.2304, lon: 121.4737 })).toBeGreaterThan(1060);
    expect(haversineKm({ lat: 39.9042, lon: 116.4074 }, { lat: 31.2304, lon: 121.4737 })).toBeLessThan(1075);
  });
});
