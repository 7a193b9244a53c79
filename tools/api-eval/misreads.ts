/**
 * How checkpoint cameras misread plates, for the public-API evaluation (`npm run eval:api`).
 *
 * Written from field knowledge, NOT from the matcher's confusion table (this file was written
 * without opening apps/traffic-adapter/src/matching, the watchlist code, libs/contracts' plate
 * code or tools/plate-eval). Sources:
 * - the character confusions traffic-police integrators and ANPR vendors report for Chinese
 *   plates, and those the ANPR literature names for OCR of Latin letters and digits on plates
 *   (segmentation-free and segmentation-based recognisers alike): 0/D/Q/U (and the letter O a
 *   camera prints for 0), 8/B, 2/Z, 5/S, 6/G, 1/7/T (and I for 1), 4/A, C/G, E/F, M/N/H, K/X,
 *   V/Y, U/V, P/R, 3/8;
 * - province glyphs: a province read as a similar-looking character (same radical or outline, often
 *   one no plate carries: 桂 as 柱 or 挂), read as another province that shares its outline, or
 *   lost altogether (small, dirty or tilted plates lose the Chinese character first);
 * - segmentation slips: a lost last character (plate cut at the frame's edge or by a tow bar), a
 *   lost inner character (two characters merged), a doubled character (one split in two);
 * - two slips in one read (a dirty plate rarely has only one bad character);
 * - formatting as feeds send it: spaces, the middle dot 桂P·A2345, lower case, full-width
 *   characters, the plate colour written in front (蓝桂PA2345, as many platforms export).
 */
import { chars, DIGITS, PLATE_LETTERS, PROVINCES, Rng } from './plates';

/** Letter and digit confusions, each group confusable within itself (both directions). */
const CONFUSION_GROUPS: readonly string[] = ['0DQU', '0O', '8B', '2Z', '5S', '6G', '17T', '1I', '4A', 'CG', 'EF', 'MNH', 'KX', 'VY', 'UV', 'PR', '38'];

const CONFUSIONS: Map<string, string[]> = (() => {
  const map = new Map<string, Set<string>>();
  for (const group of CONFUSION_GROUPS) {
    for (const a of group) {
      for (const b of group) {
        if (a === b) continue;
        if (!map.has(a)) map.set(a, new Set());
        map.get(a)!.add(b);
      }
    }
  }
  return new Map([...map].map(([k, v]) => [k, [...v]]));
})();

/** Can a camera misread this character (as a letter or digit)? I and O are never on plates. */
export function confusable(c: string): boolean {
  return (CONFUSIONS.get(c)?.length ?? 0) > 0 && (PLATE_LETTERS.includes(c) || DIGITS.includes(c));
}

export function confuse(rng: Rng, c: string): string {
  return rng.pick(CONFUSIONS.get(c)!);
}

/** Characters a read of this one could be that ARE plate characters (for look-alike cars). */
export function plateConfusions(c: string): string[] {
  return (CONFUSIONS.get(c) ?? []).filter((x) => PLATE_LETTERS.includes(x) || DIGITS.includes(x));
}

/** A province read as a character no plate carries: shared radical or outline. */
const PROVINCE_GLYPHS: Record<string, string[]> = {
  京: ['景', '凉', '亰'],
  津: ['律', '洋', '沣'],
  沪: ['泸', '护', '炉'],
  渝: ['瑜', '榆', '喻'],
  冀: ['翼', '糞'],
  豫: ['像', '预', '橡'],
  云: ['去', '会', '运'],
  辽: ['迁', '边', '过'],
  黑: ['墨', '里', '罴'],
  湘: ['相', '箱', '缃'],
  皖: ['晥', '睆', '院'],
  鲁: ['鱼', '曾'],
  新: ['亲', '析', '斩'],
  苏: ['芬', '办'],
  浙: ['淅', '渐', '逝'],
  赣: ['贑', '赖'],
  鄂: ['鄠', '咢'],
  桂: ['柱', '挂', '佳', '硅'],
  甘: ['廿', '其', '苷'],
  晋: ['普', '晉', '音'],
  蒙: ['豪', '家', '濛'],
  陕: ['峡', '狭', '侠'],
  吉: ['古', '告', '喜'],
  闽: ['闻', '间', '闯'],
  贵: ['责', '贯', '贲'],
  粤: ['奥', '粵'],
  青: ['清', '靑', '肯'],
  藏: ['臧', '蔵'],
  川: ['州', '训'],
  宁: ['字', '守', '亍'],
  琼: ['掠', '晾', '凉'],
};

/** A province read as another province sharing its outline (a recogniser trained on the 31 glyphs picks its nearest). */
const PROVINCE_TWINS: Record<string, string[]> = {
  京: ['宁'],
  宁: ['京'],
  津: ['沪', '浙'],
  沪: ['津', '渝'],
  渝: ['沪', '湘'],
  浙: ['湘', '津'],
  湘: ['浙', '渝'],
  鄂: ['粤'],
  粤: ['鄂'],
  贵: ['青'],
  青: ['贵', '吉'],
  吉: ['青'],
  晋: ['鲁', '皖'],
  鲁: ['晋'],
  皖: ['晋'],
  陕: ['赣'],
  赣: ['陕'],
  蒙: ['豫'],
  豫: ['蒙'],
  桂: ['贵'],
  闽: ['黑'],
  黑: ['闽'],
  甘: ['吉'],
  云: ['辽'],
  辽: ['云'],
  川: ['云'],
  新: ['苏'],
  苏: ['新'],
  藏: ['蒙'],
  琼: ['京'],
};

