import { JwtService } from '@nestjs/jwt';
import { Principal, Role } from './roles';

interface SessionClaims {
  sub: string;
  name: string;
  roles: Role[];
  team: string | null;
  officer: string | null;
  /** The account's session generation when signed in; a sign-out moves the account's on. */
  gen: number;
}

/** Injects the app's SessionTokens, or null where no AUTH_TOKEN_SECRET is set (nobody signs in). */
export const SESSION_TOKENS = Symbol('SESSION_TOKENS');

/** The cookie the desk and report pages carry their session in (HttpOnly, SameSite=Strict). */
export const SESSION_COOKIE = 'sag_session';

/**
 * People's session tokens: HS256 JWTs (via @nestjs/jwt) carrying who the person is and their
 * roles. The guard re-reads the account on each request, so the claims are a hint for clients
 * and disabling an account takes effect at once, not at expiry.
 */
export class SessionTokens {
  private readonly jwt: JwtService;

  constructor(
    secret: string,
    private readonly ttlMinutes: number,
  ) {
    this.jwt = new JwtService({ secret, signOptions: { algorithm: 'HS256' }, verifyOptions: { algorithms: ['HS256'] } });
  }

  issue(person: Principal, generation: number, now: Date): { token: string; expiresAt: Date } {
    const iat = Math.floor(now.getTime() / 1000);
    const exp = iat + this.ttlMinutes * 60;
    const claims: SessionClaims & { iat: number; exp: number } = {
      sub: person.id, name: person.name, roles: person.roles, team: person.teamId ?? null, officer: person.officerId ?? null, gen: generation, iat, exp,
    };
    return { token: this.jwt.sign(claims), expiresAt: new Date(exp * 1000) };
  }

  /** The subject and session generation of a valid, unexpired token at `now`; null otherwise. */
  verify(token: string, now: Date): { userId: string; generation: number } | null {
    try {
      const claims = this.jwt.verify<SessionClaims & { exp: number }>(token, { clockTimestamp: Math.floor(now.getTime() / 1000) });
      return typeof claims.sub === 'string' && Number.isInteger(claims.gen) ? { userId: claims.sub, generation: claims.gen } : null;
    } catch {
      return null;
    }
  }
}
