import { ConsoleLogger, LoggerService, LogLevel } from '@nestjs/common';
import { currentCorrelationId } from '../context/correlation';

const LEVELS: LogLevel[] = ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'];

/** Adds the flow's correlation id to every line, so one grep follows a sighting to its alert. */
class CorrelatedLogger extends ConsoleLogger {
  protected getJsonLogObject(message: unknown, options: Parameters<ConsoleLogger['getJsonLogObject']>[1]) {
    const correlationId = currentCorrelationId();
    return { ...super.getJsonLogObject(message, options), ...(correlationId ? { correlationId } : {}) };
  }

  protected formatContext(context: string): string {
    const correlationId = currentCorrelationId();
    return super.formatContext(context) + (correlationId ? `[cid ${correlationId}] ` : '');
  }
}

/** One logger for both apps: JSON lines in production, readable text in development. */
export function createLogger(format: 'json' | 'text', app: string, level: 'debug' | 'log' | 'warn' | 'error' = 'log'): LoggerService {
  return new CorrelatedLogger(app, {
    json: format === 'json',
    colors: format === 'text' && process.stdout.isTTY,
    prefix: app,
    logLevels: LEVELS.slice(0, LEVELS.indexOf(level) + 1),
  });
}
