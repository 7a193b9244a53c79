/**
 * Plates and vehicles for the public-API evaluation (`npm run eval:api`), written from the
 * standard and from field knowledge, NOT from this repository's plate code: GA 36-2018
 * (中华人民共和国机动车号牌) as a traffic-police integrator knows it.
 *
 * - A plate is a province abbreviation, the issuing authority's letter (发牌机关代号), then the
 *   serial (序号).
 * - Ordinary small (blue) and large (yellow) plates: a five-character serial of digits and
 *   letters, at most two letters, never I or O (they read as 1 and 0).
 * - Small new-energy plates (green, eight characters): the serial's first character is the energy
 *   series letter, D A B C E for pure electric, F G H J K for other new energy, then a letter or a
 *   digit, then four digits.
 * - Large new-energy plates (yellow-green): five digits, then D or F.
 * - Suffix plates: four serial characters then 挂 (trailer, yellow), 学 (driving school, yellow) or
 *   警 (police, white).
 *
 * The fleet's shape is a checkpoint in Fangchenggang (Guangxi): most cars are 桂P (the city's own
 * authority letter), many from the rest of Guangxi, the rest from anywhere in China.
 */

export const PROVINCES = '京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼'.split('');

/** Letters a plate may carry: A-Z without I and O. */
export const PLATE_LETTERS = 'ABCDEFGHJKLMNPQRSTUVWXYZ'.split('');
export const DIGITS = '0123456789'.split('');

export type PlateKind = 'small' | 'large' | 'ne-small' | 'ne-large' | 'trailer' | 'learner' | 'police';
export type PlateColor = 'blue' | 'yellow' | 'green' | 'yellow-green' | 'white';

export interface Plate {
  text: string;
  kind: PlateKind;
  color: PlateColor;
}

/** A small deterministic PRNG (mulberry32), so a seed gives the same corpus every run. */
export class Rng {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0;
  }
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)];
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  /** Picks by weight: `[[value, weight], …]`. */
  weighted<T>(items: readonly (readonly [T, number])[]): T {
    const total = items.reduce((sum, [, w]) => sum + w, 0);
    let r = this.next() * total;
    for (const [value, w] of items) {
      r -= w;
      if (r < 0) return value;
    }
    return items[items.length - 1][0];
  }
  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      [items[i], items[j]] = [items[j], items[i]];
    }
    return items;
  }
}

/** Guangxi's authority letters in use (桂A 南宁 … 桂R 贺州, 桂P 防城港). */
const GUANGXI_LETTERS = 'ABCDEFGHJKLMNPR'.split('');

function prefix(rng: Rng): string {
  const where = rng.weighted([
    ['fangchenggang', 45],
    ['guangxi', 35],
    ['elsewhere', 20],
  ] as const);
  if (where === 'fangchenggang') return '桂P';
  if (where === 'guangxi') return `桂${rng.pick(GUANGXI_LETTERS)}`;
  const province = rng.pick(PROVINCES.filter((p) => p !== '桂'));
  // Most provinces use A onwards; 京 and 沪 use more letters, every province at least A-H.
  return province + rng.pick(PLATE_LETTERS.slice(0, 12));
}

/** Five characters, at most two letters, anywhere in the serial (GA 36-2018 allows mixed positions). */
export function ordinarySerial(rng: Rng): string {
  const letters = rng.weighted([
    [0, 40],
    [1, 40],
    [2, 20],
  ] as const);
  const chars = Array.from({ length: 5 }, () => rng.pick(DIGITS));
  const positions = rng.shuffle([0, 1, 2, 3, 4]).slice(0, letters);
  for (const p of positions) chars[p] = rng.pick(PLATE_LETTERS);
  return chars.join('');
}

function fourDigits(rng: Rng): string {
  return Array.from({ length: 4 }, () => rng.pick(DIGITS)).join('');
}

