import { apiKeyPrefix, generateApiKey, hashApiKey, looksLikeApiKey } from './api-key';
import { redactForAudit } from './audit.service';
import { AuthenticatedRequest } from './auth.decorators';
import { credentialsOf } from './authenticator';
import { confinedTeam, hasAnyRole, Principal, Role } from './roles';
import { SessionTokens } from './session-tokens';

const person = (roles: Role[], teamId: string | null = 'fangcheng'): Principal => ({ kind: 'user', id: 'u1', name: 'li', roles, teamId, officerId: null });
const requestWith = (headers: Record<string, string>) => ({ header: (name: string) => headers[name.toLowerCase()] }) as unknown as AuthenticatedRequest;

describe('roles', () => {
  it('lets admin do everything and others what their roles allow', () => {
    expect(hasAnyRole(person([Role.Admin]), [])).toBe(true);
    expect(hasAnyRole(person([Role.Leadership]), [Role.Dispatcher, Role.Leadership])).toBe(true);
    expect(hasAnyRole(person([Role.Officer]), [Role.Leadership])).toBe(false);
  });

  it('confines officers and team leads to their team, and nobody else', () => {
    expect(confinedTeam(person([Role.Officer, Role.TeamLead]))).toBe('fangcheng');
    expect(confinedTeam(person([Role.Officer], null))).toBe('(none)');
    expect(confinedTeam(person([Role.Officer, Role.Dispatcher]))).toBeNull();
    expect(confinedTeam({ kind: 'api_key', id: 'k', name: 'case system', roles: [Role.CaseSystem] })).toBeNull();
  });
});

describe('API keys', () => {
  it('are random, recognisable by prefix, and hashed', () => {
    const a = generateApiKey();
    const b = generateApiKey();
    expect(a).not.toBe(b);
    expect(looksLikeApiKey(a)).toBe(true);
    expect(looksLikeApiKey('eyJhbGciOi.x.y')).toBe(false);
    expect(apiKeyPrefix(a)).toHaveLength(10);
    expect(hashApiKey(a)).toMatch(/^[0-9a-f]{64}$/);
    expect(hashApiKey(a)).toBe(hashApiKey(a));
  });
});

describe(credentialsOf.name, () => {
  it('reads keys from X-Api-Key or a sag_ bearer, tokens from a bearer or the session cookie', () => {
    expect(credentialsOf(requestWith({ 'x-api-key': ' sag_abc ' }))).toEqual({ key: 'sag_abc' });
    expect(credentialsOf(requestWith({ authorization: 'Bearer sag_abc' }))).toEqual({ key: 'sag_abc' });
    expect(credentialsOf(requestWith({ authorization: 'Bearer eyJ.a.b' }))).toEqual({ token: 'eyJ.a.b' });
    expect(credentialsOf(requestWith({ cookie: 'lang=en; sag_session=eyJ.c.d' }))).toEqual({ token: 'eyJ.c.d' });
    expect(credentialsOf(requestWith({ authorization: 'Basic dXNlcjpwdw==' }))).toEqual({});
    expect(credentialsOf(requestWith({ cookie: 'sag_session=%E0%A4%A' }))).toEqual({});
  });
});

describe(redactForAudit.name, () => {
  it('masks plates and drops secrets, however deep', () => {
    expect(redactForAudit({ plate: '桂PA2345', password: 'x', nested: { readPlate: '桂PB2345', apiKey: 'sag_x', note: 'ok' } })).toEqual({
      plate: '桂P****5', password: '[redacted]', nested: { readPlate: '桂P****5', apiKey: '[redacted]', note: 'ok' },
    });
  });

  it('summarises big batches instead of copying them', () => {
    expect(redactForAudit(Array.from({ length: 500 }, () => ({ plate: '桂PA2345' })))).toEqual({ items: 500 });
  });

  it('keeps the first 50 keys of a wide object and 500 in all, and says how many more (a body of 357,000 keys made a 5 MB row)', () => {
    const keys = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${i}`, 1]));
    const wide = redactForAudit(keys(357_000)) as Record<string, unknown>;
    expect(Object.keys(wide)).toHaveLength(51);
    expect(wide['…']).toBe('356950 more fields');
    const tree = redactForAudit(Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`o${i}`, keys(50)])));
    expect(JSON.stringify(tree).match(/"k\d+"/g)?.length).toBeLessThanOrEqual(500);
    expect(redactForAudit({ a: 1, b: { c: 2 } })).toEqual({ a: 1, b: { c: 2 } });
  });
});

describe(SessionTokens.name, () => {
  const tokens = new SessionTokens('a-secret-of-at-least-32-characters!!', 60);
  const now = new Date('2026-03-02T02:00:00Z');

  it('names its subject until it expires', () => {
    const { token, expiresAt } = tokens.issue(person([Role.Dispatcher]), 3, now);
    expect(expiresAt.toISOString()).toBe('2026-03-02T03:00:00.000Z');
    expect(tokens.verify(token, now)).toEqual({ userId: 'u1', generation: 3 });
    expect(tokens.verify(token, new Date('2026-03-02T03:00:01Z'))).toBeNull();
  });

  it('refuses a token signed under another secret', () => {
    const { token } = new SessionTokens('another-secret-of-at-least-32-chars!!', 60).issue(person([Role.Admin]), 0, now);
    expect(tokens.verify(token, now)).toBeNull();
  });
});
