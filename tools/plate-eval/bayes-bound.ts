/**
 * `npm run eval:bound`: the most any matcher could catch on the evaluation's world, at the false-hit
 * rates issue 13 allows.
 *
 * eval:matcher draws its world from plate-generator.ts: which plates pass the checkpoint, how a
 * camera slips, what it reports of the vehicle, how sure it is. A rule that knew all of that (the
 * matcher must not: it would be graded on its own answer key) could score each read by the exact
 * likelihood ratio
 *
 *     L(read) = P(read | a sealed car misread so) / P(read | ordinary traffic)
 *
 * and raise the reads whose L is highest. By the Neyman–Pearson lemma no rule catches more of the
 * misreads for the same share of ordinary reads raised. This command computes L from the
 * generator's own closed-form probabilities (plate-generator.ts, "the generator's own
 * probabilities"; it checks them against the samplers first), raises as many ordinary reads as the
 * targets allow (0.1 % of reads of the plate alone, 0.05 % of reads that describe the vehicle), and
 * reports what share of each misread kind that catches. It spends the whole false-hit allowance on
 * one kind at a time, which a real matcher (one allowance for every kind) cannot: the figures are
 * an upper bound on any matcher's recall for that kind, on this world.
 *
 * Kinds: one confusable character and a province read as another province, the two where a
 * misread is most often itself a plate some innocent car carries. The ordinary side counts reads
 * that are right, formatting-only, one confusable character and province for province (and two
 * slips where nothing else could produce the read); other slips cannot produce a read one
 * confusion from a plate except by coincidence, and leaving them out only raises the bound.
 *
 *   npm run eval:bound -- [--watchlist 1000000] [--per-kind 5000] [--traffic 400000] [--seed 7]
 *
 * The watchlist is eval:matcher's for the same seed and size (the same draws in the same order).
 */
import { parseArgs } from 'node:util';
import {
  alnumPositions, cameraRead, cameraView, cameraViewProbability, confidenceProbability, differentVehicle, differentVehicleViewProbability, fleetViewProbability, glyphSlipProbability, glyphSources, localPlate, localPlateProbability, lookAlikePlate, lookAlikeProbability, misread, nationalPlate,
  nationalPlateProbability, oneSlipProbability, plateOfProbability, PROVINCE_LIST, provinceSlipProbability, readConfidence, seededRandom, SlipKind, SLIP_MIX, Vehicle, vehicleOf,
} from './plate-generator';
import { WORLD_OPTIONS } from './world-options';

const { values: args } = parseArgs({
  options: {
    ...WORLD_OPTIONS,
    // Leave the camera's confidence out of the rule: the bound of rules that do not use it.
    'ignore-confidence': { type: 'boolean', default: false },
  },
});
const USE_CONFIDENCE = !args['ignore-confidence'];
const WATCHLIST = Number(args.watchlist);
const PER_KIND = Number(args['per-kind']);
const TRAFFIC = Number(args.traffic);
/** Issue 13's false-hit targets: reads that describe the vehicle, reads of the plate alone. */
const TARGET_DESCRIBED = 0.0005;
const TARGET_TEXT_ONLY = 0.001;
/** Issue 13's look-alike target: innocent cars one confusion from a seal, colour or make differing, raised at most this often. */
const LOOK_ALIKE_ALLOWED = 0.05;
/** eval:matcher's camera: 5 % of reads misread, with SLIP_MIX's kinds. */
const ERROR_RATE = 0.05;
const MIX = Object.fromEntries(SLIP_MIX) as Record<SlipKind, number>;
const MIX_TOTAL = SLIP_MIX.reduce((s, [, w]) => s + w, 0);
const mixShare = (kind: SlipKind) => MIX[kind] / MIX_TOTAL;
const pct = (x: number) => `${(100 * x).toFixed(x < 0.01 ? 3 : 2)} %`;

