/**
 * `npm run bench:gat1400`: traffic-adapter's 视图库 role under a checkpoint platform's load, over
 * real HTTP, in process, on the Kafka mock and a scratch PostgreSQL database.
 *
 * A lower device (test/gat1400-sim's device simulator: digest registration, the standard's
 * shapes) pushes POST /VIID/MotorVehicles batches from several senders at once, as fast as they
 * are answered; a share of the plates is sealed. Printed: pass records per second from the first
 * push to the last answer, each batch's answer time (p50/p99), that every record was answered 0,
 * that every sealed record became exactly one hit, and the process's memory.
 *
 * Flags (defaults): --records 40000 --batch 200 --senders 4 --seals 10000 --sealed-share 0.001
 * --tollgates 40 --image-kb 0 (an inline base64 picture of that size in every record: parsed and
 * dropped for reads that match nothing). PostgreSQL: PGHOST/PGPORT/PGUSER (127.0.0.1:5432 postgres).
 */
// Decorators read metadata when their classes are defined: first, before any app code loads.
import 'reflect-metadata';
import { INestApplication } from '@nestjs/common';
import { loadEnv } from '@app/platform';
import * as os from 'node:os';
import { performance } from 'node:perf_hooks';
import { startTrafficAdapter } from '../apps/traffic-adapter/src/bootstrap';
import { CheckpointsService } from '../apps/traffic-adapter/src/checkpoints/checkpoints.service';
import { TrafficAdapterEnv } from '../apps/traffic-adapter/src/config/traffic-adapter.env';
import { WatchlistService } from '../apps/traffic-adapter/src/watchlist/watchlist.service';
import { distinctPlates, guangxiPlate } from '../scripts/traffic-plates';
import { GatDeviceSimulator } from '../test/gat1400-sim/device-simulator';
import { viidTime } from '../test/gat1400-sim/sim-wire';
import { sleep, percentile, parseFlags, startBenchInfrastructure } from './support';

interface Flags {
  records: number;
  batch: number;
  senders: number;
  seals: number;
  sealedShare: number;
  tollgates: number;
  imageKb: number;
}

const DEFAULT_FLAGS: Flags = { records: 40_000, batch: 200, senders: 4, seals: 10_000, sealedShare: 0.001, tollgates: 40, imageKb: 0 };

const DEVICE_ID = '45060300005030000007';
const PASSWORD = 'bench-device-secret';

