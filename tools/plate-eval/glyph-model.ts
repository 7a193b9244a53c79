/**
 * `npm run eval:glyphs`: builds the evaluation's confusion model from rendered glyphs, and writes
 * it to tools/plate-eval/glyph-confusions.json (committed, so the evaluation runs without fonts).
 *
 * Independent of the matcher by construction: this file imports nothing from apps/ (no table,
 * no scoring), and its source of truth is a font. Each character a plate carries is rasterised
 * in a plate-like cell (45 × 90 mm on a real plate: the glyph stretched to fill a 16 × 32 cell, as
 * plate lettering fills its cell), blurred as a camera at a distance blurs it, and compared with
 * every character a reader could put in its place by soft Jaccard similarity of the bitmaps.
 * The similarities become misread probabilities with a softmax (temperature TEMPERATURE): a slip
 * lands mostly on the few most similar glyphs and rarely elsewhere.
 *
 * Fonts (Debian): letters and digits in DejaVu Sans Condensed Bold (fonts-dejavu-core), Chinese
 * characters in WenQuanYi Zen Hei (fonts-wqy-zenhei), a Hei face like the plates' lettering.
 * Readers for Chinese plates output the plate alphabet (no I or O) for letters and digits; for
 * the Chinese character, general OCR engines may output any common character, so its candidates
 * are the plate's own Chinese characters plus the 3,755 level-1 characters of GB 2312 (decoded
 * from their GB 2312 codes).
 *
 *   npm run eval:glyphs -- [--latin <ttf>] [--han <ttc>]
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const fontkit = require('fontkit') as { openSync(path: string): FontOrCollection };

interface PathCommand {
  command: 'moveTo' | 'lineTo' | 'quadraticCurveTo' | 'bezierCurveTo' | 'closePath';
  args: number[];
}
interface Glyph {
  path: { commands: PathCommand[] };
  bbox: { minX: number; minY: number; maxX: number; maxY: number };
  id: number;
}
interface Font {
  glyphForCodePoint(cp: number): Glyph;
  hasGlyphForCodePoint(cp: number): boolean;
}
type FontOrCollection = Font & { fonts?: Font[] };

const { values: args } = parseArgs({
  options: {
    latin: { type: 'string', default: '/usr/share/fonts/truetype/dejavu/DejaVuSansCondensed-Bold.ttf' },
    han: { type: 'string', default: '/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc' },
  },
});

/** Cell in pixels (width × height): a plate character is 45 × 90 mm. */
const W = 16;
const H = 32;
const SUPER = 4;
/** Softmax temperature over similarities: lower puts the slips on fewer, nearer glyphs. */
const TEMPERATURE = 0.05;
/** Neighbours kept per character. */
const KEEP = 12;

export const DIGITS = '0123456789';
export const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
export const PROVINCES = '京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼';
export const PLATE_HAN = `${PROVINCES}挂学警领港澳使试超应急`;

function open(path: string): Font {
  const f = fontkit.openSync(path);
  return f.fonts ? f.fonts[0] : f;
}

/** Flattens a glyph outline to closed polygons in font units. */
function polygons(glyph: Glyph): number[][] {
  const out: number[][] = [];
  let current: number[] = [];
  let [x, y] = [0, 0];
  const steps = 8;
  for (const { command, args: a } of glyph.path.commands) {
    if (command === 'moveTo') {
      if (current.length) out.push(current);
      current = [a[0], a[1]];
      [x, y] = [a[0], a[1]];
    } else if (command === 'lineTo') {
      current.push(a[0], a[1]);
      [x, y] = [a[0], a[1]];
    } else if (command === 'quadraticCurveTo') {
      for (let i = 1; i <= steps; i++) {
        const t = i / steps;
        const u = 1 - t;
        current.push(u * u * x + 2 * u * t * a[0] + t * t * a[2], u * u * y + 2 * u * t * a[1] + t * t * a[3]);
      }
      [x, y] = [a[2], a[3]];
    } else if (command === 'bezierCurveTo') {
      for (let i = 1; i <= steps; i++) {
        const t = i / steps;
        const u = 1 - t;
        current.push(
          u * u * u * x + 3 * u * u * t * a[0] + 3 * u * t * t * a[2] + t * t * t * a[4],
          u * u * u * y + 3 * u * u * t * a[1] + 3 * u * t * t * a[3] + t * t * t * a[5],
        );
      }
      [x, y] = [a[4], a[5]];
    } else if (current.length) {
      out.push(current);
      current = [];
    }
  }
  if (current.length) out.push(current);
  return out;
}

