/**
 * `npm run bench:match`: the watchlist index at city scale, in process.
 *
 * - memory: resident set and heap growth for a 1,000,000-plate watchlist (after gc);
 * - match rate: exact reads, misreads (possible hits) and innocent reads (no hit), one thread;
 * - rebuild: 1,000,000 active seals written into a scratch PostgreSQL database (dropped after),
 *   then the app's own start-up path (WatchlistService.rebuildIndex) timed.
 *
 *   npm run bench:match -- [--plates 1000000] [--seconds 2] [--skip-db]
 * Needs --expose-gc (the npm script passes it) and PostgreSQL on PGHOST/PGPORT (127.0.0.1:5432).
 */
import 'reflect-metadata';
import { SystemClock } from '@app/platform';
import { execSync } from 'node:child_process';
import os from 'node:os';
import { parseArgs } from 'node:util';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { TRAFFIC_ENTITIES, TRAFFIC_MIGRATIONS } from '../../apps/traffic-adapter/src/app.module';
import { DEFAULT_FUZZY_THRESHOLD } from '../../apps/traffic-adapter/src/matching/plate-match';
import { WatchedSeal, WatchlistIndex } from '../../apps/traffic-adapter/src/watchlist/watchlist.index';
import { WatchlistService } from '../../apps/traffic-adapter/src/watchlist/watchlist.service';
import { adminUrl } from '../../test/support/test-database';
import { misread, randomPlate, seededRandom, seededUuid } from './plate-generator';

const { values: args } = parseArgs({
  options: {
    plates: { type: 'string', default: '1000000' },
    seconds: { type: 'string', default: '2' },
    'skip-db': { type: 'boolean', default: false },
  },
});
const PLATES = Number(args.plates);
const SECONDS = Number(args.seconds);
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with node --expose-gc (npm run bench:match does)');
const at = new Date('2026-03-02T02:00:00Z');
const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MB`;

function settle() {
  for (let i = 0; i < 3; i++) gc!();
}

function sealsOf(count: number, seed: number): WatchedSeal[] {
  const rng = seededRandom(seed);
  const plates = new Set<string>();
  while (plates.size < count) plates.add(randomPlate(rng));
  const expiresAt = new Date('2027-06-01T00:00:00Z');
  return [...plates].map((plate) => ({ seizureId: seededUuid(rng), plate, expiresAt }));
}

function rate(name: string, reads: string[], index: WatchlistIndex): { name: string; perSecond: number; hitShare: number } {
  let done = 0;
  let hits = 0;
  const started = process.hrtime.bigint();
  const until = started + BigInt(SECONDS * 1e9);
  while (process.hrtime.bigint() < until) {
    for (let i = 0; i < reads.length; i++) if (index.match(reads[i], at, { threshold: DEFAULT_FUZZY_THRESHOLD, confidence: 0.8 }).length) hits++;
    done += reads.length;
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return { name, perSecond: done / seconds, hitShare: hits / done };
}

async function main() {
  const cpu = os.cpus()[0]?.model ?? 'unknown';
  let lscpu = '';
  try {
    lscpu = execSync("lscpu | grep 'Model name'", { encoding: 'utf8' }).replace(/\s+/g, ' ').trim();
  } catch {
    lscpu = cpu;
  }
  console.log(`machine: ${lscpu}; ${os.cpus().length} cores; ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB; Node ${process.version}; load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`);

  // Memory: nothing but the index survives the build.
  settle();
  const before = process.memoryUsage();
  const index = new WatchlistIndex();
  let seals: WatchedSeal[] | null = sealsOf(PLATES, 1);
  const buildStarted = process.hrtime.bigint();
  index.replaceAll(seals);
  const buildSeconds = Number(process.hrtime.bigint() - buildStarted) / 1e9;
  const sample = seals.filter((_, i) => i % 5 === 0).map((s) => s.plate);
  seals = null;
  settle();
  const after = process.memoryUsage();
  console.log(`\nwatchlist: ${index.size.toLocaleString('en')} seals, built in memory in ${buildSeconds.toFixed(2)} s`);
  console.log(`resident (rss) growth after gc: ${mb(after.rss - before.rss)}; heap used growth: ${mb(after.heapUsed - before.heapUsed)}; array buffers: ${mb(after.arrayBuffers - before.arrayBuffers)}`);

  // Match rates over reads prepared up front.
  const rng = seededRandom(2);
  const exact = sample.slice(0, 100_000);
  const misreads = sample.slice(0, 100_000).map((p) => misread(rng, p).read);
  const innocent: string[] = [];
  while (innocent.length < 100_000) {
    const p = randomPlate(rng);
    if (!index.matchExact(p, at).length) innocent.push(p);
  }
  const results = [rate('exact reads of sealed plates', exact, index), rate('misreads of sealed plates (fuzzy)', misreads, index), rate('innocent reads (no hit)', innocent, index)];
  console.log('\n| reads | matches/s (one thread) | raised a hit |');
  console.log('| --- | ---: | ---: |');
  for (const r of results) console.log(`| ${r.name} | ${Math.round(r.perSecond).toLocaleString('en')} | ${(100 * r.hitShare).toFixed(1)}% |`);

  if (!args['skip-db']) await rebuildFromDatabase();
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
    const seals = sealsOf(PLATES, 1);
    const insertStarted = Date.now();
    for (let i = 0; i < seals.length; i += 50_000) {
      const batch = seals.slice(i, i + 50_000);
      await dataSource.query(
        `INSERT INTO traffic.watchlist (seizure_id, plate, case_number, expires_at, status, updated_at)
         SELECT id, plate, 'bench', $3::timestamptz, 'active', now() FROM unnest($1::uuid[], $2::text[]) AS t(id, plate)`,
        [batch.map((s) => s.seizureId), batch.map((s) => s.plate), '2027-06-01T00:00:00Z'],
      );
    }
    await dataSource.query('ANALYZE traffic.watchlist');
    console.log(`\ndatabase: ${seals.length.toLocaleString('en')} active seals inserted in ${((Date.now() - insertStarted) / 1000).toFixed(1)} s (multi-row INSERT … unnest)`);

    const queryStarted = process.hrtime.bigint();
    const rows = await dataSource.query(`SELECT seizure_id, plate, expires_at FROM traffic.watchlist WHERE status = 'active'`);
    console.log(`of which the query alone (pg, rows parsed to objects): ${rows.length.toLocaleString('en')} rows in ${(Number(process.hrtime.bigint() - queryStarted) / 1e9).toFixed(2)} s`);
    rows.length = 0;
    settle();

    const service = new WatchlistService(dataSource, new WatchlistIndex(), new SystemClock());
    const started = process.hrtime.bigint();
    const loaded = await service.rebuildIndex();
    console.log(`rebuild from the database (the start-up query and index build): ${loaded.toLocaleString('en')} seals in ${(Number(process.hrtime.bigint() - started) / 1e9).toFixed(2)} s`);
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