async function main(): Promise<void> {
  const f = parseFlags(process.argv.slice(2), DEFAULT_FLAGS);
  const log = (line: string) => console.log(`[bench] ${line}`);
  const { kafka, db, stop } = await startBenchInfrastructure();
  let app: INestApplication | null = null;
  try {
    const env = loadEnv(TrafficAdapterEnv, {
      ...process.env,
      PORT: '0',
      DATABASE_URL: db.url,
      KAFKA_BROKERS: kafka.bootstrap,
      LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
      GAT1400_SERVER_DEVICES: JSON.stringify([{ id: DEVICE_ID, password: PASSWORD }]),
      GAT1400_SERVER_ID: '45060000005030000099',
      GAT1400_MAX_BATCH: String(Math.max(f.batch, 1)),
      HIT_FOLD_WINDOW_SECONDS: '0',
    });
    app = await startTrafficAdapter(env);
    const url = await app.getUrl();
    const target = url.replace('[::1]', '127.0.0.1');

    const sealedPlates = distinctPlates(f.seals);
    await db.query(
      `INSERT INTO traffic.watchlist (seizure_id, plate, case_number, livelihood, sealed_at, expires_at, status, updated_at)
       SELECT gen_random_uuid(), p, '(2025)桂0603执' || n || '号', false, now(), now() + interval '2 years', 'active', now()
       FROM unnest($1::text[]) WITH ORDINALITY AS t(p, n)`,
      [sealedPlates],
    );
    await app.get(WatchlistService).rebuildIndex();
    const tollgates: string[] = [];
    for (let i = 1; i <= f.tollgates; i++) {
      const id = `450603000012100${String(i).padStart(5, '0')}`;
      await app.get(CheckpointsService).put(id, { name: `卡口 ${i}`, lat: 21.7, lon: 108.35, jurisdiction: 'fangcheng', groupId: `BENCH-G${Math.ceil(i / 5)}` });
      tollgates.push(id);
    }
    const sealedSet = new Set(sealedPlates);
    const innocent = () => {
      for (;;) {
        const plate = guangxiPlate();
        if (!sealedSet.has(plate)) return plate;
      }
    };

    const device = new GatDeviceSimulator({ target, deviceId: DEVICE_ID, password: PASSWORD });
    const registered = await device.register();
    if (registered.status !== 200) throw new Error(`registration answered ${registered.status}: ${registered.text}`);
    const picture = f.imageKb > 0 ? Buffer.alloc(f.imageKb * 1024, 7).toString('base64') : null;
    let serial = 0;
    let sealedSent = 0;
    const sealedIds: string[] = [];
    const record = (sealed: boolean) => {
      const tollgate = tollgates[serial % tollgates.length];
      const n = ++serial;
      const at = viidTime(new Date());
      // Unique over the run whatever its length (the simulator's serial wraps at 100000).
      const id = `${tollgate.slice(0, 10)}119${tollgate.slice(13)}02${at}${String(n % 100000).padStart(5, '0')}02${String(Math.floor(n / 100000)).padStart(5, '0')}`;
      if (sealed) {
        sealedSent++;
        sealedIds.push(id);
      }
      return device.passRecord(sealed ? sealedPlates[n % sealedPlates.length] : innocent(), tollgate, {
        MotorVehicleID: id,
        ...(picture ? { SubImageList: { SubImageInfoObject: [{ ImageID: String(n), Type: '01', FileFormat: 'Jpeg', Data: picture }] } } : {}),
      });
    };

    // Warm-up: JIT, connections.
    for (let i = 0; i < 10; i++) await device.pushMotorVehicles(Array.from({ length: f.batch }, () => record(false)));
    sealedSent = 0;
    sealedIds.length = 0;
    log(`warm-up done: ${f.seals} seals watched, ${f.tollgates} tollgates, ${10 * f.batch} records`);

    const batches = Math.ceil(f.records / f.batch);
    const latencies: number[] = [];
    let answeredOk = 0;
    let notOk = 0;
    let next = 0;
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    await Promise.all(
      Array.from({ length: f.senders }, async () => {
        while (next < batches) {
          next++;
          const body = Array.from({ length: f.batch }, () => record(Math.random() < f.sealedShare));
          const started = performance.now();
          // Answered only after every record of the batch is taken (stored, matched, its hit in the outbox): the sender's view.
          const res = await device.pushMotorVehicles(body);
          latencies.push(performance.now() - started);
          const statuses = (res.body?.ResponseStatusListObject?.ResponseStatusObject ?? []) as { StatusCode: number }[];
          for (const s of statuses) {
            if (s.StatusCode === 0) answeredOk++;
            else notOk++;
          }
          if (statuses.length !== body.length) notOk += body.length - statuses.length;
        }
      }),
    );
    const elapsed = (performance.now() - t0) / 1000;
    const cpu = process.cpuUsage(cpu0);
    const sorted = latencies.sort((a, b) => a - b);
    const deadline = Date.now() + 60_000;
    let hits = 0;
    while (Date.now() < deadline) {
      // The hits of the sealed records (an innocent plate may also be raised by a near match: not counted here).
      hits = Number((await db.query<{ n: string }>('SELECT count(*) AS n FROM traffic.hits WHERE sighting_id = ANY($1)', [sealedIds]))[0].n);
      if (hits >= sealedSent) break;
      await sleep(100);
    }
    const records = batches * f.batch;
    log(
      `${records} pass records in ${batches} batches of ${f.batch} from ${f.senders} senders over HTTP: ${elapsed.toFixed(1)} s, ${Math.round(records / elapsed)} records/s; ` +
        `batch answered p50 ${percentile(sorted, 50).toFixed(0)} ms, p99 ${percentile(sorted, 99).toFixed(0)} ms, max ${sorted.at(-1)!.toFixed(0)} ms; ` +
        `StatusCode 0: ${answeredOk}, other: ${notOk}; sealed records ${sealedSent} → hits ${hits}`,
    );
    log(
      `machine: ${os.cpus().length} cores (${os.cpus()[0]?.model}), ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, load ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}; ` +
        `process CPU ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s (${(((cpu.user + cpu.system) / 1e6 / elapsed) * 100).toFixed(0)} % of one core); rss ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MB` +
        (picture ? `; inline picture ${f.imageKb} KB in every record` : ''),
    );
    if (notOk > 0 || hits !== sealedSent) throw new Error(`not every record was taken (${notOk}) or hits (${hits}) differ from sealed records (${sealedSent})`);
  } finally {
    await app?.close().catch(() => undefined);
    await stop();
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(`bench failed: ${error instanceof Error ? error.stack : error}`);
    process.exit(1);
  },
);
