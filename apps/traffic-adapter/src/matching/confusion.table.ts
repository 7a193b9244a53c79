import { PLATE_SUFFIX_CHARS } from '@app/contracts';

/**
 * What the matcher believes about misreads: which characters plate readers put for which, and
 * how readily. The one place the matcher learns what a misread looks like; the index's folding
 * and the scores derive from it.
 *
 * Sources, all written by hand: the confusions field reports and plate-recognition papers name
 * (0/D/Q/O/U, 8/B, 2/Z, 5/S, 6/G, 1/7/T/I, 4/A, C/G, E/F, M/N/H, K/X, V/Y, P/R, 3/8 …); for every
 * other pair of letters and digits, how alike their strokes are (`SHAPES`: bowls, stems, bars,
 * diagonals, openings, as a letterer describes them); for Chinese characters, the components the
 * glyphs share (`COMPONENTS`: 桂 and 挂 share 圭, 浙 沪 湘 津 渝 share 氵 …). None of it is
 * computed from rendered glyphs: the evaluation (`tools/plate-eval`) draws its misreads from font
 * bitmaps, and a matcher built from the same bitmaps would be graded on its own answer key.
 */

/** Least likelihood weight of a substitution (any slip is possible, most are rare), before a letter's or digit's row is scaled (`normalizeSerialRows`). */
export const UNLISTED_SUBSTITUTION = 0.06;
/** The most a substitution weighs after its row is scaled (`normalizeSerialRows`): as likely as the likeliest pair written. */
const MAX_SUBSTITUTION = 0.97;
/** Letters and digits of a plate's serial (GA 36-2018 issues no I or O). */
const SERIAL_CHARS = '0123456789ABCDEFGHJKLMNPQRSTUVWXYZ';
/** What a reader may put for one: any letter or digit, I and O included. */
const SERIAL_READS = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';

/**
 * Letter and digit pairs, with how readily (0..1) a reader takes one for the other. I and O are
 * never issued, so a read holding them is certainly wrong: near 1. What a plate's character is
 * read as is these weights scaled to a distribution per character (`normalizeSerialRows`).
 */
export const OCR_CONFUSIONS: ReadonlyArray<readonly [string, string, number]> = [
  ['0', 'O', 0.97],
  ['1', 'I', 0.97],
  ['0', 'D', 0.9],
  ['8', 'B', 0.9],
  ['D', 'O', 0.85],
  ['Q', 'O', 0.8],
  ['0', 'Q', 0.8],
  ['2', 'Z', 0.85],
  ['5', 'S', 0.85],
  ['6', 'G', 0.85],
  ['1', '7', 0.8],
  ['1', 'T', 0.75],
  ['7', 'T', 0.75],
  ['7', 'I', 0.7],
  ['T', 'I', 0.7],
  ['D', 'Q', 0.7],
  ['4', 'A', 0.75],
  ['0', 'U', 0.7],
  ['D', 'U', 0.6],
  ['U', 'V', 0.6],
  ['C', 'G', 0.7],
  ['C', '0', 0.55],
  ['G', '0', 0.5],
  ['E', 'F', 0.7],
  ['M', 'N', 0.7],
  ['N', 'H', 0.65],
  ['M', 'H', 0.6],
  ['M', 'W', 0.55],
  ['K', 'X', 0.65],
  ['V', 'Y', 0.65],
  ['P', 'R', 0.65],
  ['B', 'R', 0.5],
  ['B', 'E', 0.5],
  ['8', '3', 0.6],
  ['B', '3', 0.5],
  ['8', '6', 0.5],
  ['8', '9', 0.5],
  ['8', '0', 0.5],
  ['6', '5', 0.45],
  ['9', '0', 0.45],
  ['3', '5', 0.4],
  ['1', 'L', 0.55],
  ['1', 'J', 0.5],
  ['J', 'U', 0.45],
  ['2', '7', 0.45],
  ['Z', '7', 0.5],
  ['4', '1', 0.4],
  ['A', 'H', 0.4],
  ['S', '8', 0.45],
  ['S', '3', 0.4],
  ['G', '6', 0.85],
  ['Y', 'T', 0.5],
  ['X', 'Y', 0.45],
  ['W', 'V', 0.5],
  ['L', 'E', 0.4],
];