/** Four characters for a suffix plate: digits, at most one letter. */
function suffixSerial(rng: Rng): string {
  const chars = fourDigits(rng).split('');
  if (rng.chance(0.3)) chars[rng.int(4)] = rng.pick(PLATE_LETTERS);
  return chars.join('');
}

const NE_PURE = 'DABCE'.split('');
const NE_OTHER = 'FGHJK'.split('');

export function makePlate(rng: Rng, kind: PlateKind): Plate {
  const head = prefix(rng);
  switch (kind) {
    case 'small':
      return { text: head + ordinarySerial(rng), kind, color: 'blue' };
    case 'large':
      return { text: head + ordinarySerial(rng), kind, color: 'yellow' };
    case 'ne-small': {
      const series = rng.chance(0.75) ? rng.pick(NE_PURE) : rng.pick(NE_OTHER);
      const second = rng.chance(0.5) ? rng.pick(PLATE_LETTERS) : rng.pick(DIGITS);
      return { text: head + series + second + fourDigits(rng), kind, color: 'green' };
    }
    case 'ne-large':
      return { text: head + fourDigits(rng) + rng.pick(DIGITS) + rng.pick(['D', 'F']), kind, color: 'yellow-green' };
    case 'trailer':
      return { text: head + suffixSerial(rng) + '挂', kind, color: 'yellow' };
    case 'learner':
      return { text: head + suffixSerial(rng) + '学', kind, color: 'yellow' };
    case 'police':
      return { text: head + suffixSerial(rng) + '警', kind, color: 'white' };
  }
}

/** The share of each plate kind among the cars passing (and among the sealed ones). */
export const KIND_SHARE: readonly (readonly [PlateKind, number])[] = [
  ['small', 70],
  ['large', 8],
  ['ne-small', 15],
  ['ne-large', 1.5],
  ['trailer', 3],
  ['learner', 1.5],
  ['police', 1],
];

export function randomPlate(rng: Rng): Plate {
  return makePlate(rng, rng.weighted(KIND_SHARE));
}

/** Characters of a plate (the province and the suffix glyphs are one character each). */
export function chars(text: string): string[] {
  return Array.from(text);
}

/** Is this text a plate GA 36-2018 could issue (used to keep look-alikes real plates)? */
export function isValidPlate(text: string): boolean {
  const c = chars(text);
  if (!PROVINCES.includes(c[0]) || !PLATE_LETTERS.includes(c[1])) return false;
  const serial = c.slice(2);
  const isDigit = (x: string) => DIGITS.includes(x);
  const isLetter = (x: string) => PLATE_LETTERS.includes(x);
  if (serial.length === 5) {
    return serial.every((x) => isDigit(x) || isLetter(x)) && serial.filter(isLetter).length <= 2;
  }
  if (serial.length === 6) {
    // small new energy: series letter, letter or digit, four digits; large: five digits, D or F
    if ([...NE_PURE, ...NE_OTHER].includes(serial[0]) && (isDigit(serial[1]) || isLetter(serial[1])) && serial.slice(2).every(isDigit)) return true;
    if (serial.slice(0, 5).every(isDigit) && ['D', 'F'].includes(serial[5])) return true;
    return false;
  }
  return false;
}

export function isValidSuffixPlate(text: string): boolean {
  const c = chars(text);
  if (c.length !== 7 || !PROVINCES.includes(c[0]) || !PLATE_LETTERS.includes(c[1])) return false;
  if (!['挂', '学', '警'].includes(c[6])) return false;
  const body = c.slice(2, 6);
  return body.every((x) => DIGITS.includes(x) || PLATE_LETTERS.includes(x)) && body.filter((x) => PLATE_LETTERS.includes(x)).length <= 1;
}

export function isPlate(text: string): boolean {
  return isValidPlate(text) || isValidSuffixPlate(text);
}

