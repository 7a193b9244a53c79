import * as contracts from '@app/contracts';
import { MatchKind, PlateColor, PlateDifference } from '@app/contracts';

const { hasIssuedPrefix, isValidPlate, plateColorProblem } = contracts;
import * as table from './confusion.table';

// Held in module constants: a bundler's live bindings would make every use a getter call.
const {
  DOUBLED_WEIGHT, EMERGENCY_WORD_LOST_WEIGHT, FOLD_CLASSES, listedWeight, LOST_INNER_WEIGHT, LOST_LAST_WEIGHT, PROVINCE_AS_LATIN_WEIGHT, PROVINCE_MISSING_WEIGHT, PROVINCE_UNLISTED_WEIGHT,
  PROVINCE_UNREADABLE_WEIGHT, STRAY_WEIGHT, UNLISTED_SUBSTITUTION, weightOfCodes,
} = table;

/**
 * Scoring of a camera read against watchlist plates: the one place that decides what is a hit,
 * what is a possible hit and what is nothing. A read is compared with a plate as a likely
 * sequence of slips: the province lost, unreadable or read as another; letters and digits read
 * as others (any pair, the listed ones likelier); one character lost or added, or the word 应急
 * lost whole; at most two slips after the province. Each slip multiplies the score by its
 * likelihood.
 */

/** Most possible hits one read raises: past this the read says too little to bother officers. */
export const MAX_POSSIBLE_HITS = 3;
/**
 * A read that is itself a plate some car carries may be a different, innocent car; a read that
 * cannot be one (an I or O, a lost province, a wrong length, an authority letter its province
 * does not issue) is certainly a misread.
 */
export const VALID_READ_FACTOR = 0.6;
/** Each slip after the first: several slips make it likelier that the read is simply another car. */
export const EXTRA_SLIP_FACTOR = 0.6;
/** Most slips after the province. */
export const MAX_SERIAL_SLIPS = 2;
/** Read confidence assumed when the camera does not send one. */
export const DEFAULT_READ_CONFIDENCE = 0.8;

export interface MatchVerdict {
  match: MatchKind;
  /** 1 for exact matches; for possible hits, how likely the read is a misread of the plate. */
  score: number;
  /** Characters that differ, by position in the watchlist plate (empty for exact matches). */
  differences: PlateDifference[];
}

/** First UTF-16 unit of the CJK blocks: plate Han characters are at or above it, letters and digits below. */
const HAN = 0x2e80;
/** Chinese characters a plate carries (provinces, suffixes, 使, 应急), by UTF-16 unit. */
const PLATE_HAN = new Uint8Array(0x10000);
for (const c of '京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼挂学警领港澳使试超应急') PLATE_HAN[c.charCodeAt(0)] = 1;

/** Fold code of each UTF-16 unit for the index keys: the class's first character, or the unit itself. */
export const FOLD = new Uint16Array(0x10000).map((_, unit) => unit);
for (const cls of FOLD_CLASSES) for (const c of cls) FOLD[c.charCodeAt(0)] = cls.charCodeAt(0);

/** How a read's confidence weighs on a possible hit: a sure camera is more likely right about an innocent car. */
export function confidenceFactor(confidence: number | undefined): number {
  const c = confidence ?? DEFAULT_READ_CONFIDENCE;
  return Math.min(1, 1.15 - 0.35 * c);
}

function substitution(expected: number, seen: number): number {
  const w = listedWeight(expected, seen);
  return w > 0 ? w : UNLISTED_SUBSTITUTION;
}

/** The same likelihood for two characters given as codes of the plate alphabet (`CHAR_CODE`, both non-zero). */
export function substitutionOfCodes(expected: number, seen: number): number {
  const w = weightOfCodes(expected, seen);
  return w > 0 ? w : UNLISTED_SUBSTITUTION;
}

/**
 * A read prepared once for comparison with many plates: its head (a Chinese character in front,
 * or none) and its body as UTF-16 units, and how plausible it is as a read of another car.
 */
