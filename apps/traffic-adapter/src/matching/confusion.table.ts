/**
 * The characters plate readers confuse, and how readily. The one place the matcher learns what
 * a misread looks like: the canonical classes, the index keys and the scores all derive from it.
 *
 * Weights are the relative likelihood (0..1) that a read showing the second character was
 * really the first: near 1 for I/O, which are never issued so a read holding them is certainly
 * wrong, lower for pairs where both characters are common on plates.
 */
export const OCR_CONFUSIONS: ReadonlyArray<readonly [string, string, number]> = [
  ['0', 'D', 0.9],
  ['0', 'Q', 0.8],
  ['D', 'Q', 0.7],
  ['0', 'O', 0.97],
  ['D', 'O', 0.85],
  ['Q', 'O', 0.8],
  ['8', 'B', 0.9],
  ['2', 'Z', 0.85],
  ['5', 'S', 0.85],
  ['6', 'G', 0.85],
  ['1', '7', 0.8],
  ['1', 'I', 0.97],
  ['7', 'I', 0.7],
  ['4', 'A', 0.75],
];

/** The camera lost the province character (common: it is the hardest glyph on the plate). */
export const PROVINCE_MISSING_WEIGHT = 0.85;
/** The camera read another province (or a suffix glyph) in its place. */
export const PROVINCE_MISREAD_WEIGHT = 0.75;

/** Every character a read may hold after its province, in a fixed order that numbers them. */
const READ_ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ挂学警领港澳使';

/**
 * For each character, the code of its confusion class (1-based; characters outside the table
 * form a class of their own). Two reads whose characters share classes position by position
 * are at most confusions apart, so one key finds them.
 */
export const CLASS_CODE: ReadonlyMap<string, number> = (() => {
  const parent = new Map<string, string>();
  const find = (c: string): string => {
    const p = parent.get(c) ?? c;
    return p === c ? c : find(p);
  };
  for (const [a, b] of OCR_CONFUSIONS) {
    const [ra, rb] = [find(a), find(b)];
    if (ra !== rb) parent.set(rb, ra);
  }
  const codes = new Map<string, number>();
  for (const c of READ_ALPHABET) codes.set(c, READ_ALPHABET.indexOf(find(c)) + 1);
  return codes;
})();

// Keyed by both UTF-16 units in one number: no string is built per lookup on the hot path.
const pairKey = (a: string, b: string) => a.charCodeAt(0) * 0x10000 + b.charCodeAt(0);
const PAIR_WEIGHT = new Map<number, number>(OCR_CONFUSIONS.flatMap(([a, b, w]) => [[pairKey(a, b), w], [pairKey(b, a), w]]));

/** Likelihood that `read` is a misread of `expected`; 0 when the table does not pair them. */
export function confusionWeight(expected: string, read: string): number {
  if (expected === read) return 1;
  return PAIR_WEIGHT.get(pairKey(expected, read)) ?? 0;
}
