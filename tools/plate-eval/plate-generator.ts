import { isValidPlate, PROVINCE_CHARS } from '../../libs/contracts/src/plates/plate';
import { CLASS_CODE, OCR_CONFUSIONS } from '../../apps/traffic-adapter/src/matching/confusion.table';

/**
 * Seeded generators of realistic Guangxi traffic for the matcher's evaluation and benchmarks:
 * plates, camera reads with OCR noise, and innocent look-alikes. Same seed, same data.
 */

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

const LETTERS = 'ABCDEFGHJKLMNPQRSTUVWXYZ';
const DIGITS = '0123456789';
const GUANGXI_AUTHORITIES = 'ABCDEFGHJKLMNPR';
const NEIGHBOUR_PROVINCES = '粤湘云贵琼';

const pick = (rng: Random, chars: string) => chars[Math.floor(rng() * chars.length)];

export function seededUuid(rng: Random): string {
  const hex = Array.from({ length: 32 }, () => Math.floor(rng() * 16).toString(16)).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20)}`;
}

/**
 * A plate drawn uniformly from the plates Guangxi issues (桂A to 桂R; 10% from neighbouring
 * provinces): 85% blue/yellow 7-character plates whose 5-character serial holds at most two
 * letters, anywhere; 15% new-energy plates; a few trailer and coach plates. Uniform over that
 * space, so look-alikes of sealed plates turn up in traffic as often as the watchlist's density
 * makes them.
 */
export function randomPlate(rng: Random): string {
  const province = rng() < 0.9 ? '桂' : pick(rng, NEIGHBOUR_PROVINCES);
  const authority = province === '桂' ? pick(rng, GUANGXI_AUTHORITIES) : pick(rng, 'ABCDEFGH');
  const kind = rng();
  if (kind < 0.12) return `${province}${authority}${pick(rng, 'DF')}${pick(rng, LETTERS + DIGITS)}${digits(rng, 4)}`;
  if (kind < 0.15) return `${province}${authority}${digits(rng, 5)}${pick(rng, 'DF')}`;
  if (kind < 0.16) return `${province}${authority}${digits(rng, 4)}${pick(rng, '挂学')}`;
  // Serial patterns by how many plates each holds: 10^5 all-digit, 5·24·10^4 one-letter, 10·24²·10^3 two-letter.
  const r = rng() * (1e5 + 1.2e6 + 5.76e6);
  const letterCount = r < 1e5 ? 0 : r < 1.3e6 ? 1 : 2;
  const letterAt = new Set<number>();
  while (letterAt.size < letterCount) letterAt.add(Math.floor(rng() * 5));
  let serial = '';
  for (let i = 0; i < 5; i++) serial += letterAt.has(i) ? pick(rng, LETTERS) : pick(rng, DIGITS);
  return `${province}${authority}${serial}`;
}

function digits(rng: Random, n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += pick(rng, DIGITS);
  return s;
}

/** Characters a camera may put in place of `c`, with how readily, from the confusion table. */
const PARTNERS = new Map<string, [string, number][]>();
for (const [a, b, w] of OCR_CONFUSIONS) {
  PARTNERS.set(a, [...(PARTNERS.get(a) ?? []), [b, w]]);
  PARTNERS.set(b, [...(PARTNERS.get(b) ?? []), [a, w]]);
}

function confusedWith(rng: Random, c: string, options: { validOnly: boolean }): string | null {
  const partners = (PARTNERS.get(c) ?? []).filter(([p]) => !options.validOnly || (p !== 'I' && p !== 'O'));
  if (!partners.length) return null;
  let r = rng() * partners.reduce((sum, [, w]) => sum + w, 0);
  for (const [p, w] of partners) if ((r -= w) <= 0) return p;
  return partners[partners.length - 1][0];
}

export type NoiseKind = 'confusion' | 'province-missing' | 'province-misread';

/**
 * One OCR slip on a plate: a confused letter or digit (70%), a lost province (20%) or another
 * province read in its place (10%). A misread may well produce I or O, as real readers do.
 */
export function misread(rng: Random, plate: string): { read: string; noise: NoiseKind } {
  const r = rng();
  if (r < 0.2) return { read: plate.slice(1), noise: 'province-missing' };
  if (r < 0.3) {
    const other = PROVINCE_CHARS.replace(plate[0], '');
    return { read: pick(rng, other) + plate.slice(1), noise: 'province-misread' };
  }
  const positions = [...plate].map((c, i) => i).filter((i) => i > 0 && PARTNERS.has(plate[i]));
  if (!positions.length) return { read: plate.slice(1), noise: 'province-missing' };
  const i = positions[Math.floor(rng() * positions.length)];
  return { read: plate.slice(0, i) + confusedWith(rng, plate[i], { validOnly: false }) + plate.slice(i + 1), noise: 'confusion' };
}

export type LookAlikeKind = 'other-character' | 'two-confusions' | 'other-province' | 'one-confusion';

/**
 * An innocent, valid plate that looks like `plate`: a character no reader confuses changed,
 * two confusable characters changed, the same serial from another province, or (the hard case,
 * indistinguishable by text alone) one confusable character changed. Null when `plate` offers
 * no such neighbour.
 */
export function lookAlike(rng: Random, plate: string, kind: LookAlikeKind): string | null {
  const chars = [...plate];
  const confusable = chars.map((c, i) => i).filter((i) => i > 0 && PARTNERS.has(chars[i]));
  let candidate: string;
  switch (kind) {
    case 'other-province':
      candidate = pick(rng, PROVINCE_CHARS.replace(plate[0], '')) + plate.slice(1);
      break;
    case 'other-character': {
      const i = 2 + Math.floor(rng() * (chars.length - 2));
      const pool = /[0-9]/.test(chars[i]) ? DIGITS : LETTERS;
      const replacement = [...pool].filter((c) => CLASS_CODE.get(c) !== CLASS_CODE.get(chars[i]));
      chars[i] = replacement[Math.floor(rng() * replacement.length)];
      candidate = chars.join('');
      break;
    }
    case 'one-confusion':
    case 'two-confusions': {
      const n = kind === 'one-confusion' ? 1 : 2;
      if (confusable.length < n) return null;
      const shuffled = [...confusable].sort(() => rng() - 0.5).slice(0, n);
      for (const i of shuffled) chars[i] = confusedWith(rng, chars[i], { validOnly: true }) ?? chars[i];
      candidate = chars.join('');
      break;
    }
  }
  return isValidPlate(candidate) && candidate !== plate ? candidate : null;
}

/** Camera confidence: readers are less sure of the reads they get wrong, but not always. */
export function readConfidence(rng: Random, correct: boolean): number {
  const c = correct ? 0.8 + rng() * 0.19 : 0.5 + rng() * 0.45;
  return Math.round(c * 100) / 100;
}