export interface PreparedRead {
  text: string;
  /** UTF-16 unit of the leading Chinese character, 0 when the read starts with a letter or digit. */
  head: number;
  body: Uint16Array;
  /**
   * The read is itself a plate some car carries (`isIssuedPlate`: a valid format under a prefix its
   * province issues). It decides the read's class, whose neighbourhood and budget the threshold
   * comes from.
   */
  valid: boolean;
  /**
   * The read has a plate's form (`isValidPlate`), issued or not: a read of 贵P12345D, which no
   * province issues, is a misread, but of a plate's length and shape, so its neighbours are those
   * of a plate, not of a read with a character too many (`classOfRead`).
   */
  plateForm: boolean;
  /**
   * A valid read whose plate colour, as the camera reported it, the plate rules out (a green
   * seven-character read): the plate some car carries, but not on this car, so not an innocent car
   * read right. It keeps its class (its neighbours are those of its own shape, and the class's
   * budget is the tighter one), is scored without `VALID_READ_FACTOR`, and is held by the
   * look-alike rule as a likely misread.
   */
  colorRulesOut: boolean;
  /** VALID_READ_FACTOR when the read could be an innocent car read right, else 1; times the confidence factor. */
  prior: number;
  /** The confidence factor alone (`confidenceFactor`): it scales every score of the read alike. */
  confidenceFactor: number;
}

/** `plateColor`: the plate's colour as the camera reported it. */
export function prepareRead(read: string, confidence?: number, plateColor?: PlateColor | null): PreparedRead {
  const head = read.length && read.charCodeAt(0) >= HAN ? read.charCodeAt(0) : 0;
  const body = new Uint16Array(read.length - (head ? 1 : 0));
  for (let i = 0; i < body.length; i++) body[i] = read.charCodeAt(i + (head ? 1 : 0));
  const plateForm = isValidPlate(read);
  const valid = plateForm && hasIssuedPrefix(read);
  // What isIssuedPlate(read, plateColor) adds to isIssuedPlate(read), asked without validating the plate again.
  const colorRulesOut = valid && !!plateColor && plateColorProblem(read, plateColor) !== null;
  const factor = confidenceFactor(confidence);
  return { text: read, head, body, valid, plateForm, colorRulesOut, prior: (valid && !colorRulesOut ? VALID_READ_FACTOR : 1) * factor, confidenceFactor: factor };
}

/**
 * Likelihood of the read's head given the plate's (`plateHead` is always a Chinese character).
 * `textScore` is this times the body's likelihood, the extra-slip factor and the read's prior, each
 * at most 1: the index bounds a candidate's score with it before reading the plate.
 */
export function headWeight(plateHead: number, readHead: number): number {
  if (readHead === plateHead) return 1;
  if (readHead === 0) return PROVINCE_MISSING_WEIGHT;
  if (!PLATE_HAN[readHead]) return PROVINCE_UNREADABLE_WEIGHT;
  const listed = listedWeight(plateHead, readHead);
  return listed > 0 ? listed : PROVINCE_UNLISTED_WEIGHT;
}

// Scratch for the best alignment's edits, so no array is built for candidates that score nothing.
const enum Edit {
  None = 0,
  Substitute = 1,
  Lost = 2,
  Extra = 3,
  /** 应急 lost, both characters (from plate body position `at` on). */
  LostEmergencyWord = 4,
}
const YING = '应'.charCodeAt(0);
const JI = '急'.charCodeAt(0);

/**
 * Likelihood of the read's body given the plate's body (`plate` units from `off`, `len` of them),
 * and the slips it took, or 0 when more than {@link MAX_SERIAL_SLIPS} are needed. The edit
 * position (in plate or read body) of a lost or extra character is returned in `at`.
 */
