import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import type { Request } from 'express';
import { Principal, Role } from './roles';

export const ALLOWED_ROLES = 'auth:allowed-roles';
export const PUBLIC_ENDPOINT = 'auth:public';
export const SIGNED_WEBHOOK = 'auth:signed-webhook';
export const OWN_CREDENTIALS = 'auth:own-credentials';

/** The roles that may call this endpoint (admin always may). Every endpoint declares this or @Public(). */
export const Allow = (...roles: Role[]) => SetMetadata(ALLOWED_ROLES, roles);

/** No credentials needed: health, metrics, login. */
export const Public = () => SetMetadata(PUBLIC_ENDPOINT, true);

/**
 * What a @Public() endpoint checks itself instead of our API keys and sessions (a protocol's own
 * credentials, e.g. GA/T 1400 digest registration): the OpenAPI document names it as the
 * operation's security scheme (`name`, added to components.securitySchemes) and says `note`.
 */
export interface OwnCredentialsDoc {
  name: string;
  scheme: { type: 'http'; scheme: string; description: string } | { type: 'apiKey'; in: 'header'; name: string; description: string };
  note: string;
}
export const OwnCredentials = (doc: OwnCredentialsDoc) => SetMetadata(OWN_CREDENTIALS, doc);

/**
 * The request body must carry a valid HMAC signature (X-Signature over X-Timestamp and the raw
 * body) under the secret the app names, and must not have been seen before.
 */
export const SignedWebhook = () => SetMetadata(SIGNED_WEBHOOK, true);

export type AuthenticatedRequest = Request & {
  principal?: Principal;
  rawBody?: Buffer;
  /** Set once the credentials were checked (by the guard, or by the error filter for early refusals). */
  identified?: boolean;
  /** What the audit log calls this request (`seizures.release`, target type), once routed. */
  audit?: { action: string; targetType: string | null };
};

/** The caller, as the guard authenticated it (undefined on public endpoints without credentials). */
export const CurrentPrincipal = createParamDecorator((_: unknown, ctx: ExecutionContext): Principal | undefined => {
  return ctx.switchToHttp().getRequest<AuthenticatedRequest>().principal;
});

export const NO_AUDIT = 'auth:no-audit';
export const AUDIT_TARGET = 'auth:audit-target';

/** High-volume data feeds (sightings, inspections) are not actions on a seal or alert: not audited. */
export const NoAudit = () => SetMetadata(NO_AUDIT, true);

/** What the `:id` of this controller's routes names in the audit log, e.g. `seizure`. */
export const AuditTarget = (type: string) => SetMetadata(AUDIT_TARGET, type);
