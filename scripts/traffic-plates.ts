/**
 * Realistic Guangxi traffic for the simulator and the intake benchmark: plates weighted by city
 * (mostly 桂P, 防城港, where the checkpoints stand) and camera misreads of the kinds the brief
 * lists. Only Node built-ins and the plate rules, so plain tsx runs it.
 */
import { randomInt } from 'node:crypto';

/** City letters of 桂 plates with the share of traffic a 防城港 checkpoint sees from each. */
export const GUANGXI_CITY_WEIGHTS: readonly [string, number][] = [
  ['P', 60], // 防城港
  ['N', 8], // 钦州
  ['A', 8], // 南宁
  ['E', 5], // 北海
  ['K', 3], // 玉林
  ['B', 3], // 柳州
  ['R', 2], // 贵港
  ['C', 2], // 桂林
  ['F', 2], // 崇左
  ['D', 1], // 梧州
  ['G', 1], // 来宾
  ['H', 1], // 桂林
  ['J', 1], // 贺州
  ['L', 1], // 百色
  ['M', 1], // 河池
];

const LETTERS = 'ABCDEFGHJKLMNPQRSTUVWXYZ';
const DIGITS = '0123456789';
const TOTAL_WEIGHT = GUANGXI_CITY_WEIGHTS.reduce((n, [, w]) => n + w, 0);

/** Pairs cameras confuse (both ways). */
const CONFUSIONS: Record<string, string[]> = {
  '0': ['D', 'Q'], D: ['0'], Q: ['0'],
  '8': ['B'], B: ['8'],
  '2': ['Z'], Z: ['2'],
  '5': ['S'], S: ['5'],
  '6': ['G'], G: ['6'],
  '1': ['7'], '7': ['1'],
};
/** Provinces a camera reads instead of 桂 (similar strokes), or nothing at all. */
const PROVINCE_MISREADS = ['粤', '贵', '湘', ''];

const pick = (chars: string) => chars[randomInt(chars.length)];

export function cityLetter(): string {
  let r = randomInt(TOTAL_WEIGHT);
  for (const [letter, weight] of GUANGXI_CITY_WEIGHTS) {
    if (r < weight) return letter;
    r -= weight;
  }
  return 'P';
}

/**
 * A random valid Guangxi plate: mostly blue (5 characters, at most 2 letters as issued), about
 * 1 in 10 a green new-energy plate (D/F and 5 more).
 */
export function guangxiPlate(): string {
  const prefix = `桂${cityLetter()}`;
  if (randomInt(10) === 0) return `${prefix}${pick('DF')}${pick(LETTERS + DIGITS)}${Array.from({ length: 4 }, () => pick(DIGITS)).join('')}`;
  const chars = Array.from({ length: 5 }, () => pick(DIGITS));
  for (let letters = randomInt(3); letters > 0; letters--) chars[randomInt(5)] = pick(LETTERS);
  return prefix + chars.join('');
}

/** `count` distinct plates. */
export function distinctPlates(count: number, avoid: ReadonlySet<string> = new Set()): string[] {
  const plates = new Set<string>();
  while (plates.size < count) {
    const plate = guangxiPlate();
    if (!avoid.has(plate)) plates.add(plate);
  }
  return [...plates];
}

/**
 * What the camera read: with probability `noise` one misread — a confusable character swapped
 * (mostly) or the province character misread or lost. The result may not be a valid plate.
 */
export function cameraRead(plate: string, noise: number): string {
  if (noise <= 0 || Math.random() >= noise) return plate;
  const chars = Array.from(plate);
  if (randomInt(5) === 0) {
    chars[0] = PROVINCE_MISREADS[randomInt(PROVINCE_MISREADS.length)];
    return chars.join('');
  }
  const positions = chars.map((c, i) => (i > 0 && CONFUSIONS[c] ? i : -1)).filter((i) => i >= 0);
  if (positions.length === 0) return plate;
  const at = positions[randomInt(positions.length)];
  const options = CONFUSIONS[chars[at]];
  chars[at] = options[randomInt(options.length)];
  return chars.join('');
}