function bodyWeight(plate: ArrayLike<number>, off: number, len: number, read: Uint16Array, latinHead: boolean, out: { slips: number; at: number; edit: Edit; latinProvince: boolean }): number {
  const m = read.length;
  out.at = -1;
  out.edit = Edit.None;
  out.latinProvince = false;
  if (m === len) return placeByPlace(plate, off, read, len, 0, out);
  if (m === len - 1) {
    // The read lost plate character j: read[i] faces plate[i] before j and plate[i + 1] from j on.
    // Prefix and suffix products make every j one multiplication.
    suffix(plate, off + 1, read, 0, m);
    let best = 0;
    let w = 1;
    let slips = 0;
    for (let j = 0; j < len; j++) {
      if (j > 0) {
        const e = plate[off + j - 1];
        const r = read[j - 1];
        if (e !== r) {
          w *= substitution(e, r);
          slips++;
        }
      }
      const total = slips + SUFFIX_SLIPS[j] + 1;
      const candidate = total > MAX_SERIAL_SLIPS ? 0 : (j === len - 1 ? LOST_LAST_WEIGHT : LOST_INNER_WEIGHT) * w * SUFFIX_WEIGHT[j];
      if (candidate > best) {
        best = candidate;
        out.slips = total;
        out.at = j;
        out.edit = Edit.Lost;
      }
    }
    return best;
  }
  if (m === len - 2 && plate[off + len - 2] === YING && plate[off + len - 1] === JI) {
    // The read stops at the serial: 应急 lost as one word, counted as one slip.
    const w = placeByPlace(plate, off, read, m, 1, out);
    if (w === 0) return 0;
    out.at = m;
    out.edit = Edit.LostEmergencyWord;
    return EMERGENCY_WORD_LOST_WEIGHT * w;
  }
  if (m === len + 1) {
    // The read holds an extra character at j: plate[i] faces read[i] before j and read[i + 1] from j on.
    suffix(read, 1, plate, off, len);
    let best = 0;
    let w = 1;
    let slips = 0;
    for (let j = 0; j < m; j++) {
      if (j > 0) {
        const e = plate[off + j - 1];
        const r = read[j - 1];
        if (e !== r) {
          w *= substitution(e, r);
          slips++;
        }
      }
      // Doubled, a stray, or (first, with no Chinese head) the province read as a letter.
      const asProvince = latinHead && j === 0;
      const doubled = (j > 0 && read[j] === read[j - 1]) || (j < m - 1 && read[j] === read[j + 1]);
      const total = slips + SUFFIX_SLIPS[j] + (asProvince ? 0 : 1);
      const edit = asProvince ? PROVINCE_AS_LATIN_WEIGHT / PROVINCE_MISSING_WEIGHT : doubled ? DOUBLED_WEIGHT : STRAY_WEIGHT;
      const candidate = total > MAX_SERIAL_SLIPS ? 0 : edit * w * SUFFIX_WEIGHT[j];
      if (candidate > best) {
        best = candidate;
        out.slips = total;
        out.at = j;
        out.edit = Edit.Extra;
        out.latinProvince = asProvince;
      }
    }
    return best;
  }
  return 0;
}

/**
 * Likelihood of the read's first `n` characters against the plate's, place by place, with `slips`
 * already taken; 0 past {@link MAX_SERIAL_SLIPS}. The slips taken in all go to `out.slips`.
 */
function placeByPlace(plate: ArrayLike<number>, off: number, read: Uint16Array, n: number, slips: number, out: { slips: number }): number {
  let w = 1;
  for (let i = 0; i < n; i++) {
    const e = plate[off + i];
    const r = read[i];
    if (e === r) continue;
    if (++slips > MAX_SERIAL_SLIPS) return 0;
    w *= substitution(e, r);
  }
  out.slips = slips;
  return w;
}

const scratch = { slips: 0, at: -1, edit: Edit.None, latinProvince: false };

// Suffix products for the length-changing alignments: SUFFIX_WEIGHT[j] is the likelihood of
// `shifted[k + shift]` against `other[k]` for k ≥ j (with `other` offset by `otherOff`), SUFFIX_SLIPS[j] its slips.
const SUFFIX_WEIGHT = new Float64Array(16);
const SUFFIX_SLIPS = new Int32Array(16);
function suffix(shifted: ArrayLike<number>, shift: number, other: ArrayLike<number>, otherOff: number, n: number): void {
  SUFFIX_WEIGHT[n] = 1;
  SUFFIX_SLIPS[n] = 0;
  for (let k = n - 1; k >= 0; k--) {
    const a = shifted[k + shift];
    const b = other[otherOff + k];
    const same = a === b;
    SUFFIX_WEIGHT[k] = SUFFIX_WEIGHT[k + 1] * (same ? 1 : substitution(a, b));
    SUFFIX_SLIPS[k] = SUFFIX_SLIPS[k + 1] + (same ? 0 : 1);
  }
}

/**
 * The text score of a prepared read against a plate held as UTF-16 units (`plate[off]` …
 * `plate[off + len - 1]`), before vehicle attributes; 1 when equal, 0 when no likely sequence of
 * slips turns the plate into the read.
 */
