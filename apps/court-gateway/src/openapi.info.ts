import type { OpenApiInfo } from '@app/platform';

/** What court-gateway's OpenAPI document says of itself (served at /docs, committed as openapi/court-gateway.json). */
export const COURT_GATEWAY_OPENAPI: OpenApiInfo = {
  title: 'Court gateway',
  description: 'Seal registration, alerts, duty routing and SLA for the court–police vehicle seizure gateway.',
};
