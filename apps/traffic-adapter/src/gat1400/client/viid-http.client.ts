import { readFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import { Gat1400ClientSettings } from '../gat1400.settings';
import { DigestChallenge, digestAuthorization, parseDigestChallenge } from '../viid/digest';
import { decodeViidBody } from '../viid/viid-json';
import { readStatuses, ReadStatus, VIID_CONTENT_TYPE } from '../viid/viid-status';

export interface ViidAnswer {
  httpStatus: number;
  /** The parsed body (undefined when empty or not JSON). */
  body: unknown;
  /** The statuses in the body, however the platform wrote them; null when there are none. */
  statuses: ReadStatus[] | null;
  challenge: DigestChallenge | null;
}

/** The platform did not answer (refused connection, timeout): the request may be sent again. */
export class ViidUnreachableError extends Error {}

/**
 * Requests to the police 视图库: JSON in `application/VIID+JSON`, `User-Identify` on every
 * request, digest authentication (the challenge of the last registration is reused with a
 * growing nonce-count, since some platforms want the Authorization header on every request),
 * a bound on every wait, and the platform's CA when it speaks https.
 */
export class ViidHttpClient {
  private challenge: DigestChallenge | null = null;
  private nc = 0;
  private readonly agent: http.Agent;

  constructor(private readonly settings: Gat1400ClientSettings) {
    const options = { keepAlive: true, maxSockets: 8 };
    this.agent = settings.platformUrl.startsWith('https:')
      ? new https.Agent({ ...options, ...(settings.caPath ? { ca: readFileSync(settings.caPath) } : {}) })
      : new http.Agent(options);
  }

  /** Forgets the digest challenge (the platform restarted or our registration ended). */
  resetAuth(): void {
    this.challenge = null;
    this.nc = 0;
  }

  /**
   * Sends a request that must be digest-authenticated (Register, UnRegister): bare first unless
   * a challenge is held, then the answer to the platform's challenge.
   */
  async sendWithDigest(method: string, path: string, body: unknown): Promise<ViidAnswer> {
    let answer = await this.send(method, path, body);
    for (let attempt = 0; attempt < 2 && answer.httpStatus === 401 && answer.challenge; attempt++) {
      this.challenge = answer.challenge;
      this.nc = 0;
      answer = await this.send(method, path, body);
    }
    return answer;
  }

  async send(method: string, path: string, body?: unknown): Promise<ViidAnswer> {
    const url = new URL(this.settings.platformUrl + path);
    const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
    const headers: Record<string, string> = { 'User-Identify': this.settings.deviceId, Accept: 'application/VIID+JSON, application/json' };
    if (payload) {
      headers['Content-Type'] = VIID_CONTENT_TYPE;
      headers['Content-Length'] = String(payload.length);
    }
    if (this.challenge) {
      headers.Authorization = digestAuthorization({
        username: this.settings.username, password: this.settings.password, method, uri: url.pathname + url.search, challenge: this.challenge, nc: ++this.nc,
      });
    }
    const { status, responseHeaders, raw } = await this.exchange(url, method, headers, payload);
    const decoded = raw.length ? decodeViidBody(raw, responseHeaders['content-type']) : null;
    const parsed = decoded?.ok ? decoded.value : undefined;
    return {
      httpStatus: status,
      body: parsed,
      statuses: parsed === undefined ? null : readStatuses(parsed),
      challenge: status === 401 ? parseDigestChallenge(responseHeaders['www-authenticate']) : null,
    };
  }

  private exchange(url: URL, method: string, headers: Record<string, string>, payload: Buffer | undefined): Promise<{ status: number; responseHeaders: http.IncomingHttpHeaders; raw: Buffer }> {
    const transport = url.protocol === 'https:' ? https : http;
    return new Promise((resolve, reject) => {
      const req = transport.request(url, { method, headers, agent: this.agent, timeout: this.settings.timeoutMs }, (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          // A platform's answers are small; a runaway one is cut off rather than buffered.
          if (size > 16 * 1024 * 1024) req.destroy(new ViidUnreachableError(`${method} ${url.pathname}: answer larger than 16 MB`));
          else chunks.push(chunk);
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, responseHeaders: res.headers, raw: Buffer.concat(chunks) }));
        res.on('error', (e) => reject(new ViidUnreachableError(`${method} ${url.pathname}: ${e.message}`)));
      });
      // The whole exchange is bounded, not only the idle time between bytes.
      const deadline = setTimeout(() => req.destroy(new ViidUnreachableError(`${method} ${url.pathname}: no answer within ${this.settings.timeoutMs} ms`)), this.settings.timeoutMs);
      req.on('timeout', () => req.destroy(new ViidUnreachableError(`${method} ${url.pathname}: no answer within ${this.settings.timeoutMs} ms`)));
      req.on('error', (e) => reject(e instanceof ViidUnreachableError ? e : new ViidUnreachableError(`${method} ${url.pathname}: ${e.message}`)));
      req.on('close', () => clearTimeout(deadline));
      if (payload) req.write(payload);
      req.end();
    });
  }

  close(): void {
    this.agent.destroy();
  }
}
