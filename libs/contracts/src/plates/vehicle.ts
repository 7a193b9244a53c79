/**
 * The vehicle behind a plate: what the court's vehicle-registration query says about a sealed car
 * and what a camera saw of a passing one (GA/T 1400 pass records carry PlateColor, VehicleColor,
 * VehicleBrand, VehicleClass). The one place that says which values there are, how the codes of
 * the police's tables map onto them, and when two descriptions of a car agree or contradict.
 * Unknown is always neutral: a missing attribute never counts for or against a car.
 */
import { own } from '../text/text';
import { PlateColor } from './plate';

/** Body colour (车身颜色). */
export enum VehicleColor {
  White = 'white',
  Grey = 'grey',
  Silver = 'silver',
  Black = 'black',
  Red = 'red',
  Blue = 'blue',
  Yellow = 'yellow',
  Orange = 'orange',
  Brown = 'brown',
  Green = 'green',
  Cyan = 'cyan',
  Purple = 'purple',
  Pink = 'pink',
  Other = 'other',
}

/**
 * Kind of vehicle (车辆类型), coarse enough for a camera's classifier and the registration's
 * GA 24.4 code to be compared.
 */
export enum VehicleType {
  /** Saloon / sedan (轿车). */
  Car = 'car',
  Suv = 'suv',
  Mpv = 'mpv',
  /** Minivan (面包车). */
  Van = 'van',
  Pickup = 'pickup',
  Bus = 'bus',
  Truck = 'truck',
  /** Tractor unit (牵引车). */
  Tractor = 'tractor',
  Trailer = 'trailer',
  Motorcycle = 'motorcycle',
  /** Three-wheeled vehicles (三轮汽车, 三轮摩托). */
  Tricycle = 'tricycle',
  /** Special-purpose vehicles (专项作业车, wheeled machinery). */
  Special = 'special',
  Other = 'other',
}

/** Longest brand or model text taken. */
export const VEHICLE_TEXT_MAX = 50;

/** How two descriptions of one attribute compare. */
export enum AttributeVerdict {
  Agree = 'agree',
  /** Different, but close enough that a camera or a clerk could say either (silver and grey, car and SUV). */
  Near = 'near',
  Differ = 'differ',
}

/** Attributes both sides may hold; every one optional. */
export interface VehicleAttributes {
  plateColor?: PlateColor | null;
  vehicleColor?: VehicleColor | null;
  vehicleBrand?: string | null;
  vehicleModel?: string | null;
  vehicleType?: VehicleType | null;
}

export type AttributeName = 'plateColor' | 'vehicleColor' | 'vehicleBrand' | 'vehicleType';

export interface AttributeComparison {
  attribute: AttributeName;
  verdict: AttributeVerdict;
  /** What the seal says. */
  sealed: string;
  /** What the camera saw. */
  seen: string;
}

// Colours a camera's classifier (and a registration clerk) mix up under light, dirt and glare.
const NEAR_COLORS: ReadonlyArray<readonly VehicleColor[]> = [
  [VehicleColor.White, VehicleColor.Silver, VehicleColor.Grey],
  [VehicleColor.Silver, VehicleColor.Grey, VehicleColor.Black],
  [VehicleColor.Blue, VehicleColor.Cyan, VehicleColor.Green],
  [VehicleColor.Red, VehicleColor.Orange, VehicleColor.Pink, VehicleColor.Purple],
  [VehicleColor.Yellow, VehicleColor.Orange, VehicleColor.Brown],
];
// Passenger vehicles a classifier tells apart poorly (and registration files in fewer classes).
const SMALL_PASSENGER = [VehicleType.Car, VehicleType.Suv, VehicleType.Mpv, VehicleType.Van, VehicleType.Pickup];
const NEAR_TYPES: ReadonlyArray<readonly VehicleType[]> = [
  SMALL_PASSENGER,
  [VehicleType.Truck, VehicleType.Tractor, VehicleType.Pickup, VehicleType.Special],
  [VehicleType.Motorcycle, VehicleType.Tricycle],
];
const NEAR_PLATE_COLORS: ReadonlyArray<readonly PlateColor[]> = [[PlateColor.Green, PlateColor.YellowGreen]];

