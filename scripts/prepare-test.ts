/**
 * Runs before jest (`npm test`, `npm run test:e2e`): makes sure what the tests need is there,
 * and says plainly what to do when it is not.
 *
 *   1. the Kafka mock launcher (tools/kafka-mock/bin/kafka-mock), built once by build.sh, which
 *      installs Debian's librdkafka-dev first when it is missing and we are root;
 *   2. a PostgreSQL server at PGHOST:PGPORT (127.0.0.1:5432), user PGUSER (postgres), password
 *      PGPASSWORD (none: trust auth), database PGDATABASE (postgres);
 *   3. Debian's Chromium at CHROMIUM_PATH (/usr/bin/chromium) for the browser tests, installed
 *      with apt-get when missing and we are root (no browser download at test time);
 *   4. Debian's fonts-wqy-zenhei (the Chinese font court-gateway embeds in the seizure papers and
 *      Chromium draws the pages with) and poppler-utils (pdftotext, which the tests read the
 *      papers with), installed with apt-get when missing and we are root;
 *   5. the desk and report pages built into dist/web (scripts/build-web.ts, a plain copy);
 *   6. the apps' sources transpiled into node_modules/.cache/ts-register, which the tests that run
 *      the apps as child processes load them from (test/support/ts-transpile-cache.js): done here,
 *      once, before jest runs files side by side, and not by each app as it starts (in a fresh
 *      clone two fault-test apps transpiling at once, beside a jest worker, missed their 60 s start).
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { Client } from 'pg';
import { FONT_CANDIDATES, FONT_PACKAGE } from '../apps/court-gateway/src/impounds/papers-font';
import { buildWeb } from './build-web';
import { DebianNeed, ensureDebianPackages } from './debian-packages';
import { warmAppSources } from '../test/support/ts-transpile-cache';

const ROOT = path.resolve(__dirname, '..');

function buildKafkaMock(): void {
  const build = spawnSync('bash', [path.join(ROOT, 'tools', 'kafka-mock', 'build.sh')], { cwd: ROOT, stdio: 'inherit' });
  if (build.status !== 0) {
    console.error(
      [
        '',
        `prepare-test: building the Kafka mock failed (${build.error?.message ?? `exit code ${build.status}`}).`,
        '  It needs a C compiler and Debian\'s librdkafka-dev: apt-get install -y build-essential librdkafka-dev',
        '  then run npm test again.',
      ].join('\n'),
    );
    process.exit(1);
  }
}

async function checkPostgres(): Promise<void> {
  const host = process.env.PGHOST || '127.0.0.1';
  const port = Number(process.env.PGPORT || 5432);
  const user = process.env.PGUSER || 'postgres';
  const database = process.env.PGDATABASE || 'postgres';
  const client = new Client({ host, port, user, database, password: process.env.PGPASSWORD, connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
    const { rows } = await client.query<{ version: string }>("SELECT current_setting('server_version') AS version");
    console.log(`prepare-test: PostgreSQL ${rows[0]?.version ?? '?'} at ${host}:${port} is reachable`);
  } catch (error) {
    const err = error as Error & { code?: string };
    console.error(
      [
        '',
        `prepare-test: cannot reach PostgreSQL at ${host}:${port} as user "${user}", database "${database}": ${err.code && !err.message.includes(err.code) ? `${err.code} ` : ''}${err.message}`,
        '  The tests need a running PostgreSQL server that this user can log in to.',
        '  On Debian, see the clusters with pg_lsclusters and start one with',
        '    pg_ctlcluster --skip-systemctl-redirect <version> main start     (e.g. pg_ctlcluster 15 main start)',
        '  or install one: apt-get install -y postgresql',
        '  Elsewhere, point PGHOST, PGPORT, PGUSER, PGPASSWORD and PGDATABASE at a server you have.',
      ].join('\n'),
    );
    process.exit(1);
  } finally {
    await client.end().catch(() => undefined);
  }
}

function ensureChromium(): void {
  const chromium = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
  if (fs.existsSync(chromium)) return;
  if (chromium === '/usr/bin/chromium' && process.getuid?.() === 0) {
    // A CJK font comes along so that the pages' Chinese is legible in screenshots.
    console.log('prepare-test: installing Debian\'s chromium (and a CJK font) for the browser tests (apt-get)');
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    const packages = ['install', '-y', '--no-install-recommends', 'chromium', 'fonts-wqy-zenhei'];
    let install = spawnSync('apt-get', packages, { stdio: 'inherit', env });
    if (install.status !== 0) {
      spawnSync('apt-get', ['update'], { stdio: 'inherit', env });
      install = spawnSync('apt-get', packages, { stdio: 'inherit', env });
    }
    if (install.status === 0 && fs.existsSync(chromium)) return;
  }
  console.error(
    [
      '',
      `prepare-test: the browser tests need Chromium at ${chromium}, and it is not there.`,
      '  On Debian: apt-get install -y chromium   (as root), then run npm test again;',
      '  or point CHROMIUM_PATH at a Chromium or Chrome binary you have.',
    ].join('\n'),
  );
  process.exit(1);
}

/** Debian packages the tests need besides Chromium. */
const DEBIAN_NEEDS: DebianNeed[] = [
  // This font, not any of the papers' candidates: the browser tests draw the pages with it too.
  { files: [FONT_CANDIDATES[0].path], pkg: FONT_PACKAGE, why: 'the Chinese font of the seizure papers (PDF)' },
  { files: ['/usr/bin/pdftotext'], pkg: 'poppler-utils', why: 'pdftotext, to read the seizure papers back' },
];

function ensureTestPackages(): void {
  const still = ensureDebianPackages(DEBIAN_NEEDS, 'prepare-test');
  if (still.length === 0) return;
  console.error(['', ...still].join('\n'));
  process.exit(1);
}

async function main(): Promise<void> {
  buildKafkaMock();
  await checkPostgres();
  ensureChromium();
  ensureTestPackages();
  console.log(`prepare-test: desk and report pages built into ${path.relative(ROOT, buildWeb())}`);
  const started = Date.now();
  const files = warmAppSources();
  console.log(`prepare-test: ${files} app source files transpiled for child-process tests (${((Date.now() - started) / 1000).toFixed(1)} s; cached)`);
}

void main();
