import { DynamicModule, Logger, Module } from '@nestjs/common';
import { readFileSync } from 'node:fs';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource, DataSourceOptions, MixedList, EntitySchema } from 'typeorm';
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
  poolSize?: number;
}

export function dataSourceOptions(settings: DatabaseSettings): DataSourceOptions {
  return {
    type: 'postgres',
    url: settings.url,
    ssl: settings.sslCaPath
      ? { rejectUnauthorized: true, ca: readFileSync(settings.sslCaPath, 'utf8') }
      : settings.ssl
        ? { rejectUnauthorized: true }
        : false,
    schema: assertSqlIdentifier(settings.schema),
    entities: settings.entities,
    migrations: settings.migrations,
    migrationsTableName: 'migrations',
    // Schema changes only ever come from reviewed migrations.
    synchronize: false,
    migrationsRun: false,
    extra: { max: settings.poolSize ?? 10, connectionTimeoutMillis: 5000 },
  };
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
      providers: [Transactions],
      exports: [Transactions],
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