export function textScore(plate: ArrayLike<number>, off: number, len: number, read: PreparedRead): number {
  const plateHead = plate[off];
  if (read.head === plateHead && read.body.length === len - 1) {
    let equal = true;
    for (let i = 0; i < read.body.length && equal; i++) equal = plate[off + 1 + i] === read.body[i];
    if (equal) return 1;
  }
  const body = bodyWeight(plate, off + 1, len - 1, read.body, read.head === 0, scratch);
  if (body === 0) return 0;
  const head = scratch.latinProvince ? PROVINCE_MISSING_WEIGHT : headWeight(plateHead, read.head);
  // A lost or unreadable province is the commonest slip and says nothing of the rest; another province counts as a slip.
  const slips = scratch.slips + (read.head !== 0 && read.head !== plateHead && PLATE_HAN[read.head] ? 1 : 0);
  const extra = slips > 1 ? EXTRA_SLIP_FACTOR ** (slips - 1) : 1;
  return head * body * extra * read.prior;
}

/** Which characters differ, by position in the plate, for a read that scored against it. */
export function differencesOf(plate: string, read: PreparedRead, units?: ArrayLike<number>, unitsOff = 0): PlateDifference[] {
  const codes = units ?? Array.from({ length: plate.length }, (_, i) => plate.charCodeAt(i));
  const o = units ? unitsOff : 0;
  bodyWeight(codes, o + 1, plate.length - 1, read.body, read.head === 0, scratch);
  const out: PlateDifference[] = [];
  const readChar = (i: number) => String.fromCharCode(read.body[i]);
  if (scratch.latinProvince) out.push({ position: 0, expected: plate[0], read: readChar(0) });
  else if (read.head !== codes[o]) out.push({ position: 0, expected: plate[0], read: read.head ? String.fromCharCode(read.head) : '' });
  const shift = scratch.latinProvince ? 1 : 0;
  for (let p = 1, r = shift; p < plate.length || r < read.body.length; ) {
    if ((scratch.edit === Edit.Lost && p - 1 === scratch.at) || (scratch.edit === Edit.LostEmergencyWord && p - 1 >= scratch.at)) {
      out.push({ position: p, expected: plate[p], read: '' });
      p++;
      continue;
    }
    if (scratch.edit === Edit.Extra && !scratch.latinProvince && r === scratch.at) {
      out.push({ position: p, expected: '', read: readChar(r) });
      r++;
      continue;
    }
    if (p < plate.length && r < read.body.length && codes[o + p] !== read.body[r]) out.push({ position: p, expected: plate[p], read: readChar(r) });
    p++;
    r++;
  }
  return out;
}

/** Compares a camera read with a watchlist plate (both normalized), without vehicle attributes. */
export function compareRead(watchPlate: string, read: string, confidence?: number): MatchVerdict | null {
  if (watchPlate === read) return { match: MatchKind.Exact, score: 1, differences: [] };
  const prepared = prepareRead(read, confidence);
  const codes = Array.from({ length: watchPlate.length }, (_, i) => watchPlate.charCodeAt(i));
  const score = textScore(codes, 0, codes.length, prepared);
  if (score === 0) return null;
  return { match: MatchKind.Fuzzy, score: roundScore(score), differences: differencesOf(watchPlate, prepared) };
}

export function roundScore(score: number): number {
  return Math.round(Math.min(1, score) * 1000) / 1000;
}

/**
 * Which of the verdicts on one read become hits: exact matches if there are any (a correct read
 * of a sealed plate raises no possible hits for its look-alikes), else the possible hits whose
 * evidence (the score when none is given) reaches `threshold`, strongest first, at most
 * {@link MAX_POSSIBLE_HITS}.
 */
export function rankMatches<T extends MatchVerdict & { plate: string; evidence?: number }>(verdicts: T[], threshold: number): T[] {
  const strength = (v: T) => v.evidence ?? v.score;
  if (verdicts.length === 1) return verdicts[0].match === MatchKind.Exact || strength(verdicts[0]) >= threshold ? verdicts : [];
  const exact = verdicts.filter((v) => v.match === MatchKind.Exact);
  if (exact.length) return exact;
  return verdicts
    .filter((v) => strength(v) >= threshold)
    .sort((a, b) => strength(b) - strength(a) || (a.plate < b.plate ? -1 : a.plate > b.plate ? 1 : 0))
    .slice(0, MAX_POSSIBLE_HITS);
}
