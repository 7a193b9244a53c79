/**
 * Chinese licence plate rules: the one place that says what a plate is, and what a camera read
 * of a plate may look like. Both apps normalize with these functions so that the court's
 * registration and a camera's read of the same car produce the same key.
 */

import { own } from '../text/text';

/** Province abbreviations that open a civil plate. */
export const PROVINCE_CHARS = '京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼';

/** Characters that may end a 7-character plate (a province, a letter, four more, then this). */
export const PLATE_SUFFIX_CHARS = '挂学警领港澳使试超';

/** Every Chinese character a civil plate can carry: provinces, suffixes, 使 (embassy, first) and 应急 (emergency rescue, last). */
export const PLATE_HAN_CHARS = `${PROVINCE_CHARS}${PLATE_SUFFIX_CHARS}应急`;

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
const PREFIX = `[${PROVINCE_CHARS}]${LETTER}`;
/**
 * New-energy series letters (GA 36-2018 and its 2021 amendment): pure electric D, then A B C E;
 * other new energy F, then G H J K.
 */
export const NEW_ENERGY_LETTERS = 'DABCEFGHJK';
/**
 * The plate formats in force (GA 36-2018 with its amendments), one line each. Serial letters
 * are not limited further (a 选号 may hold letters anywhere): refusing a real plate at
 * registration is worse than accepting an unissued one.
 */
const PLATE_FORMATS: ReadonlyArray<{ kind: PlateKind; pattern: RegExp }> = [
  // Ordinary blue and yellow plates: a province, the authority letter, five letters or digits.
  { kind: 'standard', pattern: new RegExp(`^${PREFIX}${ALNUM}{5}$`) },
  // Trailer 挂, coach car 学, police 警, consulate 领, Hong Kong 港 and Macau 澳 crossings, test 试, oversize 超 (and the old 使 form).
  { kind: 'suffixed', pattern: new RegExp(`^${PREFIX}${ALNUM}{4}[${PLATE_SUFFIX_CHARS}]$`) },
  // Small new-energy: the series letter, a letter or digit, four digits.
  { kind: 'new-energy', pattern: new RegExp(`^${PREFIX}[${NEW_ENERGY_LETTERS}]${ALNUM}[0-9]{4}$`) },
  // Large new-energy: five digits, then the series letter.
  { kind: 'new-energy', pattern: new RegExp(`^${PREFIX}[0-9]{5}[${NEW_ENERGY_LETTERS}]$`) },
  // Emergency rescue (应急救援, 2021): four letters or digits, then 应急.
  { kind: 'emergency', pattern: new RegExp(`^${PREFIX}${ALNUM}{4}应急$`) },
  // Embassy: 使, the three-digit mission code, a three-digit serial.
  { kind: 'embassy', pattern: /^使[0-9]{6}$/ },
];

export type PlateKind = 'standard' | 'suffixed' | 'new-energy' | 'emergency' | 'embassy';

/** Which format `plate` (normalized) is written in, or null when it is none. */
export function plateKind(plate: string): PlateKind | null {
  for (const { kind, pattern } of PLATE_FORMATS) if (pattern.test(plate)) return kind;
  return null;
}

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
  if (chars[0] === '使') return plateKind(plate) ? null : 'must be 使 and six digits for an embassy plate';
  if (!PROVINCE_CHARS.includes(chars[0])) {
    return `must start with a province abbreviation such as 桂 (or 使 for an embassy plate), got "${chars[0]}"`;
  }
  if (chars.length !== 7 && chars.length !== 8) {
    return `must have 7 characters (8 for new-energy and 应急 plates), got ${chars.length}`;
  }
  if (/[IO]/.test(plate)) return 'contains I or O, which are never issued on Chinese plates';
  if (plateKind(plate)) return null;
  return chars.length === 7
    ? `must be a province, a letter, then 5 letters or digits (or 4 and one of ${PLATE_SUFFIX_CHARS.split('').join(' ')})`
    : `must be a new-energy plate (a province, a letter, one of ${NEW_ENERGY_LETTERS} and 5 more characters, or 5 digits and one of them) or end in 应急`;
}

/** Same verdict as `plateProblem(plate) === null`, without building a reason (the matcher's hot path). */
export function isValidPlate(plate: string): boolean {
  return (plate.length === 7 || plate.length === 8) && plateKind(plate) !== null;
}