function near<T>(groups: ReadonlyArray<readonly T[]>, a: T, b: T): boolean {
  return groups.some((g) => g.includes(a) && g.includes(b));
}

function verdictOf<T>(a: T, b: T, groups: ReadonlyArray<readonly T[]>): AttributeVerdict {
  return a === b ? AttributeVerdict.Agree : near(groups, a, b) ? AttributeVerdict.Near : AttributeVerdict.Differ;
}

/** How one attribute compares (values already known; brands as their {@link brandKey}). */
export function attributeVerdict(attribute: AttributeName, sealed: string, seen: string): AttributeVerdict {
  switch (attribute) {
    case 'plateColor':
      return verdictOf(sealed as PlateColor, seen as PlateColor, NEAR_PLATE_COLORS);
    case 'vehicleColor':
      return verdictOf(sealed as VehicleColor, seen as VehicleColor, NEAR_COLORS);
    case 'vehicleType':
      return verdictOf(sealed as VehicleType, seen as VehicleType, NEAR_TYPES);
    case 'vehicleBrand':
      return sealed === seen ? AttributeVerdict.Agree : AttributeVerdict.Differ;
  }
}

/**
 * Compares what the seal says with what the camera saw, attribute by attribute, for the
 * attributes both know (an `other` colour or type counts as unknown). Brands compare by their
 * canonical name, so 大众, VW and Volkswagen agree.
 */
export function compareAttributes(sealed: VehicleAttributes, seen: VehicleAttributes): AttributeComparison[] {
  const out: AttributeComparison[] = [];
  const add = (attribute: AttributeName, a: string | null | undefined, b: string | null | undefined, shownA = a, shownB = b) => {
    if (a && b) out.push({ attribute, verdict: attributeVerdict(attribute, a, b), sealed: shownA!, seen: shownB! });
  };
  add('plateColor', sealed.plateColor, seen.plateColor);
  add('vehicleColor', known(sealed.vehicleColor), known(seen.vehicleColor));
  add('vehicleBrand', brandKey(sealed.vehicleBrand), brandKey(seen.vehicleBrand), sealed.vehicleBrand, seen.vehicleBrand);
  add('vehicleType', known(sealed.vehicleType), known(seen.vehicleType));
  return out;
}

/** `other` says nothing about a car. */
function known<T extends string>(value: T | null | undefined): T | null {
  return value && value !== 'other' ? value : null;
}

