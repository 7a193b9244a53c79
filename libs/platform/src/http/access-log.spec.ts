import { Logger } from '@nestjs/common';
import { EventEmitter } from 'node:events';
import type { Request, Response } from 'express';
import { accessLog } from './access-log';

/** One request through the middleware, answered `status` on `route`; which log level got its line. */
function levelOf(route: string, status: number): string[] {
  const levels: string[] = [];
  const spies = (['log', 'warn', 'debug', 'error'] as const).map((level) =>
    jest.spyOn(Logger.prototype, level).mockImplementation(() => void levels.push(level)),
  );
  const res = Object.assign(new EventEmitter(), { statusCode: status, getHeader: () => undefined }) as unknown as Response;
  const req = { method: 'GET', baseUrl: '', path: route, route: { path: route } } as unknown as Request;
  accessLog(null)(req, res, () => undefined);
  res.emit('finish');
  for (const spy of spies) spy.mockRestore();
  return levels;
}

describe(accessLog.name, () => {
  it('logs a health probe answered 503 at debug: not ready yet is an answer, and probes poll every few seconds', () => {
    expect(levelOf('/health', 503)).toEqual(['debug']);
    expect(levelOf('/health/ready', 503)).toEqual(['debug']);
    expect(levelOf('/health', 200)).toEqual(['log']);
  });

  it('keeps every other 5xx a warning, health probes failing otherwise included', () => {
    expect(levelOf('/api/v1/alerts', 503)).toEqual(['warn']);
    expect(levelOf('/api/v1/alerts', 500)).toEqual(['warn']);
    expect(levelOf('/health', 500)).toEqual(['warn']);
    expect(levelOf('/api/v1/alerts', 404)).toEqual(['log']);
  });
});
