import { ArgumentsHost, Catch, ExceptionFilter, HttpException, INestApplication, Injectable, Logger } from '@nestjs/common';
import { Clock, DATABASE_BUSY_RETRY_AFTER_SECONDS, isDatabaseUnavailable, ParserRefusalForm } from '@app/platform';
import type { NextFunction, Request, Response } from 'express';
import { BlockList, isIP } from 'node:net';
import { Gat1400Settings } from '../gat1400.settings';
import { singleStatusBody, VIID_CONTENT_TYPE, viidStatus, ViidStatusCode } from './viid-status';

/** Everything under this prefix speaks GA/T 1400 rather than our own API. */
export const VIID_PREFIX = '/VIID';

export type ViidRequest = Request & { viidBody?: Buffer };

/**
 * Reads /VIID request bodies as raw bytes, whatever their content type, before the app's JSON
 * parser would: platforms send `application/VIID+JSON`, `text/plain` or GBK, and a malformed
 * body must be answered with StatusCode 7 in a ResponseStatusObject, not with our own error
 * shape. Installed ahead of the app's body parsers (bootstrap).
 */
export function installViidBodyReader(app: INestApplication, maxBytes: number, offsetMinutes: number): void {
  app.use(VIID_PREFIX, (req: Request, res: Response, next: NextFunction) => {
    if (req.method === 'GET' || req.method === 'HEAD' || req.method === 'DELETE') return next();
    const declared = Number(req.headers['content-length']);
    const tooLarge = () => {
      res.status(413).type(VIID_CONTENT_TYPE).send(
        JSON.stringify(singleStatusBody(viidStatus(req.originalUrl, ViidStatusCode.InvalidJsonContent, `the body is larger than ${maxBytes} bytes; send fewer records per request`, '', new Date(), offsetMinutes))),
      );
    };
    if (Number.isFinite(declared) && declared > maxBytes) {
      // Answer at once; do not read (or keep) what was not going to be taken.
      res.setHeader('connection', 'close');
      tooLarge();
      req.resume();
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let refused = false;
    req.on('data', (chunk: Buffer) => {
      if (refused) return;
      size += chunk.length;
      if (size > maxBytes) {
        refused = true;
        res.setHeader('connection', 'close');
        tooLarge();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (refused) return;
      (req as ViidRequest).viidBody = Buffer.concat(chunks);
      // Marks the body as read so the app's parsers leave it alone.
      (req as Request & { _body?: boolean })._body = true;
      next();
    });
    req.on('error', (error) => next(error));
  });
}

/** A request under /VIID that Node's HTTP parser refused (headers too large, a control character in one): answered as the filter answers other HTTP-level refusals under /VIID: StatusCode 4 with why. */
export function viidParserRefusal(offsetMinutes: number, now: () => Date): ParserRefusalForm {
  return (path, _status, problem) =>
    /^\/VIID(\/|$|\?)/i.test(path)
      ? { contentType: VIID_CONTENT_TYPE, body: JSON.stringify(singleStatusBody(viidStatus(path.slice(0, 200), ViidStatusCode.InvalidOperation, problem.message, '', now(), offsetMinutes))) }
      : null;
}

/** Sends a GA/T 1400 answer. */
export function sendViid(res: Response, httpStatus: number, body: unknown, headers: Record<string, string> = {}): void {
  for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
  res.status(httpStatus).type(VIID_CONTENT_TYPE).send(JSON.stringify(body));
}

/** The sender's id: `User-Identify` (some clients write `UserIdentify`). */
export function userIdentifyOf(req: Request): string | undefined {
  const value = req.headers['user-identify'] ?? req.headers['useridentify'];
  const text = Array.isArray(value) ? value[0] : value;
  return text?.trim() || undefined;
}

/** An error a /VIID handler raises to answer with a GA/T 1400 status. */
export class ViidError extends Error {
  constructor(
    readonly httpStatus: number,
    readonly code: ViidStatusCode,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

/** Headers of a 503 that asks the sender to send the same request again shortly (Retry-After, seconds). */
export const VIID_RETRY_HEADERS: Record<string, string> = { 'Retry-After': String(DATABASE_BUSY_RETRY_AFTER_SECONDS) };

/**
 * Every failure on a /VIID route is answered in GA/T 1400 form: a ResponseStatusObject with the
 * standard's code. A database too busy to serve the request in time (no pool connection within
 * DATABASE_CONNECT_TIMEOUT_MS) or unreachable answers 503 with StatusCode 2 (device busy) and
 * Retry-After; our other faults 503 with StatusCode 1, so the sender retries; nothing is half
 * taken (records are taken in one transaction per chunk).
 */
@Catch()
@Injectable()
export class ViidExceptionFilter implements ExceptionFilter {
  private readonly log = new Logger('Gat1400');

  constructor(
    private readonly settings: Gat1400Settings,
    private readonly clock: Clock,
  ) {}

  catch(error: unknown, host: ArgumentsHost): void {
    const req = host.switchToHttp().getRequest<Request>();
    const res = host.switchToHttp().getResponse<Response>();
    const status = (code: ViidStatusCode, text: string) => singleStatusBody(viidStatus(req.originalUrl, code, text, '', this.clock.now(), this.settings.offsetMinutes));
    if (error instanceof ViidError) return sendViid(res, error.httpStatus, status(error.code, error.message), error.headers);
    if (error instanceof HttpException) {
      const httpStatus = error.getStatus();
      const response = error.getResponse();
      const message = typeof response === 'object' && response !== null && 'message' in response ? String((response as { message: unknown }).message) : error.message;
      return sendViid(res, httpStatus, status(httpStatus === 429 ? ViidStatusCode.DeviceBusy : ViidStatusCode.InvalidOperation, message));
    }
    if (isDatabaseUnavailable(error)) {
      this.log.warn(`/VIID request answered 503: the database is busy or unavailable (${(error as Error)?.message ?? error})`);
      return sendViid(res, 503, status(ViidStatusCode.DeviceBusy, `the database is busy; send the request again in ${DATABASE_BUSY_RETRY_AFTER_SECONDS} s`), VIID_RETRY_HEADERS);
    }
    this.log.error(`/VIID request failed: ${(error as Error)?.message ?? error}`);
    sendViid(res, 503, status(ViidStatusCode.OtherError, 'temporarily unable to take this request; send it again'));
  }
}

/** GAT1400_ALLOW_FROM: addresses and CIDR ranges; empty allows every address. */
export class AddressAllowList {
  private readonly list = new BlockList();
  readonly empty: boolean;

  constructor(entries: string[]) {
    for (const entry of entries) {
      const [address, prefix] = entry.split('/');
      const family = isIP(address) === 6 ? 'ipv6' : 'ipv4';
      if (!isIP(address)) throw new Error(`GAT1400_ALLOW_FROM: "${entry}" is not an address or CIDR range`);
      if (prefix === undefined) this.list.addAddress(address, family);
      else this.list.addSubnet(address, Number(prefix), family);
    }
    this.empty = entries.length === 0;
  }

  allows(address: string | undefined): boolean {
    if (this.empty) return true;
    if (!address) return false;
    const plain = address.startsWith('::ffff:') ? address.slice(7) : address;
    return this.list.check(plain, isIP(plain) === 6 ? 'ipv6' : 'ipv4');
  }
}
