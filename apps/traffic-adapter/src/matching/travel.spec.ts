import { impossibleTrip, tripBetween } from './travel';

describe('impossible travel', () => {
  const fangcheng = { lat: 21.686, lon: 108.355 };
  const nanning = { lat: 22.817, lon: 108.366 };
  const at = (minutes: number) => new Date(Date.UTC(2026, 2, 2, 2, minutes));

  it('measures the trip between two reads on the great circle', () => {
    const trip = tripBetween({ location: fangcheng, observedAt: at(0) }, { location: nanning, observedAt: at(60) })!;
    expect(trip.distanceKm).toBeGreaterThan(120);
    expect(trip.distanceKm).toBeLessThan(130);
    expect(trip.speedKmh).toBeGreaterThan(120);
    expect(trip.speedKmh).toBeLessThan(130);
  });

  it('does not judge places a few kilometres apart, and counts times under a minute apart as a minute', () => {
    expect(tripBetween({ location: fangcheng, observedAt: at(0) }, { location: { lat: 21.69, lon: 108.36 }, observedAt: at(0) })).toBeNull();
    expect(tripBetween({ location: fangcheng, observedAt: at(0) }, { location: nanning, observedAt: at(0) })!.speedKmh).toBeLessThan(130 * 60 + 100);
  });

  it('names the most impossible of the other reads above the speed limit, or none', () => {
    const here = { location: fangcheng, observedAt: at(90) };
    const others = [
      { id: 'reachable', location: nanning, observedAt: at(0) },
      { id: 'impossible', location: nanning, observedAt: at(80) },
    ];
    expect(impossibleTrip(here, others, 150)?.other.id).toBe('impossible');
    expect(impossibleTrip(here, others.slice(0, 1), 150)).toBeNull();
  });
});
