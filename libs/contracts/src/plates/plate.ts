/**
 * Chinese licence plate rules: the one place that says what a plate is, and what a camera read
 * of a plate may look like. Both apps normalize with these functions so that the court's
 * registration and a camera's read of the same car produce the same key.
 */

/** Province abbreviations that open a civil plate. */
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

/** Same verdict as `plateProblem(plate) === null`, without building a reason (the matcher's hot path). */
export function isValidPlate(plate: string): boolean {
  return plate.length === 7 ? STANDARD.test(plate) : plate.length === 8 && NEW_ENERGY.test(plate);
}

/** New-energy plates are the only 8-character ones. */
export function isNewEnergyPlate(plate: string): boolean {
  return Array.from(plate).length === 8;
}

/**
 * Why `color` cannot be the colour of `plate` (a valid, normalized plate), or `null` when it
 * can. Only the combinations the plate itself settles are checked: new-energy plates are green
 * (small) or yellow-green (large) and nothing else is; police plates are white; coach (学) and
 * trailer (挂) plates yellow; consulate, embassy, Hong Kong and Macau plates black.
 */
export function plateColorProblem(plate: string, color: PlateColor): string | null {
  const green = color === PlateColor.Green || color === PlateColor.YellowGreen;
  if (isNewEnergyPlate(plate)) {
    return green ? null : `must be green or yellow-green for an 8-character new-energy plate, got ${color}`;
  }
  if (green) return `cannot be ${color} for a 7-character plate: only 8-character new-energy plates are green`;
  const suffix = Array.from(plate)[6];
  const expected = SUFFIX_COLORS[suffix];
  if (expected && !expected.includes(color)) {
    return `must be ${expected.join(' or ')} for a plate ending in ${suffix}, got ${color}`;
  }
  return null;
}

const SUFFIX_COLORS: Record<string, PlateColor[]> = {
  警: [PlateColor.White],
  学: [PlateColor.Yellow],
  挂: [PlateColor.Yellow],
  领: [PlateColor.Black],
  使: [PlateColor.Black],
  港: [PlateColor.Black],
  澳: [PlateColor.Black],
};

// What a camera may emit: the OCR alphabet of plates plus I and O, which real plates lack but
// readers still produce for 1 and 0. Anything else cannot come from reading a plate.
const READ_HAN = `${PROVINCE_CHARS}${PLATE_SUFFIX_CHARS}`;
const READ_BODY = /^[A-Z0-9]+$/;

/**
 * Why `read` (already normalized) cannot be a camera's read of any Chinese plate, or `null` when
 * it can. Looser than {@link plateProblem}: a read may have lost or misread its province
 * character or misread letters and digits (I and O included), since the matcher is there to
 * catch exactly those misreads. It still rejects what no plate could have produced: the wrong
 * length, or characters that appear on no plate.
 */
export function plateReadProblem(read: string): string | null {
  const chars = Array.from(read);
  if (chars.length === 0) return 'is empty';
  const foreign = chars.find((c) => !READ_HAN.includes(c) && !/[A-Z0-9]/.test(c));
  if (foreign !== undefined) return `contains "${foreign}", which appears on no Chinese plate`;
  const hasProvince = READ_HAN.includes(chars[0]);
  const body = hasProvince ? chars.slice(1) : chars;
  if (body.length < 6 || body.length > 7) {
    return hasProvince
      ? `must have 7 characters (8 for new-energy plates), got ${chars.length}`
      : `must have 6 or 7 characters after the province abbreviation, or 7 or 8 with it, got ${chars.length}`;
  }
  const last = body[body.length - 1];
  const inner = PLATE_SUFFIX_CHARS.includes(last) ? body.slice(0, -1) : body;
  if (!READ_BODY.test(inner.join(''))) {
    return 'may hold a Chinese character only first (the province) or last (挂 学 警 领 港 澳 使)';
  }
  if (inner.length !== body.length && body.length !== 6) {
    return 'may end in 挂 学 警 领 港 澳 使 only on a 7-character plate';
  }
  return null;
}

export function isPlateRead(read: string): boolean {
  return plateReadProblem(read) === null;
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
