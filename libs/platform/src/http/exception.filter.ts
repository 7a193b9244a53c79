import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { Response } from 'express';
import { DomainError, ErrorCode, ErrorKind, FieldProblem, listedProblems, Problem, problem, RequestProblems } from '@app/contracts';
import { AuditService } from '../auth/audit.service';
import { AuthenticatedRequest } from '../auth/auth.decorators';
import { Authenticator } from '../auth/authenticator';
import { runWithCorrelationId } from '../context/correlation';
import { DATABASE_BUSY_RETRY_AFTER_SECONDS, isDatabaseUnavailable } from '../database/database-unavailable';
import { RowConflict, rowConflictOf } from '../database/unique-violation';

/** Where refusals are recorded: the app's authenticator (to know who was refused) and audit log. */
export interface RefusalAudit {
  authenticator: Authenticator;
  audit: AuditService;
}

type ErrorBody = { statusCode: number; message: string[]; [key: string]: unknown };

const STATUS_OF: Record<ErrorKind, { status: number; error: string }> = {
  invalid: { status: HttpStatus.BAD_REQUEST, error: 'Bad Request' },
  unauthorized: { status: HttpStatus.UNAUTHORIZED, error: 'Unauthorized' },
  forbidden: { status: HttpStatus.FORBIDDEN, error: 'Forbidden' },
  not_found: { status: HttpStatus.NOT_FOUND, error: 'Not Found' },
  conflict: { status: HttpStatus.CONFLICT, error: 'Conflict' },
  unavailable: { status: HttpStatus.SERVICE_UNAVAILABLE, error: 'Service Unavailable' },
  too_large: { status: HttpStatus.PAYLOAD_TOO_LARGE, error: 'Payload Too Large' },
  unsupported_media: { status: HttpStatus.UNSUPPORTED_MEDIA_TYPE, error: 'Unsupported Media Type' },
  rate_limited: { status: HttpStatus.TOO_MANY_REQUESTS, error: 'Too Many Requests' },
  bad_gateway: { status: HttpStatus.BAD_GATEWAY, error: 'Bad Gateway' },
};

/** A database overload, but only for an error no earlier branch of the filter answers (a DomainError, an HttpException, a parser's 4xx keep theirs). */
function isDatabaseOverload(exception: unknown): boolean {
  if (exception instanceof DomainError || exception instanceof RequestProblems || exception instanceof HttpException) return false;
  const status = (exception as { status?: unknown })?.status;
  if (typeof status === 'number' && status >= 400 && status < 500) return false;
  return isDatabaseUnavailable(exception);
}

/** A problem for a refusal Nest (or a library) raised itself, with the sentences it gave, by its status. */
function problemOfHttpStatus(status: number, messages: string[], request: { method?: string; path?: string }): FieldProblem {
  const message = messages.join('; ');
  if (status === HttpStatus.NOT_FOUND && /^Cannot [A-Z]+ /.test(message)) {
    return problem(Problem.RouteNotFound, '', message, { method: request.method ?? '', path: (request.path ?? '').slice(0, 200) });
  }
  if (status === HttpStatus.TOO_MANY_REQUESTS) return problem(Problem.RateLimited, '', message);
  // Nest turns body-parser's SyntaxError and Express's URIError into a BadRequestException with their message.
  if (status === HttpStatus.BAD_REQUEST && /\bJSON\b/.test(message)) return problem(Problem.BodyNotJson, '', message);
  if (status === HttpStatus.BAD_REQUEST && /Failed to decode param|URI malformed/i.test(message)) return problem(Problem.NotUtf8, 'path', message);
  if (status === HttpStatus.PAYLOAD_TOO_LARGE) return problem(Problem.BodyTooLarge, '', message);
  return problem(Problem.Refused, '', message, { status });
}

/** The HTTP status a DomainError of this kind is answered with. */
export function statusOfKind(kind: ErrorKind): number {
  return STATUS_OF[kind].status;
}

const STATUS_TEXT: Record<number, string> = {
  400: 'Bad Request',
  404: 'Not Found',
  405: 'Method Not Allowed',
  406: 'Not Acceptable',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  429: 'Too Many Requests',
};

