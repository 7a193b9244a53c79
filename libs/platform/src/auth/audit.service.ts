import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { maskPlate } from '@app/contracts';
import { DataSource } from 'typeorm';
import { Clock } from '../clock/clock';
import { currentCorrelationId } from '../context/correlation';
import { assertSqlIdentifier } from '../database/sql-identifier';
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
  outcome: 'ok' | 'denied' | 'failed';
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

/** A redacted copy of a request body for the audit log. */
export function redactForAudit(value: unknown, depth = 0): unknown {
  if (depth > 4) return '…';
  if (Array.isArray(value)) return value.length > 20 ? { items: value.length } : value.map((v) => redactForAudit(v, depth + 1));
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      if (SECRET_FIELD.test(k)) out[k] = '[redacted]';
      else if (PLATE_FIELD.test(k) && typeof v === 'string') out[k] = maskPlate(v);
      else out[k] = redactForAudit(v, depth + 1);
    }
    return out;
  }
  if (typeof value === 'string' && value.length > 500) return value.slice(0, 500) + '…';
  return value;
}

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
          this.clock.now(), p?.kind ?? 'anonymous', p?.id ?? null, p?.name ?? null, p?.roles ?? [], entry.action, entry.method, entry.path.slice(0, 500),
          entry.targetType, entry.targetId, entry.status, entry.outcome, currentCorrelationId() ?? null, entry.clientIp,
          entry.details === undefined ? null : JSON.stringify(redactForAudit(entry.details)),
        ],
      );
    } catch (error) {
      this.log.error(`audit entry for ${entry.action} by ${p?.name ?? 'anonymous'} not written: ${(error as Error).message}`);
    }
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