/** A plate with the middle of its serial hidden, for anything printed: 桂P·A2**5. */
export function maskPlate(text: string): string {
  const c = chars(text);
  return c.map((x, i) => (i >= 3 && i < c.length - 1 ? '*' : x)).join('');
}

// ---------------------------------------------------------------------------------------------
// Vehicles: what the registration says (the seal) and what a camera reports.
// ---------------------------------------------------------------------------------------------

export type VehicleColor = 'white' | 'grey' | 'silver' | 'black' | 'red' | 'blue' | 'yellow' | 'brown' | 'green' | 'orange';
export type VehicleType = 'car' | 'suv' | 'mpv' | 'van' | 'pickup' | 'bus' | 'truck' | 'trailer';

/** Body colours of Chinese cars on the road, roughly by share (white, black, grey and silver dominate). */
export const BODY_COLORS: readonly (readonly [VehicleColor, number])[] = [
  ['white', 40],
  ['black', 18],
  ['grey', 12],
  ['silver', 10],
  ['red', 6],
  ['blue', 6],
  ['brown', 3],
  ['yellow', 2],
  ['green', 2],
  ['orange', 1],
];

/** Colours a camera mixes up at night or in glare. */
const COLOR_SLIPS: Partial<Record<VehicleColor, VehicleColor[]>> = {
  white: ['silver'],
  silver: ['grey', 'white'],
  grey: ['silver', 'black'],
  black: ['grey'],
  blue: ['black'],
  red: ['orange'],
  brown: ['grey'],
};

/**
 * A make as the registration certificate (行驶证) or the vehicle-registration query names it, and
 * as a checkpoint camera's brand recognition names it (the badge it sees). The pairs are the
 * common ones of a Guangxi fleet; the registration names follow the joint-venture naming the
 * registration query prints.
 */
export interface Make {
  registration: string;
  badge: string;
  types: VehicleType[];
  /** The make builds new-energy cars (for green plates). */
  electric?: boolean;
}

export const MAKES: readonly (readonly [Make, number])[] = [
  [{ registration: '一汽-大众', badge: '大众', types: ['car', 'suv'] }, 8],
  [{ registration: '上汽大众', badge: 'Volkswagen', types: ['car', 'suv'] }, 6],
  [{ registration: '大众汽车牌FV7160FBMBG', badge: '大众', types: ['car'] }, 2],
  [{ registration: '东风日产', badge: '日产', types: ['car', 'suv'] }, 6],
  [{ registration: '长安福特', badge: '福特', types: ['car', 'suv'] }, 3],
  [{ registration: '东风悦达起亚', badge: '起亚', types: ['car', 'suv'] }, 2],
  [{ registration: '比亚迪', badge: '比亚迪', types: ['car', 'suv', 'bus'], electric: true }, 8],
  [{ registration: '五菱', badge: '五菱', types: ['van', 'mpv'], electric: true }, 8],
  [{ registration: '宝骏', badge: '五菱', types: ['car', 'suv'], electric: true }, 3],
  [{ registration: '长城', badge: '哈弗', types: ['suv', 'pickup'] }, 4],
  [{ registration: '吉利', badge: '吉利', types: ['car', 'suv'], electric: true }, 5],
  [{ registration: '丰田', badge: '丰田', types: ['car', 'suv'] }, 5],
  [{ registration: '本田', badge: '本田', types: ['car', 'suv'] }, 5],
  [{ registration: '别克', badge: '别克', types: ['car', 'mpv'] }, 3],
  [{ registration: '奇瑞', badge: '奇瑞', types: ['car', 'suv'], electric: true }, 3],
  [{ registration: '特斯拉', badge: 'Tesla', types: ['car', 'suv'], electric: true }, 2],
  [{ registration: '东风', badge: '东风', types: ['truck'] }, 3],
  [{ registration: '解放', badge: '解放', types: ['truck'] }, 3],
  [{ registration: '宇通', badge: '宇通', types: ['bus'], electric: true }, 1],
  [{ registration: '中集', badge: '中集', types: ['trailer'] }, 1],
  [{ registration: '华骏', badge: '华骏', types: ['trailer'] }, 1],
  [{ registration: '梁山', badge: '梁山', types: ['trailer'] }, 1],
];

