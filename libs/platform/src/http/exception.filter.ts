import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { Response } from 'express';
import { DomainError, ErrorKind } from '@app/contracts';
import { AuditService } from '../auth/audit.service';
import { AuthenticatedRequest } from '../auth/auth.decorators';
import { Authenticator } from '../auth/authenticator';
import { runWithCorrelationId } from '../context/correlation';

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
};

/** The HTTP status a DomainError of this kind is answered with. */
export function statusOfKind(kind: ErrorKind): number {
  return STATUS_OF[kind].status;
}

/**
 * The one place every HTTP error passes: known errors keep their status and body; anything
 * else becomes a bare 500 carrying an id that is also in the log line, so a caller can report
 * it without the response leaking internals. Body-parser failures (malformed JSON, oversized
 * body) and the checks before routing arrive here too and are answered as the 4xx they are.
 * Every refusal of a signed-in caller, wherever it was refused, is written to the audit log
 * before the answer goes out.
 */
@Catch()
export class HttpErrorFilter implements ExceptionFilter {
  private readonly log = new Logger('HttpError');

  constructor(private readonly refusals?: RefusalAudit) {}

  async catch(exception: unknown, host: ArgumentsHost): Promise<void> {
    if (host.getType() !== 'http') throw exception;
    const response = host.switchToHttp().getResponse<Response>();
    const request = host.switchToHttp().getRequest<AuthenticatedRequest & { correlationId?: string }>();
    const body = this.bodyOf(exception, request);
    if (this.refusals) {
      const audit = () => this.audit(request, body);
      await (request.correlationId ? runWithCorrelationId(request.correlationId, audit) : audit());
    }
    if (!response.headersSent) response.status(body.statusCode).json(body);
  }

  private bodyOf(exception: unknown, request: AuthenticatedRequest): ErrorBody {
    if (exception instanceof DomainError) {
      // The code (and field, and the values named) is for clients and the pages' dictionaries; the sentence for people reading the API.
      const { status, error } = STATUS_OF[exception.kind];
      return { statusCode: status, error, message: [exception.message], code: exception.code, field: exception.field, params: exception.params };
    }
    if (exception instanceof HttpException) {
      // One error shape for clients: `message` is always a list of sentences naming what is wrong.
      const status = exception.getStatus();
      const raw = exception.getResponse();
      const body = typeof raw === 'string' ? { statusCode: status, message: raw } : (raw as { message?: unknown; error?: string });
      const message = Array.isArray(body.message) ? body.message.map(String) : [String(body.message ?? exception.message)];
      return { ...body, statusCode: status, message };
    }
    const parserError = exception as { status?: number; type?: string; message?: string };
    if (typeof parserError.status === 'number' && parserError.status >= 400 && parserError.status < 500) {
      const message =
        parserError.type === 'entity.parse.failed'
          ? `body is not valid JSON: ${parserError.message}`
          : parserError.type === 'entity.too.large'
            ? 'body is larger than the allowed size'
            : parserError.type === 'encoding.unsupported' || parserError.type === 'charset.unsupported'
              ? `body encoding is not supported: ${parserError.message}`
              : (parserError.message ?? 'bad request');
      return { statusCode: parserError.status, error: 'Bad Request', message: [message] };
    }
    const errorId = randomUUID();
    this.log.error(`${request.method} ${request.path} failed [${errorId}]: ${(exception as Error)?.stack ?? exception}`);
    return { statusCode: HttpStatus.INTERNAL_SERVER_ERROR, message: ['Internal server error'], errorId };
  }

  private async audit(request: AuthenticatedRequest, body: ErrorBody): Promise<void> {
    if (!this.refusals) return;
    try {
      if (!request.identified) {
        // Refused before the guard ran: find out who it was, without refusing anything more.
        request.identified = true;
        const found = await this.refusals.authenticator.identify(request);
        if (found.presented && found.principal) request.principal = found.principal;
      }
      await this.refusals.audit.recordRefusal(request, body.statusCode, body.message);
    } catch (error) {
      this.log.error(`refusal of ${request.method} ${request.path} not audited: ${(error as Error).message}`);
    }
  }
}
