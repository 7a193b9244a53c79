/**
 * Whether an error means "PostgreSQL cannot take this work now" rather than "this work is wrong":
 * the pool had no connection free within DATABASE_CONNECT_TIMEOUT_MS, or the server refused,
 * dropped or could not accept a connection, or ended the transaction as a deadlock's victim or a
 * serialization failure. Such a request is answered 503 with Retry-After (the
 * same request can work a moment later), never 500; an audit entry that hit it is written again
 * later (AuditService). A query that is itself wrong (a constraint, a syntax error, a timeout of
 * the statement) is not one of these.
 */

/** How long a client is asked to wait (Retry-After, seconds) before sending a request the database was too busy for. */
export const DATABASE_BUSY_RETRY_AFTER_SECONDS = 2;

/** SQLSTATEs of a server that cannot take (more) connections or this transaction now. */
const UNAVAILABLE_SQLSTATES = new Set([
  '53300', // too_many_connections: max_connections (or the role's limit) reached
  '57P03', // cannot_connect_now: starting up, shutting down, in recovery
  '57P01', // admin_shutdown: the server is shutting down (or the connection was terminated by an admin)
  '57P02', // crash_shutdown
  '08000', // connection_exception
  '08001', // sqlclient_unable_to_establish_sqlconnection
  '08003', // connection_does_not_exist
  '08004', // sqlserver_rejected_establishment_of_sqlconnection
  '08006', // connection_failure
  // Transactions the server chose to end so others could go on: the same request a moment later
  // finds them gone (a deadlock of two requests at once, a serialization failure).
  '40P01', // deadlock_detected
  '40001', // serialization_failure
]);

/** Socket errors of a connection to the server (node's `code`). */
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN']);

/**
 * What pg and pg-pool say when no connection could be had or the one in use went away (they set
 * no code): pg-pool's wait for a free connection timing out, a new connection's handshake timing
 * out, the server closing the connection, a client used after its connection failed.
 */
const UNAVAILABLE_MESSAGES = [
  /^timeout exceeded when trying to connect$/i,
  /^Connection terminated( unexpectedly| due to connection timeout)?$/i,
  /^Client has encountered a connection error and is not queryable$/i,
];

type ErrorLike = { code?: unknown; message?: unknown; cause?: unknown; driverError?: unknown; errors?: unknown };

/**
 * True when `error`, or what it wraps (TypeORM's QueryFailedError keeps pg's error as
 * `driverError`, pg-pool's connection timeout the socket error as `cause`, node's connect to a
 * name with several addresses an AggregateError's `errors`), says the database is overloaded or
 * unavailable. Pure: reads the error and nothing else.
 */
export function isDatabaseUnavailable(error: unknown, depth = 0): boolean {
  if (depth > 5 || error === null || typeof error !== 'object') return false;
  const e = error as ErrorLike;
  if (typeof e.code === 'string' && (UNAVAILABLE_SQLSTATES.has(e.code) || NETWORK_CODES.has(e.code))) return true;
  if (typeof e.message === 'string' && UNAVAILABLE_MESSAGES.some((pattern) => pattern.test(e.message as string))) return true;
  if (isDatabaseUnavailable(e.driverError, depth + 1) || isDatabaseUnavailable(e.cause, depth + 1)) return true;
  return Array.isArray(e.errors) && e.errors.some((inner) => isDatabaseUnavailable(inner, depth + 1));
}
