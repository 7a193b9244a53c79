import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { dataSourceOptions, pgClientConfig } from './database.module';

describe('PostgreSQL connection options', () => {
  const ca = join(mkdtempSync(join(tmpdir(), 'pg-ca-')), 'ca.pem');
  writeFileSync(ca, '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n');
  const base = { url: 'postgres://u@db:5432/x', schema: 'court', entities: [], migrations: [] };

  it.each([
    ['no TLS', { ssl: false }, false],
    ['TLS, verified against the system CAs', { ssl: true }, { rejectUnauthorized: true }],
    ['TLS, verified against DATABASE_SSL_CA', { ssl: false, sslCaPath: ca }, { rejectUnauthorized: true, ca: readFileSync(ca, 'utf8') }],
  ])('%s: the pool and every dedicated client connect alike', (_what, tls, expected) => {
    const settings = { ...base, ...tls };
    expect(dataSourceOptions(settings)).toMatchObject({ url: settings.url, ssl: expected });
    expect(pgClientConfig(settings)).toEqual({ connectionString: settings.url, ssl: expected, connectionTimeoutMillis: 5000 });
  });

  it('sizes the pool and bounds the wait for a connection as configured (DATABASE_POOL_SIZE, DATABASE_CONNECT_TIMEOUT_MS), 10 and 5 s by default', () => {
    expect(dataSourceOptions({ ...base, ssl: false })).toMatchObject({ extra: { max: 10, connectionTimeoutMillis: 5000 } });
    expect(dataSourceOptions({ ...base, ssl: false, poolSize: 40, connectTimeoutMs: 1500 })).toMatchObject({ extra: { max: 40, connectionTimeoutMillis: 1500 } });
    expect(pgClientConfig({ ...base, ssl: false, connectTimeoutMs: 1500 })).toMatchObject({ connectionTimeoutMillis: 1500 });
  });

  it('no app code opens a PostgreSQL connection of its own (DatabaseConnections does, with these options)', () => {
    const root = join(__dirname, '../../../..');
    const offenders: string[] = [];
    const walk = (dir: string) => {
      for (const name of readdirSync(dir)) {
        const path = join(dir, name);
        if (statSync(path).isDirectory()) walk(path);
        else if (name.endsWith('.ts') && !name.endsWith('.spec.ts') && /new (Client|Pool)\(/.test(readFileSync(path, 'utf8'))) offenders.push(relative(root, path));
      }
    };
    for (const dir of ['apps', 'libs']) walk(join(root, dir));
    expect(offenders.filter((f) => f !== 'libs/platform/src/database/database.module.ts')).toEqual([]);
  });
});
