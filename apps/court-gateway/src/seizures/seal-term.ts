/**
 * The statutory term of a seal on movable property: at most two years, renewable (续封).
 * One place for the rule, used at registration and renewal.
 */
import { DomainError, ErrorCode } from '@app/contracts';

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
): { sealedAt: Date; expiresAt: Date } | { problem: DomainError } {
  const sealedAt = sealedAtRaw ? new Date(sealedAtRaw) : now;
  const expiresAt = expiresAtRaw ? new Date(expiresAtRaw) : addYears(sealedAt, MAX_SEAL_YEARS);
  if (sealedAt.getTime() > now.getTime() + 24 * 3600_000) return { problem: new DomainError(ErrorCode.SealSealedInFuture, { field: 'sealedAt' }) };
  if (expiresAt <= sealedAt) return { problem: new DomainError(ErrorCode.SealExpiresBeforeSealed, { field: 'expiresAt' }) };
  if (expiresAt > addYears(sealedAt, MAX_SEAL_YEARS)) {
    return { problem: new DomainError(ErrorCode.SealTermTooLong, { field: 'expiresAt', params: { years: MAX_SEAL_YEARS } }) };
  }
  if (expiresAt <= now) return { problem: new DomainError(ErrorCode.SealAlreadyLapsedAtRegistration, { field: 'expiresAt' }) };
  return { sealedAt, expiresAt };
}

/**
 * 续封: the new expiry of a renewal. The new term runs at most two years from the renewal, must
 * outlast the current term (a renewal never shortens a seal), and only a seal still in force can
 * be renewed (a lapsed seal has lost its priority and must be sealed anew).
 */
export function resolveRenewal(now: Date, currentExpiresAt: Date, expiresAtRaw: string): { expiresAt: Date } | { problem: DomainError } {
  const expiresAt = new Date(expiresAtRaw);
  if (currentExpiresAt <= now) return { problem: new DomainError(ErrorCode.RenewalOfLapsedSeal) };
  if (expiresAt <= currentExpiresAt) return { problem: new DomainError(ErrorCode.RenewalNotLater, { field: 'expiresAt', params: { currentExpiresAt: currentExpiresAt.toISOString() } }) };
  if (expiresAt > addYears(now, MAX_SEAL_YEARS)) {
    return { problem: new DomainError(ErrorCode.RenewalTooLong, { field: 'expiresAt', params: { years: MAX_SEAL_YEARS, latest: addYears(now, MAX_SEAL_YEARS).toISOString() } }) };
  }
  return { expiresAt };
}

const DAY_MS = 24 * 3600_000;

/** When the court must be warned that a seal expiring at `expiresAt` is about to lapse. */
export function expiryWarningDueAt(expiresAt: Date, warningDays: number): Date {
  return new Date(expiresAt.getTime() - warningDays * DAY_MS);
}

/** Whole days (rounded up) until a seal in force lapses. */
export function daysLeft(expiresAt: Date, now: Date): number {
  return Math.ceil((expiresAt.getTime() - now.getTime()) / DAY_MS);
}