// Canonical makes and the names cameras, platforms and registration files give them (Chinese,
// English, pinyin, abbreviations). A make sold under its maker's name as well as its own badge
// (哈弗 / 长城, 宝骏 / 五菱, 领克 / 吉利) is one key: a registration may name the maker, a camera the
// badge it sees, and the two describe the same car, so they must never count as a contradiction.
const BRAND_ALIASES: Record<string, string[]> = {
  volkswagen: ['大众', '一汽大众', '上汽大众', '上海大众', 'vw', 'volkswagen'],
  toyota: ['丰田', '一汽丰田', '广汽丰田', 'toyota'],
  honda: ['本田', '广汽本田', '东风本田', 'honda'],
  nissan: ['日产', '东风日产', '尼桑', 'nissan'],
  venucia: ['启辰', 'venucia'],
  infiniti: ['英菲尼迪', 'infiniti'],
  buick: ['别克', 'buick'],
  chevrolet: ['雪佛兰', 'chevrolet', 'chevy'],
  byd: ['比亚迪', 'byd', '腾势', 'denza', '仰望', 'yangwang', '方程豹'],
  geely: ['吉利', 'geely', '领克', 'lynk & co', 'lynkco', 'lynk', '极氪', 'zeekr', '几何', 'geometry', '银河'],
  changan: ['长安', 'changan', '深蓝', 'deepal', '启源'],
  avatr: ['阿维塔', 'avatr'],
  wuling: ['五菱', '上汽通用五菱', 'wuling', 'sgmw', '宝骏', 'baojun'],
  bmw: ['宝马', '华晨宝马', 'bmw', '迷你', 'mini'],
  mercedes: ['奔驰', '梅赛德斯', '梅赛德斯-奔驰', 'mercedes', 'mercedes-benz', 'benz'],
  smart: ['斯玛特', 'smart'],
  audi: ['奥迪', '一汽奥迪', 'audi'],
  ford: ['福特', '长安福特', '江铃福特', 'ford'],
  lincoln: ['林肯', 'lincoln'],
  hyundai: ['现代', '北京现代', 'hyundai'],
  kia: ['起亚', 'kia'],
  greatwall: ['长城', 'great wall', 'greatwall', 'gwm', '哈弗', 'haval', '魏牌', '魏', 'wey', '坦克', 'tank', '欧拉', 'ora'],
  tesla: ['特斯拉', 'tesla'],
  liauto: ['理想', 'li auto', 'liauto', 'lixiang'],
  nio: ['蔚来', 'nio'],
  xpeng: ['小鹏', 'xpeng'],
  xiaomi: ['小米', 'xiaomi'],
  aito: ['问界', 'aito', '赛力斯', 'seres'],
  leapmotor: ['零跑', 'leapmotor'],
  neta: ['哪吒', 'neta'],
  roewe: ['荣威', 'roewe'],
  mg: ['名爵', 'mg'],
  chery: ['奇瑞', 'chery', '捷途', 'jetour', '星途', 'exeed', '开瑞', 'karry'],
  trumpchi: ['传祺', '广汽传祺', 'trumpchi', 'gac', '广汽', '埃安', 'aion'],
  mazda: ['马自达', 'mazda'],
  skoda: ['斯柯达', 'skoda'],
  peugeot: ['标致', 'peugeot'],
  citroen: ['雪铁龙', 'citroen'],
  dongfeng: ['东风', 'dongfeng', '风神', 'aeolus', '风行', '风光', '岚图', 'voyah'],
  jac: ['江淮', 'jac'],
  jmc: ['江铃', 'jmc'],
  baic: ['北汽', 'baic', '北京汽车', '极狐', 'arcfox'],
  bestune: ['奔腾', 'bestune'],
  haima: ['海马', 'haima'],
  soueast: ['东南', 'soueast'],
  jinbei: ['金杯', 'jinbei'],
  cadillac: ['凯迪拉克', 'cadillac'],
  volvo: ['沃尔沃', 'volvo'],
  landrover: ['路虎', 'land rover', 'landrover'],
  jaguar: ['捷豹', 'jaguar'],
  lexus: ['雷克萨斯', 'lexus'],
  acura: ['讴歌', 'acura'],
  mitsubishi: ['三菱', 'mitsubishi'],
  suzuki: ['铃木', 'suzuki'],
  subaru: ['斯巴鲁', 'subaru'],
  hongqi: ['红旗', 'hongqi'],
  porsche: ['保时捷', 'porsche'],
  jeep: ['吉普', 'jeep'],
  foton: ['福田', 'foton', '欧曼', 'auman'],
  jiefang: ['解放', '一汽解放', 'jiefang', 'faw jiefang'],
  sinotruk: ['重汽', '中国重汽', 'sinotruk', 'howo', '豪沃'],
  shacman: ['陕汽', 'shacman', '德龙'],
  chenglong: ['乘龙', '柳汽', 'chenglong'],
  isuzu: ['五十铃', 'isuzu'],
  yutong: ['宇通', 'yutong'],
  kinglong: ['金龙', 'king long', 'kinglong'],
  maxus: ['大通', '上汽大通', 'maxus'],
  renault: ['雷诺', 'renault'],
  fiat: ['菲亚特', 'fiat'],
  opel: ['欧宝', 'opel'],
  chrysler: ['克莱斯勒', 'chrysler'],
  dodge: ['道奇', 'dodge'],
  maserati: ['玛莎拉蒂', 'maserati'],
  ferrari: ['法拉利', 'ferrari'],
  lamborghini: ['兰博基尼', 'lamborghini'],
  bentley: ['宾利', 'bentley'],
  rollsroyce: ['劳斯莱斯', 'rolls-royce', 'rolls royce'],
  polestar: ['极星', 'polestar'],
  lotus: ['路特斯', '莲花', 'lotus'],
  iveco: ['依维柯', 'iveco'],
  hino: ['日野', 'hino'],
  dayun: ['大运', 'dayun'],
  yadea: ['雅迪', 'yadea'],
  aima: ['爱玛', 'aima'],
};

