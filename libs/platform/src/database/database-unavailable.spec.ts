import { readFileSync } from 'node:fs';
import { DatabaseError } from 'pg';
import { QueryFailedError } from 'typeorm';
import { isDatabaseUnavailable } from './database-unavailable';

/** An error as pg-protocol builds it from the server's ErrorResponse (SQLSTATE in `code`). */
function serverError(code: string, message: string): DatabaseError {
  return Object.assign(new DatabaseError(message, 0, 'error'), { code, severity: 'FATAL' });
}

/** A socket error as node raises it. */
function socketError(code: string): Error {
  return Object.assign(new Error(`connect ${code} 127.0.0.1:5432`), { code, errno: -111, syscall: 'connect', address: '127.0.0.1', port: 5432 });
}

describe(isDatabaseUnavailable.name, () => {
  it.each<[string, unknown]>([
    ["pg-pool: no connection free within connectionTimeoutMillis", new Error('timeout exceeded when trying to connect')],
    ["pg-pool: a new connection's handshake timed out", new Error('Connection terminated due to connection timeout', { cause: new Error('Connection terminated unexpectedly') })],
    ['pg: the server closed the connection', new Error('Connection terminated unexpectedly')],
    ['pg: the connection was ended', new Error('Connection terminated')],
    ['pg: a client used after its connection failed', new Error('Client has encountered a connection error and is not queryable')],
    ['53300 too_many_connections', serverError('53300', 'sorry, too many clients already')],
    ['57P03 cannot_connect_now', serverError('57P03', 'the database system is starting up')],
    ['57P01 admin_shutdown', serverError('57P01', 'terminating connection due to administrator command')],
    ['08006 connection_failure', serverError('08006', 'connection failure')],
    ["TypeORM's QueryFailedError around 40P01 deadlock_detected", new QueryFailedError('UPDATE', [], serverError('40P01', 'deadlock detected'))],
    ['40001 serialization_failure', serverError('40001', 'could not serialize access due to concurrent update')],
    ['connection refused', socketError('ECONNREFUSED')],
    ['connection reset', socketError('ECONNRESET')],
    ['connection refused on every address of a name (AggregateError)', Object.assign(new AggregateError([socketError('ECONNREFUSED'), socketError('ECONNREFUSED')]), { code: undefined })],
    ["TypeORM's QueryFailedError around 53300", new QueryFailedError('SELECT 1', [], serverError('53300', 'sorry, too many clients already'))],
    ["TypeORM's QueryFailedError around a terminated connection", new QueryFailedError('SELECT 1', [], new Error('Connection terminated unexpectedly'))],
  ])('says yes for %s', (_what, error) => {
    expect(isDatabaseUnavailable(error)).toBe(true);
  });

  it.each<[string, unknown]>([
    ['a unique violation', new QueryFailedError('INSERT', [], serverError('23505', 'duplicate key value violates unique constraint "x"'))],
    ['a syntax error', serverError('42601', 'syntax error at or near "SELEC"')],
    ['a statement timeout (the query itself is too slow: not a busy pool)', serverError('57014', 'canceling statement due to statement timeout')],
    ['a disk full', serverError('53100', 'could not extend file')],
    ['a plain bug', new TypeError("Cannot read properties of undefined (reading 'id')")],
    ['a message that only mentions a timeout', new Error('timeout exceeded when trying to connect to the SMS gateway')],
    ['nothing', undefined],
    ['a string', 'timeout exceeded when trying to connect'],
  ])('says no for %s', (_what, error) => {
    expect(isDatabaseUnavailable(error)).toBe(false);
  });

  it('does not loop on an error that is its own cause', () => {
    const error: Error & { cause?: unknown } = new Error('odd');
    error.cause = error;
    expect(isDatabaseUnavailable(error)).toBe(false);
  });

  it("matches the words pg-pool and pg use today (read from the installed packages' sources)", () => {
    const pool = readFileSync(require.resolve('pg-pool'), 'utf8');
    const client = readFileSync(require.resolve('pg/lib/client'), 'utf8');
    expect(pool).toContain("'timeout exceeded when trying to connect'");
    expect(pool).toContain("'Connection terminated due to connection timeout'");
    expect(client).toContain("'Connection terminated unexpectedly'");
    expect(client).toContain("'Client has encountered a connection error and is not queryable'");
  });
});
