/**
 * `npm run eval:matcher`: precision and recall of the plate matcher on a seeded, labelled set.
 *
 * A 100,000-plate watchlist; a stream of reads: sealed cars read correctly and misread once
 * (a confused character, a lost or a misread province), innocent traffic (10% of it misread
 * too), and innocent look-alikes of sealed plates read correctly. Every hit the matcher raises is
 * true when it names the plate that was really in front of the camera.
 *
 *   npm run eval:matcher -- [--watchlist 100000] [--seed 7] [--threshold 0.45]
 */
import { parseArgs } from 'node:util';
import { DEFAULT_FUZZY_THRESHOLD } from '../../apps/traffic-adapter/src/matching/plate-match';
import { SealMatch, WatchlistIndex } from '../../apps/traffic-adapter/src/watchlist/watchlist.index';
import { LookAlikeKind, lookAlike, misread, randomPlate, readConfidence, seededRandom, seededUuid } from './plate-generator';

const { values: args } = parseArgs({
  options: {
    watchlist: { type: 'string', default: '100000' },
    seed: { type: 'string', default: '7' },
    threshold: { type: 'string', default: String(DEFAULT_FUZZY_THRESHOLD) },
  },
});
const WATCHLIST = Number(args.watchlist);
const THRESHOLD = Number(args.threshold);
const rng = seededRandom(Number(args.seed));
const at = new Date('2026-03-02T02:00:00Z');

type Category = 'sealed: exact read' | 'sealed: confused character' | 'sealed: province lost' | 'sealed: province misread' | 'innocent traffic' | `look-alike: ${LookAlikeKind}`;
interface LabelledRead {
  read: string;
  confidence: number;
  /** The plate really in front of the camera. */
  truth: string;
  sealed: boolean;
  category: Category;
}

// The watchlist.
const sealed = new Set<string>();
while (sealed.size < WATCHLIST) sealed.add(randomPlate(rng));
const sealedPlates = [...sealed];
const index = new WatchlistIndex();
index.replaceAll(sealedPlates.map((plate) => ({ seizureId: seededUuid(rng), plate, expiresAt: null })));

// The labelled reads.
const reads: LabelledRead[] = [];
const someSealed = () => sealedPlates[Math.floor(rng() * sealedPlates.length)];
for (let i = 0; i < 20_000; i++) {
  const truth = someSealed();
  reads.push({ read: truth, confidence: readConfidence(rng, true), truth, sealed: true, category: 'sealed: exact read' });
}
for (let i = 0; i < 30_000; i++) {
  const truth = someSealed();
  const { read, noise } = misread(rng, truth);
  const category: Category = noise === 'confusion' ? 'sealed: confused character' : noise === 'province-missing' ? 'sealed: province lost' : 'sealed: province misread';
  reads.push({ read, confidence: readConfidence(rng, false), truth, sealed: true, category });
}
for (let i = 0; i < 200_000; i++) {
  let truth = randomPlate(rng);
  while (sealed.has(truth)) truth = randomPlate(rng);
  const noisy = rng() < 0.1;
  const read = noisy ? misread(rng, truth).read : truth;
  reads.push({ read, confidence: readConfidence(rng, !noisy), truth, sealed: false, category: 'innocent traffic' });
}
for (const kind of ['other-character', 'two-confusions', 'other-province', 'one-confusion'] as LookAlikeKind[]) {
  for (let made = 0; made < 5_000; ) {
    const truth = lookAlike(rng, someSealed(), kind);
    if (!truth || sealed.has(truth)) continue;
    reads.push({ read: truth, confidence: readConfidence(rng, true), truth, sealed: false, category: `look-alike: ${kind}` });
    made++;
  }
}

// Match everything once with no threshold, then judge each threshold on the same answers.
const started = process.hrtime.bigint();
const answers: SealMatch[][] = reads.map((r) => index.match(r.read, at, { threshold: 0, confidence: r.confidence }));
const seconds = Number(process.hrtime.bigint() - started) / 1e9;

function judge(threshold: number, include: (r: LabelledRead) => boolean) {
  const byCategory = new Map<Category, { reads: number; caught: number; falseHits: number; readsWithFalseHits: number }>();
  let truePositives = 0;
  let falsePositives = 0;
  reads.forEach((r, i) => {
    if (!include(r)) return;
    const hits = answers[i].filter((m) => m.score >= threshold);
    const row = byCategory.get(r.category) ?? { reads: 0, caught: 0, falseHits: 0, readsWithFalseHits: 0 };
    const wrong = hits.filter((m) => m.plate !== r.truth).length;
    row.reads++;
    if (hits.some((m) => m.plate === r.truth)) row.caught++;
    row.falseHits += wrong;
    if (wrong) row.readsWithFalseHits++;
    byCategory.set(r.category, row);
    truePositives += hits.length - wrong;
    falsePositives += wrong;
  });
  return { byCategory, precision: truePositives / (truePositives + falsePositives) };
}

const pct = (x: number) => `${(100 * x).toFixed(2)}%`;
const singleMisread = (c: Category) => c === 'sealed: confused character' || c === 'sealed: province lost' || c === 'sealed: province misread';
const recallOf = (j: ReturnType<typeof judge>) => {
  let reads = 0;
  let caught = 0;
  for (const [c, row] of j.byCategory) if (singleMisread(c)) [reads, caught] = [reads + row.reads, caught + row.caught];
  return caught / reads;
};

console.log(`plate matcher evaluation: watchlist ${WATCHLIST.toLocaleString('en')} plates, ${reads.length.toLocaleString('en')} labelled reads, seed ${args.seed}`);
console.log(`matched in ${seconds.toFixed(2)} s (${Math.round(reads.length / seconds).toLocaleString('en')} reads/s)\n`);

const chosen = judge(THRESHOLD, () => true);
console.log(`at threshold ${THRESHOLD}:`);
console.log('| reads | count | with a hit on the true plate | with a false hit |');
console.log('| --- | ---: | ---: | ---: |');
for (const [c, row] of chosen.byCategory) console.log(`| ${c} | ${row.reads} | ${pct(row.caught / row.reads)} | ${pct(row.readsWithFalseHits / row.reads)} |`);

const traffic = (r: LabelledRead) => !r.category.startsWith('look-alike');
const rate = (j: ReturnType<typeof judge>, kind: LookAlikeKind) => {
  const row = j.byCategory.get(`look-alike: ${kind}`)!;
  return pct(row.readsWithFalseHits / row.reads);
};
console.log('\nthreshold sweep. recall: single-slip misreads of sealed plates caught. precision: share of raised hits naming the true plate,');
console.log('on the traffic stream (sealed reads and innocent traffic, where look-alikes occur as often as chance makes them) and with the');
console.log('20,000 constructed look-alikes added; last columns: constructed look-alikes that raise a false hit, by kind.');
console.log('| threshold | recall | precision, traffic | precision, with look-alikes | other character | two confusions | other province | one confusion |');
console.log('| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
for (const t of [0.3, 0.4, 0.45, 0.5, 0.55, 0.6, 0.65]) {
  const all = judge(t, () => true);
  const stream = judge(t, traffic);
  const kinds = (['other-character', 'two-confusions', 'other-province', 'one-confusion'] as LookAlikeKind[]).map((k) => rate(all, k));
  console.log(`| ${t}${t === THRESHOLD ? ' (chosen)' : ''} | ${pct(recallOf(stream))} | ${pct(stream.precision)} | ${pct(all.precision)} | ${kinds.join(' | ')} |`);
}
