import type { Server } from 'node:http';

/**
 * How long the HTTP server waits for a client (HTTP_HEADERS_TIMEOUT_MS, HTTP_REQUEST_TIMEOUT_MS,
 * HTTP_KEEP_ALIVE_TIMEOUT_MS). Node's own (60 s for the headers, 300 s for the whole request, no
 * limit on connections) let a client that sends headers or a body a byte at a time, or nothing
 * at all, hold a socket for minutes: 400 of them were still open against court-gateway after 320 s.
 */
export interface ServerTimeouts {
  /** From a connection's first byte (or the first byte of its next request) to the end of the headers; a socket that sends nothing counts too. */
  headersTimeoutMs: number;
  /**
   * From a request's first byte to its last: only while the request is received (an event stream
   * answering a GET is not cut by it; Node stops counting once the request is in). It must exceed
   * the longest legitimate upload: 80 MB of impound photos (IMPOUND_PHOTO_MAX_COUNT ×
   * IMPOUND_PHOTO_MAX_BYTES) at 5.5 Mbit/s, a 32 MB /VIID body (GAT1400_MAX_BODY_BYTES) at 2.2 Mbit/s.
   */
  requestTimeoutMs: number;
  /** An idle kept-alive connection between requests: longer than a proxy's (nginx and load balancers keep upstream connections 60 s), so the proxy, not us, closes them and never sends on a socket we are closing. */
  keepAliveTimeoutMs: number;
}

export const DEFAULT_SERVER_TIMEOUTS: ServerTimeouts = { headersTimeoutMs: 20_000, requestTimeoutMs: 120_000, keepAliveTimeoutMs: 65_000 };

/**
 * Sets the timeouts on `server` before it listens. Node looks for requests past their time every
 * `connectionsCheckingInterval` (30 s by default, read when the server starts listening): a
 * quarter of the headers timeout (at most 5 s), so a 20 s timeout closes a socket at 20 to 25 s,
 * not at up to 50. An expired request is answered 408 and its socket closed.
 */
export function applyServerTimeouts(server: Server, timeouts: ServerTimeouts = DEFAULT_SERVER_TIMEOUTS): void {
  server.requestTimeout = timeouts.requestTimeoutMs;
  // Node requires headersTimeout <= requestTimeout.
  server.headersTimeout = Math.min(timeouts.headersTimeoutMs, timeouts.requestTimeoutMs);
  server.keepAliveTimeout = timeouts.keepAliveTimeoutMs;
  (server as Server & { connectionsCheckingInterval: number }).connectionsCheckingInterval = Math.min(5_000, Math.max(100, Math.floor(server.headersTimeout / 4)));
}
