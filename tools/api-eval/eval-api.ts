/**
 * `npm run eval:api`: the matcher judged from outside, through the public v1 contract only, the
 * way an outside team with "a corpus we have not seen" would judge it.
 *
 *   1. starts the whole system as `npm start` does (scripts/start.ts as a child process: its own
 *      scratch database, free ports, its own Kafka mock, no demo feed), or uses a running one
 *      (`--court-url`, `--traffic-url`, `--brokers`, `--admin-key`);
 *   2. issues a `case_system` key on court-gateway and a `traffic_system` key on traffic-adapter
 *      (README, Security) and registers checkpoints;
 *   3. registers N seals (`--seals`, default 1,000) with `POST /api/v1/seizures`, with the
 *      registered vehicle's plate colour, body colour, make and type, and waits until
 *      traffic-adapter's watchlist holds them (`GET /api/v1/watchlist/stats`);
 *   4. sends camera reads with `POST /api/v1/sightings` in batches: exact reads and every misread
 *      kind of sealed plates (tools/api-eval/misreads.ts: written from field knowledge, not from
 *      the matcher's table), ordinary traffic and look-alike innocent cars, some items a camera
 *      could never read (each must be refused by itself, the rest of its batch taken);
 *   5. reads the hits from `traffic.hits.v1` (kafkajs, a consumer group of its own), attributes
 *      each to its read by the read's eventId (`sightingId`), and prints Markdown tables.
 *
 * Imports nothing from apps/, libs/ or tools/plate-eval. Plates are never printed except inside
 * the aggregate tables (which hold none): problems name reads by eventId and masked plate.
 *
 * Options: --seals N (1000)  --traffic N (20000 ordinary reads)  --per-kind N (1000 reads per
 * misread kind, at most one per seal)  --lookalikes N (per-kind's number of each look-alike kind)
 * --batch N (500 reads per request)  --concurrency N (4 requests in flight)  --seed N (7)
 * --cameras N (400 checkpoint cameras the reads are spread over; with few, each camera sends
 * enough reads for traffic-adapter's per-camera confidence calibration to take part)
 * --misses FILE: write every missed sealed read and every raised innocent read there (JSON, mode
 * 0600, full plates: the corpus is synthetic, but the file is kept off stdout all the same)
 */
import { randomUUID } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import { HitCollector } from './hits';
import { ApiClient, pool } from './http';
import { impossibleRead, misread, MISREAD_KINDS, MisreadKind, plateConfusions } from './misreads';
import {
  cameraSees,
  chars,
  differentVehicle,
  isPlate,
  maskPlate,
  Plate,
  PROVINCES,
  randomPlate,
  registeredVehicle,
  Rng,
  SeenVehicle,
  trueLook,
  Vehicle,
} from './plates';
import { RunningSystem, startSystem } from './system';

// --- options ---------------------------------------------------------------------------------

interface Options {
  seals: number;
  traffic: number;
  perKind: number;
  lookalikes: number;
  batch: number;
  concurrency: number;
  seed: number;
  cameras: number;
  courtUrl?: string;
  trafficUrl?: string;
  brokers?: string;
  adminKey?: string;
  misses?: string;
}