/**
 * Chinese characters readers confuse: province glyphs with shared components, and the suffix
 * glyphs they resemble. Weights as above.
 */
export const HAN_CONFUSIONS: ReadonlyArray<readonly [string, string, number]> = [
  ['桂', '挂', 0.9],
  ['津', '沪', 0.6],
  ['津', '浙', 0.55],
  ['沪', '浙', 0.55],
  ['沪', '渝', 0.5],
  ['津', '湘', 0.5],
  ['湘', '渝', 0.5],
  ['浙', '湘', 0.5],
  ['苏', '蒙', 0.5],
  ['苏', '藏', 0.45],
  ['蒙', '藏', 0.5],
  ['贵', '赣', 0.45],
  ['贵', '青', 0.45],
  ['青', '吉', 0.45],
  ['京', '宁', 0.45],
  ['宁', '学', 0.45],
  ['陕', '晋', 0.4],
  ['鲁', '粤', 0.4],
  ['鲁', '鄂', 0.45],
  ['冀', '粤', 0.4],
  ['冀', '晋', 0.45],
  ['闽', '黑', 0.4],
  ['甘', '晋', 0.4],
  ['皖', '宁', 0.4],
  ['警', '鲁', 0.4],
  ['港', '浙', 0.45],
  ['港', '湘', 0.4],
  ['澳', '渝', 0.45],
  ['澳', '港', 0.5],
];

/**
 * Letterform features of each letter and digit in plate lettering: closed bowls (hole, hole2),
 * straight stems (left, centre, right), curved sides (left, right, top, bottom), horizontal bars
 * (top, middle, bottom), diagonals (/ and \), apexes (top Λ, bottom V), openings and tails.
 * Two characters that share most features are read for each other more readily.
 */
export const SHAPES: Readonly<Record<string, string>> = {
  '0': 'hole curveL curveR curveT curveB',
  O: 'hole curveL curveR curveT curveB',
  Q: 'hole curveL curveR curveT curveB tail',
  D: 'hole stemL curveR curveT curveB',
  U: 'stemL stemR curveB openT',
  C: 'curveL curveT curveB openR',
  G: 'curveL curveT curveB openR barM',
  '6': 'hole curveL curveT curveB openR',
  '9': 'hole curveR curveT curveB openL',
  '8': 'hole hole2 curveL curveR curveT curveB',
  B: 'hole hole2 stemL curveR',
  '3': 'curveR curveT curveB openL barM',
  '5': 'barT stemL curveR curveB openL',
  S: 'curveL curveR curveT curveB openL openR',
  '2': 'curveT curveR diagL barB',
  Z: 'barT diagL barB',
  '7': 'barT diagL',
  '1': 'stemC flag',
  I: 'stemC barT barB',
  T: 'barT stemC',
  L: 'stemL barB',
  J: 'stemR curveB hook',
  '4': 'diagL stemR barM hole',
  A: 'apexT diagL diagR barM hole',
  H: 'stemL stemR barM',
  M: 'stemL stemR diagL diagR apexB',
  N: 'stemL stemR diagR',
  W: 'diagL diagR apexB apexB2',
  V: 'diagL diagR apexB',
  Y: 'diagL diagR stemC',
  X: 'diagL diagR cross',
  K: 'stemL diagL diagR',
  E: 'stemL barT barM barB',
  F: 'stemL barT barM',
  P: 'stemL hole curveR',
  R: 'stemL hole curveR diagR',
};

/**
 * The components each Chinese plate character is written with (radical first). Characters that
 * share components, the radical above all, are read for each other more readily.
 */
