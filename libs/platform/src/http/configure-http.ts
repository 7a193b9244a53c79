import { INestApplication } from '@nestjs/common';
import { jsonTextHasMoreKeysThan, RequestProblems } from '@app/contracts';
import { NestExpressApplication } from '@nestjs/platform-express';
import { SwaggerModule } from '@nestjs/swagger';
import { json, type NextFunction, type Request, type Response } from 'express';
import { AuditService } from '../auth/audit.service';
import { Authenticator } from '../auth/authenticator';
import { CORRELATION_HEADER, correlationIdFrom, runWithCorrelationId } from '../context/correlation';
import { Metrics } from '../metrics/metrics';
import { accessLog } from './access-log';
import { bodyShapeProblem, MAX_BODY_KEYS, tooManyFieldsProblem } from './body-shape';
import { HttpErrorFilter } from './exception.filter';
import { NoBodyExpectedInterceptor } from './no-body';
import { answerParserRefusals, ParserRefusalForm } from './parser-refusals';
import { openApiDocumentFactory, OpenApiInfo } from './openapi';
import { requestTargetProblem } from './request-target';
import { applyServerTimeouts, ServerTimeouts } from './server-timeouts';
import { createValidationPipe } from './validation';

export { MAX_BODY_KEYS };
export { DEFAULT_SERVER_TIMEOUTS, type ServerTimeouts } from './server-timeouts';

export interface HttpAppInfo extends OpenApiInfo {
  /** Largest JSON body accepted; batches are bounded by it too. */
  bodyLimit?: string;
  /** Most keys a JSON body's objects may hold together (MAX_BODY_KEYS unless set: a batch of reads holds more). */
  maxBodyKeys?: number;
  /** The app was created with `rawBody: true`: JSON bodies' bytes are kept on `req.rawBody` (signed webhooks). */
  rawBody?: boolean;
  /** Also take `text/csv` (and `text/plain`) bodies, up to this size (roster import). */
  csvBodyLimit?: string;
  /** TRUST_PROXY: `false`, `true`, a hop count, or comma-separated addresses/subnets. */
  trustProxy?: string;
  /** Paths that answer in a form of their own when Node's HTTP parser refuses a request (oversized or malformed headers). */
  parserRefusalForm?: ParserRefusalForm;
  /** How long the server waits for a client's headers, request and next request (DEFAULT_SERVER_TIMEOUTS unless set). */
  serverTimeouts?: ServerTimeouts;
}

/** The server timeouts a validated environment asks for. */
export function serverTimeoutsOf(env: { HTTP_HEADERS_TIMEOUT_MS: number; HTTP_REQUEST_TIMEOUT_MS: number; HTTP_KEEP_ALIVE_TIMEOUT_MS: number }): ServerTimeouts {
  return { headersTimeoutMs: env.HTTP_HEADERS_TIMEOUT_MS, requestTimeoutMs: env.HTTP_REQUEST_TIMEOUT_MS, keepAliveTimeoutMs: env.HTTP_KEEP_ALIVE_TIMEOUT_MS };
}

function trustProxySetting(value: string | undefined): boolean | number | string {
  if (!value || value === 'false') return false;
  if (value === 'true') return true;
  return /^\d+$/.test(value) ? Number(value) : value;
}

function optional<T>(app: INestApplication, token: abstract new (...args: never[]) => T): T | null {
  try {
    return app.get(token as never, { strict: false }) as T;
  } catch {
    return null;
  }
}

/**
 * Validation, error shape, refusal auditing, access log, body limits, server timeouts and OpenAPI
 * docs at /docs: the same for both apps. Middleware order matters: the correlation id first (so that every
 * answer, a body-parser refusal included, carries it), then the body parsers, then the context
 * the handler runs in, then the checks that refuse a request before any handler sees it.
 */
export async function configureHttpApp(app: INestApplication, info: HttpAppInfo): Promise<void> {
  const express = app as NestExpressApplication;
  // Before the server listens: Node reads how often to look for expired requests when it starts.
  applyServerTimeouts(app.getHttpServer(), info.serverTimeouts);
  answerParserRefusals(app.getHttpServer(), info.parserRefusalForm);
  express.set('trust proxy', trustProxySetting(info.trustProxy));
  express.use((req: Request & { correlationId?: string }, res: Response, next: NextFunction) => {
    req.correlationId = correlationIdFrom(req.headers[CORRELATION_HEADER]);
    res.setHeader(CORRELATION_HEADER, req.correlationId);
    next();
  });
  express.use(accessLog(optional(app, Metrics)));
  // JSON, refused before it is parsed when its text holds more keys than any body of ours (one pass
  // over the bytes; parsing 357,000 keys alone blocked the app most of a second). The parsed body's
  // width is checked again below, object by object, with each place named.
  const maxBodyKeys = info.maxBodyKeys ?? MAX_BODY_KEYS;
  express.use(
    json({
      limit: info.bodyLimit ?? '1mb',
      verify: (req: Request & { rawBody?: Buffer }, _res: Response, bytes: Buffer) => {
        // What Nest's own parser does for `rawBody: true`, which a parser of ours must do itself.
        if (info.rawBody) req.rawBody = bytes;
        if (jsonTextHasMoreKeysThan(bytes, maxBodyKeys)) throw Object.assign(new RequestProblems([tooManyFieldsProblem(maxBodyKeys)]), { status: 400 });
      },
    }),
  );
  if (info.csvBodyLimit) express.useBodyParser('text', { type: ['text/csv', 'text/plain'], limit: info.csvBodyLimit });
  // After the body parsers, so the whole handler (and everything it awaits) runs in the context.
  express.use((req: Request & { correlationId?: string }, _res: Response, next: NextFunction) => runWithCorrelationId(req.correlationId!, next));
  // Shapes that would crash validation, slip past it, or fail at the database, refused with their place named.
  express.use((req: Request, _res: Response, next: NextFunction) => {
    const rawQuery = req.originalUrl.includes('?') ? req.originalUrl.slice(req.originalUrl.indexOf('?') + 1) : '';
    const target = requestTargetProblem(req.path, req.query, rawQuery);
    const shape = req.body && typeof req.body === 'object' ? bodyShapeProblem(req.body, maxBodyKeys) : null;
    // A problem inside one item of a batch is that item's: the batch doors (validateEach) refuse it
    // alone and keep its neighbours; every other door's validation pipe checks the shape again.
    const itemOnly = shape && Array.isArray(req.body) && /^\[\d+\]/.test(shape.field);
    const problem = target ?? (itemOnly ? null : shape);
    next(problem ? new RequestProblems([problem]) : undefined);
  });
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalInterceptors(new NoBodyExpectedInterceptor());
  const authenticator = optional(app, Authenticator);
  const audit = optional(app, AuditService);
  app.useGlobalFilters(new HttpErrorFilter(authenticator && audit ? { authenticator, audit } : undefined));
  app.enableShutdownHooks();
  SwaggerModule.setup('docs', app, await openApiDocumentFactory(app, info), { jsonDocumentUrl: 'docs/openapi.json' });
}
