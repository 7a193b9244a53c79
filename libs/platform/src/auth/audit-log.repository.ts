import { Inject, Injectable } from '@nestjs/common';
import { APP_SCHEMA } from '../database/app-schema';
import { Transactions } from '../database/transactions';

/** One entry as stored (already redacted and cut to size by AuditService). */
export interface AuditLogRow {
  at: Date;
  actorKind: string;
  actorId: string | null;
  actorName: string | null;
  actorRoles: string[];
  action: string;
  method: string;
  path: string;
  targetType: string | null;
  targetId: string | null;
  status: number;
  outcome: string;
  correlationId: string | null;
  clientIp: string | null;
  /** JSON text, or null. */
  details: string | null;
}

/** One entry as read back. */
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

/**
 * The append-only audit log (`<schema>.audit_log`; the table refuses UPDATE and DELETE).
 * Entries are written on the pool, never in the caller's transaction: the record of a refused
 * or failed request stands when its transaction rolls back, and a failed write cannot abort it.
 */
@Injectable()
export class AuditLogRepository {
  private readonly table: string;

  constructor(
    private readonly tx: Transactions,
    @Inject(APP_SCHEMA) schema: string,
  ) {
    this.table = `${schema}.audit_log`;
  }

  async append(e: AuditLogRow): Promise<void> {
    await this.tx.pool.query(
      `INSERT INTO ${this.table} (at, actor_kind, actor_id, actor_name, actor_roles, action, method, path, target_type, target_id, status, outcome, correlation_id, client_ip, details)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)`,
      [e.at, e.actorKind, e.actorId, e.actorName, e.actorRoles, e.action, e.method, e.path, e.targetType, e.targetId, e.status, e.outcome, e.correlationId, e.clientIp, e.details],
    );
  }

  /** Entries matching every given filter, newest first. */
  async search(q: AuditQuery): Promise<AuditRecord[]> {
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
    const rows = await this.tx.manager.query<Record<string, any>[]>(
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
