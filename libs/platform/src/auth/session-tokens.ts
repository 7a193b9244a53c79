import { JwtService } from '@nestjs/jwt';
import { Principal, Role } from './roles';

interface SessionClaims {
  sub: string;
  name: string;
  roles: Role[];
  team: string | null;
  officer: string | null;
}

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

  issue(person: Principal, now: Date): { token: string; expiresAt: Date } {
    const iat = Math.floor(now.getTime() / 1000);
    const exp = iat + this.ttlMinutes * 60;
    const claims: SessionClaims & { iat: number; exp: number } = {
      sub: person.id, name: person.name, roles: person.roles, team: person.teamId ?? null, officer: person.officerId ?? null, iat, exp,
    };
    return { token: this.jwt.sign(claims), expiresAt: new Date(exp * 1000) };
  }

  /** The subject of a valid, unexpired token at `now`; null otherwise. */
  subjectOf(token: string, now: Date): string | null {
    try {
      const claims = this.jwt.verify<SessionClaims & { exp: number }>(token, { clockTimestamp: Math.floor(now.getTime() / 1000) });
      return typeof claims.sub === 'string' ? claims.sub : null;
    } catch {
      return null;
    }
  }
}
