import { DynamicModule, Inject, Injectable, Logger, Module } from '@nestjs/common';
import { readFileSync } from 'node:fs';
import { Client, ClientConfig } from 'pg';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource, DataSourceOptions, MixedList, EntitySchema } from 'typeorm';
import { APP_SCHEMA } from './app-schema';
import { PLATFORM_ENTITIES } from './platform.entities';
import { assertSqlIdentifier } from './sql-identifier';
import { Transactions } from './transactions';

export interface DatabaseSettings {
  url: string;
  ssl: boolean;
  /** PEM file of the CA that signed the server's certificate; implies ssl. */
  sslCaPath?: string;
  /** The app's own schema (`court`, `traffic`): its tables and its migrations table live there. */
  schema: string;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  entities: MixedList<Function | string | EntitySchema>;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  migrations: MixedList<Function | string>;
  /** Connections in the pool (DATABASE_POOL_SIZE): at most this many statements run at once; default 10. */
  poolSize?: number;
  /**
   * Longest wait for a connection (DATABASE_CONNECT_TIMEOUT_MS): a free one from the pool, or a
   * new one's handshake; default 5000. A request that waited this long is answered 503 with
   * Retry-After (isDatabaseUnavailable), not kept waiting behind a pool that cannot serve it.
   */
  connectTimeoutMs?: number;
}

/**
 * TLS to PostgreSQL, the same for every connection an app opens (the pool and any dedicated
 * client such as the alert stream's LISTEN): the server's certificate is always verified,
 * against DATABASE_SSL_CA when given, else the system's CAs. A connection of its own with
 * `rejectUnauthorized: false` (and no CA) was how the LISTEN connection talked to PostgreSQL.
 */
export function databaseTls(settings: Pick<DatabaseSettings, 'ssl' | 'sslCaPath'>): { rejectUnauthorized: true; ca?: string } | false {
  if (settings.sslCaPath) return { rejectUnauthorized: true, ca: readFileSync(settings.sslCaPath, 'utf8') };
  return settings.ssl ? { rejectUnauthorized: true } : false;
}

/** The defaults of DATABASE_POOL_SIZE and DATABASE_CONNECT_TIMEOUT_MS (CommonEnv). */
export const DEFAULT_POOL_SIZE = 10;
export const DEFAULT_CONNECT_TIMEOUT_MS = 5000;

/** Options of a dedicated `pg` client: the pool's URL, TLS and connect timeout. */
export function pgClientConfig(settings: Pick<DatabaseSettings, 'url' | 'ssl' | 'sslCaPath' | 'connectTimeoutMs'>): ClientConfig {
  return { connectionString: settings.url, ssl: databaseTls(settings), connectionTimeoutMillis: settings.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS };
}

const DATABASE_SETTINGS = Symbol('DATABASE_SETTINGS');

/** Opens the connections that cannot come from the pool (LISTEN holds one for good), with the pool's options. */
@Injectable()
export class DatabaseConnections {
  constructor(@Inject(DATABASE_SETTINGS) private readonly settings: DatabaseSettings) {}

  /** A new, unconnected client; the caller connects and ends it. */
  client(): Client {
    return new Client(pgClientConfig(this.settings));
  }
}

export function dataSourceOptions(settings: DatabaseSettings): DataSourceOptions {
  return {
    type: 'postgres',
    url: settings.url,
    ssl: databaseTls(settings),
    schema: assertSqlIdentifier(settings.schema),
    // The platform's own tables (outbox, inbox, auth) are in every app's schema.
    entities: [...PLATFORM_ENTITIES, ...toArray(settings.entities)],
    migrations: settings.migrations,
    migrationsTableName: 'migrations',
    // Schema changes only ever come from reviewed migrations.
    synchronize: false,
    migrationsRun: false,
    // pg-pool's options: `connectionTimeoutMillis` bounds both the wait for a free connection and a new one's handshake.
    extra: { max: settings.poolSize ?? DEFAULT_POOL_SIZE, connectionTimeoutMillis: settings.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS },
  };
}

// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
function toArray(list: MixedList<Function | string | EntitySchema>): (Function | string | EntitySchema)[] {
  return Array.isArray(list) ? list : Object.values(list);
}

/**
 * Runs pending migrations under a PostgreSQL advisory lock, so several instances starting at
 * once migrate one after another instead of racing.
 */
export async function migrateUnderLock(dataSource: DataSource, schema: string): Promise<void> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('SELECT pg_advisory_lock(hashtext($1))', [`migrations:${schema}`]);
    await runner.query(`CREATE SCHEMA IF NOT EXISTS ${assertSqlIdentifier(schema)}`);
    const ran = await dataSource.runMigrations({ transaction: 'each' });
    if (ran.length) new Logger('Database').log(`applied migrations: ${ran.map((m) => m.name).join(', ')}`);
  } finally {
    await runner.query('SELECT pg_advisory_unlock(hashtext($1))', [`migrations:${schema}`]).catch(() => undefined);
    await runner.release();
  }
}

@Module({})
export class DatabaseModule {
  static forRoot(settings: DatabaseSettings): DynamicModule {
    return {
      module: DatabaseModule,
      global: true,
      providers: [Transactions, { provide: DATABASE_SETTINGS, useValue: settings }, { provide: APP_SCHEMA, useValue: assertSqlIdentifier(settings.schema) }, DatabaseConnections],
      exports: [Transactions, DatabaseConnections, APP_SCHEMA],
      imports: [
        TypeOrmModule.forRootAsync({
          useFactory: () => dataSourceOptions(settings),
          dataSourceFactory: async (options) => {
            const dataSource = await new DataSource(options!).initialize();
            await migrateUnderLock(dataSource, settings.schema);
            return dataSource;
          },
        }),
      ],
    };
  }
}