function parseOptions(argv: string[]): Options {
  const raw = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (!arg.startsWith('--')) throw new Error(`unexpected argument ${arg}`);
    const [name, inline] = arg.slice(2).split('=', 2);
    const value = inline ?? argv[++i];
    if (value === undefined) throw new Error(`--${name} needs a value`);
    raw.set(name, value);
  }
  const known = ['seals', 'traffic', 'per-kind', 'lookalikes', 'batch', 'concurrency', 'seed', 'cameras', 'court-url', 'traffic-url', 'brokers', 'admin-key', 'misses'];
  for (const name of raw.keys()) if (!known.includes(name)) throw new Error(`unknown option --${name} (known: ${known.map((k) => `--${k}`).join(' ')})`);
  const int = (name: string, fallback: number, min = 0) => {
    const v = raw.get(name);
    if (v === undefined) return fallback;
    const n = Number(v.replace(/_/g, ''));
    if (!Number.isInteger(n) || n < min) throw new Error(`--${name} must be a whole number ≥ ${min}`);
    return n;
  };
  const seals = int('seals', 1000, 1);
  const perKind = int('per-kind', Math.min(1000, seals));
  const options: Options = {
    seals,
    traffic: int('traffic', 20000),
    perKind,
    lookalikes: int('lookalikes', perKind),
    batch: int('batch', 500, 1),
    concurrency: int('concurrency', 4, 1),
    seed: int('seed', 7),
    cameras: int('cameras', 400, 1),
    courtUrl: raw.get('court-url'),
    trafficUrl: raw.get('traffic-url'),
    brokers: raw.get('brokers'),
    adminKey: raw.get('admin-key'),
    misses: raw.get('misses'),
  };
  const external = [options.courtUrl, options.trafficUrl, options.brokers, options.adminKey].filter(Boolean).length;
  if (external !== 0 && external !== 4) throw new Error('a running system needs all of --court-url, --traffic-url, --brokers and --admin-key');
  return options;
}

// --- the corpus ------------------------------------------------------------------------------

type Category = 'sealed' | 'traffic' | 'lookalike-char' | 'lookalike-province' | 'impossible';

interface Seal {
  plate: Plate;
  vehicle: Vehicle;
  look: ReturnType<typeof trueLook>;
  seizureId?: string;
  /** Cameras used for this seal's reads so far (each read of one car at a checkpoint of its own). */
  reads: number;
}

interface Read {
  eventId: string;
  category: Category;
  kind?: MisreadKind;
  seal?: number;
  body: Record<string, unknown>;
}

/** Checkpoint cameras the reads are spread over (`--cameras`): few, and each sends enough traffic for traffic-adapter to learn what its confidence says. */
let CAMERAS = 400;
const cameraId = (n: number) => `FCG-API-${String(n % CAMERAS).padStart(3, '0')}`;

const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗梁宋郑谢韦覃莫'.split('');
const GIVEN = '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂兰华建国海燕'.split('');
const TRIBUNALS = ['防城法庭', '大寨法庭', '那良法庭'];
const VIN_CHARS = 'ABCDEFGHJKLMNPRSTUVWXYZ0123456789';

function sealBody(rng: Rng, seal: Seal, n: number): Record<string, unknown> {
  const year = 2023 + rng.int(3);
  const court = rng.pick(['桂0602', '桂0603', '桂0681']);
  const body: Record<string, unknown> = {
    caseNumber: `(${year})${court}执${1000 + n}号`,
    plate: seal.plate.text,
    plateColor: seal.vehicle.plateColor,
    vin: Array.from({ length: 17 }, () => rng.pick(VIN_CHARS.split(''))).join(''),
    ownerName: rng.pick(SURNAMES) + rng.pick(GIVEN) + (rng.chance(0.6) ? rng.pick(GIVEN) : ''),
    tribunal: rng.pick(TRIBUNALS),
    livelihood: rng.chance(0.1),
  };
  if (seal.vehicle.vehicleColor) body.vehicleColor = seal.vehicle.vehicleColor;
  if (seal.vehicle.make) body.vehicleBrand = seal.vehicle.make.registration;
  if (seal.vehicle.vehicleType) body.vehicleType = seal.vehicle.vehicleType;
  return body;
}

function buildSeals(rng: Rng, n: number): Seal[] {
  const seen = new Set<string>();
  const seals: Seal[] = [];
  while (seals.length < n) {
    const plate = randomPlate(rng);
    if (seen.has(plate.text)) continue;
    seen.add(plate.text);
    const vehicle = registeredVehicle(rng, plate);
    seals.push({ plate, vehicle, look: trueLook(rng, plate, vehicle), reads: 0 });
  }
  return seals;
}

class Corpus {
  readonly reads: Read[] = [];
  private counter = 0;
  private readonly now = Date.now();

  constructor(
    private readonly rng: Rng,
    private readonly runId: string,
  ) {}

