import { resolveSealTerm } from './seal-term';

describe('resolveSealTerm', () => {
  const now = new Date('2026-03-01T00:00:00Z');

  it('defaults to sealed now and expiring after the two-year statutory maximum', () => {
    expect(resolveSealTerm(now, undefined, undefined)).toEqual({ sealedAt: now, expiresAt: new Date('2028-03-01T00:00:00Z') });
  });

  it('rejects a term longer than two years, naming expiresAt', () => {
    expect(resolveSealTerm(now, '2026-01-01T00:00:00Z', '2028-01-02T00:00:00Z')).toEqual({
      problem: 'expiresAt must be at most 2 years after sealedAt (renew the seal instead)',
    });
  });

  it('rejects an expiry before the seal and a seal that has already lapsed', () => {
    expect(resolveSealTerm(now, '2026-02-01T00:00:00Z', '2026-01-01T00:00:00Z')).toEqual({ problem: 'expiresAt must be after sealedAt' });
    expect(resolveSealTerm(now, '2024-01-01T00:00:00Z', '2025-12-01T00:00:00Z')).toEqual({
      problem: 'expiresAt is in the past: the seal has already lapsed',
    });
  });

  it('rejects a seal dated in the future', () => {
    expect(resolveSealTerm(now, '2026-03-05T00:00:00Z', undefined)).toEqual({ problem: 'sealedAt must not be in the future' });
  });
});
