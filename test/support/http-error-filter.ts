import type { ArgumentsHost } from '@nestjs/common';
import type { AuditService } from '../../libs/platform/src/auth/audit.service';
import type { Authenticator } from '../../libs/platform/src/auth/authenticator';
import { HttpErrorFilter } from '../../libs/platform/src/http/exception.filter';

/** A refusal as the filter asked for it to be audited. */
export interface AuditedRefusal {
  status: number;
  messages: string[];
  options: unknown;
}

/**
 * What the shared HTTP error filter answers for `error` on a POST to `path` by an API key, without
 * a server: status, headers and body, and (when `withAudit`) how it asked for the refusal to be
 * audited. For the unit specs of the filter's branches.
 */
export async function filterAnswer(error: unknown, { path, withAudit = true }: { path: string; withAudit?: boolean }) {
  const sent = { status: 0, headers: {} as Record<string, string>, body: {} as Record<string, unknown> };
  const response = {
    headersSent: false,
    status: (code: number) => ((sent.status = code), response),
    setHeader: (name: string, value: string) => (sent.headers[name.toLowerCase()] = value),
    json: (body: Record<string, unknown>) => (sent.body = body),
  };
  const request = { method: 'POST', path, originalUrl: path, identified: true, principal: { kind: 'api_key', id: 'k', name: 'caller', roles: ['admin'] } };
  const audited: AuditedRefusal[] = [];
  const audit = { recordRefusal: async (_request: unknown, status: number, messages: string[], options: unknown) => void audited.push({ status, messages, options }) } as unknown as AuditService;
  const host = { getType: () => 'http', switchToHttp: () => ({ getResponse: () => response, getRequest: () => request }) } as unknown as ArgumentsHost;
  const filter = withAudit ? new HttpErrorFilter({ audit, authenticator: {} as Authenticator }) : new HttpErrorFilter();
  await filter.catch(error, host);
  return { ...sent, audited };
}
