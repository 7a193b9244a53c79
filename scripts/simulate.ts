/**
 * `npm run simulate`: a traffic feed of Guangxi plates over many checkpoints, into the HTTP or
 * the Kafka intake of a running traffic-adapter.
 *
 *   npm run simulate -- --rate 500 --checkpoints 40 --sealed-share 0.001 --noise 0.05 --intake kafka --duration 60
 *
 * Flags (defaults):
 *   --rate N            reads per second (200)
 *   --checkpoints N     checkpoints, registered with the adapter first as SIM-K001… (40)
 *   --sealed-share X    share of reads that are a sealed car (0.001)
 *   --noise X           share of reads with one camera misread (0.05); some misreads are not plates
 *   --intake http|kafka POST /api/v1/sightings in batches, or traffic.sightings.v1 (http)
 *   --duration S        seconds to run; 0 runs until Ctrl-C (60)
 *   --court-url URL     court-gateway, for the active seals (COURT_URL or http://localhost:3000)
 *   --traffic-url URL   traffic-adapter (TRAFFIC_URL or http://localhost:3001)
 *   --brokers LIST      Kafka bootstrap for --intake kafka (KAFKA_BROKERS or localhost:9092)
 *   --court-key KEY     court-gateway API key (COURT_API_KEY, else ADMIN_API_KEY)
 *   --traffic-key KEY   traffic-adapter API key with traffic_system (TRAFFIC_API_KEY, else ADMIN_API_KEY)
 *
 * Sealed plates come from court-gateway's GET /api/v1/seizures?status=active. A misread that is
 * no plate (a lost province, a glyph no plate carries there) is sent like any other read: both
 * doors take it for the matcher, and refuse only what no plate could produce (over HTTP item by
 * item, 207 naming them; over Kafka to the dead-letter topic). Plates are only ever printed masked.
 */
import { EventType, isValidPlate, maskPlate, normalizePlate, Topic } from '../libs/contracts/src';
import { Kafka, logLevel, Partitioners, Producer } from 'kafkajs';
import { randomUUID } from 'node:crypto';
import { cameraRead, guangxiPlate } from './traffic-plates';

interface Options {
  rate: number;
  checkpoints: number;
  sealedShare: number;
  noise: number;
  intake: 'http' | 'kafka';
  duration: number;
  courtUrl: string;
  trafficUrl: string;
  courtKey?: string;
  trafficKey?: string;
  brokers: string[];
}

interface Read {
  plate: string;
  cameraId: string;
  observedAt: string;
  eventId: string;
  confidence: number;
}

const TICK_MS = 100;
const HTTP_BATCH = 1000;
/** Tribunal teams that cover the checkpoints (court team ids), most of them 防城. */
const JURISDICTIONS = ['fangcheng', 'fangcheng', 'fangcheng', 'dazhai', 'naliang'];

