/**
 * Seeded generators of the evaluation's world: plates as they are issued across China, the
 * vehicles behind them, traffic at a Guangxi checkpoint, and camera reads with the slips cameras
 * make. Same seed, same data.
 *
 * Independent of the system under test: this file imports nothing from apps/ or libs/ (not the
 * matcher's table or scores, not the plate validator's patterns). Its sources:
 * - misreads of single characters: `glyph-confusions.json`, made by `npm run eval:glyphs` from
 *   rendered font bitmaps (see glyph-model.ts);
 * - plate formats: GA 36-2018 and its amendments, written out here by hand;
 * - how plates, colours, makes and kinds are distributed: rounded public figures (vehicle stock
 *   by province, colour and brand shares of the Chinese fleet), approximate and stated below;
 * - how often each kind of slip happens: assumptions stated in `SLIP_MIX`, reported per kind so
 *   the mix changes only the "ordinary traffic" figures.
 */
import glyphConfusions from './glyph-confusions.json';

export type Random = () => number;

/** mulberry32: small, fast and good enough for test data. */
export function seededRandom(seed: number): Random {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function seededUuid(rng: Random): string {
  const hex = Array.from({ length: 32 }, () => Math.floor(rng() * 16).toString(16)).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20)}`;
}

const pick = <T>(rng: Random, items: ArrayLike<T>): T => items[Math.floor(rng() * items.length)];

function weighted<T>(rng: Random, table: ReadonlyArray<readonly [T, number]>): T {
  let r = rng() * table.reduce((s, [, w]) => s + w, 0);
  for (const [value, w] of table) if ((r -= w) <= 0) return value;
  return table[table.length - 1][0];
}

// ---- plates ---------------------------------------------------------------------------------

const DIGITS = '0123456789';
/** Letters issued on plates: all but I and O. */
const LETTERS = 'ABCDEFGHJKLMNPQRSTUVWXYZ';
const ALNUM = DIGITS + LETTERS;

/**
 * Vehicle stock by province (millions, rounded year-end figures of the mid-2020s) and the
 * authority letters each issues (roughly: how many prefectures it has).
 */
const PROVINCES: ReadonlyArray<readonly [string, number, string]> = [
  ['粤', 30, 'ABCDEFGHJKLMNPQRSTUVWXY'], ['鲁', 28, 'ABCDEFGHJKLMNPQRSUV'], ['苏', 25, 'ABCDEFGHJKLMN'], ['浙', 22, 'ABCDEFGHJKL'],
  ['豫', 21, 'ABCDEFGHJKLMNPQRSU'], ['冀', 19, 'ABCDEFGHJRT'], ['川', 15, 'ABCDEFHJKLMQRSTUVWXYZ'], ['湘', 12, 'ABCDEFGHJKLMNU'],
  ['鄂', 12, 'ABCDEFGHJKLMNPQRS'], ['皖', 12, 'ABCDEFGHJKLMNPRS'], ['辽', 11, 'ABCDEFGHJKLMNP'], ['闽', 10, 'ABCDEFGHJK'],
  ['桂', 11, 'ABCDEFGHJKLMNPR'], ['京', 7, 'ABCDEFGHJKLMNPQY'], ['沪', 5, 'ABCDEFGHJKLMNR'], ['津', 4, 'ABCDEFGHJKLMNPQR'],
  ['渝', 6, 'ABCDFGH'], ['云', 9, 'ACDEFGHJKLMNPQRS'], ['贵', 7, 'ABCDEFGHJ'], ['陕', 9, 'ABCDEFGHJKV'], ['晋', 8, 'ABCDEFHJKLM'],
  ['蒙', 7, 'ABCDEFGHJKLM'], ['吉', 7, 'ABCDEFGHJK'], ['黑', 7, 'ABCDEFGHJKLMNPR'], ['赣', 8, 'ABCDEFGHJKLM'], ['新', 5, 'ABCDEFGHJKLMNPQR'],
  ['甘', 5, 'ABCDEFGHJKLMNP'], ['琼', 2, 'ABCDEF'], ['宁', 2, 'ABCDE'], ['青', 1.5, 'ABCDEFGH'], ['藏', 0.8, 'ABCDEFGJ'],
];

/** One plate of a car registered in `province` (letter A, the capital, holds a third of a province's cars). */
export function plateOf(rng: Random, province: string, letters: string): string {
  const authority = rng() < 0.33 ? 'A' : pick(rng, letters);
  const kind = rng();
  // New-energy plates (green): about 8 % of the fleet, the newer series letters on a third of them.
  if (kind < 0.07) {
    const series = rng() < 0.65 ? pick(rng, 'DF') : pick(rng, 'ABCEGHJK');
    return `${province}${authority}${series}${pick(rng, ALNUM)}${digits(rng, 4)}`;
  }
  if (kind < 0.08) return `${province}${authority}${digits(rng, 5)}${pick(rng, 'DF')}`;
  // Trailers, coach cars, police.
  if (kind < 0.09) return `${province}${authority}${digits(rng, 4)}${pick(rng, '挂挂挂学警')}`;
  // Blue and yellow plates. An authority issues its serials until the space fills, so plates are
  // spread evenly over it: all-digit serials (10^5), one letter anywhere (5 · 24 · 10^4), two
  // letters anywhere (10 · 24² · 10^3), each as often as it has serials.
  const r = rng() * (1e5 + 1.2e6 + 5.76e6);
  const letterCount = r < 1e5 ? 0 : r < 1.3e6 ? 1 : 2;
  const letterAt = new Set<number>();
  while (letterAt.size < letterCount) letterAt.add(Math.floor(rng() * 5));
  let serial = '';
  for (let i = 0; i < 5; i++) serial += letterAt.has(i) ? pick(rng, LETTERS) : pick(rng, DIGITS);
  return `${province}${authority}${serial}`;
}

/** A plate drawn from the national fleet (seals come from all over the country). */
export function nationalPlate(rng: Random): string {
  const [province, , letters] = weighted(rng, PROVINCES.map((p) => [p, p[1]] as const));
  return plateOf(rng, province, letters);
}

/** A car passing a Fangchenggang checkpoint: half local (桂P), a fifth from elsewhere in Guangxi, the rest from other provinces. */
export function localPlate(rng: Random): string {
  const r = rng();
  if (r < 0.5) return plateOf(rng, '桂', 'P');
  if (r < 0.7) return plateOf(rng, '桂', 'ABCDEFGHJKLMNR');
  return nationalPlate(rng);
}

function digits(rng: Random, n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += pick(rng, DIGITS);
  return s;
}

// ---- vehicles -------------------------------------------------------------------------------

export interface Vehicle {
  vehicleColor: string;
  vehicleBrand: string;
  vehicleType: string;
}

/** Body colours of the fleet (rounded shares; white leads in China). */
const COLORS = [['white', 34], ['black', 20], ['grey', 12], ['silver', 10], ['blue', 7], ['red', 6], ['brown', 3], ['green', 2], ['yellow', 2], ['orange', 1.5], ['purple', 0.5], ['pink', 0.5], ['cyan', 1.5]] as const;
/** Makes (rounded fleet shares), with a long tail of smaller makes. */
const BRANDS = [
  ['大众', 12], ['丰田', 7], ['本田', 6], ['日产', 5], ['比亚迪', 6], ['吉利', 5], ['长安', 5], ['五菱', 5], ['别克', 4], ['宝马', 3], ['奔驰', 3],
  ['奥迪', 3], ['哈弗', 3], ['现代', 3], ['福特', 2], ['雪佛兰', 2], ['起亚', 2], ['奇瑞', 2], ['特斯拉', 1.5], ['荣威', 1.5], ['传祺', 1.5], ['马自达', 1],
  ['理想', 1], ['蔚来', 0.7], ['小鹏', 0.7], ['宝骏', 1.5], ['东风', 2], ['解放', 1], ['福田', 1], ['江淮', 1],
] as const;
const TYPES = [['car', 50], ['suv', 30], ['mpv', 6], ['van', 4], ['pickup', 2], ['truck', 6], ['bus', 1], ['tractor', 1]] as const;

export function vehicleOf(rng: Random): Vehicle {
  return { vehicleColor: weighted(rng, COLORS), vehicleBrand: weighted(rng, BRANDS), vehicleType: weighted(rng, TYPES) };
}

/**
 * The colour of the plate a vehicle carries, from GA 36-2018 as written (not from the matcher's
 * plate code): new-energy plates green, yellow-green on large vehicles (five digits and D or F);
 * police white; coach and trailer yellow; embassy, consulate, Hong Kong and Macau black; other
 * plates yellow on large vehicles (lorries and buses), blue on small ones.
 */
export function plateColorOf(plate: string, vehicleType: string): string {
  const c = Array.from(plate);
  const last = c[c.length - 1];
  if (c.length === 8) return /^[0-9]{5}[DF]$/.test(c.slice(2).join('')) ? 'yellow-green' : 'green';
  if (last === '警') return 'white';
  if (last === '学' || last === '挂') return 'yellow';
  if ('使领港澳'.includes(last) || c[0] === '使') return 'black';
  return vehicleType === 'truck' || vehicleType === 'bus' ? 'yellow' : 'blue';
}

/**
 * The plate colour a camera reports (`--plate-color`): given on 95 % of reads, GA/T 1400 pass
 * records carry it (HPYS); wrong on 2 % of those, and then the colour that hurts a rule trusting
 * it most: a blue plate's reported green, a green one's blue (yellow and yellow-green likewise,
 * white and black as blue). An assumption, stated: readers' plate-colour errors are not published.
 */
export function cameraPlateColor(rng: Random, actual: string): string | undefined {
  if (rng() >= 0.95) return undefined;
  if (rng() >= 0.02) return actual;
  return ({ blue: 'green', green: 'blue', yellow: 'yellow-green', 'yellow-green': 'yellow' } as Record<string, string>)[actual] ?? 'blue';
}

/** A vehicle whose colour or make differs from `v` (the innocent look-alike of a sealed car). */
export function differentVehicle(rng: Random, v: Vehicle): Vehicle {
  for (;;) {
    const other = vehicleOf(rng);
    if (other.vehicleBrand !== v.vehicleBrand || !nearColors(other.vehicleColor, v.vehicleColor)) return other;
  }
}

// Colours a person would call the same: the generator's own notion, for "differs".
function nearColors(a: string, b: string): boolean {
  const groups = [['white', 'silver', 'grey'], ['black', 'grey']];
  return a === b || groups.some((g) => g.includes(a) && g.includes(b));
}

/**
 * How the court's vehicle-registration query names each make, written by hand from registration
 * certificates (行驶证 品牌型号: "<make>牌" then the maker's model code) and from the joint-venture
 * names platforms give (长安福特, 东风悦达起亚). A seal's make is written so half the time: the
 * camera never is, so the matcher must see one car in both.
 */
const REGISTERED: Record<string, { certificate: string; maker?: string }> = {
  大众: { certificate: '大众汽车', maker: '一汽-大众' }, 丰田: { certificate: '丰田', maker: '广汽丰田' }, 本田: { certificate: '本田', maker: '东风本田' },
  日产: { certificate: '日产', maker: '东风日产' }, 比亚迪: { certificate: '比亚迪' }, 吉利: { certificate: '吉利美日', maker: '浙江吉利' }, 长安: { certificate: '长安' },
  五菱: { certificate: '五菱', maker: '上汽通用五菱' }, 别克: { certificate: '别克', maker: '上汽通用别克' }, 宝马: { certificate: '宝马', maker: '华晨宝马' },
  奔驰: { certificate: '梅赛德斯-奔驰', maker: '北京奔驰' }, 奥迪: { certificate: '奥迪', maker: '一汽奥迪' }, 哈弗: { certificate: '哈弗', maker: '长城哈弗' },
  现代: { certificate: '北京现代' }, 福特: { certificate: '福特', maker: '长安福特' }, 雪佛兰: { certificate: '雪佛兰', maker: '上汽通用雪佛兰' },
  起亚: { certificate: '起亚', maker: '东风悦达起亚' }, 奇瑞: { certificate: '奇瑞' }, 特斯拉: { certificate: '特斯拉' }, 荣威: { certificate: '荣威', maker: '上汽荣威' },
  传祺: { certificate: '传祺', maker: '广汽传祺' }, 马自达: { certificate: '马自达', maker: '长安马自达' }, 理想: { certificate: '理想' }, 蔚来: { certificate: '蔚来' },
  小鹏: { certificate: '小鹏' }, 宝骏: { certificate: '宝骏', maker: '上汽通用五菱宝骏' }, 东风: { certificate: '东风' }, 解放: { certificate: '解放', maker: '一汽解放' },
  福田: { certificate: '福田', maker: '北汽福田' }, 江淮: { certificate: '江淮' },
};

/** The seal's copy of a vehicle: its make as the registration query gives it (see `REGISTERED`). */
export function registeredVehicle(rng: Random, v: Vehicle): Vehicle {
  const names = REGISTERED[v.vehicleBrand];
  const r = rng();
  if (!names || r < 0.5) return v;
  if (r < 0.85 || !names.maker) return { ...v, vehicleBrand: `${names.certificate}牌${modelCode(rng)}` };
  return { ...v, vehicleBrand: names.maker };
}

// A maker's model code as certificates print it (FV7160FBMBG, SGM7158, BYD7005BEV): letters, four digits, letters and digits.
function modelCode(rng: Random): string {
  const letters = 'ABCDEFGHJKLMNPQRSTUVWXYZ';
  let code = '';
  for (let i = 2 + Math.floor(rng() * 2); i > 0; i--) code += pick(rng, letters);
  code += String(6000 + Math.floor(rng() * 2000));
  for (let i = Math.floor(rng() * 5); i > 0; i--) code += pick(rng, `${letters}0123456789`);
  return code;
}

/** English names of the makes: cameras report either. */
const ENGLISH: Record<string, string> = { 大众: 'Volkswagen', 丰田: 'Toyota', 本田: 'Honda', 日产: 'Nissan', 比亚迪: 'BYD', 吉利: 'Geely', 别克: 'Buick', 宝马: 'BMW', 奔驰: 'Mercedes-Benz', 奥迪: 'Audi' };
const NEAR_COLOR: Record<string, string[]> = { white: ['silver'], silver: ['grey', 'white'], grey: ['silver', 'black'], black: ['grey'], blue: ['cyan'], red: ['orange'], yellow: ['orange'] };

/**
 * What a camera reports of a vehicle when it reports attributes: colour right 85 % of the time
 * (a near colour 10 %, another 5 %), make right 80 % (absent 10 %, wrong 10 %), kind right
 * 85 % (absent 15 %). Assumptions, stated; the seal holds the registration's values.
 */
export function cameraView(rng: Random, v: Vehicle): Partial<Vehicle> {
  const out: Partial<Vehicle> = {};
  const c = rng();
  out.vehicleColor = c < 0.85 ? v.vehicleColor : c < 0.95 ? (NEAR_COLOR[v.vehicleColor] ? pick(rng, NEAR_COLOR[v.vehicleColor]) : v.vehicleColor) : weighted(rng, COLORS);
  const b = rng();
  if (b < 0.8) out.vehicleBrand = rng() < 0.3 && ENGLISH[v.vehicleBrand] ? ENGLISH[v.vehicleBrand] : v.vehicleBrand;
  else if (b < 0.9) out.vehicleBrand = weighted(rng, BRANDS);
  if (rng() < 0.85) out.vehicleType = v.vehicleType;
  return out;
}

// ---- reads ------------------------------------------------------------------------------------

interface GlyphModel {
  confusions: Record<string, [string, number][]>;
}
// Imported rather than read, so a compiled copy (the benchmark's) carries it along.
const MODEL = glyphConfusions as unknown as GlyphModel;
const PROVINCE_GLYPHS = new Set(PROVINCES.map(([p]) => p));
const PLATE_GLYPHS = new Set([...PROVINCE_GLYPHS, ...'挂学警领港澳使试超应急']);

/** What a reader puts for `c` when it slips there, from the glyph model; restricted to `allow` when given. */
export function glyphSlip(rng: Random, c: string, allow?: (candidate: string) => boolean): string | null {
  const options = (MODEL.confusions[c] ?? []).filter(([other]) => !allow || allow(other));
  return options.length ? weighted(rng, options) : null;
}

export type SlipKind =
  | 'one confusable character'
  | 'province read as another province'
  | 'province lost'
  | 'province read as a glyph on no plate'
  | 'lost last character'
  | 'lost inner character'
  | 'doubled character'
  | 'two slips'
  | 'formatting';

export const SLIP_KINDS: SlipKind[] = [
  'one confusable character', 'province read as another province', 'province lost', 'province read as a glyph on no plate', 'lost last character', 'lost inner character',
  'doubled character', 'two slips', 'formatting',
];

/**
 * How often each kind of slip is among misreads (an assumption: the province glyph is the
 * hardest and most often wrong, letters and digits next, lost and doubled characters rarer).
 * Used only for misreads in ordinary traffic; every kind is also measured on its own.
 */
export const SLIP_MIX: ReadonlyArray<readonly [SlipKind, number]> = [
  ['one confusable character', 35], ['province lost', 15], ['province read as a glyph on no plate', 12], ['province read as another province', 5],
  ['lost last character', 5], ['lost inner character', 3], ['doubled character', 4], ['two slips', 16], ['formatting', 5],
];

/** Positions of letters and digits (after the province). */
export function alnumPositions(plate: string): number[] {
  return [...plate].map((c, i) => (i > 0 && ALNUM.includes(c) ? i : -1)).filter((i) => i > 0);
}

function replaceAt(plate: string, i: number, c: string): string {
  const chars = [...plate];
  chars[i] = c;
  return chars.join('');
}

function confuseOne(rng: Random, plate: string): string {
  for (let attempt = 0; attempt < 10; attempt++) {
    const i = pick(rng, alnumPositions(plate));
    const other = glyphSlip(rng, plate[i]);
    if (other) return replaceAt(plate, i, other);
  }
  return plate;
}

/** `plate` as a camera reads it with one slip of `kind`. */
export function misread(rng: Random, plate: string, kind: SlipKind): string {
  const chars = [...plate];
  switch (kind) {
    case 'one confusable character':
      return confuseOne(rng, plate);
    case 'province read as another province':
      return (glyphSlip(rng, chars[0], (c) => PROVINCE_GLYPHS.has(c)) ?? pick(rng, [...PROVINCE_GLYPHS].filter((p) => p !== chars[0]))) + chars.slice(1).join('');
    case 'province lost':
      return chars.slice(1).join('');
    case 'province read as a glyph on no plate':
      return (glyphSlip(rng, chars[0], (c) => !PLATE_GLYPHS.has(c)) ?? '口') + chars.slice(1).join('');
    case 'lost last character':
      return chars.slice(0, -1).join('');
    case 'lost inner character': {
      const i = 1 + Math.floor(rng() * (chars.length - 2));
      return [...chars.slice(0, i), ...chars.slice(i + 1)].join('');
    }
    case 'doubled character': {
      const i = 1 + Math.floor(rng() * (chars.length - 1));
      return [...chars.slice(0, i + 1), chars[i], ...chars.slice(i + 1)].join('');
    }
    case 'two slips': {
      // Two letters or digits confused; or the province lost or unreadable and one confused.
      const confused = confuseOne(rng, plate);
      if (rng() < 0.4) return misread(rng, confused, rng() < 0.5 ? 'province lost' : 'province read as a glyph on no plate');
      const left = alnumPositions(plate).filter((i) => confused[i] === plate[i]);
      for (let attempt = 0; attempt < 10; attempt++) {
        const i = pick(rng, left);
        const other = glyphSlip(rng, plate[i]);
        if (other) return replaceAt(confused, i, other);
      }
      return confused;
    }
    case 'formatting':
      // The read is right; the feed writes it with separators, full-width characters or lower case.
      return weighted(rng, [
        [`${chars[0]}${chars[1]}·${chars.slice(2).join('')}`, 1],
        [`${chars[0]}${chars[1]} ${chars.slice(2).join('')}`, 1],
        [[...plate].map((c) => (/[A-Z0-9]/.test(c) ? String.fromCharCode(c.charCodeAt(0) + 0xfee0) : c)).join(''), 1],
        [plate.toLowerCase(), 1],
        [`${chars[0]}${chars[1]}-${chars.slice(2).join('')}`, 1],
      ] as const);
  }
}

/** A camera's read of `plate`: right most of the time, else one slip drawn from the mix. */
export function cameraRead(rng: Random, plate: string, errorRate: number): { read: string; kind: SlipKind | null } {
  if (rng() >= errorRate) return { read: plate, kind: null };
  const kind = weighted(rng, SLIP_MIX);
  return { read: misread(rng, plate, kind), kind };
}

/** Camera confidence: readers are somewhat less sure of the reads they get wrong, and often sure anyway. */
export function readConfidence(rng: Random, correct: boolean): number {
  const c = correct ? 0.75 + rng() * 0.24 : 0.55 + rng() * 0.43;
  return Math.round(c * 100) / 100;
}

/**
 * An innocent car whose plate looks like `plate`: one letter or digit a reader could misread
 * for the one on `plate` (from the glyph model), or the same plate from another province.
 */
export function lookAlikePlate(rng: Random, plate: string, kind: 'one confusable character' | 'another province'): string {
  // A look-alike is a car: its plate is one the world issues (its province issues the authority
  // letter, the serial has an issued shape), drawn again until it is; the plate itself when none comes.
  for (let attempt = 0; attempt < 100; attempt++) {
    const candidate = kind === 'another province' ? pick(rng, [...PROVINCE_GLYPHS].filter((p) => p !== plate[0])) + plate.slice(1) : confuseOne(rng, plate);
    if (candidate !== plate && issuedPlate(candidate)) return candidate;
  }
  return plate;
}

/** Whether some car of this world could carry `plate`: one of plateOf's formats, under a letter its province issues. */
export function issuedPlate(plate: string): boolean {
  const province = PROVINCE_BY_GLYPH.get([...plate][0]);
  return province !== undefined && plateOfProbability(plate, province[0], province[2]) > 0;
}

// ---- the generator's own probabilities --------------------------------------------------------
// What the samplers above draw, in closed form: how likely each plate, camera view, confidence and
// single slip is. Only `bayes-bound.ts` uses them, for the best any matcher could do on this
// world (it knows the world; the matcher must not). Each mirrors its sampler line for line, and
// bayes-bound checks them against the samplers before it reports.

const PROVINCE_TOTAL = PROVINCES.reduce((s, [, stock]) => s + stock, 0);
const PROVINCE_BY_GLYPH = new Map(PROVINCES.map((p) => [p[0], p]));
const count = (s: string, c: string) => [...s].filter((x) => x === c).length;
const BLUE_SERIALS = 1e5 + 1.2e6 + 5.76e6;

/** P(plateOf(rng, province, letters) returns `plate`). */
export function plateOfProbability(plate: string, province: string, letters: string): number {
  const chars = [...plate];
  if (chars[0] !== province) return 0;
  const authority = chars[1];
  const pAuthority = (authority === 'A' ? 0.33 : 0) + (letters.includes(authority) ? 0.67 / letters.length : 0);
  if (!pAuthority) return 0;
  const rest = chars.slice(2);
  const isDigit = (c: string) => DIGITS.includes(c);
  const allDigits = (cs: string[]) => cs.every(isDigit);
  let p = 0;
  if (rest.length === 6) {
    const series = rest[0];
    const pSeries = ('DF'.includes(series) ? 0.65 / 2 : 0) + ('ABCEGHJK'.includes(series) ? 0.35 / 8 : 0);
    if (pSeries && ALNUM.includes(rest[1]) && allDigits(rest.slice(2))) p += 0.07 * pSeries * (1 / ALNUM.length) * 1e-4;
    if (allDigits(rest.slice(0, 5)) && 'DF'.includes(rest[5])) p += 0.01 * 1e-5 * 0.5;
  } else if (rest.length === 5) {
    if (allDigits(rest.slice(0, 4)) && '挂学警'.includes(rest[4])) p += 0.01 * 1e-4 * (count('挂挂挂学警', rest[4]) / 5);
    const letterCount = rest.filter((c) => LETTERS.includes(c)).length;
    if (rest.every((c) => isDigit(c) || LETTERS.includes(c)) && letterCount <= 2) {
      const pCount = [1e5, 1.2e6, 5.76e6][letterCount] / BLUE_SERIALS;
      const placements = [1, 5, 10][letterCount];
      p += 0.91 * pCount * (1 / placements) * (1 / LETTERS.length) ** letterCount * (1 / 10) ** (5 - letterCount);
    }
  }
  return pAuthority * p;
}

/** P(nationalPlate(rng) returns `plate`). */
export function nationalPlateProbability(plate: string): number {
  const province = PROVINCE_BY_GLYPH.get([...plate][0]);
  return province ? (province[1] / PROVINCE_TOTAL) * plateOfProbability(plate, province[0], province[2]) : 0;
}

/** P(localPlate(rng) returns `plate`). */
export function localPlateProbability(plate: string): number {
  return 0.5 * plateOfProbability(plate, '桂', 'P') + 0.2 * plateOfProbability(plate, '桂', 'ABCDEFGHJKLMNR') + 0.3 * nationalPlateProbability(plate);
}

/** P(readConfidence(rng, correct) returns `confidence`) (it rounds a uniform draw to hundredths). */
export function confidenceProbability(confidence: number, correct: boolean): number {
  const [from, width] = correct ? [75, 24] : [55, 43];
  const c = Math.round(confidence * 100);
  if (c < from || c > from + width) return 0;
  return (c === from || c === from + width ? 0.5 : 1) / width;
}

/** P(glyphSlip(rng, c, allow) returns `other`), the reader's fallback aside. */
export function glyphSlipProbability(c: string, other: string, allow?: (candidate: string) => boolean): number {
  const options = (MODEL.confusions[c] ?? []).filter(([o]) => !allow || allow(o));
  const total = options.reduce((s, [, w]) => s + w, 0);
  const hit = options.find(([o]) => o === other);
  return hit ? hit[1] / total : 0;
}

/** Characters whose slips may produce `read` (the inverse of the glyph model), each once. */
export function glyphSources(read: string): string[] {
  return GLYPH_SOURCES.get(read) ?? [];
}
const GLYPH_SOURCES = new Map<string, string[]>();
for (const [c, options] of Object.entries(MODEL.confusions)) for (const [o] of options) GLYPH_SOURCES.set(o, [...(GLYPH_SOURCES.get(o) ?? []), c]);

/** P(lookAlikePlate(rng, plate, kind) returns `lookAlike`): the sampler's draw, given that the world issues what it drew. */
export function lookAlikeProbability(plate: string, kind: 'one confusable character' | 'another province', lookAlike: string): number {
  if (lookAlike === plate || !issuedPlate(lookAlike)) return 0;
  const kept = issuedLookAlikeShare(plate, kind);
  return kept > 0 ? lookAlikeDrawProbability(plate, kind, lookAlike) / kept : 0;
}
/** P(one draw of lookAlikePlate's loop gives `other`), before the issued check. */
function lookAlikeDrawProbability(plate: string, kind: 'one confusable character' | 'another province', other: string): number {
  if (kind === 'one confusable character') return oneSlipProbability(plate, other);
  return [...other][0] !== [...plate][0] && PROVINCE_GLYPHS.has([...other][0]) && other.slice(1) === plate.slice(1) ? 1 / (PROVINCE_GLYPHS.size - 1) : 0;
}
/** The chance that one draw gives a plate the world issues (what lookAlikePlate keeps), by plate and kind. */
const issuedShares = new Map<string, number>();
function issuedLookAlikeShare(plate: string, kind: 'one confusable character' | 'another province'): number {
  const key = `${kind}|${plate}`;
  let share = issuedShares.get(key);
  if (share === undefined) {
    share = 0;
    const outcomes =
      kind === 'another province'
        ? [...PROVINCE_GLYPHS].filter((p) => p !== [...plate][0]).map((p) => p + plate.slice(1))
        : alnumPositions(plate).flatMap((i) => (MODEL.confusions[[...plate][i]] ?? []).map(([other]) => replaceAt(plate, i, other)));
    for (const o of new Set(outcomes)) if (o !== plate && issuedPlate(o)) share += lookAlikeDrawProbability(plate, kind, o);
    issuedShares.set(key, share);
  }
  return share;
}

/** P(misread(rng, plate, 'one confusable character') returns `read`), when the two differ in one place. */
export function oneSlipProbability(plate: string, read: string): number {
  const a = [...plate];
  const b = [...read];
  if (a.length !== b.length) return 0;
  const places = alnumPositions(plate);
  let at = -1;
  for (let i = 0; i < a.length; i++) {
    if (a[i] === b[i]) continue;
    if (at >= 0) return 0;
    at = i;
  }
  return at > 0 && places.includes(at) ? glyphSlipProbability(a[at], b[at]) / places.length : 0;
}

/** P(misread(rng, plate, 'province read as another province') returns `read`). */
export function provinceSlipProbability(plate: string, read: string): number {
  const a = [...plate];
  const b = [...read];
  if (a.length !== b.length || a[0] === b[0] || !PROVINCE_GLYPHS.has(b[0]) || a.slice(1).join('') !== b.slice(1).join('')) return 0;
  const isProvince = (c: string) => PROVINCE_GLYPHS.has(c);
  const options = (MODEL.confusions[a[0]] ?? []).filter(([o]) => isProvince(o));
  return options.length ? glyphSlipProbability(a[0], b[0], isProvince) : 1 / (PROVINCE_GLYPHS.size - 1);
}

/** The province glyphs plates carry. */
export const PROVINCE_LIST: readonly string[] = [...PROVINCE_GLYPHS];

/** P(vehicleOf(rng) returns a vehicle with this colour / make / kind): the fleet's shares. */
const share = (table: ReadonlyArray<readonly [string, number]>, value: string) => (table.find(([v]) => v === value)?.[1] ?? 0) / table.reduce((s, [, w]) => s + w, 0);
/** The fleet's mean of `f` over one attribute's values (a table of value and weight). */
const mean = (table: ReadonlyArray<readonly [string, number]>, f: (value: string) => number) => table.reduce((s, [value, w]) => s + w * f(value), 0) / table.reduce((s, [, w]) => s + w, 0);
export const fleetShare = {
  vehicleColor: (value: string) => share(COLORS, value),
  vehicleBrand: (value: string) => share(BRANDS, value),
  vehicleType: (value: string) => share(TYPES, value),
};

// cameraView draws colour, make and kind apart: the probability of a view is the product of these.
function colorViewProbability(actual: string, seen: string): number {
  const near = NEAR_COLOR[actual];
  return (seen === actual ? 0.85 + (near ? 0 : 0.1) : 0) + (near?.includes(seen) ? 0.1 / near.length : 0) + 0.05 * fleetShare.vehicleColor(seen);
}
function brandViewProbability(actual: string, seen: string | undefined): number {
  if (seen === undefined) return 0.1;
  const english = ENGLISH[actual];
  return (seen === actual ? (english ? 0.8 * 0.7 : 0.8) : 0) + (english && seen === english ? 0.8 * 0.3 : 0) + 0.1 * fleetShare.vehicleBrand(seen);
}
function typeViewProbability(actual: string, seen: string | undefined): number {
  return seen === undefined ? 0.15 : seen === actual ? 0.85 : 0;
}

/** P(cameraView(rng, v) returns `view`). */
export function cameraViewProbability(v: Vehicle, view: Partial<Vehicle>): number {
  return colorViewProbability(v.vehicleColor, view.vehicleColor!) * brandViewProbability(v.vehicleBrand, view.vehicleBrand) * typeViewProbability(v.vehicleType, view.vehicleType);
}

/** P(cameraView(rng, vehicleOf(rng)) returns `view`): the view of a car drawn from the fleet (its colour, make and kind are drawn apart). */
export function fleetViewProbability(view: Partial<Vehicle>): number {
  return (
    mean(COLORS, (c) => colorViewProbability(c, view.vehicleColor!)) *
    mean(BRANDS, (b) => brandViewProbability(b, view.vehicleBrand)) *
    mean(TYPES, (t) => typeViewProbability(t, view.vehicleType))
  );
}

/** P(cameraView(rng, differentVehicle(rng, v)) returns `view`): the view of an innocent look-alike of the car `v`. */
export function differentVehicleViewProbability(v: Vehicle, view: Partial<Vehicle>): number {
  // differentVehicle draws fleet cars until one has another make or a colour not near v's: take the refused ones out.
  const nearShare = mean(COLORS, (c) => (nearColors(c, v.vehicleColor) ? 1 : 0));
  const refused = nearShare * fleetShare.vehicleBrand(v.vehicleBrand);
  const refusedView =
    mean(COLORS, (c) => (nearColors(c, v.vehicleColor) ? colorViewProbability(c, view.vehicleColor!) : 0)) *
    fleetShare.vehicleBrand(v.vehicleBrand) * brandViewProbability(v.vehicleBrand, view.vehicleBrand) *
    mean(TYPES, (t) => typeViewProbability(t, view.vehicleType));
  return (fleetViewProbability(view) - refusedView) / (1 - refused);
}