// ---- the closed forms, checked against the samplers --------------------------------------------
// Each check draws from a sampler and compares what it drew with what the closed form says; the
// command stops when they disagree, since a bound computed from a wrong model bounds nothing.
function checkModel(): void {
  const rng = seededRandom(12345);
  const draws = 200_000;
  const failures: string[] = [];
  // Plates, by importance sampling: E[g(p) / P(p)] over draws is the size of the set g marks.
  const sets: [string, (p: string) => boolean, number][] = [
    ['桂P and five digits', (p) => /^桂P[0-9]{5}$/.test(p), 1e5],
    ['桂P small new-energy', (p) => /^桂P[DFABCEGHJK][0-9A-HJ-NP-Z][0-9]{4}$/.test(p), 10 * 34 * 1e4],
    ['桂 trailers, coaches, police', (p) => /^桂[A-Z][0-9]{4}[挂学警]$/.test(p), 15 * 1e4 * 3],
  ];
  const sums = sets.map(() => 0);
  for (let i = 0; i < draws; i++) {
    const p = localPlate(rng);
    const q = localPlateProbability(p);
    if (!(q > 0)) failures.push(`localPlate drew ${p}, to which the closed form gives ${q}`);
    sets.forEach(([, g], k) => (sums[k] += g(p) ? 1 / q : 0));
  }
  sets.forEach(([name, , size], k) => {
    const estimate = sums[k] / draws;
    if (Math.abs(estimate / size - 1) > 0.1) failures.push(`${name}: the closed form implies ${estimate.toFixed(0)} plates, there are ${size}`);
  });
  // Frequent outcomes: the share drawn against the probability, within 5 standard errors.
  const frequencies = (what: string, draw: () => string, probability: (outcome: string) => number) => {
    const seen = new Map<string, number>();
    for (let i = 0; i < draws; i++) {
      const o = draw();
      seen.set(o, (seen.get(o) ?? 0) + 1);
    }
    for (const [o, n] of [...seen].sort((a, b) => b[1] - a[1]).slice(0, 25)) {
      const p = probability(o);
      if (Math.abs(n / draws - p) > 5 * Math.sqrt((p * (1 - p)) / draws) + 1e-9) failures.push(`${what}: ${o} drawn ${pct(n / draws)}, closed form ${pct(p)}`);
    }
  };
  const key = (v: Partial<Vehicle>) => JSON.stringify([v.vehicleColor, v.vehicleBrand ?? null, v.vehicleType ?? null]);
  const unkey = (k: string): Partial<Vehicle> => {
    const [vehicleColor, vehicleBrand, vehicleType] = JSON.parse(k) as [string, string | null, string | null];
    return { vehicleColor, vehicleBrand: vehicleBrand ?? undefined, vehicleType: vehicleType ?? undefined };
  };
  frequencies('cameraView of a fleet car', () => key(cameraView(rng, vehicleOf(rng))), (k) => fleetViewProbability(unkey(k)));
  const car: Vehicle = { vehicleColor: 'white', vehicleBrand: '大众', vehicleType: 'suv' };
  frequencies('cameraView of a white Volkswagen SUV', () => key(cameraView(rng, car)), (k) => cameraViewProbability(car, unkey(k)));
  frequencies('cameraView of a look-alike of a white Volkswagen SUV', () => key(cameraView(rng, differentVehicle(rng, car))), (k) => differentVehicleViewProbability(car, unkey(k)));
  frequencies('confidence of a misread', () => String(readConfidence(rng, false)), (c) => confidenceProbability(Number(c), false));
  frequencies('confidence of a right read', () => String(readConfidence(rng, true)), (c) => confidenceProbability(Number(c), true));
  for (const plate of ['桂P8B306', '粤AD12345', '京A0Q71Z']) {
    frequencies(`one confusable character of ${plate}`, () => misread(rng, plate, 'one confusable character'), (r) => oneSlipProbability(plate, r));
    frequencies(`${plate}'s province for another`, () => misread(rng, plate, 'province read as another province'), (r) => provinceSlipProbability(plate, r));
    for (const kind of ['one confusable character', 'another province'] as const) {
      frequencies(`a look-alike of ${plate}, ${kind}`, () => lookAlikePlate(rng, plate, kind), (l) => lookAlikeProbability(plate, kind, l));
    }
  }
  // A prefix's share: an all-digit serial is as likely under every prefix, so P(prefix) = P(prefix00000) / P(00000 | prefix).
  frequencies('nationalPlate prefix', () => nationalPlate(rng).slice(0, 2), (prefix) => nationalPlateProbability(`${prefix}00000`) / plateOfProbability('桂A00000', '桂', 'A'));
  if (failures.length) {
    console.error(`the closed-form probabilities disagree with the generator:\n- ${failures.slice(0, 20).join('\n- ')}`);
    process.exit(1);
  }
  console.log(`closed-form probabilities checked against ${draws.toLocaleString('en')} draws of each sampler: they agree`);
}

