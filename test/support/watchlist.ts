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