export const COMPONENTS: Readonly<Record<string, string>> = {
  京: '亠 口 小', 津: '氵 聿', 沪: '氵 户', 渝: '氵 俞 月 刂', 冀: '北 田 共', 豫: '予 象', 云: '二 厶', 辽: '辶 了', 黑: '里 灬', 湘: '氵 木 目',
  皖: '白 宀 元', 鲁: '鱼 日', 新: '立 木 斤', 苏: '艹 办', 浙: '氵 扌 斤', 赣: '立 早 夂 工 贝', 鄂: '口 亏 阝', 桂: '木 土 圭', 甘: '甘', 晋: '亚 日',
  蒙: '艹 冖 豕', 陕: '阝 夹', 吉: '士 口', 闽: '门 虫', 贵: '中 一 贝', 粤: '米 冂 丂', 青: '龶 月', 藏: '艹 臣 戈', 川: '丿 丨', 宁: '宀 丁', 琼: '王 亠 口 小',
  挂: '扌 土 圭', 学: '龸 冖 子', 警: '艹 句 攵 言', 领: '令 页', 港: '氵 共 巳', 澳: '氵 奥', 使: '亻 吏', 试: '讠 式', 超: '走 召', 应: '广 丷 一', 急: '刍 心',
};

function jaccard(a: string, b: string): number {
  const [x, y] = [new Set(a.split(' ')), new Set(b.split(' '))];
  const common = [...x].filter((t) => y.has(t)).length;
  return common / (x.size + y.size - common);
}

/** Likelihood weight from shared features: alike characters up to 0.6, unlike ones down to the floor. */
function shapeWeight(similarity: number): number {
  return Math.max(UNLISTED_SUBSTITUTION, 0.6 * similarity ** 1.5);
}

/** The camera lost the province character (common: it is the hardest glyph on the plate). */
export const PROVINCE_MISSING_WEIGHT = 0.85;
/** The camera put a glyph no plate carries where the province is (柱 for 桂): certainly a misread. */
export const PROVINCE_UNREADABLE_WEIGHT = 0.8;
/**
 * The camera put a glyph no plate carries where a plate has its suffix (言 for 警, 巷 for 港, 掛 for
 * 挂): as with the province, certainly a misread, and most likely of a glyph of the same build.
 */
export const SUFFIX_UNREADABLE_WEIGHT = 0.8;
/**
 * Both characters of 应急 lost (京A1234 for 京A1234应急): the word stands after the serial, apart
 * from it, and a reader that expects seven characters stops at the serial's end.
 */
export const EMERGENCY_WORD_LOST_WEIGHT = 0.5;
/** The camera read a Latin character in place of the province. */
export const PROVINCE_AS_LATIN_WEIGHT = 0.6;
/** Another province the table does not pair with the sealed one: a valid read of another car is likelier. */
export const PROVINCE_UNLISTED_WEIGHT = 0.12;

/** A character lost from the read: the last one (at the plate's frame) most often. */
export const LOST_LAST_WEIGHT = 0.65;
export const LOST_INNER_WEIGHT = 0.45;
/** A character read twice (doubled), or a stray one. */
export const DOUBLED_WEIGHT = 0.6;
export const STRAY_WEIGHT = 0.3;

/**
 * Folding for the index: characters that stand for each other most readily share a class, so a
 * read with any number of such slips and one arbitrary slip still shares a key with its plate.
 * Kept to the strongest pairs: bigger classes would make keys less selective.
 */
export const FOLD_CLASSES: readonly string[] = ['0DQOU', '8B', '2Z', '5S', '6G', '17IT', '4A'];

/** Every character a plate carries, numbered 1..n for the dense weight matrix of the hot path (0: any other). */
const PLATE_ALPHABET = SERIAL_READS + '京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼挂学警领港澳使试超应急';
const N = PLATE_ALPHABET.length + 1;
export const CHAR_CODE = new Uint8Array(0x10000);
for (let i = 0; i < PLATE_ALPHABET.length; i++) CHAR_CODE[PLATE_ALPHABET.charCodeAt(i)] = i + 1;
/** The UTF-16 unit of each character code (`CHAR_CODE`'s inverse; 0 for code 0). */
export const UNIT_OF_CODE = Uint16Array.from({ length: PLATE_ALPHABET.length + 1 }, (_, code) => (code ? PLATE_ALPHABET.charCodeAt(code - 1) : 0));
const WEIGHT = new Float32Array(N * N);

