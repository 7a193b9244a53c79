/**
 * The custody of a seized car, the one place for its rules: which states follow which, how many
 * days are charged and when the fees call for a warning. Pure: the service passes the clock's now.
 */
export enum CustodyState {
  InCustody = 'in_custody',
  /** Given back (paid, settled, or the seal was lifted). */
  Released = 'released',
  /** Handed over for auction (拍卖): the court's custody ends there. */
  HandedToAuction = 'handed_to_auction',
}

export enum CustodyTransition {
  Release = 'release',
  HandToAuction = 'hand-to-auction',
}

export const CUSTODY_TARGET: Record<CustodyTransition, CustodyState> = {
  [CustodyTransition.Release]: CustodyState.Released,
  [CustodyTransition.HandToAuction]: CustodyState.HandedToAuction,
};

const DAY_MS = 24 * 60 * 60 * 1000;

/** Days charged: every day begun counts, as yards charge (the day of seizure is day 1). */
export function daysKept(seizedAt: Date, until: Date): number {
  return Math.max(1, Math.ceil((until.getTime() - seizedAt.getTime()) / DAY_MS));
}

export interface CustodyFigures {
  days: number;
  feesFen: number;
  /** Fees have reached the configured share of the car's estimated value (false when no value is known). */
  feeWarning: boolean;
  /** The fees as a share of the estimated value, or null without one. */
  feeShareOfValue: number | null;
}

/** Days and fees up to `until` (now while in custody, the end of custody after). */
export function custodyFigures(c: { seizedAt: Date; dailyRateFen: number; estimatedValueFen: number | null }, until: Date, warningShare: number): CustodyFigures {
  const days = daysKept(c.seizedAt, until);
  const feesFen = days * c.dailyRateFen;
  const share = c.estimatedValueFen && c.estimatedValueFen > 0 ? feesFen / c.estimatedValueFen : null;
  return { days, feesFen, feeWarning: share !== null && share >= warningShare, feeShareOfValue: share };
}

/** Fen as yuan with two decimals, for people and papers. */
export function yuan(fen: number): string {
  return (fen / 100).toFixed(2);
}
