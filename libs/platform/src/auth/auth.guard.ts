import { CanActivate, ExecutionContext, HttpException, Injectable } from '@nestjs/common';
import { DomainError, ErrorCode } from '@app/contracts';
import { Reflector } from '@nestjs/core';
import { Counter } from 'prom-client';
import { Metrics } from '../metrics/metrics';
import { statusOfKind } from '../http/exception.filter';
import { SIGNATURE_HEADER, TIMESTAMP_HEADER } from '../http/hmac-signature';
import { auditActionOf, auditTargetTypeOf } from './audit.interceptor';
import { ALLOWED_ROLES, AuthenticatedRequest, PUBLIC_ENDPOINT, SIGNED_WEBHOOK } from './auth.decorators';
import { Authenticator } from './authenticator';
import { hasAnyRole, Principal, Role } from './roles';
import { WebhookSignaturesService } from './webhook-signatures.service';

/**
 * Every HTTP request passes here first. Closed by default: an endpoint that declares neither
 * @Allow(...) nor @Public() answers 403 to everyone, so a forgotten declaration cannot open a hole.
 * Kafka handlers are not HTTP and are not affected.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  private readonly refusals: Counter<string>;

  constructor(
    private readonly reflector: Reflector,
    private readonly authenticator: Authenticator,
    private readonly webhooks: WebhookSignaturesService,
    metrics: Metrics,
  ) {
    this.refusals = refusalCounter(metrics);
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    try {
      return await this.check(context);
    } catch (error) {
      const status = error instanceof DomainError ? statusOfKind(error.kind) : error instanceof HttpException ? error.getStatus() : null;
      if (status !== null) this.refusals.inc({ reason: REFUSAL_REASONS[status] ?? String(status) });
      throw error;
    }
  }

  private async check(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const targets = [context.getHandler(), context.getClass()];
    const isPublic = this.reflector.getAllAndOverride<boolean>(PUBLIC_ENDPOINT, targets);
    const allowed = this.reflector.getAllAndOverride<Role[] | undefined>(ALLOWED_ROLES, targets);
    // What the audit log calls this request, whatever refuses it later (the error filter records refusals).
    request.audit = { action: auditActionOf(context), targetType: auditTargetTypeOf(context) };

    const principal = await this.authenticate(request, !isPublic);
    request.principal = principal ?? undefined;
    if (isPublic) return true;
    if (!principal) throw new DomainError(ErrorCode.AuthRequired);
    if (!allowed) throw new DomainError(ErrorCode.EndpointClosed, { params: { action: request.audit.action } });
    if (!hasAnyRole(principal, allowed)) {
      const needed = [Role.Admin, ...allowed].join(', ');
      // A key or account with no roles at all gets its own code: the roles list would be the English "no roles".
      if (principal.roles.length === 0) throw new DomainError(ErrorCode.NoRoles, { params: { caller: principal.name, action: request.audit.action, needed } });
      throw new DomainError(ErrorCode.RoleNotAllowed, { params: { caller: principal.name, roles: principal.roles.join(', '), action: request.audit.action, needed } });
    }
    if (this.reflector.getAllAndOverride<boolean>(SIGNED_WEBHOOK, targets)) await this.checkSignature(request);
    return true;
  }

  private async authenticate(request: AuthenticatedRequest, required: boolean): Promise<Principal | null> {
    const found = await this.authenticator.identify(request);
    request.identified = true;
    if (!found.presented) return null;
    if (!found.principal && required) {
      throw new DomainError(found.kind === 'key' ? ErrorCode.ApiKeyNotRecognised : ErrorCode.SessionInvalid);
    }
    return found.principal;
  }

  private async checkSignature(request: AuthenticatedRequest): Promise<void> {
    const verdict = await this.webhooks.verify(request.path, request.rawBody?.toString('utf8') ?? '', request.header(SIGNATURE_HEADER), request.header(TIMESTAMP_HEADER));
    switch (verdict) {
      case 'ok':
        return;
      case 'unconfigured':
        throw new DomainError(ErrorCode.WebhookNotConfigured);
      case 'missing':
        throw new DomainError(ErrorCode.SignatureRequired, { field: SIGNATURE_HEADER, params: headers });
      case 'invalid':
        throw new DomainError(ErrorCode.SignatureInvalid, { field: SIGNATURE_HEADER, params: headers });
      case 'replayed':
        throw new DomainError(ErrorCode.SignatureReplayed);
    }
  }
}

const headers = { signatureHeader: SIGNATURE_HEADER, timestampHeader: TIMESTAMP_HEADER };

const REFUSAL_REASONS: Record<number, string> = { 401: 'unauthenticated', 403: 'forbidden', 429: 'rate_limited', 503: 'unconfigured' };

/** Refused requests by reason: a jump in `unauthenticated` is someone guessing keys or passwords. */
export function refusalCounter(metrics: Metrics): Counter<string> {
  const counter = metrics.counter('gateway_http_refusals_total', 'HTTP requests refused by authentication and limits: unauthenticated (401), forbidden (403), rate_limited (429), unconfigured (503)', ['reason']);
  for (const reason of Object.values(REFUSAL_REASONS)) counter.inc({ reason }, 0);
  return counter;
}
