import { CanActivate, ExecutionContext, ForbiddenException, HttpException, Inject, Injectable, Optional, ServiceUnavailableException, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { Counter } from 'prom-client';
import { Clock } from '../clock/clock';
import { Metrics } from '../metrics/metrics';
import { SIGNATURE_HEADER, TIMESTAMP_HEADER } from '../http/hmac-signature';
import { looksLikeApiKey } from './api-key';
import { ApiKeysService } from './api-keys.service';
import { auditActionOf, auditTargetOf, clientIpOf } from './audit.interceptor';
import { AuditService } from './audit.service';
import { ALLOWED_ROLES, AuthenticatedRequest, PUBLIC_ENDPOINT, SIGNED_WEBHOOK } from './auth.decorators';
import { PersonDirectory } from './auth.settings';
import { hasAnyRole, Principal, Role } from './roles';
import { SESSION_COOKIE, SESSION_TOKENS, SessionTokens } from './session-tokens';
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
    private readonly keys: ApiKeysService,
    private readonly audit: AuditService,
    private readonly webhooks: WebhookSignaturesService,
    private readonly clock: Clock,
    @Inject(SESSION_TOKENS) private readonly tokens: SessionTokens | null,
    metrics: Metrics,
    @Optional() private readonly directory?: PersonDirectory,
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

    const principal = await this.authenticate(request, !isPublic);
    request.principal = principal ?? undefined;
    if (isPublic) return true;
    if (!principal) {
      throw new UnauthorizedException('authentication required: send an API key (header X-Api-Key) or a bearer token (header Authorization)');
    }
    if (!allowed || !hasAnyRole(principal, allowed)) {
      const action = auditActionOf(context);
      await this.audit.record({
        principal, action, method: request.method, path: request.originalUrl, ...auditTargetOf(context, request), status: 403, outcome: 'denied', clientIp: clientIpOf(request),
      });
      throw new ForbiddenException(
        allowed
          ? `${principal.name} (${principal.roles.join(', ') || 'no roles'}) may not call ${action}; it needs one of: ${[Role.Admin, ...allowed].join(', ')}`
          : `${action} declares no roles and is closed to everyone`,
      );
    }
    if (this.reflector.getAllAndOverride<boolean>(SIGNED_WEBHOOK, targets)) await this.checkSignature(request);
    return true;
  }

  private async authenticate(request: AuthenticatedRequest, required: boolean): Promise<Principal | null> {
    const { key, token } = credentialsOf(request);
    if (key) {
      const principal = await this.keys.authenticate(key);
      if (!principal && required) throw new UnauthorizedException('API key not recognised or revoked');
      return principal;
    }
    if (token) {
      const principal = await this.person(token);
      if (!principal && required) throw new UnauthorizedException('session token invalid or expired, or the account is disabled: sign in again');
      return principal;
    }
    return null;
  }

  private async person(token: string): Promise<Principal | null> {
    if (!this.tokens || !this.directory) return null;
    const session = this.tokens.verify(token, this.clock.now());
    if (!session) return null;
    return this.currentPerson(session.userId, session.generation);
  }

  /**
   * Read on every request (one primary-key lookup; people call far less often than systems), so
   * disabling an account, changing its roles or signing out takes effect on the next request.
   */
  private async currentPerson(userId: string, sessionGeneration: number): Promise<Principal | null> {
    if (!this.directory) return null;
    const account = await this.directory.current(userId);
    if (!account || account.sessionGeneration !== sessionGeneration) return null;
    const { sessionGeneration: _current, ...person } = account;
    return { kind: 'user', id: userId, sessionGeneration, ...person };
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
  return metrics.counter('gateway_http_refusals_total', 'HTTP requests refused: unauthenticated (401), forbidden (403), rate_limited (429)', ['reason']);
}

/** Keys come as X-Api-Key or Authorization: Bearer sag_…; people's tokens as a bearer token or the session cookie. */
export function credentialsOf(request: AuthenticatedRequest): { key?: string; token?: string } {
  const apiKey = request.header('x-api-key');
  if (apiKey) return { key: apiKey.trim() };
  const authorization = request.header('authorization');
  const bearer = authorization?.match(/^Bearer\s+(\S+)$/i)?.[1];
  if (bearer) return looksLikeApiKey(bearer) ? { key: bearer } : { token: bearer };
  const cookie = cookieValue(request.header('cookie'), SESSION_COOKIE);
  return cookie ? { token: cookie } : {};
}

function cookieValue(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k !== name) continue;
    try {
      return decodeURIComponent(v.join('='));
    } catch {
      return undefined; // malformed percent-encoding: no credentials, not a 500
    }
  }
  return undefined;
}
