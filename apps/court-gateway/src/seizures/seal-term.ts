/**
 * The statutory term of a seal on movable property: at most two years, renewable (续封).
 * One place for the rule, used at registration and (later) renewal.
 */
export function addYears(date: Date, years: number): Date {
  const d = new Date(date);
  d.setUTCFullYear(d.getUTCFullYear() + years);
  return d;
}

export const MAX_SEAL_YEARS = 2;

/** Resolves the seal term from the request; returns the problem (naming the field) if it is not lawful. */
export function resolveSealTerm(
  now: Date,
  sealedAtRaw: string | undefined,
  expiresAtRaw: string | undefined,
): { sealedAt: Date; expiresAt: Date } | { problem: string } {
  const sealedAt = sealedAtRaw ? new Date(sealedAtRaw) : now;
  const expiresAt = expiresAtRaw ? new Date(expiresAtRaw) : addYears(sealedAt, MAX_SEAL_YEARS);
  if (sealedAt.getTime() > now.getTime() + 24 * 3600_000) return { problem: 'sealedAt must not be in the future' };
  if (expiresAt <= sealedAt) return { problem: 'expiresAt must be after sealedAt' };
  if (expiresAt > addYears(sealedAt, MAX_SEAL_YEARS)) {
    return { problem: `expiresAt must be at most ${MAX_SEAL_YEARS} years after sealedAt (renew the seal instead)` };
  }
  if (expiresAt <= now) return { problem: 'expiresAt is in the past: the seal has already lapsed' };
  return { sealedAt, expiresAt };
}
