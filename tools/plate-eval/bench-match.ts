/**
 * `npm run bench:match`: the watchlist index at city and national scale, in process.
 *
 * - memory: bytes the index holds (typed arrays), resident set and heap growth after gc;
 * - match rate: exact reads of sealed plates, misreads of sealed plates (one slip from the
 *   glyph model, possible hits), innocent checkpoint reads (mostly nothing), one thread, the
 *   default false-hit budget (each read's threshold from the density around it), colour, make
 *   and kind reported;
 * - rebuild: the seals written into a scratch PostgreSQL database (dropped after), then the app's
 *   own start-up path (WatchlistService.rebuildIndex, streamed in pages) timed, with the heap it
 *   needed.
 *
 *   npm run bench:match -- [--plates 1000000] [--seconds 2] [--skip-db] [--two-slips K] [--digest]
 * `--two-slips K`: confusions per place the two-slip lookups try (MatchOptions.twoSlips); default
 * what the intake chooses for a watchlist of `--plates` seals (`twoSlipsFor`), 0 for none.
 * The npm script compiles it with tsc and runs the compiled code, as the other benchmarks do and
 * as production runs compiled code (under tsx every imported name is a getter call). Needs
 * --expose-gc (the script passes it) and PostgreSQL on PGHOST/PGPORT (127.0.0.1:5432). Runs with
 * Node's default heap: ten million seals must fit in it.
 */
