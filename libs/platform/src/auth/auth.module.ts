import { DynamicModule, Module, Type } from '@nestjs/common';
import { APP_GUARD, APP_INTERCEPTOR } from '@nestjs/core';
import { ThrottlerModule } from '@nestjs/throttler';
import { ApiKeyRepository } from './api-key.repository';
import { ApiKeysService } from './api-keys.service';
import { AuditLogRepository } from './audit-log.repository';
import { ApiKeysController, AuditController } from './auth-admin.controller';
import { AuthGuard } from './auth.guard';
import { Authenticator } from './authenticator';
import { AUTH_SETTINGS, AuthSettings, PersonDirectory } from './auth.settings';
import { AuditInterceptor } from './audit.interceptor';
import { AuditService } from './audit.service';
import { RateLimitGuard } from './rate-limit.guard';
import { AuthenticatedRequest } from './auth.decorators';
import { PrincipalValidity } from './principal-validity.service';
import { SESSION_TOKENS, SessionTokens } from './session-tokens';
import { WebhookSignatureRepository } from './webhook-signature.repository';
import { WebhookSignaturesService } from './webhook-signatures.service';

/**
 * Authentication (API keys, people's session tokens), per-endpoint roles, rate limits per
 * caller, signed inbound webhooks and the audit log, for one app. Guards run in this order:
 * who is calling and may they, then how often.
 */
@Module({})
export class AuthModule {
  static forRoot(settings: AuthSettings, people?: Type<PersonDirectory>): DynamicModule {
    return {
      module: AuthModule,
      global: true,
      imports: [
        ThrottlerModule.forRoot({
          throttlers: [
            {
              name: 'default',
              ttl: 60_000,
              limit: (context) => context.switchToHttp().getRequest<AuthenticatedRequest>().principal?.rateLimitPerMinute ?? settings.rateLimitPerMinute,
            },
          ],
          errorMessage: 'rate limit exceeded for this caller: retry after the time in the Retry-After header',
        }),
      ],
      controllers: [ApiKeysController, AuditController],
      providers: [
        { provide: AUTH_SETTINGS, useValue: settings },
        { provide: SESSION_TOKENS, useValue: settings.tokenSecret ? new SessionTokens(settings.tokenSecret, settings.tokenTtlMinutes) : null },
        ...(people ? [{ provide: PersonDirectory, useClass: people }] : []),
        ApiKeyRepository,
        AuditLogRepository,
        WebhookSignatureRepository,
        ApiKeysService,
        Authenticator,
        AuditService,
        WebhookSignaturesService,
        PrincipalValidity,
        { provide: APP_GUARD, useClass: AuthGuard },
        { provide: APP_GUARD, useClass: RateLimitGuard },
        { provide: APP_INTERCEPTOR, useClass: AuditInterceptor },
      ],
      exports: [AUTH_SETTINGS, SESSION_TOKENS, ApiKeysService, Authenticator, AuditService, PrincipalValidity, ...(people ? [PersonDirectory] : [])],
    };
  }
}
