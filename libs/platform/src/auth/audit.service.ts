import { Injectable, Logger } from '@nestjs/common';
import { maskPlate, storableText } from '@app/contracts';
import { Clock } from '../clock/clock';
import { currentCorrelationId } from '../context/correlation';
import { AuditLogRepository, AuditQuery, AuditRecord } from './audit-log.repository';
import { AuthenticatedRequest } from './auth.decorators';
import { Principal } from './roles';

export type { AuditQuery, AuditRecord };

export interface AuditEntry {
  principal: Principal | undefined;
  /** What was done, e.g. `seizures.release` (controller and handler). */
  action: string;
  method: string;
  path: string;
  targetType: string | null;
  targetId: string | null;
  status: number;
  /** ok: done; denied: 401/403; refused: any other 4xx (bad input, not found, conflict); failed: 5xx. */
  outcome: 'ok' | 'denied' | 'refused' | 'failed';
  clientIp: string | null;
  details?: unknown;
}

/** Never into the audit log: secrets, and the full plate (personal data). */
const SECRET_FIELD = /pass(word)?|secret|token|key$/i;
const PLATE_FIELD = /plate$/i;

/**
 * A redacted copy of a request body for the audit log: secrets out, plates masked, long text cut,
 * and text PostgreSQL's jsonb cannot hold (NUL, lone surrogates: what hostile requests carry)
 * replaced, so that the refusal of such a request is still recorded.
 */
export function redactForAudit(value: unknown, depth = 0): unknown {
  if (depth > 4) return '…';
  if (Array.isArray(value)) return value.length > 20 ? { items: value.length } : value.map((v) => redactForAudit(v, depth + 1));
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      const key = storableText(k.slice(0, 100));
      if (SECRET_FIELD.test(k)) out[key] = '[redacted]';
      else if (PLATE_FIELD.test(k) && typeof v === 'string') out[key] = storableText(maskPlate(v));
      else out[key] = redactForAudit(v, depth + 1);
    }
    return out;
  }
  if (typeof value === 'string') return storableText(value.length > 500 ? value.slice(0, 500) + '…' : value);
  return value;
}

/** The body of a request as the audit log keeps it (JSON objects and arrays; CSV text cut short). */
export function auditDetailsOf(request: AuthenticatedRequest): { body: unknown } | undefined {
  const body = request.body;
  if (typeof body === 'string' && body.length) return { body: body.slice(0, 2000) };
  return body && typeof body === 'object' && Object.keys(body).length ? { body } : undefined;
}

export function clientIpOf(request: AuthenticatedRequest): string | null {
  return request.ip ?? request.socket?.remoteAddress ?? null;
}

const REFUSED_OUTCOME = (status: number): AuditEntry['outcome'] => (status >= 500 ? 'failed' : status === 401 || status === 403 ? 'denied' : 'refused');

/**
 * The append-only record of who did what to which seal, alert, roster or key (the table refuses
 * UPDATE and DELETE). Writing it must never fail the action it records: a failed write is logged.
 */
@Injectable()
export class AuditService {
  private readonly log = new Logger('Audit');

  constructor(
    private readonly entries: AuditLogRepository,
    private readonly clock: Clock,
  ) {}

  async record(entry: AuditEntry): Promise<void> {
    const p = entry.principal;
    try {
      await this.entries.append({
        at: this.clock.now(),
        actorKind: p?.kind ?? 'anonymous',
        actorId: p?.id ?? null,
        actorName: p?.name ?? null,
        actorRoles: p?.roles ?? [],
        action: entry.action,
        method: entry.method,
        path: storableText(entry.path.slice(0, 500)),
        targetType: entry.targetType,
        targetId: entry.targetId === null ? null : storableText(entry.targetId.slice(0, 200)),
        status: entry.status,
        outcome: entry.outcome,
        correlationId: currentCorrelationId() ?? null,
        clientIp: entry.clientIp,
        details: entry.details === undefined ? null : JSON.stringify(redactForAudit(entry.details)),
      });
    } catch (error) {
      this.log.error(`audit entry for ${entry.action} by ${p?.name ?? 'anonymous'} not written: ${(error as Error).message}`);
    }
  }

  /**
   * A refused or failed request of a signed-in caller (any status from 400 but 429, reads
   * included), from the error filter: whatever refused it, the guard, validation, a handler, or
   * a check before routing. Anonymous refusals are not kept (anyone could flood the log with
   * them), nor rate-limit refusals (counted in gateway_http_refusals_total instead).
   */
  async recordRefusal(request: AuthenticatedRequest, status: number, messages: string[]): Promise<void> {
    if (!request.principal || status === 429) return;
    const details = { ...auditDetailsOf(request), error: messages.slice(0, 20) };
    await this.record({
      principal: request.principal,
      action: request.audit?.action ?? 'request.refused_before_routing',
      method: request.method,
      path: request.originalUrl,
      targetType: request.audit?.targetType ?? null,
      targetId: typeof request.params?.id === 'string' ? request.params.id : null,
      status,
      outcome: REFUSED_OUTCOME(status),
      clientIp: clientIpOf(request),
      details,
    });
  }

  query(q: AuditQuery): Promise<AuditRecord[]> {
    return this.entries.search(q);
  }
}