export type MisreadKind =
  | 'exact'
  | 'format-separator'
  | 'format-lower'
  | 'format-fullwidth'
  | 'format-colour'
  | 'format-mixed'
  | 'one-char'
  | 'authority-letter'
  | 'province-glyph'
  | 'province-other'
  | 'province-lost'
  | 'lost-last'
  | 'lost-inner'
  | 'doubled'
  | 'two-slips';

/** What each kind is, for the table, with the target the project states for it (docs/benchmarks.md). */
export const MISREAD_KINDS: readonly { kind: MisreadKind; label: string; target?: number }[] = [
  { kind: 'exact', label: 'exact read', target: 1 },
  { kind: 'format-separator', label: 'formatting: a space or · after the letter', target: 1 },
  { kind: 'format-lower', label: 'formatting: lower case', target: 1 },
  { kind: 'format-fullwidth', label: 'formatting: full-width letters and digits', target: 1 },
  { kind: 'format-colour', label: 'formatting: plate colour written in front (蓝桂P…)', target: 1 },
  { kind: 'format-mixed', label: 'formatting: spaces around, ·, full-width lower case', target: 1 },
  { kind: 'one-char', label: 'one confusable serial character', target: 0.99 },
  { kind: 'authority-letter', label: 'authority letter misread', target: 0.99 },
  { kind: 'province-other', label: 'province read as another province', target: 0.99 },
  { kind: 'province-glyph', label: 'province read as a glyph on no plate', target: 0.99 },
  { kind: 'province-lost', label: 'province lost', target: 0.99 },
  { kind: 'lost-last', label: 'lost last character', target: 0.95 },
  { kind: 'lost-inner', label: 'lost inner character', target: 0.95 },
  { kind: 'doubled', label: 'doubled character', target: 0.95 },
  { kind: 'two-slips', label: 'two slips in one read', target: 0.9 },
];

const COLOR_WORDS: Record<string, string[]> = {
  blue: ['蓝', '蓝牌'],
  yellow: ['黄', '黄牌'],
  green: ['绿', '渐变绿'],
  'yellow-green': ['黄绿'],
  white: ['白'],
};

const FULL_WIDTH = (s: string) =>
  Array.from(s)
    .map((c) => (/[A-Z0-9]/.test(c) ? String.fromCharCode(c.charCodeAt(0) + 0xfee0) : c))
    .join('');

/** Positions of the serial's letters and digits (after province and authority letter; not a suffix glyph). */
function serialPositions(c: string[]): number[] {
  const out: number[] = [];
  for (let i = 2; i < c.length; i++) if (PLATE_LETTERS.includes(c[i]) || DIGITS.includes(c[i])) out.push(i);
  return out;
}

/**
 * A read of `plate` of the given kind, or null when the kind cannot apply to this plate (no
 * confusable character where it is needed). `color` is the plate colour (for the colour prefix).
 */
export function misread(rng: Rng, plate: string, kind: MisreadKind, color: string): string | null {
  const c = chars(plate);
  switch (kind) {
    case 'exact':
      return plate;
    case 'format-separator':
      return `${c.slice(0, 2).join('')}${rng.pick(['·', ' '])}${c.slice(2).join('')}`;
    case 'format-lower':
      return plate.toLowerCase();
    case 'format-fullwidth':
      return FULL_WIDTH(plate);
    case 'format-colour':
      return rng.pick(COLOR_WORDS[color] ?? ['蓝']) + plate;
    case 'format-mixed':
      return ` ${c.slice(0, 2).join('')}·${FULL_WIDTH(c.slice(2).join('')).toLowerCase()} `;
    case 'one-char': {
      const at = serialPositions(c).filter((i) => confusable(c[i]));
      if (at.length === 0) return null;
      const i = rng.pick(at);
      c[i] = confuse(rng, c[i]);
      return c.join('');
    }
    case 'authority-letter': {
      if (!confusable(c[1])) return null;
      c[1] = confuse(rng, c[1]);
      return c.join('');
    }
    case 'province-glyph': {
      const glyphs = PROVINCE_GLYPHS[c[0]];
      if (!glyphs) return null;
      c[0] = rng.pick(glyphs.filter((g) => !PROVINCES.includes(g)));
      return c.join('');
    }
    case 'province-other': {
      const twins = (PROVINCE_TWINS[c[0]] ?? []).filter((p) => PROVINCES.includes(p) && p !== c[0]);
      if (twins.length === 0) return null;
      c[0] = rng.pick(twins);
      return c.join('');
    }
    case 'province-lost':
      return c.slice(1).join('');
    case 'lost-last':
      return c.slice(0, -1).join('');
    case 'lost-inner': {
      // A serial character that is neither the first after the letter nor the last.
      const i = 3 + rng.int(c.length - 4);
      return [...c.slice(0, i), ...c.slice(i + 1)].join('');
    }
    case 'doubled': {
      const i = 1 + rng.int(c.length - 1);
      return [...c.slice(0, i + 1), c[i], ...c.slice(i + 1)].join('');
    }
    case 'two-slips': {
      const at = [1, ...serialPositions(c)].filter((i) => confusable(c[i]));
      if (at.length < 2) return null;
      const [i, j] = rng.shuffle(at).slice(0, 2);
      c[i] = confuse(rng, c[i]);
      c[j] = confuse(rng, c[j]);
      return c.join('');
    }
  }
}

/** Reads no plate could produce: the adapter must refuse them item by item (README, POST /api/v1/sightings). */
export function impossibleRead(rng: Rng): string {
  return rng.pick([
    '', // an empty read
    '桂PЖ2345', // Cyrillic
    '桂P🚗2345', // an emoji
    '桂P★A234', // a symbol
    '桂PA23456789', // more than ten characters
    'ΑΒΓ12345', // Greek
  ]);
}