/** A name as brand names are compared: lower case, every run of punctuation or space one space, Han apart from Latin. */
function brandText(name: string): string {
  return name
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^a-z0-9\u3400-\u9fff]+/g, ' ')
    .replace(/([\u3400-\u9fff])(?=[a-z0-9])|([a-z0-9])(?=[\u3400-\u9fff])/g, '$1$2 ')
    .trim();
}

const HAN = /[\u3400-\u9fff]/;
interface BrandAlias {
  text: string;
  key: string;
  /** Latin names count only as whole words (mg in "sgm7158" is no MG); Han ones anywhere. */
  word: boolean;
}
const ALIASES: BrandAlias[] = Object.entries(BRAND_ALIASES).flatMap(([key, names]) =>
  names.map((name) => ({ text: brandText(name), key, word: !HAN.test(name) })),
);
const BRAND_BY_ALIAS = new Map<string, string>(ALIASES.map((a) => [a.text.replace(/ /g, ''), a.key]));
// Words that say "a maker" rather than which: stripped from a name no alias knows, so 江铃汽车 and 江铃 meet.
const MAKER_WORDS = /汽车|股份有限公司|有限公司|有限责任公司|公司|集团|\b(?:auto|automobile|automotive|motors?|cars?|co|ltd|inc|group)\b/g;

/**
 * The canonical name a brand compares by: a known alias maps to its brand, anything else to its
 * own lower-case, space-free text (so two spellings of an unknown brand still meet when equal).
 * Null for nothing.
 */
export function brandKey(brand: string | null | undefined): string | null {
  if (!brand) return null;
  // Cameras name a few hundred makes, every read names one: each name is worked out once.
  const cached = BRAND_KEYS.get(brand);
  if (cached !== undefined) return cached;
  const key = brandKeyOf(brand);
  if (BRAND_KEYS.size >= BRAND_KEYS_KEPT) BRAND_KEYS.clear();
  BRAND_KEYS.set(brand, key);
  return key;
}

/** Names worked out so far (cleared when full, so names a feed invents cannot grow it without bound). */
const BRAND_KEYS = new Map<string, string | null>();
const BRAND_KEYS_KEPT = 4096;

function brandKeyOf(brand: string): string | null {
  let text = brandText(brand);
  const whole = BRAND_BY_ALIAS.get(text.replace(/ /g, ''));
  if (whole) return whole;
  // A registration names the make as "<make>牌" and then the model code (大众汽车牌FV7160FBMBG, 梅赛德斯-奔驰牌BJ7204): the make is what precedes 牌.
  const pai = text.indexOf('牌');
  if (pai > 0) text = text.slice(0, pai).trim();
  if (!text || text === 'unknown' || text === '未知' || text === '其他') return null;
  const compact = text.replace(/ /g, '');
  const known = BRAND_BY_ALIAS.get(compact);
  if (known) return known;
  // A name holding a known make: the make may follow its maker (长安福特, 东风悦达起亚, FAW-Volkswagen,
  // 上汽通用别克) or precede its model (大众朗逸, Toyota Corolla). Makers come first and models
  // rarely spell a make, so the make named last is the badge.
  let best: BrandAlias | null = null;
  let bestAt = -1;
  const spaced = ` ${text} `;
  for (const alias of ALIASES) {
    // Where the name starts in `text` (the spaced copy's leading space shifts a word's index by one).
    const at = alias.word ? spaced.lastIndexOf(` ${alias.text} `) : text.lastIndexOf(alias.text);
    if (at < 0) continue;
    if (at > bestAt || (at === bestAt && alias.text.length > best!.text.length)) [best, bestAt] = [alias, at];
  }
  if (best) return best.key;
  return text.replace(MAKER_WORDS, ' ').replace(/ /g, '') || compact;
}

/**
 * GA/T 1400 colour codes (PlateColor, VehicleColor in pass records): 1 black, 2 white, 3 grey,
 * 4 red, 5 blue, 6 yellow, 7 orange, 8 brown, 9 green, 10 purple, 11 cyan, 12 pink,
 * 13 transparent, 99 other. Unknown codes give null (unknown, neutral).
 */
export function vehicleColorOfGat1400(code: string | number | null | undefined): VehicleColor | null {
  return own(GAT1400_COLORS, String(code ?? '').trim()) ?? null;
}

