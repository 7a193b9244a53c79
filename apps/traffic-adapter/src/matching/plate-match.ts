import { isValidPlate, MatchKind, PlateDifference } from '@app/contracts';
import { CLASS_CODE, confusionWeight, PROVINCE_MISREAD_WEIGHT, PROVINCE_MISSING_WEIGHT } from './confusion.table';

/**
 * Scoring and ranking of a camera read against watchlist plates: the one place that decides
 * what is a hit, what is a possible hit and what is nothing.
 */

/** Default least score of a possible hit (env MATCH_FUZZY_THRESHOLD); measured with `npm run eval:matcher`. */
export const DEFAULT_FUZZY_THRESHOLD = 0.45;
/** Most possible hits one read raises: past this the read says too little to bother officers. */
export const MAX_POSSIBLE_HITS = 3;
/**
 * A read that is itself a valid plate may be a different, innocent car; a read that cannot be a
 * plate (an I or O, a lost province) is certainly a misread.
 */
export const VALID_READ_FACTOR = 0.85;
/**
 * Each confused letter or digit after the first: one slip is a misread, several make it likelier
 * that the read is simply another car. A lost or misread province does not count: it is the
 * commonest slip and independent of the rest.
 */
export const EXTRA_CONFUSION_FACTOR = 0.6;
/** Read confidence assumed when the camera does not send one. */
export const DEFAULT_READ_CONFIDENCE = 0.8;

export interface MatchVerdict {
  match: MatchKind;
  /** 1 for exact matches; for possible hits, how likely the read is a misread of the plate. */
  score: number;
  /** Characters that differ, by position in the watchlist plate (empty for exact matches). */
  differences: PlateDifference[];
}

// Class codes by UTF-16 unit for the hot path (every plate character is a single unit).
const CODE_BY_UNIT = new Int8Array(0x10000);
for (const [c, code] of CLASS_CODE) CODE_BY_UNIT[c.charCodeAt(0)] = code;

/** Province (or another Han glyph) in the first position: everything but letters and digits. */
function hasProvince(plate: string): boolean {
  return plate.charCodeAt(0) >= 0x2e80;
}

/**
 * A 30-bit key of the read's characters after the province, each folded to its confusion
 * class: a plate and any read of it with confusions and a lost or misread province share it.
 * Different keys can collide, so candidates are always verified with {@link compareRead}.
 * Returns -1 when a character is outside the read alphabet.
 */
export function confusionKey(plate: string): number {
  let hash = 0x811c9dc5 | 0;
  const start = hasProvince(plate) ? 1 : 0;
  for (let i = start; i < plate.length; i++) {
    const code = CODE_BY_UNIT[plate.charCodeAt(i)];
    if (code === 0) return -1;
    hash = Math.imul(hash ^ code, 0x01000193);
  }
  return (hash ^ (plate.length - start)) & 0x3fffffff;
}

/** How a read's confidence weighs on a possible hit: a sure camera is more likely right about an innocent car. */
export function confidenceFactor(confidence: number | undefined): number {
  const c = confidence ?? DEFAULT_READ_CONFIDENCE;
  return Math.min(1, 1.1 - 0.3 * c);
}

/**
 * Compares a camera read with a watchlist plate (both normalized). Exact when equal; a possible
 * hit when every differing character is a known confusion and the province is at most lost or
 * misread; otherwise `null`.
 */
export function compareRead(watchPlate: string, read: string, confidence?: number): MatchVerdict | null {
  if (watchPlate === read) return { match: MatchKind.Exact, score: 1, differences: [] };
  const readOffset = hasProvince(read) ? 0 : 1;
  if (read.length + readOffset !== watchPlate.length) return null;
  const differences: PlateDifference[] = [];
  let likelihood = 1;
  if (readOffset === 1) {
    differences.push({ position: 0, expected: watchPlate[0], read: '' });
    likelihood *= PROVINCE_MISSING_WEIGHT;
  } else if (read[0] !== watchPlate[0]) {
    differences.push({ position: 0, expected: watchPlate[0], read: read[0] });
    likelihood *= PROVINCE_MISREAD_WEIGHT;
  }
  for (let i = 1; i < watchPlate.length; i++) {
    const expected = watchPlate[i];
    const seen = read[i - readOffset];
    if (expected === seen) continue;
    const weight = confusionWeight(expected, seen);
    if (weight === 0) return null;
    likelihood *= differences.some((d) => d.position > 0) ? weight * EXTRA_CONFUSION_FACTOR : weight;
    differences.push({ position: i, expected, read: seen });
  }
  const plausibility = readOffset === 0 && isValidPlate(read) ? VALID_READ_FACTOR : 1;
  const score = likelihood * plausibility * confidenceFactor(confidence);
  return { match: MatchKind.Fuzzy, score: Math.round(score * 1000) / 1000, differences };
}

/**
 * Which of the verdicts on one read become hits: exact matches if there are any (a correct read
 * of a sealed plate raises no possible hits for its look-alikes), else the possible hits at or
 * above `threshold`, best first, at most {@link MAX_POSSIBLE_HITS}.
 */
export function rankMatches<T extends MatchVerdict & { plate: string }>(verdicts: T[], threshold: number): T[] {
  if (verdicts.length === 1) return verdicts[0].match === MatchKind.Exact || verdicts[0].score >= threshold ? verdicts : [];
  const exact = verdicts.filter((v) => v.match === MatchKind.Exact);
  if (exact.length) return exact;
  return verdicts
    .filter((v) => v.score >= threshold)
    .sort((a, b) => b.score - a.score || (a.plate < b.plate ? -1 : a.plate > b.plate ? 1 : 0))
    .slice(0, MAX_POSSIBLE_HITS);
}
