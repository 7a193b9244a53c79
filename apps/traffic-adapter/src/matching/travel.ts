import { GeoLocation, haversineKm } from '@app/contracts';

/**
 * Impossible travel: two exact reads of one plate at places too far apart for the time between
 * them mean two cars carry the plate (套牌), so nobody stops the innocent original.
 */

/** Camera clocks drift and cameras in one place report slightly different positions: below this no trip is judged. */
export const MIN_TRAVEL_KM = 5;
/** Times closer than this count as this far apart (clock skew between cameras). */
const MIN_TRAVEL_SECONDS = 60;
/** How far back and ahead of a read the other reads are looked at. */
export const TRAVEL_WINDOW_MS = 6 * 3600_000;

export interface PlacedRead {
  location: GeoLocation;
  observedAt: Date;
}

/** Distance and the speed the trip from one read to the other needed, or null when it is no trip to judge. */
export function tripBetween(a: PlacedRead, b: PlacedRead): { distanceKm: number; speedKmh: number } | null {
  const distanceKm = haversineKm(a.location, b.location);
  if (distanceKm < MIN_TRAVEL_KM) return null;
  const seconds = Math.max(MIN_TRAVEL_SECONDS, Math.abs(a.observedAt.getTime() - b.observedAt.getTime()) / 1000);
  return { distanceKm: Math.round(distanceKm * 10) / 10, speedKmh: Math.round((distanceKm / seconds) * 3600) };
}

/** The other read whose trip to `read` is the most impossible above `maxKmh`, with the trip, or null. */
export function impossibleTrip<T extends PlacedRead>(read: PlacedRead, others: T[], maxKmh: number): { other: T; distanceKm: number; speedKmh: number } | null {
  let worst: { other: T; distanceKm: number; speedKmh: number } | null = null;
  for (const other of others) {
    const trip = tripBetween(read, other);
    if (trip && trip.speedKmh > maxKmh && (!worst || trip.speedKmh > worst.speedKmh)) worst = { other, ...trip };
  }
  return worst;
}
