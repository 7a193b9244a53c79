export { haversineKm } from '@app/contracts';
export type { LatLon } from '@app/contracts';