  private observedAt(hoursBack: number): string {
    return new Date(this.now - hoursBack * 3_600_000 - this.rng.int(1_800_000)).toISOString();
  }

  private confidence(low: number, high: number): number | undefined {
    return this.rng.chance(0.6) ? Math.round((low + this.rng.next() * (high - low)) * 100) / 100 : undefined;
  }

  add(category: Category, plate: string, camera: number, hoursBack: number, seen: SeenVehicle, extra: Partial<Read> & { confidence?: number }): void {
    const eventId = `api-eval.${this.runId}.${++this.counter}`;
    const body: Record<string, unknown> = { eventId, plate, cameraId: cameraId(camera), observedAt: this.observedAt(hoursBack), ...seen };
    if (extra.confidence !== undefined) body.confidence = extra.confidence;
    this.reads.push({ eventId, category, kind: extra.kind, seal: extra.seal, body });
  }

  /** A read of seal `s`: at a checkpoint this car has not passed yet in this run, three hours after its last. */
  sealRead(seals: Seal[], s: number, kind: MisreadKind, text: string): void {
    const seal = seals[s];
    const k = seal.reads++;
    const lowConfidence = kind !== 'exact' && !kind.startsWith('format');
    this.add('sealed', text, s * 13 + k, 3 * k, cameraSees(this.rng, seal.vehicle, seal.look), {
      kind,
      seal: s,
      confidence: lowConfidence ? this.confidence(0.5, 0.9) : this.confidence(0.85, 0.99),
    });
  }

  lookalike(seals: Seal[], s: number, category: Category, text: string, plate: Plate): void {
    const seal = seals[s];
    const k = seal.reads++;
    const other = differentVehicle(this.rng, plate, seal.vehicle);
    const seen: SeenVehicle = { plateColor: plate.color, vehicleColor: other.vehicleColor, vehicleBrand: other.make!.badge };
    if (this.rng.chance(0.5) && other.vehicleType) seen.vehicleType = other.vehicleType;
    this.add(category, text, s * 13 + k, 3 * k, seen, { seal: s, confidence: this.confidence(0.8, 0.99) });
  }

  traffic(plate: Plate): void {
    const vehicle = registeredVehicle(this.rng, plate);
    const seen = this.rng.chance(0.7) ? cameraSees(this.rng, vehicle, trueLook(this.rng, plate, vehicle)) : {};
    this.add('traffic', plate.text, this.rng.int(CAMERAS), this.rng.next() * 48, seen, { confidence: this.confidence(0.7, 0.99) });
  }
}

/** A real plate one confusable character away from `plate` (a different car), or null. */
function oneCharLookalike(rng: Rng, plate: Plate, taken: Set<string>): Plate | null {
  const c = chars(plate.text);
  const positions = rng.shuffle(Array.from({ length: c.length - 1 }, (_, i) => i + 1));
  for (const i of positions) {
    for (const x of rng.shuffle(plateConfusions(c[i]))) {
      const d = [...c];
      d[i] = x;
      const text = d.join('');
      if (!taken.has(text) && isPlate(text)) return { ...plate, text };
    }
  }
  return null;
}

function otherProvinceLookalike(rng: Rng, plate: Plate, taken: Set<string>): Plate | null {
  const c = chars(plate.text);
  // Neighbours of Guangxi first: they are the other provinces' cars seen at a Fangchenggang checkpoint.
  const near = ['粤', '湘', '贵', '云', '琼'];
  for (let attempt = 0; attempt < 20; attempt++) {
    const p = rng.chance(0.7) ? rng.pick(near) : rng.pick(PROVINCES);
    if (p === c[0]) continue;
    const text = p + c.slice(1).join('');
    if (!taken.has(text)) return { ...plate, text };
  }
  return null;
}

// --- running it ------------------------------------------------------------------------------

interface Findings {
  problems: string[];
  http5xx: number;
  http4xxWithValid: number;
  lostReads: number;
  wrongRefusals: number;
}

