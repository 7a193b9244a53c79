import { api } from './api';
import { eventually } from './eventually';

interface Queryable {
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
}

/**
 * Waits until the traffic-adapter at `trafficUrl` matches reads against the seals `seizureIds` as
 * traffic.watchlist holds them (`status`). A row the seal consumer has committed is not yet in
 * that instance's in-memory index: the consumer refreshes the index right after its commit
 * (other instances every WATCHLIST_REFRESH_MS), and a sighting sent in between finds nothing, or
 * still finds a released seal. So tests wait for the index version, not for the row.
 */
export async function watchlistApplied(
  db: Queryable,
  trafficUrl: string,
  seizureIds: string[],
  { status = 'active', timeoutMs = 20_000 }: { status?: 'active' | 'released'; timeoutMs?: number } = {},
): Promise<void> {
  const rows = await eventually(
    () => db.query<{ status: string; version: string }>('SELECT status, version::text AS version FROM traffic.watchlist WHERE seizure_id = ANY($1::uuid[])', [seizureIds]),
    (found) => found.length === seizureIds.length && found.every((r) => r.status === status),
    { timeoutMs, what: `${seizureIds.length} seal(s) ${status} on the traffic watchlist` },
  );
  const version = rows.reduce((max, r) => (BigInt(r.version) > max ? BigInt(r.version) : max), 0n);
  await eventually(
    async () => BigInt((await api(trafficUrl).get('/api/v1/watchlist/stats').expect(200)).body.indexVersion),
    (applied) => applied >= version,
    { timeoutMs, what: `the traffic-adapter's watchlist index at version ${version}` },
  );
}

/**
 * Seals each of `plates` (blue plates, a case each) through court-gateway's public API and waits
 * until traffic-adapter matches reads against them; their seizure ids, by plate.
 */
export async function sealPlates(sys: { courtUrl: string; trafficUrl: string; db: Queryable }, plates: string[]): Promise<Map<string, string>> {
  const ids = new Map<string, string>();
  for (const [i, plate] of plates.entries()) {
    const { body } = await api(sys.courtUrl)
      .post('/api/v1/seizures')
      .send({ caseNumber: `(2025)京0105执${1000 + i}号`, plate, plateColor: 'blue', tribunal: '朝阳法庭', sealedAt: '2026-02-01T00:00:00.000Z' })
      .expect(201);
    ids.set(plate, body.id);
  }
  await watchlistApplied(sys.db, sys.trafficUrl, [...ids.values()]);
  return ids;
}
