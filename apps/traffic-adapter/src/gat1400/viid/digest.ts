import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * HTTP digest authentication (RFC 2617, MD5 and MD5-sess, qop "auth" or none as in RFC 2069),
 * the scheme GA/T 1400 registration uses in both directions.
 */

export interface DigestChallenge {
  realm: string;
  nonce: string;
  qop?: string;
  opaque?: string;
  algorithm?: string;
  stale?: boolean;
}

/** Parameters of an auth header after its scheme: `a=1, b="x, y"` → { a: '1', b: 'x, y' } (names lower-cased). */
export function parseAuthParams(text: string): Record<string, string> {
  const params: Record<string, string> = {};
  const re = /\s*([A-Za-z][\w-]*)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^,\s]*))\s*(?:,|$)/gy;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null && m[0] !== '') {
    params[m[1].toLowerCase()] = m[2] !== undefined ? m[2].replace(/\\(.)/g, '$1') : m[3];
    if (re.lastIndex >= text.length) break;
  }
  return params;
}

/** The Digest challenge in a WWW-Authenticate header (which may list other schemes too), or null. */
export function parseDigestChallenge(header: string | string[] | undefined): DigestChallenge | null {
  for (const value of Array.isArray(header) ? header : header ? [header] : []) {
    const at = value.search(/digest\s/i);
    if (at < 0) continue;
    const p = parseAuthParams(value.slice(at + 6));
    if (!p.nonce) continue;
    return { realm: p.realm ?? '', nonce: p.nonce, qop: p.qop, opaque: p.opaque, algorithm: p.algorithm, stale: /^true$/i.test(p.stale ?? '') };
  }
  return null;
}

const md5 = (text: string) => createHash('md5').update(text, 'utf8').digest('hex');

interface DigestInputs {
  username: string;
  password: string;
  realm: string;
  method: string;
  uri: string;
  nonce: string;
  algorithm?: string;
  qop?: string;
  nc?: string;
  cnonce?: string;
}

/** The `response` value both sides compute. */
export function digestResponse(i: DigestInputs): string {
  let ha1 = md5(`${i.username}:${i.realm}:${i.password}`);
  if (/^md5-sess$/i.test(i.algorithm ?? '')) ha1 = md5(`${ha1}:${i.nonce}:${i.cnonce ?? ''}`);
  const ha2 = md5(`${i.method.toUpperCase()}:${i.uri}`);
  return i.qop ? md5(`${ha1}:${i.nonce}:${i.nc}:${i.cnonce}:${i.qop}:${ha2}`) : md5(`${ha1}:${i.nonce}:${ha2}`);
}

/** The Authorization header a client sends in answer to `challenge` (its nc-th use of the nonce). */
export function digestAuthorization(o: { username: string; password: string; method: string; uri: string; challenge: DigestChallenge; nc: number; cnonce?: string }): string {
  const offered = (o.challenge.qop ?? '').split(',').map((q) => q.trim().toLowerCase());
  const qop = offered.includes('auth') ? 'auth' : undefined;
  const nc = o.nc.toString(16).padStart(8, '0');
  const cnonce = o.cnonce ?? randomBytes(8).toString('hex');
  const response = digestResponse({ username: o.username, password: o.password, realm: o.challenge.realm, method: o.method, uri: o.uri, nonce: o.challenge.nonce, algorithm: o.challenge.algorithm, qop, nc, cnonce });
  const parts = [`username="${quote(o.username)}"`, `realm="${quote(o.challenge.realm)}"`, `nonce="${quote(o.challenge.nonce)}"`, `uri="${quote(o.uri)}"`];
  if (o.challenge.algorithm) parts.push(`algorithm=${o.challenge.algorithm}`);
  parts.push(`response="${response}"`);
  if (o.challenge.opaque !== undefined) parts.push(`opaque="${quote(o.challenge.opaque)}"`);
  if (qop) parts.push(`qop=${qop}`, `nc=${nc}`, `cnonce="${cnonce}"`);
  return `Digest ${parts.join(', ')}`;
}

