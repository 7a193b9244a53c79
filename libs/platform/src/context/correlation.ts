import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';

/** The HTTP header a caller may set to tie its request to its own logs; echoed on the response. */
export const CORRELATION_HEADER = 'x-correlation-id';

const storage = new AsyncLocalStorage<{ correlationId: string }>();

/**
 * The correlation id of the flow this code runs in: the consumed envelope's `correlationId`
 * (the sighting id for a hit) or the HTTP request's. Read by the logger and by
 * `EventOutbox.append`, so one id follows a sighting to its alert across both apps.
 */
export function currentCorrelationId(): string | undefined {
  return storage.getStore()?.correlationId;
}

export function runWithCorrelationId<T>(correlationId: string, fn: () => T): T {
  return storage.run({ correlationId }, fn);
}

const ACCEPTABLE = /^[A-Za-z0-9._:-]{1,100}$/;

/** A caller's id when it is a sane token (it lands in logs and events), otherwise a new one. */
export function correlationIdFrom(header: string | string[] | undefined): string {
  const value = Array.isArray(header) ? header[0] : header;
  return value && ACCEPTABLE.test(value) ? value : randomUUID();
}