import 'reflect-metadata';
import { EventInbox, OutboxRepository, Scheduler, SystemClock, Transactions } from '@app/platform';
import { execSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { parseArgs } from 'node:util';
import v8 from 'node:v8';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { TRAFFIC_ENTITIES, TRAFFIC_MIGRATIONS } from '../../apps/traffic-adapter/src/app.module';
import { twoSlipsFor } from '../../apps/traffic-adapter/src/matching/neighbourhood';
import { WatchlistIndex } from '../../apps/traffic-adapter/src/watchlist/watchlist.index';
import { WatchlistMetrics } from '../../apps/traffic-adapter/src/watchlist/watchlist.metrics';
import { WatchlistRepository } from '../../apps/traffic-adapter/src/watchlist/watchlist.repository';
import { WatchlistService } from '../../apps/traffic-adapter/src/watchlist/watchlist.service';
import { TRAFFIC_SCHEMA, TrafficAdapterEnv } from '../../apps/traffic-adapter/src/config/traffic-adapter.env';
import { VehicleAttributes } from '../../libs/contracts/src/plates/vehicle';
import { adminUrl } from '../../test/support/test-database';
import { cameraView, localPlate, misread, nationalPlate, Random, seededRandom, seededUuid, SLIP_KINDS, Vehicle, vehicleOf } from './plate-generator';

const { values: args } = parseArgs({
  options: {
    plates: { type: 'string', default: '1000000' },
    seconds: { type: 'string', default: '2' },
    'skip-db': { type: 'boolean', default: false },
    digest: { type: 'boolean', default: false },
    'two-slips': { type: 'string' },
  },
});
const PLATES = Number(args.plates);
const SECONDS = Number(args.seconds);
const TWO_SLIPS = args['two-slips'] === undefined ? twoSlipsFor(Number(args.plates)) : Number(args['two-slips']);
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with node --expose-gc (npm run bench:match does)');
const at = new Date('2026-03-02T02:00:00Z');
const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MB`;
const expiresAt = new Date('2027-06-01T00:00:00Z');

/** This process's memory on transparent huge pages (Linux), as `smaps_rollup` counts it. */
function hugePages(): string {
  try {
    const kb = /AnonHugePages:\s+(\d+) kB/.exec(readFileSync('/proc/self/smaps_rollup', 'utf8'));
    return kb ? mb(Number(kb[1]) * 1024) : 'not reported';
  } catch {
    return 'not reported';
  }
}

function settle() {
  for (let i = 0; i < 3; i++) gc!();
}

/**
 * `count` distinct seals drawn from the national fleet, one at a time: only the plates seen so
 * far are kept (to keep them distinct), as one string each.
 */
function* seals(count: number, seed: number): Generator<{ seizureId: string; plate: string; vehicle: Vehicle }> {
  const rng: Random = seededRandom(seed);
  const seen = new Set<string>();
  while (seen.size < count) {
    const plate = nationalPlate(rng);
    if (seen.has(plate)) continue;
    seen.add(plate);
    yield { seizureId: seededUuid(rng), plate, vehicle: vehicleOf(rng) };
  }
}

/**
 * Reads matched per second of wall-clock time, and per second of this thread's CPU time: on a
 * machine shared with other work the first counts the time the scheduler gave others, the second
 * does not (it is what one core of one's own would do).
 */
function rate(name: string, reads: { plate: string; attributes: VehicleAttributes }[], index: WatchlistIndex) {
  const matched = (r: { plate: string; attributes: VehicleAttributes }) => index.match(r.plate, at, { confidence: 0.8, attributes: r.attributes, twoSlips: TWO_SLIPS }).length > 0;
  // One untimed pass first: a running adapter matches with its code compiled and the build's
  // garbage collected; a cold window measured V8's tier-up and that collection too (2026-12-01:
  // 186,080 described misreads a second cold against 254,645 over six warm seconds, same code).
  for (const r of reads) matched(r);
  let done = 0;
  let hits = 0;
  const started = process.hrtime.bigint();
  const cpu = process.cpuUsage();
  const until = started + BigInt(SECONDS * 1e9);
  while (process.hrtime.bigint() < until) {
    for (const r of reads) if (matched(r)) hits++;
    done += reads.length;
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const used = process.cpuUsage(cpu);
  const cpuSeconds = (used.user + used.system) / 1e6;
  return { name, perSecond: done / seconds, perCpuSecond: done / cpuSeconds, hitShare: hits / done };
}

async function main() {
  let cpu = os.cpus()[0]?.model ?? 'unknown';
  try {
    cpu = execSync("lscpu | grep 'Model name'", { encoding: 'utf8' }).replace(/\s+/g, ' ').trim();
  } catch {
    // keep os.cpus()'s name
  }
  console.log(`machine: ${cpu}; ${os.cpus().length} cores; ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB; Node ${process.version}; heap limit ${mb(v8.getHeapStatistics().heap_size_limit)}; load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`);

  settle();
  const before = process.memoryUsage();
  const index = new WatchlistIndex();
  const sample: string[] = [];
  const vehicles = new Map<string, Vehicle>();
  const buildStarted = process.hrtime.bigint();
  index.reset(PLATES);
  for (const { seizureId, plate, vehicle } of seals(PLATES, 1)) {
    index.add({ seizureId, plate, expiresAt, vehicle: vehicle as VehicleAttributes });
    if (index.size % 10 === 0 && sample.length < 50_000) {
      sample.push(plate);
      vehicles.set(plate, vehicle);
    }
  }
  index.compact();
  const buildSeconds = Number(process.hrtime.bigint() - buildStarted) / 1e9;
  settle();
  const after = process.memoryUsage();
  console.log(`\nwatchlist: ${index.size.toLocaleString('en')} seals, built in memory in ${buildSeconds.toFixed(1)} s`);
  console.log(`index typed arrays: ${mb(index.bytes)}; resident (rss) growth after gc: ${mb(after.rss - before.rss)}; heap used growth: ${mb(after.heapUsed - before.heapUsed)} (the bench's own sample plates included)`);
  console.log(`on transparent huge pages: ${hugePages()} (GLIBC_TUNABLES=${process.env.GLIBC_TUNABLES ?? ''}; docs/operations.md)`);

  // Match rates over reads prepared up front; every read reports colour, make and kind as cameras do.
  const rng = seededRandom(2);
  const withView = (plate: string, vehicle: Vehicle) => ({ plate, attributes: cameraView(rng, vehicle) as VehicleAttributes });
  const exact = sample.map((p) => withView(p, vehicles.get(p)!));
  const misreads = sample.map((p) => withView(misread(rng, p, 'one confusable character'), vehicles.get(p)!));
  const innocent: { plate: string; attributes: VehicleAttributes }[] = [];
  while (innocent.length < 50_000) {
    const p = localPlate(rng);
    if (!index.matchExact(p, at).length) innocent.push(withView(p, vehicleOf(rng)));
  }
  if (args.digest) {
    digest(index, sample, vehicles, innocent);
    return;
  }
  // Two-slip misreads from a random stream of their own, so the reads above stay what they were.
  const rng2 = seededRandom(4);
  const twoSlips = sample.map((p) => ({ plate: misread(rng2, p, 'two slips'), attributes: cameraView(rng2, vehicles.get(p)!) as VehicleAttributes }));
  const textOnly = misreads.map((r) => ({ plate: r.plate, attributes: undefined as unknown as VehicleAttributes }));
  const results = [
    rate('exact reads of sealed plates', exact, index),
    rate('misreads of sealed plates (one slip: possible hits), colour/make/kind reported', misreads, index),
    rate('misreads of sealed plates, plate only', textOnly, index),
    rate('innocent checkpoint reads', innocent, index),
    rate('two-slip misreads of sealed plates, colour/make/kind reported', twoSlips, index),
  ];
  console.log(`\ntwo-slip lookups: K = ${TWO_SLIPS} confusions per place`);
  console.log(`\nload average after matching: ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`);
  console.log('\n| reads | matches/s, wall clock (one thread) | matches per CPU-second | raised a hit |');
  console.log('| --- | ---: | ---: | ---: |');
  for (const r of results) console.log(`| ${r.name} | ${Math.round(r.perSecond).toLocaleString('en')} | ${Math.round(r.perCpuSecond).toLocaleString('en')} | ${(100 * r.hitShare).toFixed(1)}% |`);

  if (!args['skip-db']) {
    sample.length = 0;
    vehicles.clear();
    index.reset(0);
    settle();
    await rebuildFromDatabase();
  }
}

/**
 * `--digest`: what the index answers, as one hash, for reads of every slip kind of the sample
 * plates (with the camera's view and without, at the default budgets and at a fixed low
 * threshold) and for the innocent reads. A change meant to make matching faster must leave it
 * unchanged; run it before and after.
 */
function digest(index: WatchlistIndex, sample: string[], vehicles: Map<string, Vehicle>, innocent: { plate: string; attributes: VehicleAttributes }[]) {
  const rng = seededRandom(3);
  const hash = createHash('sha256');
  const kinds = SLIP_KINDS.filter((k) => k !== 'formatting');
  const tally = new Map<string, [number, number]>();
  const record = (name: string, read: string, options: Parameters<WatchlistIndex['match']>[2]) => {
    const hits = index.match(read, at, options);
    const t = tally.get(name) ?? [0, 0];
    tally.set(name, [t[0] + 1, t[1] + (hits.length ? 1 : 0)]);
    hash.update(read);
    for (const h of hits) hash.update(JSON.stringify([h.seizureId, h.match, h.score, h.evidence.toPrecision(12), h.differences, h.attributes.map((a) => a.verdict)]));
    hash.update('|');
  };
  for (const plate of sample) {
    const v = vehicles.get(plate)!;
    for (const kind of kinds) {
      const read = misread(rng, plate, kind);
      const confidence = 0.55 + Math.floor(rng() * 44) / 100;
      record(`${kind}, described`, read, { confidence, attributes: cameraView(rng, v) as VehicleAttributes, twoSlips: TWO_SLIPS });
      record(`${kind}, plate only`, read, { confidence, twoSlips: TWO_SLIPS });
      record(`${kind}, fixed 0.02`, read, { confidence, threshold: 0.02, twoSlips: TWO_SLIPS });
    }
  }
  for (const r of innocent) {
    record('innocent, described', r.plate, { confidence: 0.9, attributes: r.attributes, twoSlips: TWO_SLIPS });
    record('innocent, fixed 0.02', r.plate, { confidence: 0.9, threshold: 0.02, twoSlips: TWO_SLIPS });
  }
  for (const [name, [reads, hit]] of tally) console.log(`${name}: ${hit} of ${reads} raised`);
  console.log(`digest of ${[...tally.values()].reduce((s, [n]) => s + n, 0).toLocaleString('en')} reads: ${hash.digest('hex')}`);
}

async function rebuildFromDatabase() {
  const name = `bench_match_${Date.now().toString(36)}`;
  const admin = new Client({ connectionString: adminUrl() });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const dataSource = new DataSource({ type: 'postgres', url: adminUrl(name), schema: 'traffic', entities: TRAFFIC_ENTITIES, migrations: TRAFFIC_MIGRATIONS, logging: false });
  try {
    await dataSource.initialize();
    await dataSource.query('CREATE SCHEMA traffic');
    await dataSource.runMigrations();
    const insertStarted = Date.now();
    let batch: { id: string; plate: string; v: Vehicle }[] = [];
    const flush = async () => {
      await dataSource.query(
        `INSERT INTO traffic.watchlist (seizure_id, plate, case_number, expires_at, status, updated_at, vehicle_color, vehicle_brand, vehicle_type)
         SELECT id, plate, 'bench', $4::timestamptz, 'active', now(), color, brand, type FROM unnest($1::uuid[], $2::text[], $3::text[], $5::text[], $6::text[]) AS t(id, plate, color, brand, type)`,
        [batch.map((s) => s.id), batch.map((s) => s.plate), batch.map((s) => s.v.vehicleColor), expiresAt.toISOString(), batch.map((s) => s.v.vehicleBrand), batch.map((s) => s.v.vehicleType)],
      );
      batch = [];
    };
    for (const { seizureId, plate, vehicle } of seals(PLATES, 1)) {
      batch.push({ id: seizureId, plate, v: vehicle });
      if (batch.length === 20_000) await flush();
    }
    await flush();
    await dataSource.query('ANALYZE traffic.watchlist');
    console.log(`\ndatabase: ${PLATES.toLocaleString('en')} active seals with colour, make and kind inserted in ${((Date.now() - insertStarted) / 1000).toFixed(1)} s`);
    settle();

    // rebuildIndex reads no setting; the service is built by hand, outside Nest.
    const index = new WatchlistIndex();
    const tx = new Transactions(dataSource);
    const inbox = new EventInbox(new OutboxRepository(tx, TRAFFIC_SCHEMA));
    const service = new WatchlistService(new WatchlistRepository(tx), tx, inbox, index, new WatchlistMetrics(), new SystemClock(), {} as TrafficAdapterEnv, new Scheduler({ enabled: false, off: [] }));
    const heapBefore = process.memoryUsage().heapUsed;
    let peakHeap = heapBefore;
    const sampler = setInterval(() => (peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed)), 50);
    const started = process.hrtime.bigint();
    const loaded = await service.rebuildIndex();
    clearInterval(sampler);
    console.log(`rebuild from the database (the start-up path, streamed in pages): ${loaded.toLocaleString('en')} seals in ${(Number(process.hrtime.bigint() - started) / 1e9).toFixed(1)} s; index ${mb(index.bytes)}; peak heap during the rebuild ${mb(peakHeap)} (of ${mb(v8.getHeapStatistics().heap_size_limit)})`);
  } finally {
    await dataSource.destroy().catch(() => undefined);
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
