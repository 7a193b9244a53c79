/**
 * Drives tools/kafka-mock/bin/kafka-mock (librdkafka's mock cluster) from
 * Node tests: a real Kafka-protocol cluster on 127.0.0.1 with no server and no
 * Docker. Only Node built-ins, so any test runner can load it.
 *
 * Mock limits to remember: no CreateTopics (create topics via start()/
 * createTopic()), and broker down/up does NOT move partition leadership.
 */
import { ChildProcess, spawn, spawnSync } from 'child_process';
import * as path from 'path';
import * as readline from 'readline';

export interface TopicSpec {
  name: string;
  partitions: number;
}

export interface KafkaMockOptions {
  brokers?: number;
  topics: TopicSpec[];
  /** Path to a prebuilt kafka-mock binary; default tools/kafka-mock/bin/kafka-mock (built on demand). */
  binary?: string;
}

/** Kafka protocol request types, for pushRequestErrors/clearRequestErrors. */
export const KafkaApiKey = {
  Produce: 0,
  Fetch: 1,
  ListOffsets: 2,
  Metadata: 3,
  OffsetCommit: 8,
  OffsetFetch: 9,
  FindCoordinator: 10,
  JoinGroup: 11,
  Heartbeat: 12,
  SyncGroup: 14,
} as const;

const START_TIMEOUT_MS = 10_000;
const STOP_TIMEOUT_MS = 5_000;
const ALL_BROKERS = -1; // librdkafka's "every broker" id

interface Pending {
  command: string;
  /** The reply's value ("OK <value>"), '' for a bare OK. */
  resolve: (value: string) => void;
  reject: (err: Error) => void;
}

/** librdkafka's partitioners (its `partitioner` setting, keyed records). */
export type LibrdkafkaPartitioner = 'murmur2' | 'consistent' | 'fnv1a';

const live = new Set<ChildProcess>();
let exitHookInstalled = false;
/** The mock must never outlive the test process, even on process.exit() or a crash. */
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const child of live) child.kill('SIGKILL');
  });
}

export class KafkaMockCluster {
  readonly bootstrap: string;
  readonly brokers: string[];

  private readonly child: ChildProcess;
  private readonly exited: Promise<void>;
  private readonly queue: Pending[] = []; // queue[0] is the command in flight
  private readonly stderr: () => string;
  private exitInfo: string | null = null;

  private constructor(child: ChildProcess, lines: readline.Interface, bootstrap: string, stderr: () => string) {
    this.child = child;
    this.bootstrap = bootstrap;
    this.brokers = bootstrap.split(',');
    this.stderr = stderr;
    lines.on('line', (line) => this.onLine(line));
    this.setRef(false);
    child.on('error', () => undefined); // e.g. a failed kill(); 'close' below reports real deaths
    // 'close' (not 'exit') so any last OK/ERR lines are read before we fail the rest.
    this.exited = new Promise((resolve) =>
      child.once('close', (code, signal) => {
        this.exitInfo = `kafka-mock exited (code ${code}, signal ${signal})`;
        const err = new Error(`${this.exitInfo}${this.stderr() ? `; stderr: ${this.stderr()}` : ''}`);
        for (const p of this.queue.splice(0)) p.reject(err);
        resolve();
      }),
    );
  }