// ---- the world ----------------------------------------------------------------------------------
const started = Date.now();
checkModel();
const rng = seededRandom(Number(args.seed));
const sealed = new Map<string, Vehicle>();
while (sealed.size < WATCHLIST) sealed.set(nationalPlate(rng), vehicleOf(rng));
const sealedPlates = [...sealed.keys()];

// The world's own formatting: separators, full-width forms and case (misread 'formatting').
const normalize = (read: string) => read.normalize('NFKC').replace(/[\s·-]/g, '').toUpperCase();

/** Plates `read` could be a one-confusable-character misread of. */
function oneSlipNeighbours(read: string, visit: (plate: string, probability: number) => void): void {
  const chars = [...read];
  for (let i = 1; i < chars.length; i++) {
    for (const source of glyphSources(chars[i])) {
      const plate = [...chars.slice(0, i), source, ...chars.slice(i + 1)].join('');
      const p = oneSlipProbability(plate, read);
      if (p > 0) visit(plate, p);
    }
  }
}

/** Plates `read` could be a province-for-province misread of. */
function provinceNeighbours(read: string, visit: (plate: string, probability: number) => void): void {
  const rest = [...read].slice(1).join('');
  for (const province of PROVINCE_LIST) {
    const plate = province + rest;
    const p = provinceSlipProbability(plate, read);
    if (p > 0) visit(plate, p);
  }
}

/**
 * P(ordinary traffic gives `read` by two slips of letters or digits): the fallback when neither a
 * right read nor one slip could. misread's 'two slips' confuses a place, then another of the rest.
 */
function twoSlipLikelihood(read: string): number {
  const chars = [...read];
  let total = 0;
  for (let i = 1; i < chars.length; i++) {
    for (const a of glyphSources(chars[i])) {
      for (let j = i + 1; j < chars.length; j++) {
        for (const b of glyphSources(chars[j])) {
          const plate = [...chars];
          plate[i] = a;
          plate[j] = b;
          const q = localPlateProbability(plate.join(''));
          if (!q) continue;
          const places = alnumPositions(plate.join('')).length;
          // Either place first: 1/n, then 1/(n - 1) among the places left.
          total += (q * 2 * glyphSlipProbability(a, chars[i]) * glyphSlipProbability(b, chars[j])) / (places * (places - 1));
        }
      }
    }
  }
  return total * ERROR_RATE * mixShare('two slips') * 0.6;
}

type Hypothesis = 'one confusable character' | 'province read as another province';
const neighbours: Record<Hypothesis, typeof oneSlipNeighbours> = { 'one confusable character': oneSlipNeighbours, 'province read as another province': provinceNeighbours };
/** eval:matcher's look-alike of each kind: an innocent car one confusion from a seal, or on the same plate in another province. */
const LOOK_ALIKE: Record<Hypothesis, 'one confusable character' | 'another province'> = { 'one confusable character': 'one confusable character', 'province read as another province': 'another province' };

/**
 * How likely a read is from each population, constant factors (1 / the number of seals) left out:
 * - sealed: a sealed car misread by `kind` (its camera seeing the sealed vehicle);
 * - traffic: ordinary traffic, every way it gives this read;
 * - lookAlike: an innocent car whose plate is a look-alike of a seal (read right), seen as a car
 *   whose colour or make differs from the seal's; only with a view, since the look-alike target
 *   is judged on reads that describe the vehicle.
 */