function setPair(a: string, b: string, w: number) {
  const [x, y] = [CHAR_CODE[a.charCodeAt(0)], CHAR_CODE[b.charCodeAt(0)]];
  if (!x || !y) throw new Error(`${a} or ${b} is on no plate`);
  WEIGHT[x * N + y] = WEIGHT[y * N + x] = Math.max(WEIGHT[x * N + y], w);
}
for (const [a, b, w] of [...OCR_CONFUSIONS, ...HAN_CONFUSIONS]) setPair(a, b, w);
for (const [table, weight] of [[SHAPES, shapeWeight], [COMPONENTS, (s: number) => Math.max(0, 0.55 * s)]] as const) {
  const chars = Object.keys(table);
  for (const a of chars) for (const b of chars) if (a < b) setPair(a, b, weight(jaccard(table[a], table[b])));
}
normalizeSerialRows();
for (let i = 1; i < N; i++) WEIGHT[i * N + i] = 1;
// Code 0 is any character on no plate; after the province only a Chinese suffix can be read as one.
for (const c of `${PLATE_SUFFIX_CHARS}应急`) WEIGHT[CHAR_CODE[c.charCodeAt(0)] * N] = SUFFIX_UNREADABLE_WEIGHT;

/**
 * The pair weights say how alike two characters are; a score multiplies likelihoods, and what a
 * plate's letter or digit is read as must be a distribution: a character alike to many (0 is
 * alike to D, Q, U, C, 8 …) is read as each of them less often than one alike to few (J to 1
 * and U). So each row of a character a plate carries, against every letter and digit a reader
 * may put (the floor counted where nothing pairs them), is scaled to the same total: the mean of
 * the totals before, so substitutions keep their weight beside the other slips (a lost province, a
 * lost character). Capped below 1, which is an exact read. Rows of Chinese characters are left as
 * written: a province is read as a few likely glyphs or as one on no plate, each with its own weight.
 */
function normalizeSerialRows(): void {
  const reads = [...SERIAL_READS].map((c) => CHAR_CODE[c.charCodeAt(0)]);
  const issued = [...SERIAL_CHARS].map((c) => CHAR_CODE[c.charCodeAt(0)]);
  const total = (a: number) => reads.reduce((sum, b) => sum + (b === a ? 0 : Math.max(WEIGHT[a * N + b], UNLISTED_SUBSTITUTION)), 0);
  const totals = issued.map(total);
  const mean = totals.reduce((x, y) => x + y, 0) / totals.length;
  issued.forEach((a, i) => {
    for (const b of reads) if (b !== a) WEIGHT[a * N + b] = Math.min(MAX_SUBSTITUTION, (Math.max(WEIGHT[a * N + b], UNLISTED_SUBSTITUTION) * mean) / totals[i]);
  });
}

/** Likelihood that `read` (a UTF-16 unit) is a misread of `expected`; 0 when nothing pairs them (any two letters or digits are paired, at least at the scaled floor) or either is on no plate. */
export function listedWeight(expected: number, read: number): number {
  if (expected === read) return 1;
  return WEIGHT[CODE_OF[expected] * N + CODE_OF[read]];
}
// Exported bindings are getters under some bundlers: the hot path reads a module-local name.
const CODE_OF = CHAR_CODE;

/**
 * Substitution likelihood by character codes, with the floor for unpaired characters applied
 * (`SUBSTITUTION[a * CODES + b]`): what the index prunes candidates with, without a call.
 */
export const CODES = N;
export const SUBSTITUTION = WEIGHT.map((w) => (w > 0 ? w : UNLISTED_SUBSTITUTION));

/** The same weight for two characters given as codes (`CHAR_CODE`). */
export function weightOfCodes(expected: number, read: number): number {
  return WEIGHT[expected * N + read];
}

/** The weight of two characters as strings (tests and tools). */
export function confusionWeight(expected: string, read: string): number {
  return listedWeight(expected.charCodeAt(0), read.charCodeAt(0));
}
