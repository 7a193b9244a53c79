import { BeforeApplicationShutdown, Injectable, Logger, Optional } from '@nestjs/common';
import { maskPlate, maskPlatesIn, storableText } from '@app/contracts';
import { Counter } from 'prom-client';
import { Clock } from '../clock/clock';
import { currentCorrelationId } from '../context/correlation';
import { isDatabaseUnavailable } from '../database/database-unavailable';
import { Metrics } from '../metrics/metrics';
import { AuditLogRepository, AuditLogRow, AuditQuery, AuditRecord } from './audit-log.repository';
import { AuditDropReason, AuditRetryQueue } from './audit-retry-queue';
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

/** Most keys of one object of a body the audit log keeps (no request of ours has more than 30), and of the whole body. */
const AUDIT_MAX_KEYS = 50;
const AUDIT_MAX_TOTAL_KEYS = 500;

/**
 * A redacted copy of a request body for the audit log: secrets out, plates masked, long text cut,
 * and text PostgreSQL's jsonb cannot hold (NUL, lone surrogates: what hostile requests carry)
 * replaced, so that the refusal of such a request is still recorded.
 */
export function redactForAudit(value: unknown, depth = 0, budget = { keys: AUDIT_MAX_TOTAL_KEYS }): unknown {
  if (depth > 4) return '…';
  if (Array.isArray(value)) return value.length > 20 ? { items: value.length } : value.map((v) => redactForAudit(v, depth + 1, budget));
  if (value && typeof value === 'object') {
    if (budget.keys <= 0) return '…';
    const out: Record<string, unknown> = {};
    const keys = Object.keys(value);
    // A refused body of 357,000 keys made a 5 MB row: the first AUDIT_MAX_KEYS of an object (AUDIT_MAX_TOTAL_KEYS in all), and how many more.
    const kept = keys.slice(0, Math.min(AUDIT_MAX_KEYS, budget.keys));
    budget.keys -= kept.length;
    for (const k of kept) {
      const v = (value as Record<string, unknown>)[k];
      const key = storableText(k.slice(0, 100));
      if (SECRET_FIELD.test(k)) out[key] = '[redacted]';
      else if (PLATE_FIELD.test(k) && typeof v === 'string') out[key] = storableText(maskPlate(v));
      else out[key] = redactForAudit(v, depth + 1, budget);
    }
    if (keys.length > kept.length) out['…'] = `${keys.length - kept.length} more fields`;
    return out;
  }
  // Free text (a note, a name) may hold a plate too: masked as a plate field is.
  if (typeof value === 'string') return storableText(maskPlatesIn(value.length > 500 ? value.slice(0, 500) + '…' : value));
  return value;
}

