import { execFileSync } from 'node:child_process';
import { createDecipheriv, createECDH, createHmac, createPublicKey, randomBytes, randomUUID, verify } from 'node:crypto';
import * as fs from 'node:fs';
import { createServer, Server } from 'node:https';
import { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';

/**
 * A push service for tests: what FCG or Mozilla's autopush do with a Web Push request, written
 * from the RFCs with node:crypto alone (not with web-push, whose requests it judges). It serves
 * HTTPS (a self-signed certificate for 127.0.0.1 that the gateway trusts through PUSH_CA_FILE),
 * VERIFIES the VAPID authorization (RFC 8292: ES256 JWT against the key in `k`, `aud` the
 * endpoint's origin, `exp` within 24 hours) and DECRYPTS the aes128gcm body (RFC 8188 records,
 * RFC 8291 key derivation) with the subscription's private key and auth secret, like the phone
 * would. It answers 201, or what a subscription was told to answer (410: gone).
 */

export interface PushSubscriptionJson {
  endpoint: string;
  expirationTime: null;
  keys: { p256dh: string; auth: string };
}

export interface ReceivedPush {
  subscriptionId: string;
  /** The decrypted body, parsed as JSON. */
  message: Record<string, unknown>;
  claims: { aud: string; exp: number; sub: string };
  /** The VAPID public key (k) the request was signed with. */
  vapidKey: string;
  ttl: number;
  urgency: string | undefined;
  answered: number;
}

interface Subscription {
  ecdh: ReturnType<typeof createECDH>;
  auth: Buffer;
  answer: number;
  /** Take pushes but keep the answer back until `release`: a push service that hangs. */
  held?: boolean;
}

/** The push service refused a request: why, as an autopush-like JSON error. */
export interface RefusedPush {
  subscriptionId: string;
  status: number;
  reason: string;
}

const b64url = (b: Buffer) => b.toString('base64url');
const hmac = (key: Buffer, data: Buffer) => createHmac('sha256', key).update(data).digest();

/** HKDF (RFC 5869) with SHA-256, for at most one 32-byte block of output. */
function hkdf(salt: Buffer, ikm: Buffer, info: Buffer, length: number): Buffer {
  const prk = hmac(salt, ikm);
  return hmac(prk, Buffer.concat([info, Buffer.from([1])])).subarray(0, length);
}

/** The raw uncompressed P-256 point (65 bytes) as a KeyObject. */
function p256PublicKey(raw: Buffer) {
  if (raw.length !== 65 || raw[0] !== 4) throw new Error('not an uncompressed P-256 point');
  return createPublicKey({ key: { kty: 'EC', crv: 'P-256', x: b64url(raw.subarray(1, 33)), y: b64url(raw.subarray(33, 65)) }, format: 'jwk' });
}

/** RFC 8292 §2-3: `vapid t=<JWT>, k=<key>`; the JWT's ES256 signature checked against k. */
export function verifyVapid(authorization: string | undefined, origin: string, nowSeconds: number): { claims: ReceivedPush['claims']; key: string } {
  const match = /^vapid t=([^,\s]+),\s*k=([A-Za-z0-9_-]+)$/.exec(authorization ?? '');
  if (!match) throw new Error(`Authorization is not "vapid t=…, k=…": ${authorization}`);
  const [, jwt, key] = match;
  const [h, p, s] = jwt.split('.');
  const header = JSON.parse(Buffer.from(h, 'base64url').toString());
  if (header.alg !== 'ES256' || header.typ !== 'JWT') throw new Error(`JWT header ${JSON.stringify(header)}`);
  const signature = Buffer.from(s, 'base64url');
  if (signature.length !== 64) throw new Error('ES256 signature must be 64 bytes (r||s)');
  const ok = verify('sha256', Buffer.from(`${h}.${p}`), { key: p256PublicKey(Buffer.from(key, 'base64url')), dsaEncoding: 'ieee-p1363' }, signature);
  if (!ok) throw new Error('VAPID JWT signature does not verify against k');
  const claims = JSON.parse(Buffer.from(p, 'base64url').toString());
  if (claims.aud !== origin) throw new Error(`aud ${claims.aud} is not the push service's origin ${origin}`);
  if (typeof claims.exp !== 'number' || claims.exp <= nowSeconds || claims.exp > nowSeconds + 24 * 3600) throw new Error(`exp ${claims.exp} is not within the next 24 hours`);
  if (!/^(mailto:|https:)/.test(claims.sub ?? '')) throw new Error(`sub ${claims.sub} is not a mailto: or https: URL`);
  return { claims, key };
}

/** RFC 8188 aes128gcm content coding with the RFC 8291 Web Push key derivation, as the receiving phone does it. */
export function decryptAes128gcm(body: Buffer, ecdh: ReturnType<typeof createECDH>, authSecret: Buffer): Buffer {
  const salt = body.subarray(0, 16);
  const rs = body.readUInt32BE(16);
  const idlen = body[20];
  const asPublic = body.subarray(21, 21 + idlen);
  if (idlen !== 65) throw new Error(`keyid must be the sender's 65-byte public key, got ${idlen} bytes`);
  const uaPublic = ecdh.getPublicKey();
  const ecdhSecret = ecdh.computeSecret(asPublic);
  const keyInfo = Buffer.concat([Buffer.from('WebPush: info\0'), uaPublic, asPublic]);
  const ikm = hkdf(authSecret, ecdhSecret, keyInfo, 32);
  const cek = hkdf(salt, ikm, Buffer.from('Content-Encoding: aes128gcm\0'), 16);
  const baseNonce = hkdf(salt, ikm, Buffer.from('Content-Encoding: nonce\0'), 12);
  const records = body.subarray(21 + idlen);
  const out: Buffer[] = [];
  for (let i = 0, offset = 0; offset < records.length; i++, offset += rs) {
    const record = records.subarray(offset, Math.min(offset + rs, records.length));
    const nonce = Buffer.from(baseNonce);
    // The record's sequence number XORs into the nonce's low end (RFC 8188 §2.3); fewer than 2^32 records here.
    nonce.writeUInt32BE((nonce.readUInt32BE(8) ^ i) >>> 0, 8);
    const decipher = createDecipheriv('aes-128-gcm', cek, nonce);
    decipher.setAuthTag(record.subarray(record.length - 16));
    const plain = Buffer.concat([decipher.update(record.subarray(0, record.length - 16)), decipher.final()]);
    // Padding: the data, a delimiter (2 in the last record, 1 before), then zeros.
    let end = plain.length - 1;
    while (end >= 0 && plain[end] === 0) end--;
    const last = offset + rs >= records.length;
    if (plain[end] !== (last ? 2 : 1)) throw new Error(`record ${i}: padding delimiter ${plain[end]}`);
    out.push(plain.subarray(0, end));
  }
  return Buffer.concat(out);
}

export class PushService {
  readonly received: ReceivedPush[] = [];
  readonly refused: RefusedPush[] = [];
  private readonly subscriptions = new Map<string, Subscription>();
  /** Answers kept back from subscriptions told to `hold`. */
  readonly heldReplies: (() => void)[] = [];

  private constructor(
    private readonly server: Server,
    /** PEM of the certificate the service presents: PUSH_CA_FILE for the gateway. */
    readonly caFile: string,
    private readonly dir: string,
  ) {}

  static async start(): Promise<PushService> {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'push-service-'));
    const key = path.join(dir, 'key.pem');
    const cert = path.join(dir, 'cert.pem');
    execFileSync('openssl', [
      'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', key, '-out', cert,
      '-days', '2', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1',
    ], { stdio: 'ignore' });
    // The handler needs the service, the service the listening server.
    const self: { service?: PushService } = {};
    const server = createServer({ key: fs.readFileSync(key), cert: fs.readFileSync(cert) }, (req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const answer = self.service!.handle(req.url ?? '', req.method ?? '', req.headers, Buffer.concat(chunks));
        const reply = () => {
          res.writeHead(answer.status, { 'content-type': 'application/json' });
          res.end(JSON.stringify(answer.body));
        };
        if (answer.held) self.service!.heldReplies.push(reply);
        else reply();
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    self.service = new PushService(server, cert, dir);
    return self.service;
  }

  get origin(): string {
    return `https://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** A new subscription, as a browser would get from PushManager.subscribe: the endpoint here and the keys the sender encrypts to. */
  subscribe(): PushSubscriptionJson & { id: string } {
    const id = randomUUID();
    const ecdh = createECDH('prime256v1');
    ecdh.generateKeys();
    const auth = randomBytes(16);
    this.subscriptions.set(id, { ecdh, auth, answer: 201 });
    return { id, endpoint: `${this.origin}/push/${id}`, expirationTime: null, keys: { p256dh: b64url(ecdh.getPublicKey()), auth: b64url(auth) } };
  }

  /** From now on the subscription answers `status` (410: unsubscribed, 404: expired). */
  answer(subscriptionId: string, status: number): void {
    this.subscriptions.get(subscriptionId)!.answer = status;
  }

  /** From now on the subscription takes pushes and keeps its answer back until `release`. */
  hold(subscriptionId: string): void {
    this.subscriptions.get(subscriptionId)!.held = true;
  }

  /** Sends every answer kept back, and answers at once again. */
  release(subscriptionId: string): void {
    this.subscriptions.get(subscriptionId)!.held = false;
    for (const reply of this.heldReplies.splice(0)) reply();
  }

  private handle(url: string, method: string, headers: Record<string, string | string[] | undefined>, body: Buffer): { status: number; body: object; held?: boolean } {
    const id = /^\/push\/([0-9a-f-]{36})$/.exec(url)?.[1] ?? '';
    const sub = this.subscriptions.get(id);
    const refuse = (status: number, reason: string) => {
      this.refused.push({ subscriptionId: id, status, reason });
      return { status, body: { code: status, error: reason } };
    };
    if (method !== 'POST' || !sub) return refuse(404, 'no such subscription');
    let vapid: ReturnType<typeof verifyVapid>;
    try {
      vapid = verifyVapid(headers.authorization as string | undefined, this.origin, Math.floor(Date.now() / 1000));
    } catch (error) {
      return refuse(401, (error as Error).message);
    }
    if (headers['content-encoding'] !== 'aes128gcm') return refuse(400, `Content-Encoding ${headers['content-encoding']}`);
    const ttl = Number(headers.ttl);
    if (!Number.isInteger(ttl) || ttl < 0) return refuse(400, 'TTL header missing');
    let message: Record<string, unknown>;
    try {
      message = JSON.parse(decryptAes128gcm(body, sub.ecdh, sub.auth).toString('utf8'));
    } catch (error) {
      return refuse(400, `cannot decrypt: ${(error as Error).message}`);
    }
    this.received.push({ subscriptionId: id, message, claims: vapid.claims, vapidKey: vapid.key, ttl, urgency: headers.urgency as string | undefined, answered: sub.answer });
    return { status: sub.answer, body: {}, held: sub.held };
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise((r) => this.server.close(r));
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}
