import { createHmac, randomBytes } from 'node:crypto';
import { computeSignature } from '@app/platform';
import { digestAuthorization, parseDigestChallenge } from '../../apps/traffic-adapter/src/gat1400/viid/digest';

/**
 * How each operation is authenticated, read from the OpenAPI document (its security, its header
 * parameters, what its 401 says), and the hostile variants of each credential.
 *
 * The probe attacks every operation with its own correct credential, so that what is judged is the
 * body, path, query and headers; then with hostile credentials (missing, malformed, expired,
 * wrong-signature, replayed, oversized), which must all be refused with a 4xx: a 2xx, or an answer
 * only a caller who got past authentication can get (409, or the operation's own 404), is a hole.
 */
export type AuthKind = 'admin key' | 'officer session' | 'device token' | 'webhook signature' | 'GA/T 1400 device' | 'GA/T 1400 digest' | 'GA/T 1400 platform' | 'public';

export interface Credential {
  kind: AuthKind;
  /** The headers that authenticate a request of `method` to `path` (no query) with `body` exactly as sent. */
  headers(method: string, path: string, body: string | undefined): Promise<Record<string, string>>;
}

/** A hostile credential: the header lines to send instead of the correct ones (a name may repeat; values are written byte for byte). */
export interface HostileCredential {
  what: string;
  /** Sent twice, the first taken as it may be: only the second (the replay) is judged. */
  twice?: boolean;
  headers(method: string, path: string, body: string | undefined): Promise<[string, string][]>;
}

export interface Operation {
  security?: Record<string, unknown>[];
  parameters?: { name: string; in: string }[];
  responses?: Record<string, { description?: string }>;
  description?: string;
}

/** The kind of credential an operation documents. */
export function authKindOf(op: Operation, documentSecurity: Record<string, unknown>[] = []): AuthKind {
  const schemes = (op.security ?? documentSecurity).flatMap((s) => Object.keys(s));
  if (schemes.includes('viidDevice')) return 'GA/T 1400 device';
  if (schemes.includes('viidDigest')) return 'GA/T 1400 digest';
  if (schemes.includes('viidPlatform')) return 'GA/T 1400 platform';
  if ((op.parameters ?? []).some((p) => p.in === 'header' && /^x-device-token$/i.test(p.name))) return 'device token';
  if (/X-Signature/.test(`${op.responses?.['401']?.description ?? ''} ${op.description ?? ''}`)) return 'webhook signature';
  if (schemes.includes('apiKey') || schemes.includes('bearer')) return 'admin key';
  return 'public';
}

export const OVERSIZED = 'x'.repeat(20_000);
const pairs = (headers: Record<string, string>): [string, string][] => Object.entries(headers);

/** What the probe knows after setting up: every secret is one a real caller of that kind holds. */
export interface Secrets {
  adminKey: string;
  /** An API key revoked before the probe. */
  revokedKey: string;
  /** court-gateway's AUTH_TOKEN_SECRET (tests' value): to forge an expired token as a stolen old one would be. */
  tokenSecret: string;
  officerToken: string;
  deviceToken: string;
  /** A device token of a device revoked before the probe. */
  revokedDeviceToken: string;
  webhookSecret: string;
  now: () => Date;
  gat: { deviceId: string; password: string; otherDeviceId: string; platformId: string };
}

/** An HS256 token with `claims`, signed with `secret`. */
function jwt(claims: Record<string, unknown>, secret: string, header: Record<string, unknown> = { alg: 'HS256', typ: 'JWT' }): string {
  const head = Buffer.from(JSON.stringify(header)).toString('base64url');
  const body = Buffer.from(JSON.stringify(claims)).toString('base64url');
  return `${head}.${body}.${createHmac('sha256', secret).update(`${head}.${body}`).digest('base64url')}`;
}

export class Credentials {
  /** Webhook timestamps step back one second per request (within the tolerance), so no two signatures of one body are alike: the second would be a replay. */
  private stamp = 0;

  constructor(
    private readonly s: Secrets,
    private readonly trafficUrl: string,
  ) {}

