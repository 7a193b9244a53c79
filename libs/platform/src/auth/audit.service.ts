import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { maskPlate, storableText } from '@app/contracts';
import { DataSource } from 'typeorm';
import { Clock } from '../clock/clock';
import { currentCorrelationId } from '../context/correlation';
import { assertSqlIdentifier } from '../database/sql-identifier';
import { AuthenticatedRequest } from './auth.decorators';
import { AUTH_SETTINGS, AuthSettings } from './auth.settings';
import { Principal } from './roles';

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

export interface AuditRecord {
  id: string;
  at: string;
  actor: { kind: string; id: string | null; name: string | null; roles: string[] };
  action: string;
  method: string;
  path: string;
  target: { type: string | null; id: string | null };
  status: number;
  outcome: string;
  correlationId: string | null;
  clientIp: string | null;
  details: unknown;
}

export interface AuditQuery {
  actor?: string;
  targetType?: string;
  targetId?: string;
  action?: string;
  outcome?: string;
  from?: Date;
  to?: Date;
  /** Entries older than this id (paging backwards). */
  before?: string;
  limit: number;
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
  private readonly table: string;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(AUTH_SETTINGS) settings: AuthSettings,
    private readonly clock: Clock,
  ) {
    this.table = `${assertSqlIdentifier(settings.schema)}.audit_log`;
  }

  async record(entry: AuditEntry): Promise<void> {
    const p = entry.principal;
    try {
      await this.dataSource.query(
        `INSERT INTO ${this.table} (at, actor_kind, actor_id, actor_name, actor_roles, action, method, path, target_type, target_id, status, outcome, correlation_id, client_ip, details)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)`,
        [
          this.clock.now(), p?.kind ?? 'anonymous', p?.id ?? null, p?.name ?? null, p?.roles ?? [], entry.action, entry.method, storableText(entry.path.slice(0, 500)),
          entry.targetType, entry.targetId === null ? null : storableText(entry.targetId.slice(0, 200)), entry.status, entry.outcome, currentCorrelationId() ?? null, entry.clientIp,
          entry.details === undefined ? null : JSON.stringify(redactForAudit(entry.details)),
        ],
      );
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

  async query(q: AuditQuery): Promise<AuditRecord[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (sql: string, value: unknown) => {
      params.push(value);
      where.push(sql.split('?').join(`$${params.length}`));
    };
    if (q.actor) add('(actor_id = ? OR actor_name = ?)', q.actor);
    if (q.targetType) add('target_type = ?', q.targetType);
    if (q.targetId) add('target_id = ?', q.targetId);
    if (q.action) add('action = ?', q.action);
    if (q.outcome) add('outcome = ?', q.outcome);
    if (q.from) add('at >= ?', q.from);
    if (q.to) add('at < ?', q.to);
    if (q.before) add('id < ?', q.before);
    params.push(q.limit);
    const rows = await this.dataSource.query<Record<string, any>[]>(
      `SELECT * FROM ${this.table} ${where.length ? 'WHERE ' + where.join(' AND ') : ''} ORDER BY id DESC LIMIT $${params.length}`,
      params,
    );
    return rows.map((r) => ({
      id: String(r.id),
      at: (r.at as Date).toISOString(),
      actor: { kind: r.actor_kind, id: r.actor_id, name: r.actor_name, roles: r.actor_roles },
      action: r.action,
      method: r.method,
      path: r.path,
      target: { type: r.target_type, id: r.target_id },
      status: r.status,
      outcome: r.outcome,
      correlationId: r.correlation_id,
      clientIp: r.client_ip,
      details: r.details,
    }));
  }
}
