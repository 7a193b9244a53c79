import { type ArgumentsHost, Logger } from '@nestjs/common';
import { ManualClock } from '@app/platform';
import { DatabaseError } from 'pg';
import { QueryFailedError } from 'typeorm';
import type { Gat1400Settings } from '../gat1400.settings';
import { ViidError, ViidExceptionFilter } from './viid-http';
import { ViidStatusCode } from './viid-status';

/** What the /VIID filter answered: status, headers and the parsed GA/T 1400 body. */
function answer(error: unknown) {
  const sent = { status: 0, headers: {} as Record<string, string>, body: undefined as unknown };
  const response = {
    setHeader: (name: string, value: string) => (sent.headers[name.toLowerCase()] = value),
    status: (code: number) => ((sent.status = code), response),
    type: () => response,
    send: (text: string) => (sent.body = JSON.parse(text)),
  };
  const host = { switchToHttp: () => ({ getRequest: () => ({ originalUrl: '/VIID/MotorVehicles' }), getResponse: () => response }) } as unknown as ArgumentsHost;
  new ViidExceptionFilter({ offsetMinutes: 480 } as Gat1400Settings, new ManualClock('2026-03-02T02:00:00.000Z')).catch(error, host);
  return sent;
}

describe(ViidExceptionFilter.name, () => {
  beforeAll(() => Logger.overrideLogger(false));

  it.each<[string, unknown]>([
    ['the pool timing out', new Error('timeout exceeded when trying to connect')],
    ['too many connections, through TypeORM', new QueryFailedError('INSERT', [], Object.assign(new DatabaseError('sorry, too many clients already', 0, 'error'), { code: '53300' }))],
  ])('answers a database too busy for the request (%s) in GA/T 1400 form: 503, StatusCode 2 (device busy), Retry-After', (_what, error) => {
    const { status, headers, body } = answer(error);
    expect(status).toBe(503);
    expect(headers['retry-after']).toBe('2');
    expect(body).toEqual({
      ResponseStatusObject: { RequestURL: '/VIID/MotorVehicles', StatusCode: ViidStatusCode.DeviceBusy, StatusString: 'the database is busy; send the request again in 2 s', Id: '', LocalTime: '20260302100000' },
    });
  });

  it('answers any other fault of ours 503 with StatusCode 1, as before', () => {
    const { status, headers, body } = answer(new TypeError('x is undefined'));
    expect(status).toBe(503);
    expect(headers['retry-after']).toBeUndefined();
    expect(body).toMatchObject({ ResponseStatusObject: { StatusCode: ViidStatusCode.OtherError } });
  });

  it("keeps a handler's own GA/T 1400 refusal", () => {
    const { status, body } = answer(new ViidError(400, ViidStatusCode.InvalidJsonContent, 'the body holds no records'));
    expect(status).toBe(400);
    expect(body).toMatchObject({ ResponseStatusObject: { StatusCode: ViidStatusCode.InvalidJsonContent, StatusString: 'the body holds no records' } });
  });
});