/** A path as the audit log keeps it: as sent, unless it holds something plate-shaped (percent-encoded or not), then decoded and masked. */
function pathWithoutPlates(path: string): string {
  const decoded = safeDecode(path);
  const masked = maskPlatesIn(decoded);
  return masked === decoded ? path : masked;
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
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
 * How an audit write that found the database busy is tried again (AuditRetryQueue): up to 6
 * attempts in all, 0.25, 0.5, 1, 2 and 4 s apart (each attempt may itself wait the connect
 * timeout), at most 1,000 entries waiting (each redacted and cut to size, as it is stored).
 */
export const AUDIT_RETRY = { capacity: 1000, maxAttempts: 6, firstDelayMs: 250, maxDelayMs: 4000 };

const DROP_REASONS: AuditDropReason[] = ['queue_full', 'retries_exhausted', 'error', 'shutdown'];

/**
 * The append-only record of who did what to which seal, alert, roster or key (the table refuses
 * UPDATE and DELETE). Writing it must never fail the action it records. A write the database was
 * momentarily too busy for (no pool connection within the connect timeout) or could not be
 * reached for is queued and written again (AuditRetryQueue); an entry that cannot be written in
 * the end is logged and counted in `gateway_audit_entries_dropped_total{reason}`, never lost
 * without a trace.
 */
@Injectable()
export class AuditService implements BeforeApplicationShutdown {
  private readonly log = new Logger('Audit');
  private readonly retries: AuditRetryQueue<AuditLogRow>;
  private readonly droppedTotal: Counter<string> | null;
  /** The queue was full and entries are being dropped: logged once until it has room again. */
  private overflowing = false;

  constructor(
    private readonly entries: AuditLogRepository,
    private readonly clock: Clock,
    @Optional() metrics?: Metrics,
  ) {
    this.retries = new AuditRetryQueue<AuditLogRow>({
      ...AUDIT_RETRY,
      write: async (row) => {
        await this.entries.append(row);
        // The queue has room again: the next overflow is a new episode, logged again.
        this.overflowing = false;
      },
      transient: isDatabaseUnavailable,
      dropped: (row, reason, error) => this.dropped(row, reason, error),
    });
    this.droppedTotal = metrics
      ? metrics.counter('gateway_audit_entries_dropped_total', 'Audit entries given up: queue_full (the retry queue was full), retries_exhausted (the database stayed busy), error (the write failed for good), shutdown (the app stopped first)', ['reason'])
      : null;
    for (const reason of DROP_REASONS) this.droppedTotal?.inc({ reason }, 0);
    if (metrics && !metrics.registry.getSingleMetric('gateway_audit_entries_pending')) metrics.gaugeFromReader('gateway_audit_entries_pending', 'Audit entries waiting to be written again after the database was busy', [], async () => [{ value: this.retries.size }]);
  }

  /**
   * Writes an entry. Awaited (the default), the first attempt is made now, so the caller's answer
   * goes out after it; `wait: false` queues it instead, for an answer that must not wait on the
   * database (a 503 because the database is busy). Never throws.
   */
  async record(entry: AuditEntry, options: { wait?: boolean } = {}): Promise<void> {
    const row = this.rowOf(entry);
    if (options.wait === false) {
      this.retries.add(row, 0);
      return;
    }
    try {
      await this.entries.append(row);
    } catch (error) {
      if (isDatabaseUnavailable(error)) {
        if (this.retries.add(row, 1, error) && this.retries.size === 1) this.log.warn(`audit entry for ${row.action} by ${row.actorName ?? 'anonymous'} queued to be written again: ${(error as Error).message}`);
      } else {
        this.dropped(row, 'error', error);
      }
    }
  }

  /** Entries waiting to be written again. */
  get pendingRetries(): number {
    return this.retries.size;
  }

  /** Resolves once the entries waiting have been tried (tests). */
  retriesSettled(): Promise<void> {
    return this.retries.settled();
  }

  /** One last attempt at the entries still waiting, while the database is open (TypeORM closes it at onApplicationShutdown). */
  async beforeApplicationShutdown(): Promise<void> {
    await this.retries.close();
  }

  private rowOf(entry: AuditEntry): AuditLogRow {
    const p = entry.principal;
    return {
      at: this.clock.now(),
      actorKind: p?.kind ?? 'anonymous',
      actorId: p?.id ?? null,
      actorName: p?.name ?? null,
      actorRoles: p?.roles ?? [],
      action: entry.action,
      method: entry.method,
      path: storableText(pathWithoutPlates(entry.path).slice(0, 500)),
      targetType: entry.targetType,
      targetId: entry.targetId === null ? null : storableText(maskPlatesIn(entry.targetId.slice(0, 200))),
      status: entry.status,
      outcome: entry.outcome,
      correlationId: currentCorrelationId() ?? null,
      clientIp: entry.clientIp,
      details: entry.details === undefined ? null : JSON.stringify(redactForAudit(entry.details)),
    };
  }

  private dropped(row: AuditLogRow, reason: AuditDropReason, error: unknown): void {
    this.droppedTotal?.inc({ reason });
    const what = `audit entry for ${row.action} by ${row.actorName ?? 'anonymous'} at ${row.at.toISOString()} (${row.method} ${row.path}, ${row.status})`;
    const why = error ? `: ${(error as Error)?.message ?? error}` : '';
    if (reason !== 'queue_full') {
      this.log.error(`${what} not written (${reason})${why}`);
    } else if (!this.overflowing) {
      // One line per episode: while the queue stays full every further entry would say the same.
      this.overflowing = true;
      this.log.error(`${what} not written: ${AUDIT_RETRY.capacity} entries already wait to be written again; entries are dropped until they are (gateway_audit_entries_dropped_total{reason="queue_full"})`);
    }
  }

  /**
   * A refused or failed request of a signed-in caller (any status from 400 but 429, reads
   * included), from the error filter: whatever refused it, the guard, validation, a handler, or
   * a check before routing. Anonymous refusals are not kept (anyone could flood the log with
   * them), nor rate-limit refusals (counted in gateway_http_refusals_total instead).
   */
  async recordRefusal(request: AuthenticatedRequest, status: number, messages: string[], options: { wait?: boolean } = {}): Promise<void> {
    if (!request.principal || status === 429) return;
    const details = { ...auditDetailsOf(request), error: messages.slice(0, 20) };
    await this.record(
      {
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
      },
      options,
    );
  }

  query(q: AuditQuery): Promise<AuditRecord[]> {
    return this.entries.search(q);
  }
}
