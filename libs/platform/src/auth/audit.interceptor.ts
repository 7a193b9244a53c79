import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { concatMap, Observable } from 'rxjs';
import { AUDIT_TARGET, AuthenticatedRequest, NO_AUDIT } from './auth.decorators';
import { AuditService, auditDetailsOf, clientIpOf } from './audit.service';

const READS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** `SeizuresController.release` → `seizures.release`. */
export function auditActionOf(context: ExecutionContext): string {
  const controller = context.getClass().name.replace(/Controller$/, '');
  return `${controller.charAt(0).toLowerCase()}${controller.slice(1)}.${context.getHandler().name}`;
}

/** What the `:id` of the controller's routes names (`seizure`, `roster`), if it says. */
export function auditTargetTypeOf(context: ExecutionContext): string | null {
  return (Reflect.getMetadata(AUDIT_TARGET, context.getClass()) as string | undefined) ?? null;
}

/**
 * Every change made over HTTP (any method but GET/HEAD/OPTIONS) that succeeds lands in the audit
 * log with its caller, target, status and redacted body. Refusals and failures of a signed-in
 * caller, reads included, are recorded by the error filter (AuditService.recordRefusal), which
 * also sees what is refused before any handler runs.
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
    // Written before the answer goes out, so a caller that reads the log next finds its entry.
    return next.handle().pipe(
      concatMap(async (body) => {
        const status = context.switchToHttp().getResponse<{ statusCode: number }>().statusCode;
        const fromBody = body && typeof body === 'object' && 'id' in body ? String((body as { id: unknown }).id) : null;
        await this.audit.record({
          // The principal as it is now: a sign-in sets it during the handler.
          principal: request.principal,
          action: auditActionOf(context),
          method: request.method,
          path: request.originalUrl,
          targetType: auditTargetTypeOf(context),
          targetId: (request.params?.id as string | undefined) ?? fromBody,
          status,
          outcome: 'ok',
          clientIp: clientIpOf(request),
          details: auditDetailsOf(request),
        });
        return body;
      }),
    );
  }
}