const say = (line: string) => console.log(`[eval:api] ${line}`);
const pct = (n: number, d: number, digits = 2) => (d === 0 ? '—' : `${((100 * n) / d).toFixed(digits)} %`);
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

async function issueKey(client: ApiClient, name: string, role: string): Promise<string> {
  const res = await client.call<{ key?: string }>('POST', '/api/v1/admin/api-keys', { name, roles: [role], rateLimitPerMinute: 1_000_000 });
  if (res.status !== 201 || typeof res.body?.key !== 'string') throw new Error(`issuing a ${role} key at ${client.baseUrl}: HTTP ${res.status} ${res.text.slice(0, 300)}`);
  return res.body.key;
}

/** The watchlist's size as traffic-adapter reports it, whatever the field is called. */
function indexSize(stats: unknown): number | null {
  const found: number[] = [];
  const walk = (v: unknown, key: string) => {
    if (typeof v === 'number' && /size|plates|entries|count/i.test(key) && !/version|drift|added|removed|changed|runs?$/i.test(key)) found.push(v);
    else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, k);
  };
  walk(stats, '');
  return found.length ? Math.max(...found) : null;
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  CAMERAS = options.cameras;
  const started = Date.now();
  const marks: [string, number][] = [];
  const mark = (what: string, since: number) => marks.push([what, Date.now() - since]);
  const rng = new Rng(options.seed);
  const runId = randomUUID().slice(0, 8);

  let system: RunningSystem | null = null;
  let stopSystem: (() => Promise<void>) | null = null;
  const hits = new HitCollector();
  let cleaning: Promise<void> | null = null;
  const cleanup = () =>
    (cleaning ??= (async () => {
      await hits.stop();
      await stopSystem?.();
    })());
  let interrupted = false;
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.on(signal, () => {
      if (interrupted) return;
      interrupted = true;
      say(`${signal}: stopping what this run started...`);
      void cleanup().finally(() => process.exit(130));
    });
  }

  try {
    let t = Date.now();
    if (options.courtUrl) {
      system = null;
    } else {
      system = await startSystem(say, (stop) => (stopSystem = stop));
    }
    const courtUrl = options.courtUrl ?? system!.courtUrl;
    const trafficUrl = options.trafficUrl ?? system!.trafficUrl;
    const brokers = options.brokers?.split(',') ?? system!.brokers;
    const adminKey = options.adminKey ?? system!.adminKey;
    mark('start the system', t);
    say(`court-gateway ${courtUrl}, traffic-adapter ${trafficUrl}, Kafka ${brokers.join(',')}`);

    const courtAdmin = new ApiClient(courtUrl, adminKey);
    const trafficAdmin = new ApiClient(trafficUrl, adminKey);
    const court = new ApiClient(courtUrl, await issueKey(courtAdmin, `api-eval ${runId} case system`, 'case_system'));
    const traffic = new ApiClient(trafficUrl, await issueKey(trafficAdmin, `api-eval ${runId} checkpoint feed`, 'traffic_system'));
    const findings: Findings = { problems: [], http5xx: 0, http4xxWithValid: 0, lostReads: 0, wrongRefusals: 0 };

    // Checkpoints around Fangchenggang, so hits carry places (none is far from another: no impossible trips).
    t = Date.now();
    await pool(
      Array.from({ length: CAMERAS }, (_, i) => i),
      8,
      async (i) => {
        const res = await traffic.call('PUT', `/api/v1/checkpoints/${cameraId(i)}`, {
          name: `评测卡口 ${i}`,
          lat: 21.55 + (i % 20) * 0.01,
          lon: 108.25 + Math.floor(i / 20) * 0.01,
          groupId: `api-eval-${Math.floor(i / 50)}`,
        });
        if (res.status !== 200 && res.status !== 201) findings.problems.push(`PUT /api/v1/checkpoints/${cameraId(i)}: HTTP ${res.status} ${res.text.slice(0, 200)}`);
      },
    );
    mark(`register ${CAMERAS} checkpoints`, t);

    // Our consumer joins before the first read, from the earliest offset: no hit can slip by.
    await hits.start(brokers);

    // Seals.
    t = Date.now();
    const seals = buildSeals(rng, options.seals);
    let refusedSeals = 0;
    await pool(seals, 16, async (seal, i) => {
      const res = await court.call<{ id?: string }>('POST', '/api/v1/seizures', sealBody(rng, seal, i));
      if ((res.status === 201 || res.status === 200) && typeof res.body?.id === 'string') seal.seizureId = res.body.id;
      else {
        refusedSeals++;
        if (refusedSeals <= 5) findings.problems.push(`POST /api/v1/seizures for ${maskPlate(seal.plate.text)} (${seal.plate.kind}): HTTP ${res.status} ${res.text.replace(/[\u4e00-\u9fff][A-Z0-9·]{5,}/g, '<plate>').slice(0, 300)}`);
      }
    });
    const registered = seals.filter((s) => s.seizureId).length;
    mark(`register ${registered} seals`, t);
    say(`${registered} of ${seals.length} seals registered${refusedSeals ? ` (${refusedSeals} refused)` : ''}`);

    // The watchlist: wait until traffic-adapter's index holds every seal.
    t = Date.now();
    let size: number | null = null;
    for (const deadline = Date.now() + 300_000; Date.now() < deadline; ) {
      const stats = await trafficAdmin.call('GET', '/api/v1/watchlist/stats');
      size = stats.status === 200 ? indexSize(stats.body) : null;
      if (size !== null && size >= registered) break;
      await new Promise((r) => setTimeout(r, 500));
    }
    if (size === null || size < registered) findings.problems.push(`the watchlist held ${size ?? 'an unknown number of'} plates 5 min after ${registered} seals were registered`);
    mark('wait for the watchlist', t);
    say(`watchlist holds ${size} plates`);

    // Reads.
    const corpus = new Corpus(rng, runId);
    const sealIdx = seals.map((_, i) => i).filter((i) => seals[i].seizureId);
    for (const s of sealIdx) corpus.sealRead(seals, s, 'exact', seals[s].plate.text);
    for (const { kind } of MISREAD_KINDS) {
      if (kind === 'exact') continue;
      let made = 0;
      for (const s of rng.shuffle([...sealIdx])) {
        if (made >= options.perKind) break;
        const text = misread(rng, seals[s].plate.text, kind, seals[s].plate.color);
        if (text === null) continue;
        corpus.sealRead(seals, s, kind, text);
        made++;
      }
    }
    const sealTexts = new Set(seals.map((s) => s.plate.text));
    for (const [category, make] of [
      ['lookalike-char', oneCharLookalike],
      ['lookalike-province', otherProvinceLookalike],
    ] as const) {
      let made = 0;
      for (const s of rng.shuffle([...sealIdx])) {
        if (made >= options.lookalikes) break;
        const plate = make(rng, seals[s].plate, sealTexts);
        if (!plate) continue;
        corpus.lookalike(seals, s, category, plate.text, plate);
        made++;
      }
    }
    for (let made = 0; made < options.traffic; ) {
      const plate = randomPlate(rng);
      if (sealTexts.has(plate.text)) continue;
      corpus.traffic(plate);
      made++;
    }
    const reads = rng.shuffle(corpus.reads);
    const byEventId = new Map(reads.map((r) => [r.eventId, r]));

    // Batches as a feed sends them; one in ten carries reads no plate could produce, one carries nothing else.
    const batches: Read[][] = [];
    for (let i = 0; i < reads.length; i += options.batch) batches.push(reads.slice(i, i + options.batch));
    let impossibleCount = 0;
    const impossible = (): Read => {
      const eventId = `api-eval.${runId}.x${++impossibleCount}`;
      return {
        eventId,
        category: 'impossible',
        body: { eventId, plate: impossibleRead(rng), cameraId: cameraId(rng.int(CAMERAS)), observedAt: new Date().toISOString() },
      };
    };
    for (const [b, batch] of batches.entries()) {
      if (b % 10 !== 1 && batches.length > 1) continue;
      for (let k = 1 + rng.int(3); k > 0; k--) batch.splice(rng.int(batch.length + 1), 0, impossible());
    }
    batches.push([impossible(), impossible(), impossible()]);

    t = Date.now();
    const refusedValid = new Map<string, { count: number; examples: string[] }>();
    let answeredHits = 0;
    let duplicates = 0;
    const statusCounts = new Map<number, number>();
    await pool(batches, options.concurrency, async (batch, b) => {
      const res = await traffic.call<{ received?: number; hits?: number; duplicates?: number; refused?: number; refusals?: { index: number; eventId?: string; errors?: string[] }[] }>(
        'POST',
        '/api/v1/sightings',
        batch.map((r) => r.body),
      );
      statusCounts.set(res.status, (statusCounts.get(res.status) ?? 0) + 1);
      const bad = new Set(batch.map((r, i) => (r.category === 'impossible' ? i : -1)).filter((i) => i >= 0));
      const valid = batch.length - bad.size;
      const where = `batch ${b} (${batch.length} items, ${bad.size} impossible)`;
      if (res.status >= 500) {
        findings.http5xx++;
        findings.problems.push(`${where}: HTTP ${res.status} ${res.text.slice(0, 200)}`);
        findings.lostReads += valid;
        return;
      }
      if (res.status === 400) {
        if (valid > 0) {
          findings.http4xxWithValid++;
          findings.lostReads += valid;
          findings.problems.push(`${where}: HTTP 400 although ${valid} reads were valid: ${res.text.slice(0, 300)}`);
        }
        return;
      }
      if (res.status !== 200 && res.status !== 207) {
        findings.http4xxWithValid += valid > 0 ? 1 : 0;
        findings.lostReads += valid;
        findings.problems.push(`${where}: HTTP ${res.status} ${res.text.slice(0, 200)}`);
        return;
      }
      const body = res.body ?? {};
      answeredHits += body.hits ?? 0;
      duplicates += body.duplicates ?? 0;
      const refusedAt = new Set((body.refusals ?? []).map((r) => r.index));
      const wronglyRefused = [...refusedAt].filter((i) => !bad.has(i));
      const wronglyTaken = [...bad].filter((i) => !refusedAt.has(i));
      if (res.status === 200 && bad.size > 0) findings.problems.push(`${where}: HTTP 200 though ${bad.size} items could be no plate`);
      if (wronglyRefused.length) {
        findings.wrongRefusals += wronglyRefused.length;
        findings.lostReads += wronglyRefused.length;
        for (const i of wronglyRefused) {
          const refusal = body.refusals!.find((r) => r.index === i);
          const reason = (refusal?.errors ?? []).join('; ');
          const group = refusedValid.get(reason) ?? { count: 0, examples: [] };
          group.count++;
          if (group.examples.length < 3) group.examples.push(`${batch[i].eventId} (${maskPlate(String(batch[i].body.plate))}, ${batch[i].kind ?? batch[i].category}, ${where})`);
          refusedValid.set(reason, group);
        }
      }
      if (wronglyTaken.length) {
        findings.wrongRefusals += wronglyTaken.length;
        findings.problems.push(`${where}: ${wronglyTaken.length} impossible item(s) not refused (${wronglyTaken.map((i) => JSON.stringify(batch[i].body.plate)).join(', ')})`);
      }
      const taken = valid - wronglyRefused.length;
      if (body.received !== taken) {
        findings.lostReads += Math.max(0, taken - (body.received ?? 0));
        findings.problems.push(`${where}: received ${body.received}, expected ${taken} (refused ${body.refused ?? 0})`);
      }
      if ((body.refused ?? 0) !== refusedAt.size) findings.problems.push(`${where}: refused ${body.refused} but ${refusedAt.size} refusals listed`);
    });
    const sendMs = Date.now() - t;
    mark(`send ${reads.length + impossibleCount} reads in ${batches.length} requests`, t);
    say(`sent ${reads.length} reads (+${impossibleCount} impossible) in ${batches.length} requests, ${seconds(sendMs)}; answers said ${answeredHits} hits`);

    t = Date.now();
    await hits.settle(answeredHits, 20_000, 300_000);
    mark('collect the hits from Kafka', t);

    // --- attribution -------------------------------------------------------------------------
    const seizureOf = new Map(seals.map((s, i) => [s.seizureId, i]));
    const foreign = [...hits.bySighting.keys()].filter((id) => !byEventId.has(id));
    interface Row {
      sent: number;
      caught: number;
      falseHit: number;
      raised: number;
      /** Reads of seals on the court's own authority (桂P), and how many of them were caught. */
      localSent: number;
      localCaught: number;
    }
    const rows = new Map<string, Row>();
    const row = (key: string) => {
      let r = rows.get(key);
      if (!r) rows.set(key, (r = { sent: 0, caught: 0, falseHit: 0, raised: 0, localSent: 0, localCaught: 0 }));
      return r;
    };
    let hitsOnUnknownSeals = 0;
    const missed: unknown[] = [];
    const missesByPlateKind = new Map<string, Map<string, number>>();
    for (const read of reads) {
      const key = read.category === 'sealed' ? read.kind! : read.category;
      const r = row(key);
      r.sent++;
      const found = hits.bySighting.get(read.eventId) ?? [];
      if (found.length) r.raised++;
      const truth = read.category === 'sealed' ? seals[read.seal!].seizureId : undefined;
      const local = read.category === 'sealed' && seals[read.seal!].plate.text.startsWith('桂P');
      if (local) r.localSent++;
      if (truth && found.some((h) => h.seizureId === truth)) {
        r.caught++;
        if (local) r.localCaught++;
      }
      if (found.some((h) => h.seizureId !== truth)) r.falseHit++;
      const isMiss = truth ? !found.some((h) => h.seizureId === truth) : found.length > 0;
      if (isMiss) {
        const seal = read.seal !== undefined ? seals[read.seal] : undefined;
        if (truth) {
          const perKind = missesByPlateKind.get(key) ?? new Map<string, number>();
          perKind.set(seal!.plate.kind, (perKind.get(seal!.plate.kind) ?? 0) + 1);
          missesByPlateKind.set(key, perKind);
        }
        missed.push({ key, read: read.body, seal: seal && { plate: seal.plate.text, kind: seal.plate.kind, vehicle: seal.vehicle }, hits: found });
      }
      hitsOnUnknownSeals += found.filter((h) => !seizureOf.has(h.seizureId)).length;
    }

    // --- the report --------------------------------------------------------------------------
    const totalMs = Date.now() - started;
    const out: string[] = [];
    out.push('');
    out.push(`### eval:api — ${registered.toLocaleString('en')} seals, seed ${options.seed}`);
    out.push('');
    out.push('| read of a sealed car (target) | reads sent | caught | caught % | of 桂P seals / of the others | reads raising another seal |');
    out.push('| --- | ---: | ---: | ---: | ---: | ---: |');
    for (const { kind, label, target } of MISREAD_KINDS) {
      const r = rows.get(kind);
      if (!r) continue;
      const met = target !== undefined && r.caught / r.sent >= target;
      out.push(`| ${label} (≥ ${((target ?? 0) * 100).toFixed(0)} %) | ${r.sent} | ${r.caught} | ${met ? `**${pct(r.caught, r.sent)}**` : pct(r.caught, r.sent)} | ${pct(r.localCaught, r.localSent, 1)} / ${pct(r.caught - r.localCaught, r.sent - r.localSent, 1)} | ${r.falseHit} |`);
    }
    out.push('');
    out.push('| innocent reads (target) | reads sent | raised | raised % |');
    out.push('| --- | ---: | ---: | ---: |');
    const tr = rows.get('traffic') ?? { sent: 0, raised: 0 };
    out.push(`| ordinary traffic (≤ 0.1 %) | ${tr.sent} | ${tr.raised} | ${pct(tr.raised, tr.sent, 3)} |`);
    const lc = rows.get('lookalike-char') ?? { sent: 0, raised: 0 };
    const lp = rows.get('lookalike-province') ?? { sent: 0, raised: 0 };
    out.push(`| look-alike: one confusable character away, other colour and make (≤ 5 %) | ${lc.sent} | ${lc.raised} | ${pct(lc.raised, lc.sent)} |`);
    out.push(`| look-alike: same serial in another province, other colour and make (≤ 5 %) | ${lp.sent} | ${lp.raised} | ${pct(lp.raised, lp.sent)} |`);
    out.push('');
    const statuses = [...statusCounts].sort(([a], [b]) => a - b).map(([s, n]) => `${n}× ${s}`).join(', ');
    out.push('| wiring | count |');
    out.push('| --- | ---: |');
    out.push(`| requests to POST /api/v1/sightings (answers) | ${batches.length} (${statuses}) |`);
    out.push(`| impossible items sent / wrongly judged (valid refused or impossible taken) | ${impossibleCount} / ${findings.wrongRefusals} |`);
    out.push(`| HTTP 5xx (all calls) | ${court.serverErrors.length + traffic.serverErrors.length + courtAdmin.serverErrors.length + trafficAdmin.serverErrors.length} |`);
    out.push(`| 4xx on a batch holding valid reads | ${findings.http4xxWithValid} |`);
    out.push(`| valid reads lost (neither taken nor refused, or refused though valid) | ${findings.lostReads} |`);
    out.push(`| duplicates reported (every eventId was new) | ${duplicates} |`);
    out.push(`| hits the answers counted / hits on traffic.hits.v1 (distinct) | ${answeredHits} / ${hits.count} |`);
    out.push(`| hits repeated on the topic (same hitId) / not a v1 VehicleSighted | ${hits.repeats} / ${hits.malformed.length} |`);
    out.push(`| hits naming no read of this run / no seal of this run | ${foreign.length} / ${hitsOnUnknownSeals} |`);
    out.push('');
    out.push('| step | time |');
    out.push('| --- | ---: |');
    for (const [what, ms] of marks) out.push(`| ${what} | ${seconds(ms)} |`);
    out.push(`| **whole run** (until the report) | **${seconds(totalMs)}** |`);
    out.push('');
    if (missesByPlateKind.size) {
      out.push('Missed sealed reads by the seal\'s plate kind: ' + [...missesByPlateKind].map(([k, m]) => `${k}: ${[...m].map(([pk, n]) => `${pk} ${n}`).join(', ')}`).join('; ') + '.');
      out.push('');
    }
    if (options.misses) {
      fs.writeFileSync(options.misses, JSON.stringify(missed, null, 1), { mode: 0o600 });
      out.push(`Missed and raised reads (${missed.length}) written to ${options.misses}.`);
      out.push('');
    }
    const cpu = os.cpus();
    out.push(`Machine: ${cpu[0]?.model ?? 'unknown CPU'}, ${cpu.length} cores, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}; read throughput ${((reads.length / sendMs) * 1000).toFixed(0)} reads/s.`);
    console.log(out.join('\n'));

    for (const [reason, { count, examples }] of refusedValid) {
      findings.problems.unshift(`${count} valid read(s) refused with "${reason}", e.g. ${examples.join('; ')}`);
    }
    if (answeredHits !== hits.count) findings.problems.push(`the sightings answers counted ${answeredHits} hits, ${hits.count} reached traffic.hits.v1`);
    const allProblems = [...findings.problems, ...[...court.serverErrors, ...traffic.serverErrors, ...courtAdmin.serverErrors, ...trafficAdmin.serverErrors].map((e) => `${e.method} ${e.path}: HTTP ${e.status} ${e.body}`)];
    if (allProblems.length) {
      console.log('\nProblems:');
      for (const p of allProblems.slice(0, 40)) console.log(`- ${p}`);
      if (allProblems.length > 40) console.log(`- … and ${allProblems.length - 40} more`);
    } else console.log('\nNo wiring problems seen.');
  } finally {
    await cleanup();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(`[eval:api] failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
