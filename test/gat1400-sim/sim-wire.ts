/**
 * The simulator's own GA/T 1400 wire helpers (times, statuses, digest), written from the
 * standard and RFC 2617, deliberately not shared with the connector it tests.
 */
import { createHash, randomBytes } from 'node:crypto';
import http from 'node:http';

export const VIID_JSON = 'application/VIID+JSON;charset=UTF-8';

export function viidTime(at: Date, offsetMinutes = 480): string {
  const d = new Date(at.getTime() + offsetMinutes * 60_000);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getUTCFullYear()}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}${p(d.getUTCHours())}${p(d.getUTCMinutes())}${p(d.getUTCSeconds())}`;
}

export function fromViidTime(text: string, offsetMinutes = 480): Date {
  const m = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})$/.exec(text);
  if (!m) throw new Error(`not a GA/T 1400 time: ${text}`);
  const [y, mo, d, h, mi, s] = m.slice(1).map(Number);
  return new Date(Date.UTC(y, mo - 1, d, h, mi, s) - offsetMinutes * 60_000);
}

export function status(url: string, code: number, text: string, id = '', at = new Date()) {
  return { RequestURL: url, StatusCode: code, StatusString: text, Id: id, LocalTime: viidTime(at) };
}

export const md5 = (s: string) => createHash('md5').update(s).digest('hex');

/** RFC 2617 section 3.2.2 request-digest (MD5, qop=auth or none). */
export function requestDigest(p: { username: string; realm: string; password: string; method: string; uri: string; nonce: string; nc?: string; cnonce?: string; qop?: string }): string {
  const ha1 = md5(`${p.username}:${p.realm}:${p.password}`);
  const ha2 = md5(`${p.method}:${p.uri}`);
  return p.qop ? md5(`${ha1}:${p.nonce}:${p.nc}:${p.cnonce}:${p.qop}:${ha2}`) : md5(`${ha1}:${p.nonce}:${ha2}`);
}

export function parseParams(header: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of header.replace(/^\s*\w+\s+/, '').matchAll(/(\w+)\s*=\s*(?:"([^"]*)"|([^,\s]+))/g)) out[m[1].toLowerCase()] = m[2] ?? m[3];
  return out;
}

/** A small HTTP client: JSON in and out, the answer's status, headers and parsed body. */
export async function send(
  method: string,
  url: string,
  body: unknown,
  headers: Record<string, string> = {},
  timeoutMs = 10_000,
): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: any; text: string }> {
  const payload = body === undefined ? undefined : typeof body === 'string' || Buffer.isBuffer(body) ? Buffer.from(body as string) : Buffer.from(JSON.stringify(body));
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      { method, headers: { 'content-type': VIID_JSON, ...(payload ? { 'content-length': String(payload.length) } : {}), ...headers }, timeout: timeoutMs },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let parsed: unknown;
          try {
            parsed = text ? JSON.parse(text) : undefined;
          } catch {
            parsed = undefined;
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: parsed, text });
        });
      },
    );
    req.on('timeout', () => req.destroy(new Error(`no answer from ${url} within ${timeoutMs} ms`)));
    req.on('error', reject);
    if (payload) req.write(payload);
    req.end();
  });
}

/** Sends `body` with digest authentication: the first try bare, then the answer to the challenge. */
export async function sendWithDigest(
  method: string,
  url: string,
  body: unknown,
  cred: { username: string; password: string },
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: any; text: string }> {
  const first = await send(method, url, body, headers);
  if (first.status !== 401) return first;
  const challenge = String(first.headers['www-authenticate'] ?? '');
  if (!/^digest/i.test(challenge)) return first;
  const c = parseParams(challenge);
  const uri = new URL(url).pathname + new URL(url).search;
  const cnonce = randomBytes(6).toString('hex');
  const qop = c.qop ? 'auth' : undefined;
  const response = requestDigest({ username: cred.username, realm: c.realm, password: cred.password, method, uri, nonce: c.nonce, nc: '00000001', cnonce, qop });
  const auth = `Digest username="${cred.username}", realm="${c.realm}", nonce="${c.nonce}", uri="${uri}", response="${response}"` +
    (c.opaque ? `, opaque="${c.opaque}"` : '') + (qop ? `, qop=${qop}, nc=00000001, cnonce="${cnonce}"` : '');
  return send(method, url, body, { ...headers, authorization: auth });
}
