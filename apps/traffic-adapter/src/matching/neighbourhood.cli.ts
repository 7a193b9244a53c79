/**
 * `npm run match:neighbourhood`: measures the neighbourhood volumes the false-hit budget needs
 * (neighbourhood.ts) and writes them to neighbourhood.table.ts. Run it after changing the scorer
 * or the confusion table; the unit tests say when it is due.
 *
 *   npm run match:neighbourhood -- [--samples 400]
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { GRID, measureNeighbourhood, READ_CLASS_NAMES } from './neighbourhood';

const { values } = parseArgs({ options: { samples: { type: 'string', default: '400' } } });
const samples = Number(values.samples);
const started = Date.now();
const table = measureNeighbourhood(samples, 1, (cls, done) => {
  if (done % 50 === 0) process.stderr.write(`${READ_CLASS_NAMES[cls]}: ${done}/${samples}\n`);
});
const rowsOf = (volumes: number[][]) => volumes.map((v, cls) => `    // ${READ_CLASS_NAMES[cls]}\n    [${v.join(', ')}],`).join('\n');
writeFileSync(
  join(__dirname, 'neighbourhood.table.ts'),
  `// Written by \`npm run match:neighbourhood\` (neighbourhood.cli.ts); do not edit by hand.
import { NeighbourhoodTable } from './neighbourhood';

/** V(t) per read class at each point of GRID (${GRID.length} points, 10^-4 … 1), over ${samples} sample reads per class; the part of it in other provinces; what two-slip lookups add. */
export const NEIGHBOURHOOD: NeighbourhoodTable = {
  fingerprint: '${table.fingerprint}',
  samples: ${samples},
  volume: [
${rowsOf(table.volume)}
  ],
  otherProvince: [
${rowsOf(table.otherProvince)}
  ],
  // What two-slip lookups with k confusions per place add (k = 1 … ${table.twoSlips.length}).
  twoSlips: [
${table.twoSlips.map((perClass, k) => `    // k = ${k + 1}\n    [\n${rowsOf(perClass).replace(/^/gm, '  ')}\n    ],`).join('\n')}
  ],
};
`,
);
console.log(`neighbourhood.table.ts written (${samples} samples per class, ${((Date.now() - started) / 1000).toFixed(0)} s)`);
for (const [cls, v] of table.volume.entries()) {
  const at = (t: number) => Math.round((Math.log10(t) + 4) * 20);
  console.log(READ_CLASS_NAMES[cls], [0.01, 0.03, 0.1, 0.3, 0.5].map((t) => `V(${t})=${v[at(t)]} (other provinces ${table.otherProvince[cls][at(t)]}; two slips K=3 +${table.twoSlips[2][cls][at(t)]}, K=8 +${table.twoSlips[7][cls][at(t)]})`).join(' '));
}