/**
 * The authority letters (发牌机关代号) each province issues: one per prefecture-level authority,
 * and the second or third letters of the largest cities (粤 uses them all). Written by hand from
 * the Ministry of Public Security's list of licence-issuing authority codes that GA 36 plates
 * carry (公安部 机动车号牌发牌机关代号, the per-prefecture table reproduced in public references
 * on Chinese plates), not from the evaluation's tables. Letters that have been retired but may
 * still be on the road (皖Q, Chaohu's, until 2011) are kept: a letter wrongly kept only makes a
 * misread look like a plate, a letter wrongly left out would make every car of it look like a
 * misread.
 */
export const AUTHORITY_LETTERS: Readonly<Record<string, string>> = {
  京: 'ABCDEFGHJKLMNPQY', 津: 'ABCDEFGHJKLMNPQRS', 沪: 'ABCDEFGHJKLMNR', 渝: 'ABCDFGH',
  冀: 'ABCDEFGHJRSTX', 晋: 'ABCDEFHJKLM', 蒙: 'ABCDEFGHJKLM', 辽: 'ABCDEFGHJKLMNPV',
  吉: 'ABCDEFGHJK', 黑: 'ABCDEFGHJKLMNPR', 苏: 'ABCDEFGHJKLMNU', 浙: 'ABCDEFGHJKL',
  皖: 'ABCDEFGHJKLMNPQRS', 闽: 'ABCDEFGHJK', 赣: 'ABCDEFGHJKLM', 鲁: 'ABCDEFGHJKLMNPQRSUVY',
  豫: 'ABCDEFGHJKLMNPQRSUV', 鄂: 'ABCDEFGHJKLMNPQRSW', 湘: 'ABCDEFGHJKLMNSU', 粤: 'ABCDEFGHJKLMNPQRSTUVWXYZ',
  桂: 'ABCDEFGHJKLMNPR', 琼: 'ABCDEF', 川: 'ABCDEFGHJKLMQRSTUVWXYZ', 贵: 'ABCDEFGHJ',
  云: 'ABCDEFGHJKLMNPQRS', 藏: 'ABCDEFGHJ', 陕: 'ABCDEFGHJKUV', 甘: 'ABCDEFGHJKLMNP',
  青: 'ABCDEFGH', 宁: 'ABCDE', 新: 'ABCDEFGHJKLMNPQR',
};

// Issued authority letters as bits (A = bit 0) by the province's UTF-16 unit: the matcher asks per read.
const ISSUED_PREFIX = new Map<number, number>();
for (const [province, letters] of Object.entries(AUTHORITY_LETTERS)) {
  let bits = 0;
  for (const l of letters) bits |= 1 << (l.charCodeAt(0) - 0x41);
  ISSUED_PREFIX.set(province.charCodeAt(0), bits);
}

/**
 * Whether `plate` (normalized) opens with a province and an authority letter that province
 * issues, or is an embassy plate (使, no authority letter). 琼X…, 宁P… or 京Z… is carried by no
 * car: a read of it is a misread (of the province or the letter), never an innocent car read
 * right. Registration does not apply this (a court may hold a plate older or newer than the
 * table); the matcher does, to tell certain misreads from possible cars.
 */
export function hasIssuedPrefix(plate: string): boolean {
  const head = plate.charCodeAt(0);
  if (head === 0x4f7f) return true; // 使
  const bits = ISSUED_PREFIX.get(head);
  const letter = plate.charCodeAt(1) - 0x41;
  return bits !== undefined && letter >= 0 && letter < 26 && (bits & (1 << letter)) !== 0;
}

/**
 * A plate some car may carry: a valid plate ({@link isValidPlate}) whose province issues its
 * authority letter ({@link hasIssuedPrefix}), and, when the camera reported the plate's colour,
 * one that colour allows ({@link plateColorProblem}). What the matcher asks of a read to know
 * whether it could be an innocent car read right. A seven-character read of a green plate is
 * none: every new-energy plate has eight, so it is an eight-character plate that lost one (and
 * an eight-character read of a blue plate one that gained one); the plate's colour is a reader's
 * surest call, its whole background, where one character of eight is easily lost.
 */
export function isIssuedPlate(plate: string, color?: PlateColor | null): boolean {
  return isValidPlate(plate) && hasIssuedPrefix(plate) && (!color || plateColorProblem(plate, color) === null);
}

/** New-energy plates (green, yellow-green for large vehicles). */
export function isNewEnergyPlate(plate: string): boolean {
  return plate.length === 8 && plateKind(plate) === 'new-energy';
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
    return green ? null : `must be green or yellow-green for a new-energy plate, got ${color}`;
  }
  if (green) return `cannot be ${color} for a plate that is not new-energy: only new-energy plates are green`;
  const suffix = Array.from(plate)[6];
  const expected = own(SUFFIX_COLORS, suffix);
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

