/**
 * Starts the whole system the way a developer does (`npm start`, scripts/start.ts) for one
 * evaluation run, beside any `npm start` already running: its own scratch database on the
 * machine's PostgreSQL, its own free ports, its own Kafka mock cluster (start.ts starts one when
 * KAFKA_BROKERS is unset), no demo feed. Nothing is imported from the start script: it is run as
 * a child process and read from its output, as a person reads it.
 *
 * The admin key is the one `npm start` keeps in .data/dev-secrets.json (README, Quick start): this
 * tool only reads it, so a developer's key is never changed.
 */
import { ChildProcess, spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Client } from 'pg';
import { freePort } from '../../scripts/free-port';

const ROOT = path.resolve(__dirname, '..', '..');

export interface RunningSystem {
  courtUrl: string;
  trafficUrl: string;
  brokers: string[];
  adminKey: string;
  logFile: string;
  stop: () => Promise<void>;
}

function pgConfig() {
  return {
    host: process.env.PGHOST || '127.0.0.1',
    port: Number(process.env.PGPORT || 5432),
    user: process.env.PGUSER || 'postgres',
    password: process.env.PGPASSWORD,
  };
}

async function adminQuery(sql: string): Promise<void> {
  const client = new Client({ ...pgConfig(), database: 'postgres' });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** Scratch databases of runs killed outright (their process is gone): dropped before a new one. */
async function dropAbandoned(say: (line: string) => void): Promise<void> {
  const client = new Client({ ...pgConfig(), database: 'postgres' });
  await client.connect();
  try {
    const { rows } = await client.query<{ datname: string }>("SELECT datname FROM pg_database WHERE datname LIKE 'api\\_eval\\_%'");
    for (const { datname } of rows) {
      const pid = Number(/_(\d+)$/.exec(datname)?.[1]);
      if (!pid) continue;
      try {
        process.kill(pid, 0);
        continue; // that run is still going
      } catch {}
      say(`dropping ${datname}, left by a run that was killed`);
      await client.query(`DROP DATABASE IF EXISTS ${datname} WITH (FORCE)`);
    }
  } finally {
    await client.end();
  }
}

function lastLines(file: string, n: number): string {
  try {
    return fs.readFileSync(file, 'utf8').split('\n').slice(-n).join('\n');
  } catch {
    return '';
  }
}

/**
 * Runs `tsx scripts/start.ts` and resolves once it says the gateway is running. `say` gets
 * progress lines (never the apps' own output, which goes to the log file); `onStop` gets the
 * function that stops it all as soon as there is something to stop.
 */
export async function startSystem(say: (line: string) => void, onStop: (stop: () => Promise<void>) => void, timeoutMs = 600_000): Promise<RunningSystem> {
  const database = `api_eval_${Date.now().toString(36)}_${process.pid}`;
  const pg = pgConfig();
  await dropAbandoned(say);
  await adminQuery(`CREATE DATABASE ${database}`);
  say(`scratch database ${database} on ${pg.host}:${pg.port}`);
  const dropDatabase = async () => {
    try {
      await adminQuery(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    } catch (error) {
      say(`could not drop the scratch database ${database}: ${(error as Error).message}`);
    }
  };

  const courtPort = await freePort();
  let trafficPort = await freePort();
  while (trafficPort === courtPort) trafficPort = await freePort();
  const auth = pg.password ? `${encodeURIComponent(pg.user)}:${encodeURIComponent(pg.password)}` : encodeURIComponent(pg.user);
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    COURT_PORT: String(courtPort),
    TRAFFIC_PORT: String(trafficPort),
    DATABASE_URL: `postgres://${auth}@${pg.host}:${pg.port}/${database}`,
    DEMO_FEED: 'off',
    NO_COLOR: '1',
  };
  // Our own Kafka mock, always: a KAFKA_BROKERS of the developer's would share their topics.
  delete env.KAFKA_BROKERS;
  delete env.COURT_GATEWAY_URL;
  delete env.PORT;

  const logFile = path.join(os.tmpdir(), `api-eval-${database}.log`);
  const log = fs.createWriteStream(logFile);
  const tsx = path.join(ROOT, 'node_modules', '.bin', 'tsx');
  say(`starting the system (scripts/start.ts) on ports ${courtPort} / ${trafficPort}; its output: ${logFile}`);
  // detached: a Ctrl-C in the terminal reaches only us, and we stop the stack in order.
  const child: ChildProcess = spawn(tsx, [path.join(ROOT, 'scripts', 'start.ts')], {
    cwd: ROOT,
    env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.pipe(log, { end: false });
  child.stderr!.pipe(log, { end: false });

  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    if (child.exitCode === null && child.signalCode === null) {
      say('stopping the system (SIGINT to npm start, as Ctrl-C)...');
      child.kill('SIGINT');
      const timer = setTimeout(() => {
        say('the system did not stop within 60 s: killing its process group');
        try {
          process.kill(-child.pid!, 'SIGKILL');
        } catch {}
      }, 60_000);
      await exited;
      clearTimeout(timer);
    }
    log.end();
    await dropDatabase();
  };

  // From here on an interrupt stops the stack and drops the database, even before it is up.
  onStop(stop);

  let brokers: string[] | null = null;
  let sawRunning = false;
  const ready = new Promise<void>((resolve, reject) => {
    let buffer = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      buffer += chunk.toString('utf8');
      let nl: number;
      while ((nl = buffer.indexOf('\n')) >= 0) {
        const line = buffer.slice(0, nl);
        buffer = buffer.slice(nl + 1);
        const kafka = /Kafka mock up at (\S+)/.exec(line);
        if (kafka) brokers = kafka[1].split(',');
        if (line.includes('Seizure alert gateway is running')) sawRunning = true;
        if (sawRunning && line.includes('Press Ctrl-C to stop')) resolve();
        if (/^\[start\] (running npm run build|starting the Kafka mock|waiting for both apps)/.test(line)) say(line.replace('[start] ', 'npm start: '));
      }
    });
    void exited.then((code) => reject(new Error(`npm start exited (code ${code}) before the system was up; its last lines:\n${lastLines(logFile, 25)}`)));
    setTimeout(() => reject(new Error(`the system was not up within ${timeoutMs / 1000} s; see ${logFile}`)), timeoutMs).unref();
  });
  try {
    await ready;
  } catch (error) {
    await stop();
    throw error;
  }
  if (!brokers) {
    await stop();
    throw new Error('npm start did not say where its Kafka mock is');
  }
  const secrets = JSON.parse(fs.readFileSync(path.join(ROOT, '.data', 'dev-secrets.json'), 'utf8')) as { ADMIN_API_KEY: string };
  return {
    courtUrl: `http://127.0.0.1:${courtPort}`,
    trafficUrl: `http://127.0.0.1:${trafficPort}`,
    brokers,
    adminKey: secrets.ADMIN_API_KEY,
    logFile,
    stop,
  };
}