  of(kind: AuthKind): Credential {
    const s = this.s;
    switch (kind) {
      case 'admin key':
      case 'public':
        return { kind, headers: async () => ({ 'x-api-key': s.adminKey }) };
      case 'officer session':
        return { kind, headers: async () => ({ authorization: `Bearer ${s.officerToken}` }) };
      case 'device token':
        return { kind, headers: async () => ({ 'x-device-token': s.deviceToken }) };
      case 'webhook signature':
        return { kind, headers: async (_m, path, body) => ({ 'x-api-key': s.adminKey, ...this.signed(path, body ?? '') }) };
      case 'GA/T 1400 device':
        return { kind, headers: async () => ({ 'user-identify': s.gat.deviceId }) };
      case 'GA/T 1400 platform':
        return { kind, headers: async () => ({ 'user-identify': s.gat.platformId }) };
      case 'GA/T 1400 digest':
        return { kind, headers: async (method, path) => ({ 'user-identify': s.gat.deviceId, authorization: await this.digest(method, path, s.gat.deviceId, s.gat.password) }) };
    }
  }

  /** X-Timestamp and X-Signature over `${path}.${body}` as the traffic side computes them. */
  signed(path: string, body: string, secret = this.s.webhookSecret, offsetSeconds?: number): Record<string, string> {
    this.stamp = (this.stamp + 1) % 240;
    const timestamp = String(Math.floor(this.s.now().getTime() / 1000) - (offsetSeconds ?? this.stamp));
    return { 'x-timestamp': timestamp, 'x-signature': computeSignature(secret, timestamp, `${path}.${body}`) };
  }

  /** A fresh challenge from the server, answered as the device would. */
  async digest(method: string, path: string, username: string, password: string, nc = 1, uri = path): Promise<string> {
    const challenge = await this.challenge(path);
    return digestAuthorization({ username, password, method, uri, challenge, nc });
  }

  private async challenge(path: string) {
    const res = await fetch(this.trafficUrl + path, { method: 'POST', headers: { 'content-type': 'application/json', 'user-identify': this.s.gat.deviceId }, body: JSON.stringify({ RegisterObject: { DeviceID: this.s.gat.deviceId } }) });
    await res.text();
    const challenge = parseDigestChallenge(res.headers.get('www-authenticate') ?? undefined);
    if (!challenge) throw new Error(`no digest challenge from ${path} (${res.status})`);
    return challenge;
  }