/**
 * A refusal for what is wrong with the request, one problem or several: every sentence in
 * `message` (as clients have always read them), and each problem with its field, code and values
 * in `errors`. The answer's own code is the problem's, or `validation.failed` for several.
 */
function problemsBody({ status, error }: { status: number; error: string }, problems: FieldProblem[]): ErrorBody {
  const code = new RequestProblems(problems).code;
  const params = problems.length === 1 ? problems[0].params : { count: problems.length };
  // At most MAX_LISTED_PROBLEMS, then `… and N more problems` (`params.count` is all of them): the audit entry keeps the same list.
  const listed = listedProblems(problems);
  return { statusCode: status, error, message: listed.map((p) => p.message), code, field: problems[0]?.field ?? '', params, errors: listed };
}

/**
 * The answer to a request the database could not serve in time (isDatabaseUnavailable: no pool
 * connection within DATABASE_CONNECT_TIMEOUT_MS, the server refusing or dropping connections):
 * 503 `service.overloaded` in the usual error shape, with Retry-After; never a 500, which reads
 * as a fault of ours to report, not a moment to wait out and send the request again.
 */
export function overloadedBody(): ErrorBody {
  const busy = new DomainError(ErrorCode.ServiceOverloaded, { params: { retryAfter: DATABASE_BUSY_RETRY_AFTER_SECONDS } });
  const { status, error } = STATUS_OF[busy.kind];
  return { statusCode: status, error, message: [busy.message], code: busy.code, field: '', params: busy.params };
}

/**
 * The one place every HTTP error passes: known errors keep their status and body; the database
 * being too busy or unavailable to serve the request is a 503 with Retry-After; a write the
 * database refused because its row already exists (a unique violation no use case answered) is a
 * 409 `request.conflict`; anything else
 * becomes a bare 500 carrying an id that is also in the log line, so a caller can report
 * it without the response leaking internals. Body-parser failures (malformed JSON, oversized
 * body) and the checks before routing arrive here too and are answered as the 4xx they are.
 * Every refusal of a signed-in caller, wherever it was refused, is written to the audit log
 * before the answer goes out, but for a 503 of a busy database: that entry is queued (written
 * once the pool has a connection), so the answer is not held a second connect timeout and the
 * busy pool gets no extra waiter per refused request.
 */
@Catch()
export class HttpErrorFilter implements ExceptionFilter {
  private readonly log = new Logger('HttpError');

  constructor(private readonly refusals?: RefusalAudit) {}

  async catch(exception: unknown, host: ArgumentsHost): Promise<void> {
    if (host.getType() !== 'http') throw exception;
    const response = host.switchToHttp().getResponse<Response>();
    const request = host.switchToHttp().getRequest<AuthenticatedRequest & { correlationId?: string }>();
    const overloaded = isDatabaseOverload(exception);
    const body = overloaded ? this.overloaded(exception, request) : this.bodyOf(exception, request);
    if (this.refusals) {
      const audit = () => this.audit(request, body, !overloaded);
      const audited = request.correlationId ? runWithCorrelationId(request.correlationId, audit) : audit();
      // A busy database's 503 is not held for its audit entry: that is queued and written once a connection is free.
      if (!overloaded) await audited;
    }
    if (response.headersSent) return;
    if (overloaded) response.setHeader('Retry-After', String(DATABASE_BUSY_RETRY_AFTER_SECONDS));
    response.status(body.statusCode).json(body);
  }

  private overloaded(exception: unknown, request: AuthenticatedRequest): ErrorBody {
    // One line, no stack: under load there is one per refused request, and the stack says nothing the message does not.
    this.log.warn(`${request.method} ${request.path} answered 503: the database is busy or unavailable (${(exception as Error)?.message ?? exception})`);
    return overloadedBody();
  }