function parseArgs(argv: string[]): Options {
  const flags = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (!arg.startsWith('--')) throw new Error(`unexpected argument ${arg}`);
    const [name, inline] = arg.slice(2).split('=', 2);
    flags.set(name, inline ?? argv[++i] ?? '');
  }
  const num = (name: string, fallback: number, min: number, max: number) => {
    const raw = flags.get(name);
    const value = raw === undefined ? fallback : Number(raw);
    if (!Number.isFinite(value) || value < min || value > max) throw new Error(`--${name} must be a number from ${min} to ${max}, got ${raw}`);
    return value;
  };
  const intake = flags.get('intake') ?? 'http';
  if (intake !== 'http' && intake !== 'kafka') throw new Error(`--intake must be http or kafka, got ${intake}`);
  const known = ['rate', 'checkpoints', 'sealed-share', 'noise', 'intake', 'duration', 'court-url', 'traffic-url', 'brokers'];
  for (const name of flags.keys()) if (!known.includes(name)) throw new Error(`unknown flag --${name}`);
  return {
    rate: num('rate', 200, 1, 100_000),
    checkpoints: Math.floor(num('checkpoints', 40, 1, 10_000)),
    sealedShare: num('sealed-share', 0.001, 0, 1),
    noise: num('noise', 0.05, 0, 1),
    intake,
    duration: num('duration', 60, 0, 7 * 24 * 3600),
    courtUrl: (flags.get('court-url') ?? process.env.COURT_URL ?? 'http://localhost:3000').replace(/\/+$/, ''),
    trafficUrl: (flags.get('traffic-url') ?? process.env.TRAFFIC_URL ?? 'http://localhost:3001').replace(/\/+$/, ''),
    // Admin key, or per service a key with the case_system / traffic_system role.
    courtKey: flags.get('court-key') ?? process.env.COURT_API_KEY ?? process.env.ADMIN_API_KEY,
    trafficKey: flags.get('traffic-key') ?? process.env.TRAFFIC_API_KEY ?? process.env.ADMIN_API_KEY,
    brokers: (flags.get('brokers') ?? process.env.KAFKA_BROKERS ?? 'localhost:9092').split(',').map((b) => b.trim()).filter(Boolean),
  };
}

/** API keys per service, set by simulate(). */
let keys: { court?: string; traffic?: string; trafficUrl?: string } = {};