  /** The hostile credentials for an operation of `kind`: every one must be refused. */
  hostile(kind: AuthKind): HostileCredential[] {
    const s = this.s;
    const fixed = (what: string, headers: [string, string][]): HostileCredential => ({ what, headers: async () => headers });
    const everywhere = [fixed('a 20 kB header beside the credential', [['x-probe-pad', OVERSIZED]])];
    switch (kind) {
      case 'public':
        return [];
      case 'admin key':
      case 'officer session': {
        const now = Math.floor(s.now().getTime() / 1000);
        const [head, payload, signature] = s.officerToken.split('.');
        const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<string, unknown>;
        return [
          fixed('no credential', []),
          fixed('empty API key', [['x-api-key', '']]),
          fixed('malformed API key', [['x-api-key', 'not a key']]),
          fixed('unknown API key', [['x-api-key', `sag_${randomBytes(24).toString('hex')}`]]),
          fixed('revoked API key', [['x-api-key', s.revokedKey]]),
          fixed('API key with a control character', [['x-api-key', `${s.adminKey.slice(0, 4)}\u0001${s.adminKey.slice(4)}`]]),
          fixed('API key with bytes outside ASCII', [['x-api-key', `${s.adminKey}\u00e9\u00ff`]]),
          fixed('oversized API key (20 kB)', [['x-api-key', OVERSIZED]]),
          fixed('API key twice (a wrong one after)', [['x-api-key', s.adminKey], ['x-api-key', 'sag_wrong']]),
          fixed('bearer: not a token', [['authorization', 'Bearer not.a.token']]),
          fixed('bearer: empty', [['authorization', 'Bearer ']]),
          fixed('bearer: another scheme', [['authorization', `Basic ${Buffer.from('admin:admin').toString('base64')}`]]),
          fixed('bearer: expired', [['authorization', `Bearer ${jwt({ ...claims, iat: now - 2 * 86400, exp: now - 86400 }, s.tokenSecret)}`]]),
          fixed('bearer: roles raised to admin (signature of the original)', [['authorization', `Bearer ${head}.${Buffer.from(JSON.stringify({ ...claims, roles: ['admin'] })).toString('base64url')}.${signature}`]]),
          fixed('bearer: alg none', [['authorization', `Bearer ${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${Buffer.from(JSON.stringify({ ...claims, roles: ['admin'] })).toString('base64url')}.`]]),
          fixed('bearer: signed with another secret', [['authorization', `Bearer ${jwt(claims, 'another-deployment-secret-0123456789')}`]]),
          fixed('bearer: claims of the wrong types', [['authorization', `Bearer ${jwt({ ...claims, sub: { $ne: null }, gen: '0', exp: 'never' }, s.tokenSecret)}`]]),
          fixed('bearer: oversized (20 kB)', [['authorization', `Bearer ${OVERSIZED}`]]),
          fixed('session cookie: garbage', [['cookie', 'sag_session=garbage%00']]),
          ...everywhere,
        ];
      }
      case 'device token':
        return [
          fixed('no device token', []),
          fixed('empty device token', [['x-device-token', '']]),
          fixed('device token without its prefix', [['x-device-token', s.deviceToken.slice(4)]]),
          fixed('unknown device token', [['x-device-token', `dev_${randomBytes(32).toString('base64url')}`]]),
          fixed('revoked device token', [['x-device-token', s.revokedDeviceToken]]),
          fixed('device token with a control character', [['x-device-token', `${s.deviceToken}\u0007`]]),
          fixed('oversized device token (20 kB)', [['x-device-token', `dev_${OVERSIZED}`]]),
          fixed('device token twice (a wrong one after)', [['x-device-token', s.deviceToken], ['x-device-token', 'dev_wrong']]),
          fixed('the admin key instead', [['x-api-key', s.adminKey]]),
          fixed("the officer's session instead", [['authorization', `Bearer ${s.officerToken}`]]),
          ...everywhere,
        ];
      case 'webhook signature': {
        const key: [string, string] = ['x-api-key', s.adminKey];
        const sig = (h: Record<string, string>) => pairs(h);
        const signedWith = (what: string, make: (path: string, body: string) => Record<string, string>): HostileCredential => ({ what, headers: async (_m, path, body) => [key, ...sig(make(path, body ?? ''))] });
        return [
          fixed('no signature', [key]),
          signedWith('no timestamp', (p, b) => ({ 'x-signature': this.signed(p, b)['x-signature'] })),
          signedWith('no signature, timestamp only', (p, b) => ({ 'x-timestamp': this.signed(p, b)['x-timestamp'] })),
          signedWith('signed with another secret', (p, b) => this.signed(p, b, 'another-webhook-secret-0123456789')),
          signedWith('signature over another body', (p, b) => this.signed(p, `${b} `)),
          signedWith('signature over another path', (p, b) => this.signed(p.replace(/[0-9a-f]{8}-/, '00000000-'), b)),
          signedWith('stale timestamp (tolerance + 1 s)', (p, b) => this.signed(p, b, undefined, 301)),
          signedWith('timestamp from the future (tolerance + 1 s)', (p, b) => this.signed(p, b, undefined, -301)),
          signedWith('timestamp not a number', (p, b) => ({ ...this.signed(p, b), 'x-timestamp': '17e8' })),
          signedWith('timestamp of 40 digits', (p, b) => ({ ...this.signed(p, b), 'x-timestamp': '9'.repeat(40) })),
          signedWith('negative timestamp', (p, b) => ({ ...this.signed(p, b), 'x-timestamp': '-1' })),
          signedWith('signature in upper case', (p, b) => {
            const h = this.signed(p, b);
            return { ...h, 'x-signature': h['x-signature'].toUpperCase() };
          }),
          signedWith("signature without 'sha256='", (p, b) => {
            const h = this.signed(p, b);
            return { ...h, 'x-signature': h['x-signature'].slice(7) };
          }),
          signedWith('oversized signature (20 kB)', (p, b) => ({ ...this.signed(p, b), 'x-signature': `sha256=${OVERSIZED}` })),
          signedWith('signature with a control character', (p, b) => {
            const h = this.signed(p, b);
            return { ...h, 'x-signature': `${h['x-signature']}\u0001` };
          }),
          { what: 'signature without the API key', headers: async (_m, p, b) => sig(this.signed(p, b ?? '')) },
          // The same signed request twice: the second is a replay (the first may be taken).
          { ...signedWith('replayed (the same signed request again)', (p, b) => this.signed(p, b)), twice: true },
          ...everywhere,
        ];
      }
      case 'GA/T 1400 device':
      case 'GA/T 1400 platform': {
        const id = kind === 'GA/T 1400 device' ? s.gat.deviceId : s.gat.platformId;
        return [
          fixed('no User-Identify', []),
          fixed('empty User-Identify', [['user-identify', '']]),
          fixed('User-Identify of no registered device', [['user-identify', s.gat.otherDeviceId]]),
          fixed(kind === 'GA/T 1400 device' ? "the platform's id instead" : "a device's id instead", [['user-identify', kind === 'GA/T 1400 device' ? s.gat.platformId : s.gat.deviceId]]),
          fixed('User-Identify not 20 digits', [['user-identify', 'abc']]),
          fixed('User-Identify of 21 digits', [['user-identify', `${id}1`]]),
          fixed('User-Identify with a control character', [['user-identify', `${id}\u0001`]]),
          fixed('oversized User-Identify (20 kB)', [['user-identify', OVERSIZED]]),
          fixed('User-Identify twice (another after)', [['user-identify', id], ['user-identify', s.gat.otherDeviceId]]),
          fixed('the admin key instead', [['x-api-key', s.adminKey]]),
          ...everywhere,
        ];
      }
      case 'GA/T 1400 digest': {
        const ui: [string, string] = ['user-identify', s.gat.deviceId];
        const answered = (what: string, make: (method: string, path: string) => Promise<string>): HostileCredential => ({ what, headers: async (m, p) => [ui, ['authorization', await make(m, p)]] });
        return [
          fixed('no Authorization', [ui]),
          answered('wrong password', (m, p) => this.digest(m, p, s.gat.deviceId, 'not-the-password')),
          answered('unknown user', (m, p) => this.digest(m, p, s.gat.otherDeviceId, s.gat.password)),
          answered('digest for another uri', (m, p) => this.digest(m, p, s.gat.deviceId, s.gat.password, 1, '/VIID/System/Time')),
          answered('digest for another method', (_m, p) => this.digest('GET', p, s.gat.deviceId, s.gat.password)),
          answered('a nonce the server never gave', async (m, p) => (await this.digest(m, p, s.gat.deviceId, s.gat.password)).replace(/nonce="[^"]*"/, 'nonce="bm90LWEtbm9uY2U="')),
          { ...answered('replayed (the same Authorization again)', (m, p) => this.digest(m, p, s.gat.deviceId, s.gat.password)), twice: true },
          answered('nonce count 0', (m, p) => this.digest(m, p, s.gat.deviceId, s.gat.password, 0)),
          fixed('Digest with no parameters', [ui, ['authorization', 'Digest']]),
          fixed('Digest with garbage', [ui, ['authorization', 'Digest ,,,=,"\\']]),
          fixed('Digest with unterminated quotes', [ui, ['authorization', 'Digest username="45060300005030000007, realm="x, nonce="']]),
          fixed('Basic instead of Digest', [ui, ['authorization', `Basic ${Buffer.from(`${s.gat.deviceId}:${s.gat.password}`).toString('base64')}`]]),
          fixed('oversized Authorization (20 kB)', [ui, ['authorization', `Digest username="${OVERSIZED}"`]]),
          fixed('Authorization with a control character', [ui, ['authorization', 'Digest username="a\u0001b"']]),
          ...everywhere,
        ];
      }
    }
  }
}
