import { ConsoleLogger, LoggerService, LogLevel } from '@nestjs/common';

const LEVELS: LogLevel[] = ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'];

/** One logger for both apps: JSON lines in production, readable text in development. */
export function createLogger(format: 'json' | 'text', app: string, level: 'debug' | 'log' | 'warn' | 'error' = 'log'): LoggerService {
  return new ConsoleLogger(app, {
    json: format === 'json',
    colors: format === 'text' && process.stdout.isTTY,
    prefix: app,
    logLevels: LEVELS.slice(0, LEVELS.indexOf(level) + 1),
  });
}