interface Densities {
  sealed: number;
  traffic: number;
  lookAlike: number;
}
function densities(kind: Hypothesis, read: string, seenConfidence: number, view: Partial<Vehicle> | undefined): Densities {
  // Without confidence, every read is taken as sure as the likeliest: the factor is the same for all.
  const confidenceOf = (correct: boolean) => (USE_CONFIDENCE ? confidenceProbability(seenConfidence, correct) : 1);
  let sealedSide = 0;
  let lookAlike = 0;
  neighbours[kind](read, (plate, p) => {
    const v = sealed.get(plate);
    if (!v) return;
    sealedSide += p * (view ? cameraViewProbability(v, view) : 1);
    if (view) lookAlike += lookAlikeProbability(plate, LOOK_ALIKE[kind], read) * differentVehicleViewProbability(v, view);
  });
  if (!sealedSide) return { sealed: 0, traffic: 1, lookAlike: 0 };
  const rightConfidence = confidenceOf(true);
  const right = (1 - ERROR_RATE + ERROR_RATE * mixShare('formatting')) * localPlateProbability(read) * rightConfidence;
  let slipped = 0;
  oneSlipNeighbours(read, (plate, p) => (slipped += ERROR_RATE * mixShare('one confusable character') * localPlateProbability(plate) * p));
  provinceNeighbours(read, (plate, p) => (slipped += ERROR_RATE * mixShare('province read as another province') * localPlateProbability(plate) * p));
  if (!right && !slipped) slipped = twoSlipLikelihood(read);
  return {
    sealed: sealedSide * confidenceOf(false),
    traffic: (right + slipped * confidenceOf(false)) * (view ? fleetViewProbability(view) : 1),
    lookAlike: lookAlike * (1 - ERROR_RATE + ERROR_RATE * mixShare('formatting')) * rightConfidence,
  };
}

/**
 * The best rule for one population against two: raise a read when sealed > λ1 · traffic + λ2 · lookAlike
 * (Neyman–Pearson with two constraints; λ2 = 0 is the plain likelihood ratio). For each λ2 of a grid,
 * λ1 is the least that raises at most `trafficAllowed` of the ordinary reads; the best recall whose
 * look-alikes raised stay within `lookAlikeAllowed` wins.
 */
function bestRule(sealedReads: Densities[], traffic: Densities[], lookAlikes: Densities[], trafficAllowed: number, lookAlikeAllowed: number) {
  const lambdas2 = lookAlikes.length ? [0, ...Array.from({ length: 121 }, (_, k) => 10 ** (-6 + k * 0.1))] : [0];
  const points: { recall: number; traffic: number; lookAlikes: number }[] = [];
  for (const l2 of lambdas2) {
    // A read is raised when (sealed - λ2 · lookAlike) / traffic > λ1.
    const value = (d: Densities) => {
      const margin = d.sealed - l2 * d.lookAlike;
      return margin <= 0 ? -Infinity : d.traffic > 0 ? margin / d.traffic : Infinity;
    };
    const trafficValues = Float64Array.from(traffic, value).sort().reverse();
    const l1 = Math.max(0, trafficValues[Math.floor(trafficAllowed * traffic.length)]);
    const share = (ds: Densities[]) => (ds.length ? ds.filter((d) => value(d) > l1).length / ds.length : 0);
    points.push({ recall: share(sealedReads), traffic: share(traffic), lookAlikes: share(lookAlikes) });
  }
  // Two rules that each keep ordinary traffic within its allowance can be mixed (the one for some
  // reads, the other for the rest): the look-alikes raised and the recall mix alike, so the best is
  // on the line between a rule under the look-alike allowance and one over it.
  let best = { recall: 0, traffic: 0, lookAlikes: 0 };
  for (const p of points) {
    if (p.lookAlikes > lookAlikeAllowed) continue;
    if (p.recall > best.recall) best = p;
    for (const q of points) {
      if (q.lookAlikes <= lookAlikeAllowed || q.recall <= p.recall) continue;
      const w = (lookAlikeAllowed - p.lookAlikes) / (q.lookAlikes - p.lookAlikes);
      const mixed = { recall: p.recall + w * (q.recall - p.recall), traffic: Math.max(p.traffic, q.traffic), lookAlikes: lookAlikeAllowed };
      if (mixed.recall > best.recall) best = mixed;
    }
  }
  return best;
}

