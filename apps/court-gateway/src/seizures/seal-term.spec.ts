import { DomainError } from '@app/contracts';
import { daysLeft, expiryWarningDueAt, resolveRenewal, resolveSealTerm } from './seal-term';

/** The English sentence and code of a refused term (or the term itself when accepted). */
const said = (result: object) => ('problem' in result && result.problem instanceof DomainError ? { problem: result.problem.message, code: result.problem.code } : result);

describe('resolveSealTerm', () => {
  const now = new Date('2026-03-01T00:00:00Z');

  it('defaults to sealed now and expiring after the two-year statutory maximum', () => {
    expect(resolveSealTerm(now, undefined, undefined)).toEqual({ sealedAt: now, expiresAt: new Date('2028-03-01T00:00:00Z') });
  });

  it('rejects a term longer than two years, naming expiresAt', () => {
    expect(said(resolveSealTerm(now, '2026-01-01T00:00:00Z', '2028-01-02T00:00:00Z'))).toEqual({
      problem: 'expiresAt must be at most 2 years after sealedAt (renew the seal instead)',
      code: expect.any(String),
    });
  });

  it('rejects an expiry before the seal and a seal that has already lapsed', () => {
    expect(said(resolveSealTerm(now, '2026-02-01T00:00:00Z', '2026-01-01T00:00:00Z'))).toEqual({ problem: 'expiresAt must be after sealedAt', code: expect.any(String) });
    expect(said(resolveSealTerm(now, '2024-01-01T00:00:00Z', '2025-12-01T00:00:00Z'))).toEqual({
      problem: 'expiresAt is in the past: the seal has already lapsed',
      code: expect.any(String),
    });
  });

  it('rejects a seal dated in the future', () => {
    expect(said(resolveSealTerm(now, '2026-03-05T00:00:00Z', undefined))).toEqual({ problem: 'sealedAt must not be in the future', code: expect.any(String) });
  });
});

describe('resolveRenewal', () => {
  const now = new Date('2026-03-01T00:00:00Z');
  const current = new Date('2026-04-01T00:00:00Z');

  it('accepts a new expiry up to two years from the renewal, not from the original seal', () => {
    expect(resolveRenewal(now, current, '2028-03-01T00:00:00Z')).toEqual({ expiresAt: new Date('2028-03-01T00:00:00Z') });
  });

  it('rejects a term longer than two years from the renewal', () => {
    expect(said(resolveRenewal(now, current, '2028-03-01T00:00:01Z'))).toEqual({
      problem: 'expiresAt must be at most 2 years after the renewal (2028-03-01T00:00:00.000Z)',
      code: expect.any(String),
    });
  });

  it('rejects a renewal that does not outlast the current term', () => {
    expect(said(resolveRenewal(now, current, '2026-04-01T00:00:00Z'))).toEqual({ problem: 'expiresAt must be after the current expiry 2026-04-01T00:00:00.000Z', code: expect.any(String) });
  });

  it('refuses to renew a seal that has already lapsed', () => {
    expect(said(resolveRenewal(now, new Date('2026-03-01T00:00:00Z'), '2027-01-01T00:00:00Z'))).toEqual({
      problem: 'the seal has already lapsed: register a new seal instead of renewing',
      code: expect.any(String),
    });
  });
});

describe('expiry warning', () => {
  const now = new Date('2026-03-01T00:00:00Z');

  it('puts the warning the configured number of days before expiry', () => {
    expect(expiryWarningDueAt(new Date('2026-03-31T00:00:00Z'), 30)).toEqual(now);
  });

  it('counts a part of a day left as a whole day', () => {
    expect(daysLeft(new Date('2026-03-31T00:00:00Z'), now)).toBe(30);
    expect(daysLeft(new Date('2026-03-30T00:00:01Z'), now)).toBe(30);
  });
});
