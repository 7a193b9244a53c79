/**
 * Chinese licence plate rules: the one place that says what a plate is. Both apps normalize
 * with these functions so that the court's registration and a camera's read of the same car
 * produce the same key.
 */

/** Province (and military/police-free civil) abbreviations that open a civil plate. */
export const PROVINCE_CHARS = '京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼';

/** Characters that may end a 7-character plate instead of a letter or digit. */
export const PLATE_SUFFIX_CHARS = '挂学警领港澳使';

export enum PlateColor {
  Blue = 'blue',
  Yellow = 'yellow',
  Green = 'green',
  YellowGreen = 'yellow-green',
  White = 'white',
  Black = 'black',
}

// Letters I and O are never issued: they are too easily confused with 1 and 0.
const ALNUM = '[A-HJ-NP-Z0-9]';
const LETTER = '[A-HJ-NP-Z]';
const STANDARD = new RegExp(`^[${PROVINCE_CHARS}]${LETTER}${ALNUM}{4}(?:${ALNUM}|[${PLATE_SUFFIX_CHARS}])$`);
// New-energy plates: small cars carry D/F first, large vehicles D/F last.
const NEW_ENERGY = new RegExp(`^[${PROVINCE_CHARS}]${LETTER}(?:[DF]${ALNUM}[0-9]{4}|[0-9]{5}[DF])$`);

// Separators people and cameras put into plates: middle dots, hyphens, spaces, zero-width marks.
const SEPARATORS = /[\s·•・‧.\-_\u00B7\u2027\u2219\u30FB\uFF0D\uFF65\u200B-\u200D\u2060\uFEFF]/g;

/**
 * Canonical form of a plate: full-width letters and digits made half-width (NFKC), separators
 * removed, upper case. It does not validate; use {@link plateProblem} for that.
 */
export function normalizePlate(raw: string): string {
  return raw.normalize('NFKC').replace(SEPARATORS, '').toUpperCase();
}

/**
 * Why `plate` (already normalized) cannot be a Chinese civil plate, or `null` when it can.
 * The reason completes a sentence that starts with the field name ("plate must ..."), written
 * for the integrator who sent it.
 */
export function plateProblem(plate: string): string | null {
  const chars = Array.from(plate);
  if (chars.length === 0) return 'is empty';
  if (!PROVINCE_CHARS.includes(chars[0])) {
    return `must start with a province abbreviation such as 桂, got "${chars[0]}"`;
  }
  if (chars.length !== 7 && chars.length !== 8) {
    return `must have 7 characters (8 for new-energy plates), got ${chars.length}`;
  }
  if (/[IO]/.test(plate)) return 'contains I or O, which are never issued on Chinese plates';
  if (chars.length === 7 ? STANDARD.test(plate) : NEW_ENERGY.test(plate)) return null;
  return chars.length === 7
    ? 'must be a province, a letter, then 5 letters or digits (the last may be 挂 学 警 领 港 澳 使)'
    : 'must be a new-energy plate: a province, a letter, then D or F and 5 more characters, or 5 digits then D or F';
}

export function isValidPlate(plate: string): boolean {
  return plateProblem(plate) === null;
}

/**
 * A plate fit for logs: plates are personal data, so only the province/authority prefix and the
 * last character survive (桂P****7).
 */
export function maskPlate(plate: string | null | undefined): string {
  if (!plate) return '';
  const chars = Array.from(plate);
  if (chars.length <= 3) return '*'.repeat(chars.length);
  return chars.slice(0, 2).join('') + '*'.repeat(chars.length - 3) + chars[chars.length - 1];
}