const GAT1400_COLORS: Record<string, VehicleColor> = {
  '1': VehicleColor.Black,
  '2': VehicleColor.White,
  '3': VehicleColor.Grey,
  '4': VehicleColor.Red,
  '5': VehicleColor.Blue,
  '6': VehicleColor.Yellow,
  '7': VehicleColor.Orange,
  '8': VehicleColor.Brown,
  '9': VehicleColor.Green,
  '10': VehicleColor.Purple,
  '11': VehicleColor.Cyan,
  '12': VehicleColor.Pink,
  '99': VehicleColor.Other,
};

/** A plate colour from the GA/T 1400 colour codes (blue, yellow, white, black, green); null for others. */
export function plateColorOfGat1400(code: string | number | null | undefined): PlateColor | null {
  switch (vehicleColorOfGat1400(code)) {
    case VehicleColor.Blue:
      return PlateColor.Blue;
    case VehicleColor.Yellow:
      return PlateColor.Yellow;
    case VehicleColor.White:
      return PlateColor.White;
    case VehicleColor.Black:
      return PlateColor.Black;
    case VehicleColor.Green:
      return PlateColor.Green;
    default:
      return null;
  }
}

/**
 * Body colour from the registration table's code (GA 24.8 CSYS): A white, B grey, C yellow,
 * D pink, E red, F purple, G green, H blue, I brown, J black, Z other. Several letters (a
 * two-tone car) give the first.
 */
export function vehicleColorOfCsys(code: string | null | undefined): VehicleColor | null {
  const letter = (code ?? '').trim().toUpperCase()[0];
  return letter ? (own(CSYS, letter) ?? null) : null;
}

const CSYS: Record<string, VehicleColor> = {
  A: VehicleColor.White,
  B: VehicleColor.Grey,
  C: VehicleColor.Yellow,
  D: VehicleColor.Pink,
  E: VehicleColor.Red,
  F: VehicleColor.Purple,
  G: VehicleColor.Green,
  H: VehicleColor.Blue,
  I: VehicleColor.Brown,
  J: VehicleColor.Black,
  Z: VehicleColor.Other,
};

/**
 * Vehicle type from a GA 24.4 vehicle type code (CLLX in registration files, VehicleClass in
 * GA/T 1400 pass records), e.g. K33 small saloon, K32 small off-road, K39 small van, H11 heavy
 * truck, Q11 heavy tractor, M22 motorcycle. Null for an unknown code.
 */
export function vehicleTypeOfGa24(code: string | null | undefined): VehicleType | null {
  const c = (code ?? '').trim().toUpperCase();
  if (!/^[A-Z][0-9A-Z]{0,2}$/.test(c)) return null;
  const [kind, size, sub] = [c[0], c[1], c[2]];
  switch (kind) {
    case 'K':
      if (size === '1' || size === '2') return VehicleType.Bus;
      if (sub === '3') return VehicleType.Car;
      if (sub === '2') return VehicleType.Suv;
      if (sub === '9') return VehicleType.Van;
      return size === '3' || size === '4' ? VehicleType.Mpv : null;
    case 'H':
      return size === '3' && sub === '8' ? VehicleType.Pickup : VehicleType.Truck;
    case 'Q':
      return VehicleType.Tractor;
    case 'G':
    case 'B':
      return VehicleType.Trailer;
    case 'M':
      return size === '1' ? VehicleType.Tricycle : VehicleType.Motorcycle;
    case 'N':
      return VehicleType.Tricycle;
    case 'Z':
    case 'J':
      return VehicleType.Special;
    default:
      return VehicleType.Other;
  }
}

// ---- what either door may send for an attribute -------------------------------------------------
// A court pastes what the vehicle-registration query printed (CSYS letters, a GA 24.4 code, 白色,
// 小型轿车), a platform sends GA/T 1400 codes, a camera vendor our own values: each is one car.
// Our values and the codes are taken only as written (BLUE, k33 are refused: nobody prints them).

