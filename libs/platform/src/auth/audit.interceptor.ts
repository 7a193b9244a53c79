import { CallHandler, ExecutionContext, HttpException, Injectable, NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { catchError, concatMap, Observable } from 'rxjs';
import { AUDIT_TARGET, AuthenticatedRequest, NO_AUDIT } from './auth.decorators';
import { AuditService } from './audit.service';

const READS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** `SeizuresController.release` → `seizures.release`. */
export function auditActionOf(context: ExecutionContext): string {
  const controller = context.getClass().name.replace(/Controller$/, '');
  return `${controller.charAt(0).toLowerCase()}${controller.slice(1)}.${context.getHandler().name}`;
}

export function auditTargetOf(context: ExecutionContext, request: AuthenticatedRequest, responseBody?: unknown): { targetType: string | null; targetId: string | null } {
  const declared = Reflect.getMetadata(AUDIT_TARGET, context.getClass()) as string | undefined;
  const fromBody = responseBody && typeof responseBody === 'object' && 'id' in responseBody ? String((responseBody as { id: unknown }).id) : null;
  const targetId = (request.params?.id as string | undefined) ?? fromBody;
  return { targetType: declared ?? null, targetId };
}

export function clientIpOf(request: AuthenticatedRequest): string | null {
  return request.ip ?? request.socket?.remoteAddress ?? null;
}

/**
 * Every change made over HTTP (any method but GET/HEAD/OPTIONS) lands in the audit log with its
 * caller, target, status and redacted body, whether it succeeded or failed. Refusals by the
 * guard are recorded there; unauthenticated requests are not (they did nothing and anyone could
 * flood the log with them).
 */
@Injectable()
export class AuditInterceptor implements NestInterceptor {
  constructor(
    private readonly audit: AuditService,
    private readonly reflector: Reflector,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    if (READS.has(request.method) || this.reflector.getAllAndOverride<boolean>(NO_AUDIT, [context.getHandler(), context.getClass()])) return next.handle();
    const base = { action: auditActionOf(context), method: request.method, path: request.originalUrl, clientIp: clientIpOf(request) };
    const details = request.body && typeof request.body === 'object' && Object.keys(request.body).length ? { body: request.body } : undefined;
    // Written before the answer goes out, so a caller that reads the log next finds its entry.
    return next.handle().pipe(
      concatMap(async (body) => {
        const status = context.switchToHttp().getResponse<{ statusCode: number }>().statusCode;
        // The principal as it is now: a sign-in sets it during the handler.
        await this.audit.record({ ...base, principal: request.principal, ...auditTargetOf(context, request, body), status, outcome: 'ok', details });
        return body;
      }),
      catchError(async (error: unknown) => {
        const status = error instanceof HttpException ? error.getStatus() : 500;
        await this.audit.record({ ...base, principal: request.principal, ...auditTargetOf(context, request), status, outcome: 'failed', details: { ...details, error: (error as Error).message } });
        throw error;
      }),
    );
  }
}
