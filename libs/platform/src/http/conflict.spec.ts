import { Logger } from '@nestjs/common';
import { DomainError, ErrorCode } from '@app/contracts';
import { DatabaseError } from 'pg';
import { QueryFailedError } from 'typeorm';
import { rowConflictOf } from '../database/unique-violation';
import { filterAnswer } from '../../../../test/support/http-error-filter';

/** pg's error as the server sends it: SQLSTATE, and the table, constraint and detail it names. */
function serverError(code: string, message: string, fields: { table?: string; constraint?: string; detail?: string } = {}): DatabaseError {
  return Object.assign(new DatabaseError(message, 0, 'error'), { code, ...fields });
}

/** Through TypeORM, as a repository's statement throws it (QueryFailedError copies pg's fields onto itself). */
const typeorm = (error: DatabaseError) => new QueryFailedError('INSERT INTO court.users (…) VALUES (…)', [], error);

const usernameTaken = serverError('23505', 'duplicate key value violates unique constraint "users_username_key"', {
  table: 'users',
  constraint: 'users_username_key',
  detail: 'Key (username)=(racer1) already exists.',
});

/** What the filter answered, and how the refusal was audited. */
const answer = (error: unknown) => filterAnswer(error, { path: '/api/v1/admin/users' });

describe('HttpErrorFilter: a row that already exists (a unique violation no use case answered)', () => {
  // The filter's warning per conflict is not what is tested.
  beforeAll(() => Logger.overrideLogger(false));

  it('answers a unique violation through TypeORM with 409 request.conflict naming the table and key, never a 500', async () => {
    const { status, headers, body, audited } = await answer(typeorm(usernameTaken));
    expect(status).toBe(409);
    expect(headers['retry-after']).toBeUndefined();
    expect(body).toEqual({
      statusCode: 409,
      error: 'Conflict',
      message: ['users already has a row with this username (written meanwhile, perhaps by a request at the same moment)'],
      code: ErrorCode.RequestConflict,
      field: '',
      params: { table: 'users', key: 'username', constraint: 'users_username_key' },
    });
    expect(body).not.toHaveProperty('errorId');
    // The refusal is audited as the 409 it is, like any other.
    expect(audited).toEqual([{ status: 409, messages: body.message, options: { wait: true } }]);
  });

  it('never sends the values of the key (they may be a secret’s hash), only the names', async () => {
    const { body } = await answer(typeorm(usernameTaken));
    expect(JSON.stringify(body)).not.toContain('racer1');
  });

  it.each<[string, unknown, { table: string; key: string; constraint: string }]>([
    [
      'pg’s own error, a composite primary key',
      serverError('23505', 'duplicate key value violates unique constraint "travel_times_pkey"', { table: 'travel_times', constraint: 'travel_times_pkey', detail: 'Key (team_id, checkpoint_id)=(fangcheng, RACE-1) already exists.' }),
      { table: 'travel_times', key: 'team_id, checkpoint_id', constraint: 'travel_times_pkey' },
    ],
    [
      'an expression index',
      typeorm(serverError('23505', 'duplicate key value violates unique constraint "x_lower"', { table: 'x', constraint: 'x_lower', detail: 'Key (lower(name))=(a) already exists.' })),
      { table: 'x', key: 'lower(name)', constraint: 'x_lower' },
    ],
    [
      'an exclusion constraint (23P01)',
      typeorm(serverError('23P01', 'conflicting key value violates exclusion constraint "b_no_overlap"', { table: 'b', constraint: 'b_no_overlap', detail: 'Key (room, during)=(1, [1,3)) conflicts with existing key (room, during)=(1, [2,4)).' })),
      { table: 'b', key: 'room, during', constraint: 'b_no_overlap' },
    ],
    [
      'a detail the regex cannot read (a server speaking another language)',
      typeorm(serverError('23505', '重复键违反唯一约束"users_username_key"', { table: 'users', constraint: 'users_username_key', detail: '键值"(username)=(a)" 已经存在' })),
      { table: 'users', key: 'users_username_key', constraint: 'users_username_key' },
    ],
    ['one that names nothing (a trigger’s RAISE unique_violation)', serverError('23505', 'raised'), { table: '?', key: '?', constraint: '' }],
  ])('reads %s', async (_what, error, params) => {
    expect(rowConflictOf(error)).toEqual(params);
    const { status, body } = await answer(error);
    expect(status).toBe(409);
    expect(body).toMatchObject({ code: ErrorCode.RequestConflict, params });
  });

  it.each<[string, unknown]>([
    ['a foreign key violation', typeorm(serverError('23503', 'insert or update violates foreign key constraint "f"', { table: 'users', constraint: 'f' }))],
    ['a not-null violation', typeorm(serverError('23502', 'null value in column "x" violates not-null constraint', { table: 'users' }))],
    ['an error with no SQLSTATE', new Error('duplicate key value violates unique constraint "x"')],
  ])('keeps %s a 500 (a fault of ours, not a row that exists)', async (_what, error) => {
    expect(rowConflictOf(error)).toBeNull();
    const { status, body } = await answer(error);
    expect(status).toBe(500);
    expect(body).toMatchObject({ statusCode: 500, message: ['Internal server error'], errorId: expect.any(String) });
  });

  it('leaves a conflict a use case answered with its own code as it was', async () => {
    const { status, body } = await answer(new DomainError(ErrorCode.AccountUsernameTaken, { field: 'username', params: { username: 'racer1' } }));
    expect(status).toBe(409);
    expect(body).toMatchObject({ code: ErrorCode.AccountUsernameTaken, field: 'username' });
  });
});