// ---- the three populations, drawn as eval:matcher draws them ------------------------------------
const kinds: Hypothesis[] = ['one confusable character', 'province read as another province'];
const trafficReads: { read: string; confidence: number; view: Partial<Vehicle> }[] = [];
for (let n = 0; n < TRAFFIC; n++) {
  let truth = localPlate(rng);
  while (sealed.has(truth)) truth = localPlate(rng);
  const { read, kind } = cameraRead(rng, truth, ERROR_RATE);
  trafficReads.push({ read: normalize(read), confidence: readConfidence(rng, !kind || kind === 'formatting'), view: cameraView(rng, vehicleOf(rng)) });
}
const someSealed = () => sealedPlates[Math.floor(rng() * sealedPlates.length)];

console.log(
  `Bayes bound on the evaluation's world: ${WATCHLIST.toLocaleString('en')} sealed plates, seed ${args.seed}, ${PER_KIND.toLocaleString('en')} misreads and look-alikes a kind, ` +
    `${TRAFFIC.toLocaleString('en')} ordinary reads. Allowed: ${pct(TARGET_TEXT_ONLY)} of ordinary reads of the plate alone raised, ${pct(TARGET_DESCRIBED)} of those that describe the vehicle, ` +
    `${pct(LOOK_ALIKE_ALLOWED)} of look-alikes whose colour or make differs; ${USE_CONFIDENCE ? 'the rule weighs the camera\'s confidence' : 'the rule does not use the camera\'s confidence'}\n`,
);
console.log('| misread | caught at most, plate alone | caught at most, colour/make/kind reported | the same, look-alikes not limited | raised at that best: ordinary (plate alone / described), look-alikes |');
console.log('| --- | ---: | ---: | ---: | ---: |');
for (const kind of kinds) {
  const plainTraffic = trafficReads.map((r) => densities(kind, r.read, r.confidence, undefined));
  const describedTraffic = trafficReads.map((r) => densities(kind, r.read, r.confidence, r.view));
  const plainSealed: Densities[] = [];
  const describedSealed: Densities[] = [];
  for (let n = 0; n < PER_KIND; n++) {
    const truth = someSealed();
    const read = misread(rng, truth, kind);
    const confidence = readConfidence(rng, false);
    plainSealed.push(densities(kind, read, confidence, undefined));
    describedSealed.push(densities(kind, read, confidence, cameraView(rng, sealed.get(truth)!)));
  }
  const lookAlikes: Densities[] = [];
  while (lookAlikes.length < PER_KIND) {
    const sealedPlate = someSealed();
    const truth = lookAlikePlate(rng, sealedPlate, LOOK_ALIKE[kind]);
    if (truth === sealedPlate || sealed.has(truth)) continue;
    const { read, kind: slip } = cameraRead(rng, truth, ERROR_RATE);
    const confidence = readConfidence(rng, !slip || slip === 'formatting');
    lookAlikes.push(densities(kind, normalize(read), confidence, cameraView(rng, differentVehicle(rng, sealed.get(sealedPlate)!))));
  }
  const plain = bestRule(plainSealed, plainTraffic, [], TARGET_TEXT_ONLY, 1);
  const described = bestRule(describedSealed, describedTraffic, lookAlikes, TARGET_DESCRIBED, LOOK_ALIKE_ALLOWED);
  const unlimited = bestRule(describedSealed, describedTraffic, lookAlikes, TARGET_DESCRIBED, 1);
  console.log(
    `| ${kind} | ${pct(plain.recall)} | ${pct(described.recall)} | ${pct(unlimited.recall)} (look-alikes raised ${pct(unlimited.lookAlikes)}) | ${pct(plain.traffic)} / ${pct(described.traffic)}, ${pct(described.lookAlikes)} |`,
  );
}
console.log(`\n(${((Date.now() - started) / 1000).toFixed(0)} s)`);