function quote(value: string): string {
  return value.replace(/(["\\])/g, '\\$1');
}

export type DigestVerdict =
  | { ok: true; username: string }
  | { ok: false; reason: string; stale?: boolean };

/**
 * The server side: issues challenges and checks answers. Nonces are stateless (a timestamp and
 * an HMAC of it under `secret`), so any instance sharing the secret accepts a nonce another
 * issued, and they expire after `nonceTtlMs` (the client is told `stale=true` and answers the
 * new nonce without asking its user again). A nonce-count not above the last seen one on this
 * instance is refused as a replay.
 */
export class DigestAuthority {
  private readonly seenNc = new Map<string, number>();
  private readonly opaque: string;

  constructor(
    private readonly secret: Buffer,
    readonly realm: string,
    private readonly nonceTtlMs: number,
    private readonly nowMs: () => number,
  ) {
    this.opaque = createHmac('sha256', secret).update('opaque').digest('hex').slice(0, 32);
  }

  challenge(stale = false): string {
    const issued = this.nowMs().toString(36);
    const nonce = Buffer.from(`${issued}:${this.sign(issued)}`).toString('base64');
    return `Digest realm="${quote(this.realm)}", qop="auth", nonce="${nonce}", opaque="${this.opaque}", algorithm=MD5${stale ? ', stale=true' : ''}`;
  }

  /**
   * Checks an Authorization header for `method` on `requestUri` (path and query as received).
   * `passwordOf` gives the password of a known username, or undefined.
   */
  verify(header: string | undefined, method: string, requestUri: string, passwordOf: (username: string) => string | undefined): DigestVerdict {
    if (!header) return { ok: false, reason: 'no Authorization header: answer the digest challenge' };
    const at = header.search(/^\s*digest\s/i);
    if (at < 0) return { ok: false, reason: 'the Authorization header is not Digest' };
    const p = parseAuthParams(header.replace(/^\s*digest\s/i, ''));
    for (const name of ['username', 'nonce', 'uri', 'response']) {
      if (!p[name]) return { ok: false, reason: `the digest has no ${name}` };
    }
    if (p.realm !== undefined && p.realm !== this.realm) return { ok: false, reason: `the digest is for realm "${p.realm}", not "${this.realm}"` };
    if (!sameRequestTarget(p.uri, requestUri)) return { ok: false, reason: `the digest uri "${p.uri}" is not this request's "${requestUri}"` };
    const issuedMs = this.nonceIssuedAt(p.nonce);
    if (issuedMs === null) return { ok: false, reason: 'the nonce was not issued here' };
    if (this.nowMs() - issuedMs > this.nonceTtlMs) return { ok: false, reason: 'the nonce has expired', stale: true };
    const password = passwordOf(p.username);
    if (password === undefined) return { ok: false, reason: `unknown user "${p.username.slice(0, 64)}"` };
    if (p.qop && (!p.nc || !/^[0-9a-f]{1,8}$/i.test(p.nc) || !p.cnonce)) return { ok: false, reason: 'qop=auth needs nc (8 hex digits) and cnonce' };
    const expected = digestResponse({
      username: p.username, password, realm: this.realm, method, uri: p.uri, nonce: p.nonce, algorithm: p.algorithm, qop: p.qop, nc: p.nc, cnonce: p.cnonce,
    });
    if (!equalText(expected, p.response.toLowerCase())) return { ok: false, reason: 'wrong digest response (user name or password)' };
    if (p.qop) {
      const nc = parseInt(p.nc, 16);
      const key = `${p.nonce}:${p.cnonce}`;
      if (nc <= (this.seenNc.get(key) ?? 0)) return { ok: false, reason: 'nonce count repeated (a replayed request)', stale: true };
      this.rememberNc(key, nc);
    }
    return { ok: true, username: p.username };
  }

  private sign(issued: string): string {
    return createHmac('sha256', this.secret).update(`${issued}:${this.realm}`).digest('hex').slice(0, 32);
  }

  private nonceIssuedAt(nonce: string): number | null {
    const decoded = Buffer.from(nonce, 'base64').toString('utf8');
    const [issued, signature] = decoded.split(':');
    if (!issued || !signature || !equalText(this.sign(issued), signature)) return null;
    const ms = parseInt(issued, 36);
    return Number.isFinite(ms) ? ms : null;
  }

  private rememberNc(key: string, nc: number): void {
    this.seenNc.set(key, nc);
    // Bounded: entries older than the nonce lifetime cannot be used again anyway.
    if (this.seenNc.size > 10_000) {
      for (const k of this.seenNc.keys()) {
        const issuedMs = this.nonceIssuedAt(k.split(':')[0]);
        if (issuedMs === null || this.nowMs() - issuedMs > this.nonceTtlMs) this.seenNc.delete(k);
      }
      if (this.seenNc.size > 10_000) this.seenNc.clear();
    }
  }
}

/** The digest's uri may be the path and query, or an absolute URL of it. */
function sameRequestTarget(digestUri: string, requestUri: string): boolean {
  if (digestUri === requestUri) return true;
  try {
    const parsed = new URL(digestUri, 'http://placeholder');
    return parsed.pathname + parsed.search === requestUri;
  } catch {
    return false;
  }
}

function equalText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