  private bodyOf(exception: unknown, request: AuthenticatedRequest): ErrorBody {
    if (exception instanceof DomainError) {
      // The code (and field, and the values named) is for clients and the pages' dictionaries; the sentence for people reading the API.
      const { status, error } = STATUS_OF[exception.kind];
      // `field` always: '' where the refusal concerns the request as a whole (a position implausible as a whole), so a client reads one shape.
      return { statusCode: status, error, message: [exception.message], code: exception.code, field: exception.field ?? '', params: exception.params };
    }
    if (exception instanceof RequestProblems) return problemsBody(STATUS_OF[exception.kind], exception.problems);
    if (exception instanceof HttpException) {
      // Raised by Nest or a library (an unknown route, the throttler, multer): the same shape, with a code by its status.
      const status = exception.getStatus();
      const raw = exception.getResponse();
      const body = typeof raw === 'string' ? { message: raw } : (raw as { message?: unknown; error?: string });
      const messages = Array.isArray(body.message) ? body.message.map(String) : [String(body.message ?? exception.message)];
      // A 5xx raised as an HttpException is the server's own state, not a refusal of the request: kept as it was.
      if (status >= 500) return { ...body, statusCode: status, message: messages };
      return problemsBody({ status, error: body.error ?? STATUS_TEXT[status] ?? 'Bad Request' }, [problemOfHttpStatus(status, messages, request)]);
    }
    const parserError = exception as { status?: number; type?: string; message?: string; code?: string };
    if (typeof parserError.status === 'number' && parserError.status >= 400 && parserError.status < 500) {
      const found =
        parserError.type === 'entity.parse.failed'
          ? problem(Problem.BodyNotJson, '', `body is not valid JSON: ${parserError.message}`)
          : parserError.type === 'entity.too.large'
            ? problem(Problem.BodyTooLarge, '', 'body is larger than the allowed size')
            : parserError.type === 'encoding.unsupported' || parserError.type === 'charset.unsupported'
              ? problem(Problem.EncodingUnsupported, '', `body encoding is not supported: ${parserError.message}`)
              : typeof parserError.code === 'string' && parserError.code.startsWith('Z_')
                ? problem(Problem.BodyNotDecodable, '', `body does not decode by its Content-Encoding: ${parserError.message}`)
              : problem(Problem.Refused, '', parserError.message ?? 'bad request', { status: parserError.status });
      return problemsBody({ status: parserError.status, error: STATUS_TEXT[parserError.status] ?? 'Bad Request' }, [found]);
    }
    const conflict = rowConflictOf(exception);
    if (conflict) return this.conflict(conflict, request);
    return this.internal(exception, request);
  }

  /**
   * A unique (or exclusion) constraint refused the write and no use case answered it: what the
   * request writes exists already (most often written by a request at the same moment), a 409
   * `request.conflict` naming the table and key, never a 500. Logged as a warning: the use case
   * should answer this race itself, with its own code.
   */
  private conflict(conflict: RowConflict, request: AuthenticatedRequest): ErrorBody {
    const refused = new DomainError(ErrorCode.RequestConflict, { params: { table: conflict.table, key: conflict.key, constraint: conflict.constraint } });
    this.log.warn(`${request.method} ${request.path} answered 409: ${refused.message} (constraint ${conflict.constraint || 'unnamed'}, not answered by its use case)`);
    const { status, error } = STATUS_OF[refused.kind];
    return { statusCode: status, error, message: [refused.message], code: refused.code, field: '', params: refused.params };
  }

  private internal(exception: unknown, request: AuthenticatedRequest): ErrorBody {
    const errorId = randomUUID();
    this.log.error(`${request.method} ${request.path} failed [${errorId}]: ${(exception as Error)?.stack ?? exception}`);
    return { statusCode: HttpStatus.INTERNAL_SERVER_ERROR, message: ['Internal server error'], errorId };
  }

  private async audit(request: AuthenticatedRequest, body: ErrorBody, wait: boolean): Promise<void> {
    if (!this.refusals) return;
    try {
      if (!request.identified) {
        // Refused before the guard ran: find out who it was, without refusing anything more.
        request.identified = true;
        const found = await this.refusals.authenticator.identify(request);
        if (found.presented && found.principal) request.principal = found.principal;
      }
      await this.refusals.audit.recordRefusal(request, body.statusCode, body.message, { wait });
    } catch (error) {
      this.log.error(`refusal of ${request.method} ${request.path} not audited: ${(error as Error).message}`);
    }
  }
}
