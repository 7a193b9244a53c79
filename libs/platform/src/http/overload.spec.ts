import { Logger } from '@nestjs/common';
import { DomainError, ErrorCode } from '@app/contracts';
import { DatabaseError } from 'pg';
import { QueryFailedError } from 'typeorm';
import { filterAnswer } from '../../../../test/support/http-error-filter';
import { overloadedBody } from './exception.filter';

/** What the filter answered: status, headers and body; and how it asked for the refusal to be audited (status and options). */
async function answer(error: unknown, withAudit = false) {
  const answered = await filterAnswer(error, { path: '/api/v1/seizures', withAudit });
  return { ...answered, audited: answered.audited.map(({ status, options }) => ({ status, options })) };
}

describe('HttpErrorFilter: a database too busy to serve the request', () => {
  // The filter's log lines (a warning per 503, the 500's stack) are not what is tested.
  beforeAll(() => Logger.overrideLogger(false));
  it.each<[string, unknown]>([
    ['the pool timing out', new Error('timeout exceeded when trying to connect')],
    ['too many connections, through TypeORM', new QueryFailedError('SELECT 1', [], Object.assign(new DatabaseError('sorry, too many clients already', 0, 'error'), { code: '53300' }))],
    ['a server that cannot take connections now', Object.assign(new DatabaseError('the database system is shutting down', 0, 'error'), { code: '57P03' })],
    ['the server refusing connections', Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' })],
  ])('answers %s with 503, Retry-After and service.overloaded in the usual error shape', async (_what, error) => {
    const { status, headers, body } = await answer(error);
    expect(status).toBe(503);
    expect(headers['retry-after']).toBe('2');
    expect(body).toEqual({ statusCode: 503, error: 'Service Unavailable', message: ['the database is busy; try again in 2 s'], code: ErrorCode.ServiceOverloaded, field: '', params: { retryAfter: 2 } });
    expect(body).toEqual(overloadedBody());
  });

  it('queues the refusal for the audit log instead of holding the answer for it', async () => {
    const { status, audited } = await answer(new Error('timeout exceeded when trying to connect'), true);
    expect(status).toBe(503);
    expect(audited).toEqual([{ status: 503, options: { wait: false } }]);
  });

  it('still waits for the audit entry of any other refusal', async () => {
    const { audited } = await answer(new DomainError(ErrorCode.SeizureNotFound, { params: { id: 'x' } }), true);
    expect(audited).toEqual([{ status: 404, options: { wait: true } }]);
  });

  it('keeps a 500 for a fault that is not the database being busy, without Retry-After', async () => {
    // (A unique violation is a 409 now, conflict.spec.ts: a statement that is itself wrong stands for the faults.)
    const { status, headers, body } = await answer(Object.assign(new DatabaseError('column "x" does not exist', 0, 'error'), { code: '42703' }));
    expect(status).toBe(500);
    expect(headers['retry-after']).toBeUndefined();
    expect(body).toMatchObject({ statusCode: 500, message: ['Internal server error'], errorId: expect.any(String) });
  });

  it('keeps the 503 of a server that is not configured as it was (no Retry-After: waiting will not help)', async () => {
    const { status, headers, body } = await answer(new DomainError(ErrorCode.PushNotConfigured));
    expect(status).toBe(503);
    expect(headers['retry-after']).toBeUndefined();
    expect(body).toMatchObject({ code: ErrorCode.PushNotConfigured });
  });
});
