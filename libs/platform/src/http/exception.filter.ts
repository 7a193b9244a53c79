import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { Request, Response } from 'express';
import { DomainError, ErrorKind } from '@app/contracts';

const STATUS_OF: Record<ErrorKind, { status: number; error: string }> = {
  invalid: { status: HttpStatus.BAD_REQUEST, error: 'Bad Request' },
  unauthorized: { status: HttpStatus.UNAUTHORIZED, error: 'Unauthorized' },
  forbidden: { status: HttpStatus.FORBIDDEN, error: 'Forbidden' },
  not_found: { status: HttpStatus.NOT_FOUND, error: 'Not Found' },
  conflict: { status: HttpStatus.CONFLICT, error: 'Conflict' },
};

/**
 * Known errors keep their status and body; anything else becomes a bare 500 carrying an id that
 * is also in the log line, so a caller can report it without the response leaking internals.
 * Body-parser failures (malformed JSON, oversized body) arrive here as plain errors with a
 * status and are answered as the 4xx they are.
 */
@Catch()
export class HttpErrorFilter implements ExceptionFilter {
  private readonly log = new Logger('HttpError');

  catch(exception: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw exception;
    const response = host.switchToHttp().getResponse<Response>();
    const request = host.switchToHttp().getRequest<Request>();

    if (exception instanceof DomainError) {
      // The code (and field, and the values named) is for clients and the pages' dictionaries; the sentence for people reading the API.
      const { status, error } = STATUS_OF[exception.kind];
      response.status(status).json({ statusCode: status, error, message: [exception.message], code: exception.code, field: exception.field, params: exception.params });
      return;
    }
    if (exception instanceof HttpException) {
      // One error shape for clients: `message` is always a list of sentences naming what is wrong.
      const status = exception.getStatus();
      const raw = exception.getResponse();
      const body = typeof raw === 'string' ? { statusCode: status, message: raw } : (raw as { message?: unknown; error?: string });
      const message = Array.isArray(body.message) ? body.message : [String(body.message ?? exception.message)];
      response.status(status).json({ ...body, statusCode: status, message });
      return;
    }
    const parserError = exception as { status?: number; type?: string; message?: string };
    if (typeof parserError.status === 'number' && parserError.status >= 400 && parserError.status < 500) {
      const message =
        parserError.type === 'entity.parse.failed'
          ? `body is not valid JSON: ${parserError.message}`
          : parserError.type === 'entity.too.large'
            ? 'body is larger than the allowed size'
            : (parserError.message ?? 'bad request');
      response.status(parserError.status).json({ statusCode: parserError.status, error: 'Bad Request', message: [message] });
      return;
    }
    const errorId = randomUUID();
    this.log.error(`${request.method} ${request.path} failed [${errorId}]: ${(exception as Error)?.stack ?? exception}`);
    response.status(HttpStatus.INTERNAL_SERVER_ERROR).json({ statusCode: 500, message: 'Internal server error', errorId });
  }
}
