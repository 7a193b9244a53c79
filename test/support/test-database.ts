import { dataSourceOptions, migrateUnderLock } from '@app/platform';
import { createHash, randomBytes } from 'node:crypto';
import { Client, Pool } from 'pg';
import { DataSource, MigrationInterface, QueryRunner } from 'typeorm';
import { COURT_MIGRATIONS } from '../../apps/court-gateway/src/app.module';
import { COURT_SCHEMA } from '../../apps/court-gateway/src/config/court-gateway.env';
import { TRAFFIC_MIGRATIONS } from '../../apps/traffic-adapter/src/app.module';
import { TRAFFIC_SCHEMA } from '../../apps/traffic-adapter/src/config/traffic-adapter.env';

/** The machine's PostgreSQL; override with PGHOST / PGPORT / PGUSER. */
export function adminUrl(database = 'postgres'): string {
  const host = process.env.PGHOST ?? '127.0.0.1';
  const port = process.env.PGPORT ?? '5432';
  const user = process.env.PGUSER ?? 'postgres';
  return `postgres://${encodeURIComponent(user)}@${host}:${port}/${database}`;
}

type MigrationClass = new () => MigrationInterface;
const SCHEMAS: [string, MigrationClass[]][] = [
  [COURT_SCHEMA, COURT_MIGRATIONS as MigrationClass[]],
  [TRAFFIC_SCHEMA, TRAFFIC_MIGRATIONS as MigrationClass[]],
];
const TEMPLATE_PREFIX = 'e2e_template_';
/** Templates of other migration sets (other branches, older commits) are dropped once unused this long. */
const STALE_TEMPLATE_DAYS = 7;

/**
 * A fresh database per test file: suites never share or truncate each other's data. It is a
 * copy (`CREATE DATABASE … TEMPLATE`) of a template holding both apps' schemas, migrated once per
 * set of migrations, so no test file pays for the migrations (the apps find nothing to apply).
 */
export class TestDatabase {
  /**
   * The test's own connections for query(): a few kept open. A connection per query made
   * PostgreSQL start a backend for every poll of eventually() (ten a second per waiting test)
   * and for each of the thousands of checks the hostile suites make: most of the server's CPU
   * in a suite run, on a machine with two cores.
   */
  private readonly pool: Pool;

  private constructor(
    readonly name: string,
    readonly url: string,
  ) {
    this.pool = new Pool({ connectionString: url, max: 3, idleTimeoutMillis: 5_000, allowExitOnIdle: true });
    // A connection that breaks while idle (the database dropped with FORCE) must not crash the worker.
    this.pool.on('error', () => undefined);
  }

  /** `empty`: no schemas at all, for a test of the migrations themselves. */
  static async create(prefix = 'e2e', { empty = false } = {}): Promise<TestDatabase> {
    const name = `${prefix}_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
    const template = empty ? null : await migratedTemplate();
    await withClient(adminUrl(), (c) => c.query(`CREATE DATABASE ${name}${template ? ` TEMPLATE ${template}` : ''}`));
    return new TestDatabase(name, adminUrl(name));
  }

  /** One statement (or several without parameters) in autocommit, on one of the kept connections. */
  async query<T = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T[]> {
    return (await this.pool.query(sql, params)).rows as T[];
  }

  async drop(): Promise<void> {
    await this.pool.end().catch(() => undefined);
    await withClient(adminUrl(), (c) => c.query(`DROP DATABASE IF EXISTS ${this.name} WITH (FORCE)`));
  }
}

let template: Promise<string> | null = null;

/**
 * The template's name says which migrations it holds (a hash of the SQL they issue), so a branch
 * with other migrations gets its own, and one built by another test file, worker or worktree is
 * reused as it is. Built under an advisory lock into a scratch name and renamed when complete:
 * a template that exists is always whole.
 */
function migratedTemplate(): Promise<string> {
  template ??= (async () => {
    const name = `${TEMPLATE_PREFIX}${await migrationsFingerprint()}`;
    await withClient(adminUrl(), async (c) => {
      await c.query('SELECT pg_advisory_lock(hashtext($1))', ['e2e-template']);
      try {
        const { rowCount } = await c.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
        if (rowCount === 0) await build(c, name);
        await c.query(`COMMENT ON DATABASE ${name} IS '${new Date().toISOString()}'`); // last used
      } finally {
        await c.query('SELECT pg_advisory_unlock(hashtext($1))', ['e2e-template']);
      }
    });
    return name;
  })().catch((error) => {
    template = null;
    throw error;
  });
  return template;
}

async function build(admin: Client, name: string): Promise<void> {
  const scratch = `${name}_${randomBytes(3).toString('hex')}`;
  await admin.query(`CREATE DATABASE ${scratch}`);
  try {
    for (const [schema, migrations] of SCHEMAS) {
      const dataSource = await new DataSource(dataSourceOptions({ url: adminUrl(scratch), ssl: false, schema, entities: [], migrations })).initialize();
      try {
        await migrateUnderLock(dataSource, schema);
      } finally {
        await dataSource.destroy();
      }
    }
    // The migration connections' backends may take a moment to exit after the pool closed them.
    for (let attempt = 1; ; attempt++) {
      try {
        await admin.query(`ALTER DATABASE ${scratch} RENAME TO ${name}`);
        break;
      } catch (error) {
        if (attempt >= 50 || !/being accessed by other users/.test((error as Error).message)) throw error;
        await new Promise((r) => setTimeout(r, 100));
      }
    }
    await admin.query(`ALTER DATABASE ${name} WITH IS_TEMPLATE true`);
  } catch (error) {
    await admin.query(`DROP DATABASE IF EXISTS ${scratch} WITH (FORCE)`);
    throw error;
  }
  // Templates of migration sets nobody has used for a week go (their comment is when last used).
  const { rows } = await admin.query<{ datname: string; used: string | null }>(
    `SELECT d.datname, shobj_description(d.oid, 'pg_database') AS used FROM pg_database d WHERE d.datname LIKE $1 AND d.datname <> $2`,
    [`${TEMPLATE_PREFIX}%`, name],
  );
  for (const { datname, used } of rows) {
    if (used && Date.now() - Date.parse(used) < STALE_TEMPLATE_DAYS * 86_400_000) continue;
    await admin.query(`ALTER DATABASE ${datname} WITH IS_TEMPLATE false`).catch(() => undefined);
    await admin.query(`DROP DATABASE IF EXISTS ${datname}`).catch(() => undefined); // in use: next time
  }
}

/** A hash of every statement the migrations issue (run against a recorder, not a database). */
async function migrationsFingerprint(): Promise<string> {
  const hash = createHash('sha256');
  const recorder = new Proxy({} as QueryRunner, {
    get: (_, method) =>
      async (...args: unknown[]) => {
        hash.update(`${String(method)}\u0000${JSON.stringify(args)}\u0000`);
        return [];
      },
  });
  for (const [schema, migrations] of SCHEMAS) {
    hash.update(`schema ${schema}\u0000`);
    for (const Migration of migrations) {
      const migration = new Migration();
      hash.update(`${migration.name ?? Migration.name}\u0000`);
      // A migration that needs more than statements (reads its own results) is hashed by its source.
      await migration.up(recorder).catch(() => hash.update(Migration.toString()));
    }
  }
  return hash.digest('hex').slice(0, 16);
}

async function withClient<T>(url: string, fn: (c: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}
