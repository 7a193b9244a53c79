import { ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import * as readline from 'node:readline';

const ROOT = path.resolve(__dirname, '..', '..');
const REGISTER = path.join(__dirname, 'ts-register.js');
const live = new Set<ChildProcess>();
process.on('exit', () => {
  for (const child of live) child.kill('SIGKILL');
});

export type AppName = 'court-gateway' | 'traffic-adapter';

/**
 * One app as a child process, run from its TypeScript sources (no prior build needed), so a
 * test can kill -9 it mid-flow and start it again on the same port, database and broker.
 * Its stdout/stderr lines are kept (JSON lines with LOG_FORMAT=json) for log assertions.
 */
export class AppProcess {
  readonly lines: string[] = [];
  private child: ChildProcess | null = null;
  private exited: Promise<void> = Promise.resolve();
  starts = 0;
  /** When the latest start first answered HTTP at all (any status): the process was up and listening. */
  listeningAt = 0;
  /** Set when we kill or stop it: any other exit is a crash. */
  private exitExpected = false;
  /** Why the app is not usable (a failed start, a crash), or null. */
  private failure: string | null = null;

  private constructor(
    readonly app: AppName,
    readonly port: number,
    private readonly env: Record<string, string>,
  ) {}

  static async create(app: AppName, env: Record<string, string>): Promise<AppProcess> {
    return new AppProcess(app, await freePort(), env);
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Starts the app and waits until GET /health answers 200 (database up, consumer joined). */
  async start(timeoutMs = 60_000): Promise<void> {
    this.exitExpected = false;
    this.failure = null;
    const child = spawn(process.execPath, ['-r', REGISTER, path.join(ROOT, 'apps', this.app, 'src', 'main.ts')], {
      cwd: ROOT,
      env: { ...process.env, ...this.env, PORT: String(this.port) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    this.starts++;
    live.add(child);
    this.exited = new Promise((resolve) =>
      child.once('exit', (code, signal) => {
        if (!this.exitExpected && this.child === child) this.failure ??= `${this.app} exited by itself (${signal ?? `code ${code}`}):\n${this.lines.slice(-20).join('\n')}`;
        resolve();
      }),
    );
    void this.exited.then(() => live.delete(child));
    // E2E_APP_LOG_DIR=dir keeps each app's output in dir/<app>.log too, to read after a failure.
    const logDir = process.env.E2E_APP_LOG_DIR;
    if (logDir) fs.mkdirSync(logDir, { recursive: true });
    const logFile = logDir ? path.join(logDir, `${this.app}.log`) : null;
    for (const stream of [child.stdout!, child.stderr!]) {
      readline.createInterface({ input: stream }).on('line', (line) => {
        this.lines.push(line);
        if (logFile) fs.appendFileSync(logFile, `${line}\n`);
      });
    }

    const deadline = Date.now() + timeoutMs;
    this.listeningAt = 0;
    while (Date.now() < deadline) {
      if (child.exitCode !== null || child.signalCode !== null) {
        this.failure = `${this.app} exited with ${child.exitCode ?? child.signalCode} while starting:\n${this.lines.slice(-20).join('\n')}`;
        throw new Error(this.failure);
      }
      const status = await this.status('/health');
      if (status !== null && !this.listeningAt) this.listeningAt = Date.now();
      if (status === 200) return;
      await new Promise((r) => setTimeout(r, 100));
    }
    this.failure = `${this.app} not ready within ${timeoutMs} ms:\n${this.lines.slice(-20).join('\n')}`;
    throw new Error(this.failure);
  }

  /**
   * Why this app cannot serve the next test (it never started, its start failed, it crashed), or
   * null. Checked before each test so that one broken app fails the rest at once with the reason,
   * instead of each waiting out its own timeout.
   */
  unusable(): string | null {
    if (!this.child) return `${this.app} was never started`;
    return this.failure;
  }

  /** kill -9: no shutdown hook runs, nothing is flushed or committed. */
  async kill(): Promise<void> {
    this.exitExpected = true;
    this.child?.kill('SIGKILL');
    await this.exited;
  }

  /** SIGTERM: the graceful path (Nest shutdown hooks). False if it had to be killed after 20 s. */
  async stop(): Promise<boolean> {
    let graceful = true;
    this.exitExpected = true;
    this.child?.kill('SIGTERM');
    const timer = setTimeout(() => {
      graceful = false;
      this.child?.kill('SIGKILL');
    }, 20_000);
    await this.exited;
    clearTimeout(timer);
    return graceful;
  }

  async status(pathname: string): Promise<number | null> {
    try {
      const res = await fetch(this.url + pathname, { signal: AbortSignal.timeout(2_000) });
      await res.arrayBuffer();
      return res.status;
    } catch {
      return null;
    }
  }

  /** Parsed JSON log lines (LOG_FORMAT=json). */
  jsonLines(): Record<string, unknown>[] {
    return this.lines.flatMap((line) => {
      try {
        const parsed = JSON.parse(line);
        return typeof parsed === 'object' && parsed !== null ? [parsed] : [];
      } catch {
        return [];
      }
    });
  }
}

/**
 * A port for a child app, below the kernel's ephemeral range: ports the kernel hands out (to any
 * `listen(0)`, a broker of the mock, the other worker's in-process apps, an outgoing connection)
 * come from that range, so one picked there could be taken in the seconds between picking it and
 * the child listening on it, or while a killed app is down before its restart. Each jest worker
 * picks from its own slice, so two files running at once never pick the same port either.
 */
async function freePort(): Promise<number> {
  const [ephemeralLow] = readEphemeralRange();
  const low = 10_000;
  const high = Math.max(low + 2_000, ephemeralLow) - 1;
  // Eight slices, whatever jest's worker count (jest.config.js, or -w on the command line): a
  // slice is still some 2,800 ports.
  const slices = 8;
  const worker = (Math.max(1, Number(process.env.JEST_WORKER_ID ?? 1)) - 1) % slices;
  const slice = Math.floor((high - low + 1) / slices);
  const from = low + worker * slice;
  for (let attempt = 0; attempt < 200; attempt++) {
    const port = from + Math.floor(Math.random() * slice);
    if (await canListen(port)) return port;
  }
  throw new Error(`no free port in ${from}-${from + slice - 1}`);
}

function readEphemeralRange(): [number, number] {
  try {
    const [low, high] = fs.readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/).map(Number);
    if (low > 0 && high >= low) return [low, high];
  } catch {
    // not Linux: the default range
  }
  return [32_768, 60_999];
}

function canListen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}