export interface Vehicle {
  plateColor: PlateColor;
  vehicleColor?: VehicleColor;
  make?: Make;
  vehicleType?: VehicleType;
}

function makeFor(rng: Rng, kind: PlateKind): Make {
  const fits = MAKES.filter(([m]) => {
    if (kind === 'trailer') return m.types.includes('trailer');
    if (kind === 'large') return m.types.includes('truck') || m.types.includes('bus');
    if (kind === 'ne-large') return m.electric && m.types.includes('bus');
    if (kind === 'ne-small') return m.electric && !m.types.every((t) => t === 'bus');
    return !m.types.every((t) => t === 'truck' || t === 'bus' || t === 'trailer');
  });
  return rng.weighted(fits);
}

function typeFor(rng: Rng, kind: PlateKind, make: Make): VehicleType {
  if (kind === 'trailer') return 'trailer';
  if (kind === 'large') return make.types.includes('bus') ? 'bus' : 'truck';
  if (kind === 'ne-large') return 'bus';
  return rng.pick(make.types.filter((t) => t !== 'bus' && t !== 'truck' && t !== 'trailer'));
}

/** The registered vehicle behind a plate (what a court pastes from the registration query). */
export function registeredVehicle(rng: Rng, plate: Plate): Vehicle {
  const make = makeFor(rng, plate.kind);
  return {
    plateColor: plate.color,
    vehicleColor: rng.chance(0.92) ? rng.weighted(BODY_COLORS) : undefined,
    make: rng.chance(0.88) ? make : undefined,
    vehicleType: rng.chance(0.8) ? typeFor(rng, plate.kind, make) : undefined,
  };
}

/** Another car entirely: a colour and a make that differ from `than` wherever it says one. */
export function differentVehicle(rng: Rng, plate: Plate, than: Vehicle): Vehicle {
  // A few plate kinds have few makes: after enough tries a differing colour alone will do.
  for (let attempt = 0; ; attempt++) {
    const other = registeredVehicle(rng, plate);
    const color = other.vehicleColor ?? rng.weighted(BODY_COLORS);
    const make = other.make ?? makeFor(rng, plate.kind);
    if (than.vehicleColor && (color === than.vehicleColor || COLOR_SLIPS[than.vehicleColor]?.includes(color))) continue;
    if (than.make && make.badge === than.make.badge && attempt < 50) continue;
    return { plateColor: plate.color, vehicleColor: color, make, vehicleType: other.vehicleType };
  }
}

/** What a camera reports of `vehicle`, as far as it reports anything: sometimes wrong on colour. */
export interface SeenVehicle {
  plateColor?: PlateColor;
  vehicleColor?: VehicleColor;
  vehicleBrand?: string;
  vehicleType?: VehicleType;
}

export function cameraSees(rng: Rng, vehicle: Vehicle, truth: { color: VehicleColor; make: Make }): SeenVehicle {
  const seen: SeenVehicle = {};
  if (rng.chance(0.7)) seen.plateColor = vehicle.plateColor;
  if (rng.chance(0.6)) {
    const slips = COLOR_SLIPS[truth.color];
    seen.vehicleColor = slips && rng.chance(0.06) ? rng.pick(slips) : truth.color;
  }
  if (rng.chance(0.5)) seen.vehicleBrand = truth.make.badge;
  return seen;
}

/** The body colour and make a car really has (a seal may leave them out; the car still has them). */
export function trueLook(rng: Rng, plate: Plate, vehicle: Vehicle): { color: VehicleColor; make: Make } {
  return { color: vehicle.vehicleColor ?? rng.weighted(BODY_COLORS), make: vehicle.make ?? makeFor(rng, plate.kind) };
}
