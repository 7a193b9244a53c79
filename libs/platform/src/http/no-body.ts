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
 * An operation reads a body when its handler takes `@Body()`, or the raw request (`@Req()`,
 * protocols that parse their own, such as GA/T 1400). An empty object is not content.
 */
@Injectable()
export class NoBodyExpectedInterceptor implements NestInterceptor {
  // Keyed by route handler: whatever function Nest hands us.
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  private readonly takesBody = new Map<Function, boolean>();

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const handler = context.getHandler();
    let takes = this.takesBody.get(handler);
    if (takes === undefined) {
      const args: Record<string, unknown> = Reflect.getMetadata(ROUTE_ARGS_METADATA, context.getClass(), handler.name) ?? {};
      takes = Object.keys(args).some((key) => {
        const type = Number(key.split(':')[0]);
        return type === RouteParamtypes.BODY || type === RouteParamtypes.REQUEST;
      });
      this.takesBody.set(handler, takes);
    }
    const body = context.switchToHttp().getRequest<Request>().body;
    if (!takes && hasContent(body)) {
      const names = typeof body === 'object' && body !== null && !Array.isArray(body) ? Object.keys(body).slice(0, 5).join(', ') : '';
      throw refuseRequest(Problem.BodyNotExpected, '', `this operation takes no request body; send none${names ? ` (found: ${names})` : ''}`, { fields: names });
    }
    return next.handle();
  }
}
