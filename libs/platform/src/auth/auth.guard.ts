import { CanActivate, ExecutionContext, ForbiddenException, HttpException, Injectable, ServiceUnavailableException, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { Counter } from 'prom-client';
import { Metrics } from '../metrics/metrics';
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
      if (error instanceof HttpException) this.refusals.inc({ reason: REFUSAL_REASONS[error.getStatus()] ?? String(error.getStatus()) });
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
    if (!principal) {
      throw new UnauthorizedException('authentication required: send an API key (header X-Api-Key) or a bearer token (header Authorization)');
    }
    if (!allowed || !hasAnyRole(principal, allowed)) {
      throw new ForbiddenException(
        allowed
          ? `${principal.name} (${principal.roles.join(', ') || 'no roles'}) may not call ${request.audit.action}; it needs one of: ${[Role.Admin, ...allowed].join(', ')}`
          : `${request.audit.action} declares no roles and is closed to everyone`,
      );
    }
    if (this.reflector.getAllAndOverride<boolean>(SIGNED_WEBHOOK, targets)) await this.checkSignature(request);
    return true;
  }

  private async authenticate(request: AuthenticatedRequest, required: boolean): Promise<Principal | null> {
    const found = await this.authenticator.identify(request);
    request.identified = true;
    if (!found.presented) return null;
    if (!found.principal && required) {
      throw new UnauthorizedException(
        found.kind === 'key' ? 'API key not recognised or revoked' : 'session token invalid or expired, or the account is disabled: sign in again',
      );
    }
    return found.principal;
  }

  private async checkSignature(request: AuthenticatedRequest): Promise<void> {
    const verdict = await this.webhooks.verify(request.path, request.rawBody?.toString('utf8') ?? '', request.header(SIGNATURE_HEADER), request.header(TIMESTAMP_HEADER));
    switch (verdict) {
      case 'ok':
        return;
      case 'unconfigured':
        throw new ServiceUnavailableException('signed webhooks are not configured on this service (TRAFFIC_WEBHOOK_SECRET)');
      case 'missing':
        throw new UnauthorizedException(`signature required: headers ${SIGNATURE_HEADER} and ${TIMESTAMP_HEADER}`);
      case 'invalid':
        throw new UnauthorizedException(`${SIGNATURE_HEADER} does not match the body, or ${TIMESTAMP_HEADER} is too far from now`);
      case 'replayed':
        throw new UnauthorizedException('this signed request was already received (replayed)');
    }
  }
}

const REFUSAL_REASONS: Record<number, string> = { 401: 'unauthenticated', 403: 'forbidden', 429: 'rate_limited', 503: 'unconfigured' };

/** Refused requests by reason: a jump in `unauthenticated` is someone guessing keys or passwords. */
export function refusalCounter(metrics: Metrics): Counter<string> {
  const counter = metrics.counter('gateway_http_refusals_total', 'HTTP requests refused by authentication and limits: unauthenticated (401), forbidden (403), rate_limited (429), unconfigured (503)', ['reason']);
  for (const reason of Object.values(REFUSAL_REASONS)) counter.inc({ reason }, 0);
  return counter;
}
