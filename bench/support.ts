/**
 * What every end-to-end benchmark (bench/*.ts) sets up the same way: flags, the repository root,
 * the Kafka mock and a scratch PostgreSQL database, percentiles.
 */
import { allTopicSpecs } from '@app/contracts';
import * as path from 'node:path';
import { TestDatabase } from '../test/support/test-database';
import { KafkaMockCluster } from '../tools/kafka-mock/kafka-mock';

/** The repository root (benchmarks also run compiled, from .bench-build/bench). */
export const ROOT = path.resolve(__dirname, __dirname.includes('.bench-build') ? '../..' : '..');

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The p-th percentile (nearest rank) of ascending numbers. */
export const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];

/**
 * `--name value` pairs over numeric defaults (`--sealed-share` sets `sealedShare`); an unknown
 * name, a value that is not a number, or one `accept` refuses stops the run with the flag named.
 */
export function parseFlags<F extends { [K in keyof F]: number }>(argv: string[], defaults: F, accept: (value: number) => boolean = (v) => v >= 0): F {
  const flags = { ...defaults };
  for (let i = 0; i < argv.length; i += 2) {
    const name = argv[i].replace(/^--/, '').replace(/-(\w)/g, (_, c: string) => c.toUpperCase());
    const value = Number(argv[i + 1]);
    if (!(name in flags) || !Number.isFinite(value) || !accept(value)) throw new Error(`bad flag ${argv[i]} ${argv[i + 1] ?? ''}`);
    (flags as Record<string, number>)[name] = value;
  }
  return flags;
}

/** Polls `probe` every 5 ms until it holds; throws naming `what` after `timeoutMs`. */
export async function waitFor(what: string, probe: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!probe()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(5);
  }
}

/** The Kafka mock with every topic of the contracts, and a scratch database dropped by `stop`. */
export async function startBenchInfrastructure(brokers = 3): Promise<{ kafka: KafkaMockCluster; db: TestDatabase; stop(): Promise<void> }> {
  const kafka = await KafkaMockCluster.start({ brokers, topics: allTopicSpecs(), binary: path.join(ROOT, 'tools/kafka-mock/bin/kafka-mock') });
  const db = await TestDatabase.create('bench');
  return {
    kafka,
    db,
    async stop() {
      await kafka.stop();
      await db.drop();
    },
  };
}
