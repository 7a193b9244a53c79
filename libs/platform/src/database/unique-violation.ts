/**
 * Whether an error is PostgreSQL refusing a write because the row it writes already exists: a
 * unique (or primary key) index, or an exclusion constraint, holds another row with the same key.
 * A use case answers that itself where it can happen (a taken username, team, badge…: a 409 with
 * its own code, an upsert where a PUT replaces); one that escapes anyway, a race no use case
 * foresaw, is answered 409 `request.conflict` by the HTTP filter, never 500.
 */

/** SQLSTATEs of a row that conflicts with one already there. */
const CONFLICT_SQLSTATES = new Set([
  '23505', // unique_violation (unique or primary key index)
  '23P01', // exclusion_violation
]);

/** What the conflict concerns, without the key's values (they may be a secret's hash): the table, the key's columns and the constraint. */
export interface RowConflict {
  table: string;
  key: string;
  constraint: string;
}

type PgErrorLike = { code?: unknown; table?: unknown; constraint?: unknown; detail?: unknown; driverError?: unknown };

/**
 * The conflict `error` reports, or null. TypeORM's QueryFailedError copies pg's fields (`code`,
 * `table`, `constraint`, `detail`) onto itself and keeps pg's error as `driverError`; pg's own
 * DatabaseError has them directly. The key's columns come from `detail` ("Key (team_id,
 * checkpoint_id)=(…) already exists."). Pure: reads the error and nothing else.
 */
export function rowConflictOf(error: unknown): RowConflict | null {
  for (const candidate of [error, (error as PgErrorLike | null)?.driverError]) {
    if (candidate === null || typeof candidate !== 'object') continue;
    const e = candidate as PgErrorLike;
    if (typeof e.code !== 'string' || !CONFLICT_SQLSTATES.has(e.code)) continue;
    const columns = typeof e.detail === 'string' ? /^Key \((.+?)\)=\(/.exec(e.detail)?.[1] : undefined;
    const constraint = typeof e.constraint === 'string' ? e.constraint : '';
    // Names only, never English the pages cannot translate: a conflict raised without them (a trigger's RAISE) names the constraint, or '?'.
    return { table: typeof e.table === 'string' && e.table ? e.table : '?', key: columns ?? (constraint || '?'), constraint };
  }
  return null;
}
