import { computeSignature } from '@app/platform';
import request from 'supertest';

/** The ADMIN_API_KEY every test system runs with; tests of roles issue their own keys and accounts. */
export const TEST_ADMIN_KEY = 'test-admin-key-0123456789abcdef';
/** court-gateway's AUTH_TOKEN_SECRET in tests. */
export const TEST_TOKEN_SECRET = 'test-token-secret-0123456789abcdef0123';

/** A supertest agent that sends `headers` (by default the admin key) with every request. */
export function api(url: string, headers: Record<string, string> = { 'x-api-key': TEST_ADMIN_KEY }) {
  const agent = request.agent(url);
  for (const [name, value] of Object.entries(headers)) agent.set(name, value);
  return agent;
}

/** Headers of a signed inbound webhook (traffic system → traffic-adapter) for `path` and `body` at `now`. */
export function signedHeaders(secret: string, path: string, body: string, now: Date): Record<string, string> {
  const timestamp = String(Math.floor(now.getTime() / 1000));
  return { 'content-type': 'application/json', 'x-signature': computeSignature(secret, timestamp, `${path}.${body}`), 'x-timestamp': timestamp };
}