  static async start(opts: KafkaMockOptions): Promise<KafkaMockCluster> {
    const brokers = opts.brokers ?? 3;
    const binary = opts.binary ?? path.join(__dirname, 'bin', 'kafka-mock');
    if (!opts.binary) {
      // build.sh is a no-op when the binary is newer than the source.
      const build = spawnSync('bash', [path.join(__dirname, 'build.sh')], { encoding: 'utf8' });
      if (build.status !== 0) {
        throw new Error(`kafka-mock build failed (exit ${build.status}): ${build.stderr || build.error?.message}`);
      }
    }

    const args = ['--brokers', String(brokers)];
    for (const t of opts.topics) args.push('--topic', `${t.name}:${t.partitions}`);
    const child = spawn(binary, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    installExitHook();
    live.add(child);
    child.once('close', () => live.delete(child));
    // EPIPE after the child died must not crash the test process; 'close' reports the death.
    child.stdin!.on('error', () => undefined);

    let stderr = '';
    child.stderr!.setEncoding('utf8');
    child.stderr!.on('data', (d: string) => {
      stderr = (stderr + d).slice(-8192);
    });
    const lines = readline.createInterface({ input: child.stdout! });

    const bootstrap = await new Promise<string>((resolve, reject) => {
      const fail = (why: string) => {
        cleanup();
        child.kill('SIGKILL');
        reject(new Error(`kafka-mock did not start: ${why}${stderr ? `; stderr: ${stderr.trim()}` : ''}`));
      };
      const timer = setTimeout(() => fail(`no BOOTSTRAP line within ${START_TIMEOUT_MS} ms`), START_TIMEOUT_MS);
      const onLine = (line: string) => {
        const m = /^BOOTSTRAP (\S+)$/.exec(line);
        if (m) {
          cleanup();
          resolve(m[1]);
        }
      };
      const onExit = (code: number | null, signal: string | null) => fail(`exited early (code ${code}, signal ${signal})`);
      const onError = (err: Error) => fail(err.message);
      const cleanup = () => {
        clearTimeout(timer);
        lines.off('line', onLine);
        child.off('close', onExit);
        child.off('error', onError);
      };
      lines.on('line', onLine);
      child.once('close', onExit); // 'close' so stderr is fully read first
      child.once('error', onError);
    });
    return new KafkaMockCluster(child, lines, bootstrap, () => stderr.trim());
  }

  setBrokerDown(id: number): Promise<void> {
    return this.send('down', id);
  }
  setBrokerUp(id: number): Promise<void> {
    return this.send('up', id);
  }
  setAllBrokersDown(): Promise<void> {
    return this.send('down', ALL_BROKERS);
  }
  setAllBrokersUp(): Promise<void> {
    return this.send('up', ALL_BROKERS);
  }
  setRtt(id: number, ms: number): Promise<void> {
    return this.send('rtt', id, ms);
  }
  /** The next `count` requests of `apiKey` (any broker) fail with `errorCode`. */
  pushRequestErrors(apiKey: number, errorCode: number, count: number): Promise<void> {
    return this.send('errors', apiKey, errorCode, count);
  }
  clearRequestErrors(apiKey: number): Promise<void> {
    return this.send('clear', apiKey);
  }
  createTopic(name: string, partitions: number): Promise<void> {
    if (!/^[A-Za-z0-9._-]{1,249}$/.test(name)) return Promise.reject(new Error(`invalid topic name: ${name}`));
    return this.send('topic', name, partitions);
  }
  /** Moves the leadership of one partition (the mock never moves it by itself, not even when its leader is down). */
  setPartitionLeader(topic: string, partition: number, brokerId: number): Promise<void> {
    if (!/^[A-Za-z0-9._-]{1,249}$/.test(topic)) return Promise.reject(new Error(`invalid topic name: ${topic}`));
    return this.send('leader', topic, partition, brokerId);
  }
  /** Makes `brokerId` the coordinator of consumer group `groupId`. */
  setGroupCoordinator(groupId: string, brokerId: number): Promise<void> {
    if (!/^[A-Za-z0-9._-]{1,249}$/.test(groupId)) return Promise.reject(new Error(`invalid group id: ${groupId}`));
    return this.send('coordinator', groupId, brokerId);
  }
  /** The partition librdkafka's own `partitioner` would give a record keyed `key` (bytes as is, at most 1 KiB). */
  async librdkafkaPartition(partitioner: LibrdkafkaPartitioner, partitions: number, key: Uint8Array): Promise<number> {
    const hex = key.length === 0 ? '-' : Buffer.from(key).toString('hex');
    return Number(await this.request('hash', partitioner, partitions, hex));
  }

  /** Sends quit and waits for exit; SIGKILL if it takes longer than 5 s. Safe to call twice. */
  async stop(): Promise<void> {
    if (this.exitInfo === null) {
      this.setRef(true);
      if (this.child.stdin?.writable) this.child.stdin.end('quit\n');
      const timer = setTimeout(() => this.child.kill('SIGKILL'), STOP_TIMEOUT_MS);
      await this.exited;
      clearTimeout(timer);
    }
  }

  // One command in flight at a time: the binary answers strictly in order,
  // so the head of the queue owns the next OK/ERR line.
  private async send(...parts: Array<string | number>): Promise<void> {
    await this.request(...parts);
  }

  private request(...parts: Array<string | number>): Promise<string> {
    const command = parts.join(' ');
    // The C side parses with %d: 1.5 would silently become 1, so refuse it here.
    if (parts.some((p) => typeof p === 'number' && !Number.isInteger(p))) {
      return Promise.reject(new Error(`kafka-mock "${command}": arguments must be integers`));
    }
    if (this.exitInfo !== null) return Promise.reject(new Error(`kafka-mock "${command}": ${this.exitInfo}`));
    return new Promise<string>((resolve, reject) => {
      this.queue.push({ command, resolve, reject });
      if (this.queue.length === 1) this.writeHead();
      this.setRef(true);
    });
  }

  private writeHead(): void {
    const head = this.queue[0];
    if (head) this.child.stdin!.write(`${head.command}\n`);
  }

  private onLine(line: string): void {
    const head = this.queue.shift();
    if (!head) return; // unsolicited output; nothing waits for it
    if (line === 'OK' || line.startsWith('OK ')) head.resolve(line.slice(3));
    else head.reject(new Error(`kafka-mock "${head.command}": ${line.replace(/^ERR /, '')}`));
    this.writeHead();
    if (this.queue.length === 0) this.setRef(false);
  }

  // An idle mock must not keep Node alive (a test that forgets stop() would
  // hang the runner; the 'exit' hook then kills the child). While a reply is
  // awaited it must, or Node could exit with the promise silently pending.
  private setRef(on: boolean): void {
    for (const h of [this.child, this.child.stdin, this.child.stdout, this.child.stderr]) {
      const handle = h as unknown as { ref?: () => void; unref?: () => void } | null;
      if (on) handle?.ref?.();
      else handle?.unref?.();
    }
  }
}
