import { Role } from './roles';

export const AUTH_SETTINGS = Symbol('AUTH_SETTINGS');

export interface AuthSettings {
  /** The roles keys of this app may be given (an admin cannot mint a key the app has no use for). */
  keyRoles: readonly Role[];
  /** A key from the environment that is always an admin key: the way in for a fresh deployment. */
  adminApiKey?: string;
  /** Secret that signs people's session tokens; people cannot sign in where it is unset. */
  tokenSecret?: string;
  tokenTtlMinutes: number;
  /** Requests per minute per key or person (per source address when anonymous), per instance. */
  rateLimitPerMinute: number;
  /** Secret of the inbound signed webhooks (@SignedWebhook endpoints); unset: those endpoints refuse. */
  webhookSecret?: string;
  /** How far an inbound webhook's timestamp may be from now. */
  webhookToleranceSeconds: number;
}

/**
 * Looks people up on each request so that disabling an account or changing its roles takes
 * effect before its token expires. Provided by an app that has people.
 */
export abstract class PersonDirectory {
  /**
   * The account as it is now, or null when it is gone or disabled. `sessionGeneration`: only
   * sessions of this generation count (signing out moves it on, ending every session).
   */
  abstract current(userId: string): Promise<{ name: string; roles: Role[]; teamId: string | null; officerId: string | null; sessionGeneration: number } | null>;
}
