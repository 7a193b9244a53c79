/**
 * Benchmark (a command, not a test): how long the traffic adapter takes to rebuild its watchlist
 * from court-gateway's export and to check it again, at scale. Both apps run in this process
 * over the Kafka mock and a fresh PostgreSQL database (as in the e2e tests).
 *
 *   npm run bench:reconcile                  # 100,000 seals
 *   SEALS=20000 npm run bench:reconcile
 *
 * Jest is only the harness (the apps need TypeScript's decorator metadata, which tsx does not
 * emit); nothing is asserted about time.
 */
import { randomUUID } from 'node:crypto';
import type request from 'supertest';
import { api } from '../test/support/api';
import { WatchlistIndex } from '../apps/traffic-adapter/src/watchlist/watchlist.index';
import { startTestSystem } from '../test/support/test-system';

const SEALS = Number(process.env.SEALS ?? 100_000);
const LETTERS = 'ABCDEFGHJKLMNPQRSTUVWXYZ';
const ALNUM = '0123456789ABCDEFGHJKLMNPQRSTUVWXYZ';

/** A distinct, valid Guangxi plate for each i. */
function plateFor(i: number): string {
  let rest = '';
  let n = Math.floor(i / LETTERS.length);
  for (let k = 0; k < 5; k++) {
    rest = ALNUM[n % ALNUM.length] + rest;
    n = Math.floor(n / ALNUM.length);
  }
  return `桂${LETTERS[i % LETTERS.length]}${rest}`;
}

jest.setTimeout(1_800_000);
const print = (line: string) => process.stdout.write(`${line}\n`);

it(`reconciles a watchlist of ${SEALS} seals`, async () => {
  const sys = await startTestSystem();
  try {
    print(`seeding ${SEALS} active seals at the court ...`);
    for (let i = 0; i < SEALS; i += 10_000) {
      const n = Math.min(10_000, SEALS - i);
      const ids = Array.from({ length: n }, () => randomUUID());
      const plates = Array.from({ length: n }, (_, k) => plateFor(i + k));
      const cases = Array.from({ length: n }, (_, k) => `(2025)桂0603执${i + k}号`);
      await sys.db.query(
        `INSERT INTO court.seizures (id, case_number, plate, plate_color, livelihood, sealed_at, expires_at, status, created_at)
         SELECT id, c, p, 'blue', false, '2026-02-01', '2028-01-01', 'active', now() FROM unnest($1::uuid[], $2::text[], $3::text[]) AS t(id, c, p)`,
        [ids, cases, plates],
      );
    }
    const reconcile = async (label: string) => {
      const heapBefore = process.memoryUsage().heapUsed;
      const started = performance.now();
      const { body } = await api(sys.trafficUrl).post('/api/v1/watchlist/reconcile').timeout(600_000).expect(200);
      const wallMs = Math.round(performance.now() - started);
      print(
        `${label.padEnd(34)} ${String(wallMs).padStart(7)} ms  (export ${body.fetchMs} ms)  exported ${body.exported}, added ${body.added}, removed ${body.removed}, changed ${body.changed}` +
          `  (heap +${Math.round((process.memoryUsage().heapUsed - heapBefore) / 2 ** 20)} MiB, rss ${Math.round(process.memoryUsage().rss / 2 ** 20)} MiB)`,
      );
    };
    // A table in service has planner statistics; a freshly filled one gets them here.
    await sys.db.query('ANALYZE court.seizures');
    const exportStarted = performance.now();
    let pages = 0;
    for (let cursor: string | null = null, first = true; first || cursor; first = false) {
      const response: request.Response = await api(sys.courtUrl).get('/api/v1/watchlist-export').query({ limit: 1000, ...(cursor ? { cursor } : {}) }).expect(200);
      cursor = response.body.nextCursor;
      pages++;
    }
    print(`${'court export alone'.padEnd(34)} ${String(Math.round(performance.now() - exportStarted)).padStart(7)} ms  ${pages} pages of 1000`);
    await reconcile('rebuild from empty');
    await reconcile('check, no drift');
    await sys.db.query(`DELETE FROM traffic.watchlist WHERE seizure_id IN (SELECT seizure_id FROM traffic.watchlist ORDER BY seizure_id LIMIT $1)`, [Math.ceil(SEALS / 100)]);
    await reconcile('repair 1% lost rows');
    print(`index size ${sys.traffic.get(WatchlistIndex).size}; node ${process.version}`);
  } finally {
    await sys.stop();
  }
});