/**
 * Coverage bitmap (W × H, 0..1) of the glyph in a plate cell, non-zero winding, supersampled.
 * Plate lettering is as tall as the cell; a narrow glyph (1, I) keeps its width and is centred,
 * a wide one (M, W, and every Chinese character) is compressed to the cell's width.
 */
function rasterise(glyph: Glyph): Float32Array {
  const polys = polygons(glyph);
  const { minX, maxX, maxY } = glyph.bbox;
  const gh = Math.max(1, maxY - glyph.bbox.minY);
  const [SW, SH] = [W * SUPER, H * SUPER];
  // Font units per fine column: the glyph's height sets the scale unless its width would overflow.
  const unitsPerColumn = Math.max(gh / SH, (maxX - minX) / SW);
  const left = (minX + maxX) / 2 - (SW / 2) * unitsPerColumn;
  const fine = new Uint8Array(SW * SH);
  // Scanline fill: at each sample row, crossings with their winding direction.
  for (let row = 0; row < SH; row++) {
    const sy = maxY - ((row + 0.5) / SH) * gh;
    const crossings: [number, number][] = [];
    for (const p of polys) {
      for (let i = 0; i < p.length; i += 2) {
        const [x0, y0] = [p[i], p[i + 1]];
        const j = (i + 2) % p.length;
        const [x1, y1] = [p[j], p[j + 1]];
        if (y0 === y1 || sy < Math.min(y0, y1) || sy >= Math.max(y0, y1)) continue;
        const x = x0 + ((sy - y0) / (y1 - y0)) * (x1 - x0);
        crossings.push([(x - left) / unitsPerColumn, y1 > y0 ? 1 : -1]);
      }
    }
    crossings.sort((a, b) => a[0] - b[0]);
    let winding = 0;
    for (let k = 0; k < crossings.length - 1; k++) {
      winding += crossings[k][1];
      if (winding === 0) continue;
      const [from, to] = [Math.max(0, Math.ceil(crossings[k][0] - 0.5)), Math.min(SW - 1, Math.floor(crossings[k + 1][0] - 0.5))];
      for (let col = from; col <= to; col++) fine[row * SW + col] = 1;
    }
  }
  const cell = new Float32Array(W * H);
  for (let r = 0; r < SH; r++) for (let c = 0; c < SW; c++) if (fine[r * SW + c]) cell[Math.floor(r / SUPER) * W + Math.floor(c / SUPER)] += 1 / (SUPER * SUPER);
  return blur(cell);
}

/** A 3 × 3 binomial blur: the camera's point spread at plate-reading distance. */
function blur(img: Float32Array): Float32Array {
  const k = [1, 2, 1];
  const out = new Float32Array(W * H);
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      let sum = 0;
      let weight = 0;
      for (let dy = -1; dy <= 1; dy++) {
        for (let dx = -1; dx <= 1; dx++) {
          const [yy, xx] = [y + dy, x + dx];
          if (yy < 0 || yy >= H || xx < 0 || xx >= W) continue;
          const w = k[dy + 1] * k[dx + 1];
          sum += w * img[yy * W + xx];
          weight += w;
        }
      }
      out[y * W + x] = sum / weight;
    }
  }
  return out;
}

/** Soft Jaccard similarity of two coverage bitmaps (1 for identical). */
function similarity(a: Float32Array, b: Float32Array): number {
  let min = 0;
  let max = 0;
  for (let i = 0; i < a.length; i++) {
    min += Math.min(a[i], b[i]);
    max += Math.max(a[i], b[i]);
  }
  return max === 0 ? 0 : min / max;
}

