import { Inject, Injectable, Optional } from '@nestjs/common';
import { Clock } from '../clock/clock';
import { looksLikeApiKey } from './api-key';
import { ApiKeysService } from './api-keys.service';
import { AuthenticatedRequest } from './auth.decorators';
import { PersonDirectory } from './auth.settings';
import { Principal } from './roles';
import { SESSION_COOKIE, SESSION_TOKENS, SessionTokens } from './session-tokens';

export type Identification =
  /** No credentials were sent. */
  | { presented: false }
  /** Credentials were sent; `principal` is null when they are not (or no longer) valid. */
  | { presented: true; kind: 'key' | 'token'; principal: Principal | null };

/**
 * Who sent a request, from its API key, bearer token or session cookie. The guard uses it on
 * every request; the error filter uses it for requests refused before the guard ran (a body
 * that is not JSON, a NUL in the path), so that refusals of a signed-in caller are audited too.
 */
@Injectable()
export class Authenticator {
  constructor(
    private readonly keys: ApiKeysService,
    private readonly clock: Clock,
    @Inject(SESSION_TOKENS) private readonly tokens: SessionTokens | null,
    @Optional() private readonly directory?: PersonDirectory,
  ) {}

  async identify(request: AuthenticatedRequest): Promise<Identification> {
    const { key, token } = credentialsOf(request);
    if (key) return { presented: true, kind: 'key', principal: await this.keys.authenticate(key) };
    if (token) return { presented: true, kind: 'token', principal: await this.person(token) };
    return { presented: false };
  }

  private async person(token: string): Promise<Principal | null> {
    if (!this.tokens || !this.directory) return null;
    const session = this.tokens.verify(token, this.clock.now());
    if (!session) return null;
    // Read on every request (one primary-key lookup; people call far less often than systems), so
    // disabling an account, changing its roles or signing out takes effect on the next request.
    const account = await this.directory.current(session.userId);
    if (!account || account.sessionGeneration !== session.generation) return null;
    const { sessionGeneration: _current, ...person } = account;
    return { kind: 'user', id: session.userId, sessionGeneration: session.generation, ...person };
  }
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