async function http(method: string, url: string, body?: unknown): Promise<{ status: number; body: any }> {
  const key = keys.trafficUrl && url.startsWith(keys.trafficUrl) ? keys.traffic : keys.court;
  const res = await fetch(url, {
    method,
    headers: { 'content-type': 'application/json', ...(key ? { 'x-api-key': key } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(10_000),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

async function registerCheckpoints(o: Options): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 1; i <= o.checkpoints; i++) {
    const id = `SIM-K${String(i).padStart(3, '0')}`;
    const res = await http('PUT', `${o.trafficUrl}/api/v1/checkpoints/${id}`, {
      name: `防城港模拟卡口 K${String(i).padStart(3, '0')}`,
      lat: Number((21.55 + ((i * 37) % 100) / 400).toFixed(5)),
      lon: Number((108.1 + ((i * 53) % 100) / 250).toFixed(5)),
      jurisdiction: JURISDICTIONS[i % JURISDICTIONS.length],
      groupId: `SIM-G${String(Math.ceil(i / 5)).padStart(2, '0')}`,
    });
    if (res.status !== 200 && res.status !== 201) throw new Error(`PUT checkpoint ${id}: HTTP ${res.status} ${JSON.stringify(res.body)}`);
    ids.push(id);
  }
  return ids;
}

async function activeSeals(o: Options): Promise<string[]> {
  const res = await http('GET', `${o.courtUrl}/api/v1/seizures?status=active&limit=1000`);
  if (res.status !== 200) throw new Error(`GET seizures: HTTP ${res.status}`);
  return [...new Set((res.body.items as { plate: string }[]).map((s) => normalizePlate(s.plate)))];
}

export async function simulate(o: Options, signal: AbortSignal, log: (line: string) => void = console.log): Promise<void> {
  keys = { court: o.courtKey, traffic: o.trafficKey, trafficUrl: o.trafficUrl };
  const cameras = await registerCheckpoints(o);
  const sealed = await activeSeals(o);
  log(`simulate: ${cameras.length} checkpoints registered; ${sealed.length} active seals${sealed.length ? ` (e.g. ${maskPlate(sealed[0])})` : ' — every read is an innocent car'}`);
  log(`simulate: ${o.rate} reads/s into ${o.intake === 'http' ? `${o.trafficUrl}/api/v1/sightings` : `${Topic.Sightings} at ${o.brokers.join(',')}`}, sealed share ${o.sealedShare}, noise ${o.noise}`);

  let producer: Producer | null = null;
  if (o.intake === 'kafka') {
    producer = new Kafka({ clientId: 'traffic-simulator', brokers: o.brokers, logLevel: logLevel.WARN }).producer({ createPartitioner: Partitioners.DefaultPartitioner });
    await producer.connect();
  }

  const counts = { sent: 0, sealed: 0, notPlates: 0, hits: 0, refused: 0, failed: 0 };
  const startedAt = Date.now();
  const endAt = o.duration > 0 ? startedAt + o.duration * 1000 : Infinity;
  let due = 0;
  let lastReport = startedAt;
  try {
    while (!signal.aborted && Date.now() < endAt) {
      const tickStart = Date.now();
      due += (o.rate * TICK_MS) / 1000;
      const n = Math.floor(due);
      due -= n;
      const reads: Read[] = [];
      for (let i = 0; i < n; i++) {
        const isSealed = sealed.length > 0 && Math.random() < o.sealedShare;
        const truth = isSealed ? sealed[Math.floor(Math.random() * sealed.length)] : guangxiPlate();
        const plate = cameraRead(truth, o.noise);
        if (isSealed) counts.sealed++;
        if (!isValidPlate(normalizePlate(plate))) counts.notPlates++;
        reads.push({
          plate,
          cameraId: cameras[Math.floor(Math.random() * cameras.length)],
          observedAt: new Date().toISOString(),
          eventId: randomUUID(),
          confidence: Number((0.7 + Math.random() * 0.29).toFixed(2)),
        });
      }
      await send(reads);
      if (Date.now() - lastReport >= 5000) {
        lastReport = Date.now();
        const seconds = (lastReport - startedAt) / 1000;
        log(
          `simulate: ${counts.sent} reads in ${seconds.toFixed(0)} s (${Math.round(counts.sent / seconds)}/s), ${counts.sealed} of sealed cars, ` +
            `${counts.notPlates} misread into non-plates${o.intake === 'http' ? `, ${counts.hits} hits, ${counts.refused} refused` : ''}${counts.failed ? `, ${counts.failed} failed` : ''}`,
        );
      }
      const wait = TICK_MS - (Date.now() - tickStart);
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    }
  } finally {
    await producer?.disconnect();
  }
  log(`simulate: done: ${counts.sent} reads sent, ${counts.sealed} of sealed cars${o.intake === 'http' ? `, ${counts.hits} hits` : ''}`);

  async function send(reads: Read[]): Promise<void> {
    if (reads.length === 0) return;
    try {
      if (producer) {
        await producer.send({
          topic: Topic.Sightings,
          messages: reads.map(({ eventId, ...payload }) => ({
            key: payload.cameraId,
            value: JSON.stringify({ eventId, type: EventType.SightingReported, schemaVersion: 1, occurredAt: payload.observedAt, producer: 'traffic-simulator', payload }),
          })),
        });
      } else {
        for (let i = 0; i < reads.length; i += HTTP_BATCH) {
          const res = await http('POST', `${o.trafficUrl}/api/v1/sightings`, reads.slice(i, i + HTTP_BATCH));
          // 207: some items were refused (named in refusals), the others taken.
          if (res.status !== 200 && res.status !== 207) throw new Error(`HTTP ${res.status} ${JSON.stringify(res.body).slice(0, 300)}`);
          counts.hits += res.body.hits;
          counts.refused += res.body.refused ?? 0;
        }
      }
      counts.sent += reads.length;
    } catch (error) {
      counts.failed += reads.length;
      log(`simulate: sending ${reads.length} reads failed: ${(error as Error).message}`);
    }
  }
}

if (require.main === module) {
  const abort = new AbortController();
  for (const s of ['SIGINT', 'SIGTERM'] as const) process.once(s, () => abort.abort());
  let options: Options;
  try {
    options = parseArgs(process.argv.slice(2));
  } catch (error) {
    console.error(`simulate: ${(error as Error).message}`);
    process.exit(2);
  }
  simulate(options, abort.signal).then(
    () => process.exit(0),
    (error) => {
      console.error(`simulate failed: ${error instanceof Error ? error.message : error}`);
      process.exit(1);
    },
  );
}