const COLOR_WORDS: Record<string, VehicleColor> = {
  白: VehicleColor.White, 灰: VehicleColor.Grey, 银: VehicleColor.Silver, 银灰: VehicleColor.Silver, 黑: VehicleColor.Black, 红: VehicleColor.Red,
  蓝: VehicleColor.Blue, 黄: VehicleColor.Yellow, 橙: VehicleColor.Orange, 橘: VehicleColor.Orange, 棕: VehicleColor.Brown, 褐: VehicleColor.Brown,
  咖啡: VehicleColor.Brown, 绿: VehicleColor.Green, 青: VehicleColor.Cyan, 紫: VehicleColor.Purple, 粉: VehicleColor.Pink, 粉红: VehicleColor.Pink,
  其他: VehicleColor.Other, 其它: VehicleColor.Other,
};
const VEHICLE_COLORS = new Set<string>(Object.values(VehicleColor));
const VEHICLE_TYPES = new Set<string>(Object.values(VehicleType));
const PLATE_COLORS = new Set<string>(Object.values(PlateColor));

/** A colour word without its 色 and a 深 / 浅 shade (深蓝色 is blue). */
function colorWord(text: string): string {
  return text.replace(/色$/, '').replace(/^[深浅淡亮暗]/, '');
}

/**
 * Body colour as either door may send it: our value (`white`), a GA/T 1400 colour code (`2`), a
 * registration CSYS code (`A`, `AJ` for a two-tone car: the first), or the colour in Chinese (`白`,
 * `白色`, `深蓝色`). Null when it is none of these.
 */
export function vehicleColorFrom(input: string): VehicleColor | null {
  const text = input.normalize('NFKC').trim();
  if (VEHICLE_COLORS.has(text)) return text as VehicleColor;
  if (/^\d{1,2}$/.test(text)) return vehicleColorOfGat1400(text);
  if (/^[A-JZ]{1,3}$/.test(text)) return vehicleColorOfCsys(text);
  return own(COLOR_WORDS, colorWord(text)) ?? null;
}

// GA 24.4 names (小型轿车, 重型半挂牵引车, 普通二轮摩托车 …) by the word that decides the kind, checked in this order.
const TYPE_WORDS: ReadonlyArray<readonly [RegExp, VehicleType]> = [
  [/牵引/, VehicleType.Tractor],
  [/挂车/, VehicleType.Trailer],
  [/三轮/, VehicleType.Tricycle],
  [/摩托/, VehicleType.Motorcycle],
  [/轿车/, VehicleType.Car],
  [/越野/, VehicleType.Suv],
  [/面包/, VehicleType.Van],
  [/皮卡|多用途货车/, VehicleType.Pickup],
  [/专项作业/, VehicleType.Special],
  [/^(大型|中型).*客车/, VehicleType.Bus],
  [/客车/, VehicleType.Mpv],
  [/货车/, VehicleType.Truck],
];

/**
 * Vehicle type as either door may send it: our value (`car`), a GA 24.4 code (`K33`: a letter and
 * two digits), or its Chinese name (`小型轿车`, `重型半挂牵引车`). Null when it is none of these.
 */
export function vehicleTypeFrom(input: string): VehicleType | null {
  const text = input.normalize('NFKC').trim();
  if (VEHICLE_TYPES.has(text)) return text as VehicleType;
  if (/^[A-Z]\d{2}$/.test(text)) return /^[KHQGBMNZJTXD]/.test(text) ? vehicleTypeOfGa24(text) : null;
  return TYPE_WORDS.find(([word]) => word.test(text))?.[1] ?? null;
}

const PLATE_COLOR_WORDS: Record<string, PlateColor> = {
  蓝: PlateColor.Blue, 黄: PlateColor.Yellow, 绿: PlateColor.Green, 渐变绿: PlateColor.Green, 黄绿: PlateColor.YellowGreen, 白: PlateColor.White, 黑: PlateColor.Black,
};

/**
 * Plate colour as either door may send it: our value (`blue`) or the colour in Chinese (`蓝`,
 * `蓝牌`, `黄绿色`). Not a number: the tables disagree (GA/T 1400's 5 is blue, the traffic police's
 * HPYS 2 is), so a code is the GA/T 1400 connector's to map, with the deployment's table.
 */
export function plateColorFrom(input: string): PlateColor | null {
  const text = input.normalize('NFKC').trim();
  if (PLATE_COLORS.has(text)) return text as PlateColor;
  return own(PLATE_COLOR_WORDS, colorWord(text.replace(/牌$/, ''))) ?? null;
}