/** The 3,755 level-1 characters of GB 2312 (rows 0xB0–0xD7), decoded with the platform's GB decoder. */
function gb2312Level1(): string[] {
  const decoder = new TextDecoder('gbk');
  const out: string[] = [];
  for (let hi = 0xb0; hi <= 0xd7; hi++) {
    for (let lo = 0xa1; lo <= 0xfe; lo++) {
      if (hi === 0xd7 && lo > 0xf9) break;
      out.push(decoder.decode(new Uint8Array([hi, lo])));
    }
  }
  return out;
}

export interface GlyphModel {
  source: string;
  temperature: number;
  /** For each plate character: the characters a reader may put instead, with probability given a slip there. */
  confusions: Record<string, [string, number][]>;
  /** Similarity (soft Jaccard, 0..1) of the same pairs, for reporting. */
  similarity: Record<string, [string, number][]>;
}

function neighbours(ch: string, bitmaps: Map<string, Float32Array>, candidates: string[]): { probs: [string, number][]; sims: [string, number][] } {
  const own = bitmaps.get(ch)!;
  const scored = candidates.filter((c) => c !== ch && bitmaps.has(c)).map((c) => [c, similarity(own, bitmaps.get(c)!)] as [string, number]);
  scored.sort((a, b) => b[1] - a[1]);
  const top = scored.slice(0, KEEP);
  const z = top.reduce((s, [, sim]) => s + Math.exp(sim / TEMPERATURE), 0);
  const round = (x: number) => Math.round(x * 10000) / 10000;
  return { probs: top.map(([c, sim]) => [c, round(Math.exp(sim / TEMPERATURE) / z)]), sims: top.map(([c, sim]) => [c, round(sim)]) };
}

function main() {
  const latin = open(args.latin!);
  const han = open(args.han!);
  const bitmaps = new Map<string, Float32Array>();
  for (const c of DIGITS + LETTERS) bitmaps.set(c, rasterise(latin.glyphForCodePoint(c.codePointAt(0)!)));
  const common = gb2312Level1();
  for (const c of new Set([...PLATE_HAN, ...common])) {
    const cp = c.codePointAt(0)!;
    if (han.hasGlyphForCodePoint(cp)) bitmaps.set(c, rasterise(han.glyphForCodePoint(cp)));
  }
  // Plate readers' alphabets leave out I and O (never issued): a slip lands on a plate character.
  const alnum = [...DIGITS, ...LETTERS].filter((c) => c !== 'I' && c !== 'O');
  const hanCandidates = [...new Set([...PLATE_HAN, ...common])];
  const model: GlyphModel = {
    source: `rendered: ${args.latin} (letters, digits), ${args.han} (Chinese); cell ${W}x${H}, 3x3 blur, soft Jaccard, softmax T=${TEMPERATURE}, top ${KEEP}`,
    temperature: TEMPERATURE,
    confusions: {},
    similarity: {},
  };
  for (const c of alnum) {
    const n = neighbours(c, bitmaps, alnum);
    model.confusions[c] = n.probs;
    model.similarity[c] = n.sims;
  }
  for (const c of PLATE_HAN) {
    const n = neighbours(c, bitmaps, hanCandidates);
    model.confusions[c] = n.probs;
    model.similarity[c] = n.sims;
  }
  const out = join(__dirname, 'glyph-confusions.json');
  writeFileSync(out, JSON.stringify(model, null, 0).replace(/\],"/g, '],\n"') + '\n');
  console.log(`wrote ${out}: ${Object.keys(model.confusions).length} characters, ${bitmaps.size} glyphs rendered`);
  for (const c of ['0', '8', '1', 'B', 'D', 'M', 'K', 'U', '桂', '粤', '京']) {
    console.log(`${c}: ${model.similarity[c].slice(0, 6).map(([n, s]) => `${n} ${s.toFixed(2)}`).join(', ')}`);
  }
}

main();
