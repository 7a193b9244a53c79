import type { OpenApiInfo } from '@app/platform';

/** What traffic-adapter's OpenAPI document says of itself (served at /docs, committed as openapi/traffic-adapter.json). */
export const TRAFFIC_ADAPTER_OPENAPI: OpenApiInfo = {
  title: 'Traffic adapter',
  description: 'Checkpoint and inspection intake, watchlist matching and hits for the court–police seizure gateway.',
};