/**
 * Colour words cameras and platforms write with the number: Hikvision's sLicense and many
 * platforms' PlateNo read 蓝桂P12345, 黄绿粤BD12345; people and some platforms write the word with
 * 牌 or 色 after it (蓝牌桂P12345, 黄色粤B12345), or after the number (桂P12345蓝, 粤B12345-黄牌).
 * Longest first.
 */
const PLATE_COLOR_WORDS: ReadonlyArray<readonly [string, PlateColor]> = [
  ['黄绿', PlateColor.YellowGreen], ['渐变绿', PlateColor.Green], ['蓝', PlateColor.Blue], ['黄', PlateColor.Yellow], ['白', PlateColor.White], ['黑', PlateColor.Black], ['绿', PlateColor.Green],
];

/** Shortest number a colour word after it is taken off from: a lost province and a lost character (P1234). */
const NUMBER_BEFORE_COLOR_WORD = 5;

/**
 * A read (normalized) without the colour word written with its number, and that colour; the read
 * as it is and no colour when it has none. In front the word counts only before a province glyph
 * or 使: 黑A12345 is a Heilongjiang plate, 黑黑A12345 a black one. After the number it always
 * counts: no plate ends in a colour.
 */
export function splitPlateColorWord(read: string): { plate: string; color: PlateColor | null } {
  const marked = (at: number) => (read[at] === '牌' || read[at] === '色' ? 1 : 0);
  for (const [word, color] of PLATE_COLOR_WORDS) {
    if (!read.startsWith(word)) continue;
    const length = word.length + marked(word.length);
    const next = read.slice(length, length + 1);
    if (next && (PROVINCE_CHARS.includes(next) || next === '使')) return { plate: read.slice(length), color };
  }
  const end = read.length - (read.endsWith('牌') || read.endsWith('色') ? 1 : 0);
  for (const [word, color] of PLATE_COLOR_WORDS) {
    if (end - word.length >= NUMBER_BEFORE_COLOR_WORD && read.slice(end - word.length, end) === word) return { plate: read.slice(0, end - word.length), color };
  }
  return { plate: read, color: null };
}

/** Longest read taken: an 8-character plate with a doubled character and a stray one. Longer is no plate. */
export const MAX_READ_LENGTH = 10;
// Han characters of the Basic Multilingual Plane (a reader's alphabet has no others).
const READ_CHAR = /^[A-Z0-9\u3400-\u4DBF\u4E00-\u9FFF\uF900-\uFAFF]$/;

/**
 * Why `read` (already normalized) cannot be a camera's read of any Chinese plate, or `null` when
 * it can. Only what no plate could produce is refused: nothing at all, a character of another
 * script (a symbol, Cyrillic, an emoji), or far more characters than any plate has. Everything
 * else, lost or doubled characters, a province read as a glyph no plate carries (柱 for 桂), I
 * and O, is a read the matcher must judge: refusing it would lose the sealed car behind it.
 */
export function plateReadProblem(read: string): string | null {
  if (read.length === 0) return 'is empty';
  // A colour word with the number is no part of it (the intake takes it as the plate colour): 渐变绿 before an 8-character plate is no read of 11.
  const chars = Array.from(splitPlateColorWord(read).plate);
  const foreign = chars.find((c) => !READ_CHAR.test(c));
  if (foreign !== undefined) return `contains "${foreign}", which appears on no Chinese plate`;
  if (chars.length > MAX_READ_LENGTH) return `has ${chars.length} characters; no plate reads as more than ${MAX_READ_LENGTH}`;
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

/**
 * Anything in free text shaped like a plate as people and clients write one: a Han character
 * (any: a misread province is still a plate), a letter, then 3 to 6 letters and digits, with the
 * dot, space or dash people put after the prefix (桂P·W3001, 桂 PW3001, 桂pw3001). Broad on
 * purpose: text that only looks like a plate loses a few characters; a plate kept whole is
 * personal data kept. A serial written without its province (PW3001) is not caught: ids and
 * badges look the same.
 */
const PLATE_IN_TEXT = /([\u4e00-\u9fa5])[\s·•.-]?([A-Za-z])[\s·•.-]?[A-Za-z0-9]{3,6}/g;

/** `text` with every plate-shaped run masked to its province and authority letter (桂P***): for paths, notes and names that are not plate fields. */
export function maskPlatesIn(text: string): string {
  return text.replace(PLATE_IN_TEXT, (_plate, province: string, letter: string) => `${province}${letter}***`);
}
