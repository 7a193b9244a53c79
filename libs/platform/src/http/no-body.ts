import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';
import type { Request } from 'express';
import { Observable } from 'rxjs';
import { Problem, refuseRequest } from '@app/contracts';

/** Whether a parsed body carries anything: express leaves `{}` when none was sent. */
function hasContent(body: unknown): boolean {
  if (body === undefined || body === null || body === '') return false;
  if (typeof body === 'object' && !Array.isArray(body)) return Object.keys(body).length > 0;
  return true;
}

/**
 * Refuses (400) a request body sent to an operation that reads none: `POST …/release` with
 * `{ "reason": "paid" }` was answered 200 and the reason dropped, as if it had been recorded.
 * A body no parser took is refused too: 415 where the handler reads a JSON body.
 * An operation reads a body when its handler takes `@Body()`, or the raw request (`@Req()`,
 * protocols that parse their own, such as GA/T 1400). An empty object is not content.
 */
@Injectable()
export class NoBodyExpectedInterceptor implements NestInterceptor {
  // Keyed by route handler: whatever function Nest hands us.
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  private readonly reads = new Map<Function, 'body' | 'raw' | 'none'>();

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const handler = context.getHandler();
    let reads = this.reads.get(handler);
    if (reads === undefined) {
      const args: Record<string, unknown> = Reflect.getMetadata(ROUTE_ARGS_METADATA, context.getClass(), handler.name) ?? {};
      const types = Object.keys(args).map((key) => Number(key.split(':')[0]));
      reads = types.includes(RouteParamtypes.BODY) ? 'body' : types.includes(RouteParamtypes.REQUEST) ? 'raw' : 'none';
      this.reads.set(handler, reads);
    }
    const request = context.switchToHttp().getRequest<Request>();
    const body = request.body;
    if (reads === 'none' && hasContent(body)) {
      const names = typeof body === 'object' && body !== null && !Array.isArray(body) ? Object.keys(body).slice(0, 5).join(', ') : '';
      throw refuseRequest(Problem.BodyNotExpected, '', `this operation takes no request body; send none${names ? ` (found: ${names})` : ''}`, { fields: names });
    }
    // Bytes no body parser took (XML, a form, JSON sent as text/plain): the handler would have seen
    // no body at all and answered as if none was sent (PATCH /officers/{id} with XML: 200, nothing changed).
    const sentBytes = Number(request.headers['content-length'] ?? 0) > 0 || request.headers['transfer-encoding'] !== undefined;
    if (sentBytes && body === undefined && reads !== 'raw') {
      const type = String(request.headers['content-type'] ?? '').slice(0, 100);
      if (reads === 'body') {
        throw refuseRequest(Problem.UnsupportedMediaType, '', `body must be JSON (Content-Type: application/json), not ${type || 'untyped'}`, { type }, 'unsupported_media');
      }
      throw refuseRequest(Problem.BodyNotExpected, '', 'this operation takes no request body; send none', { fields: '' });
    }
    return next.handle();
  }
}
