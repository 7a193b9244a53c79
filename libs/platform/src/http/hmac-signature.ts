import { createHmac, timingSafeEqual } from 'node:crypto';

/** Headers of every signed webhook this system sends or accepts. */
export const SIGNATURE_HEADER = 'X-Signature';
export const TIMESTAMP_HEADER = 'X-Timestamp';

/** HMAC-SHA256 over `${timestamp}.${body}`, hex, prefixed `sha256=`. The timestamp is unix seconds. */
export function computeSignature(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/** Headers to send with `body` at `now`. */
export function signatureHeaders(secret: string, body: string, now: Date): Record<string, string> {
  const timestamp = String(Math.floor(now.getTime() / 1000));
  return { [SIGNATURE_HEADER]: computeSignature(secret, timestamp, body), [TIMESTAMP_HEADER]: timestamp };
}

/**
 * Whether `signature` is the body's HMAC under `secret` and `timestamp` lies within
 * `toleranceSeconds` of `now` (replayed old requests fail). Compares in constant time.
 */
export function verifySignature(
  secret: string,
  body: string,
  signature: string | undefined,
  timestamp: string | undefined,
  now: Date,
  toleranceSeconds = 300,
): boolean {
  if (!signature || !timestamp || !/^\d+$/.test(timestamp)) return false;
  if (Math.abs(now.getTime() / 1000 - Number(timestamp)) > toleranceSeconds) return false;
  const expected = Buffer.from(computeSignature(secret, timestamp, body));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
