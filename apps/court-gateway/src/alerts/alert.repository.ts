import { Injectable } from '@nestjs/common';
import { Transactions } from '@app/platform';
import { Brackets, EntityMetadata, In, Not } from 'typeorm';
import { COURT_SCHEMA } from '../config/court-gateway.env';
import { AlertEventsBus } from './alert-events.bus';
import { EscalationRecord, SlaBreachRecord, SlaWarningRecord, TimelineEntry } from './alert.entity';
import { Alert, SlaNotice } from './domain/alert';
import { AlertState, CLOSED_STATES, UNACKNOWLEDGED_STATES } from './domain/alert-lifecycle';
import { SLA_TARGET_FIELDS, SLA_TARGETS, SlaTarget } from './domain/sla';

/** The array type each column travels in when many rows are written in one statement. */
const ARRAY_TYPE: Record<string, string> = { uuid: 'uuid[]', text: 'text[]', int: 'int[]', timestamptz: 'timestamptz[]', jsonb: 'text[]' };

export interface AlertFilter {
  state?: AlertState;
  open?: boolean;
  teamId?: string;
  limit: number;
}

/**
 * Alerts and their history (timeline, SLA breaches and warnings, escalation levels): all the SQL
 * over them. Reads and writes run in the transaction of the request or message
 * ({@link Transactions}); `save` and `insert` store what the Alert domain object changed and
 * appended, settle its SLA breaches and tell every instance's desk stream, in that transaction.
 */
@Injectable()
export class AlertRepository {
  constructor(
    private readonly tx: Transactions,
    private readonly bus: AlertEventsBus,
  ) {}

  private get alerts() {
    return this.tx.manager.getRepository(Alert);
  }

  private get metadata(): EntityMetadata {
    return this.tx.manager.connection.getMetadata(Alert);
  }

  findById(id: string): Promise<Alert | null> {
    return this.alerts.findOne({ where: { id } });
  }

  findByIds(ids: string[]): Promise<Alert[]> {
    return ids.length ? this.alerts.findBy({ id: In(ids) }) : Promise.resolve([]);
  }

  /** The alert, locked until the transaction ends: actions on one alert are serialized. */
  lockById(id: string): Promise<Alert | null> {
    return this.alerts.findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  /** The open alerts of these seals (at most one each), locked. */
  lockOpenForSeizures(seizureIds: string[]): Promise<Alert[]> {
    if (seizureIds.length === 0) return Promise.resolve([]);
    return this.alerts.find({ where: { seizureId: In(seizureIds), state: Not(In(CLOSED_STATES)) }, lock: { mode: 'pessimistic_write' } });
  }

  list(filter: AlertFilter): Promise<Alert[]> {
    const where: Record<string, unknown> = filter.state ? { state: filter.state } : filter.open ? { state: Not(In(CLOSED_STATES)) } : {};
    if (filter.teamId) where.teamId = filter.teamId;
    return this.alerts.find({ where, order: { openedAt: 'DESC' }, take: filter.limit });
  }

  timelineOf(alertId: string): Promise<TimelineEntry[]> {
    return this.tx.manager.getRepository(TimelineEntry).find({ where: { alertId }, order: { id: 'ASC' } });
  }

  /**
   * Unacknowledged, unsilenced alerts whose next escalation is due, locked for this instance.
   * FOR UPDATE waits rather than skipping: a row can be held briefly by any other work on the
   * alert (a page's delivery marking it notified, a hit folding in), and a skipped alert would
   * escalate a scheduler tick late. Another instance running the same job waits for ours and
   * then finds the row no longer due (PostgreSQL re-checks the condition on the new row).
   */
  async claimDueEscalations(now: Date, limit: number): Promise<Alert[]> {
    return this.alerts
      .createQueryBuilder('a')
      .where('a.nextEscalationAt <= :now AND a.state IN (:...states)', { now, states: UNACKNOWLEDGED_STATES })
      .andWhere(new Brackets((q) => q.where('a.silencedUntil IS NULL').orWhere('a.silencedUntil <= :now', { now })))
      .orderBy('a.nextEscalationAt')
      .limit(limit)
      .setLock('pessimistic_write')
      .getMany();
  }

  /**
   * Open alerts with an unmet target that is past its deadline, or past `share` of its time, and
   * not yet recorded as such: the SLA watch's work, locked like escalations (waiting, never
   * skipping: a skipped alert's warning or breach would be recorded a tick late). Each notice is
   * a unique row, so an instance that waited for another records nothing twice.
   */
  async claimDueSlaNotices(now: Date, share: number, limit: number): Promise<Alert[]> {
    const q = this.alerts.createQueryBuilder('a').where('a.state NOT IN (:...closed)', { closed: CLOSED_STATES });
    q.andWhere(
      new Brackets((any) => {
        for (const target of SLA_TARGETS) {
          const f = SLA_TARGET_FIELDS[target];
          const [met, due] = [`a.${f.met}`, `a.${f.due}`];
          any.orWhere(
            new Brackets((one) =>
              one
                .where(`${met} IS NULL`)
                .andWhere(
                  new Brackets((when) =>
                    when
                      .where(`${due} < :now AND NOT EXISTS (SELECT 1 FROM ${COURT_SCHEMA}.sla_breaches b WHERE b.alert_id = a.id AND b.target = '${target}')`)
                      .orWhere(
                        `a.openedAt + (${due} - a.openedAt) * :share <= :now AND ${due} > :now AND NOT EXISTS (SELECT 1 FROM ${COURT_SCHEMA}.sla_warnings w WHERE w.alert_id = a.id AND w.target = '${target}')`,
                      ),
                  ),
                ),
            ),
          );
        }
      }),
    );
    return q.setParameters({ now, share }).orderBy('a.openedAt').limit(limit).setLock('pessimistic_write').getMany();
  }

  /** Stores notices of the SLA watch once each; returns the ones stored now (the others were already). */
  async recordSlaNotices(alertId: string, notices: SlaNotice[], now: Date): Promise<SlaNotice[]> {
    const fresh: SlaNotice[] = [];
    for (const n of notices) {
      const inserted =
        n.kind === 'at_risk'
          ? await this.tx.manager.createQueryBuilder().insert().into(SlaWarningRecord).values({ alertId, target: n.target, atRiskAt: n.at, recordedAt: now }).orIgnore().returning('alert_id').execute()
          : await this.tx.manager
              .createQueryBuilder()
              .insert()
              .into(SlaBreachRecord)
              .values({ alertId, target: n.target, dueAt: n.at, recordedAt: now, lateSeconds: n.lateSeconds! })
              .orIgnore()
              .returning('alert_id')
              .execute();
      if (inserted.raw.length > 0) fresh.push(n);
    }
    return fresh;
  }

  /** Claims escalation `level` of the alert; false when it was made already. */
  async recordEscalation(alertId: string, level: number, now: Date, role: string, officerIds: string[]): Promise<boolean> {
    const inserted = await this.tx.manager
      .createQueryBuilder()
      .insert()
      .into(EscalationRecord)
      .values({ alertId, level, escalatedAt: now, targetRole: role, officerIds })
      .orIgnore()
      .returning('level')
      .execute();
    return inserted.raw.length > 0;
  }

  /** Stores new alerts with their first timeline entries. */
  async insert(alerts: Alert[], now: Date): Promise<void> {
    if (alerts.length === 0) return;
    const { columns, arrays, types } = this.columnArrays(alerts);
    await this.tx.manager.query(
      `INSERT INTO ${COURT_SCHEMA}.alerts (${columns.join(', ')}) SELECT ${columns.map((c, i) => cast(`v.${c}`, types[i])).join(', ')}
         FROM unnest(${arrays.map((_, i) => `$${i + 1}::${ARRAY_TYPE[types[i]]}`).join(', ')}) AS v(${columns.join(', ')})`,
      arrays,
    );
    await this.afterWrite(alerts, now);
  }

  /** Stores what changed on loaded alerts (one statement for all of them), their new timeline entries and breaches. */
  async save(alerts: Alert | Alert[], now: Date): Promise<void> {
    const list = Array.isArray(alerts) ? alerts : [alerts];
    if (list.length === 0) return;
    const { columns, arrays, types } = this.columnArrays(list);
    const set = columns.slice(1).map((c, i) => `${c} = ${cast(`v.${c}`, types[i + 1])}`);
    await this.tx.manager.query(
      `UPDATE ${COURT_SCHEMA}.alerts AS a SET ${set.join(', ')}
         FROM unnest(${arrays.map((_, i) => `$${i + 1}::${ARRAY_TYPE[types[i]]}`).join(', ')}) AS v(${columns.join(', ')})
        WHERE a.id = v.id`,
      arrays,
    );
    await this.afterWrite(list, now);
  }

  /**
   * Breach figures, timeline entries in the order the domain recorded them, one announcement. A
   * breach first stored here (a target met late, or left unmet by the close, before any SLA pass
   * saw it) also goes into the timeline, as the SLA pass would have put it.
   */
  private async afterWrite(alerts: Alert[], now: Date): Promise<void> {
    const breaches = alerts.flatMap((a) => a.takeSettledBreaches(now).map((b) => ({ alert: a, ...b })));
    if (breaches.length) {
      const stored: { alert_id: string; target: SlaTarget; inserted: boolean }[] = await this.tx.manager.query(
        `INSERT INTO ${COURT_SCHEMA}.sla_breaches (alert_id, target, due_at, recorded_at, late_seconds)
         SELECT v.alert_id, v.target, v.due_at, $4, v.late_seconds FROM unnest($1::uuid[], $2::text[], $3::timestamptz[], $5::int[]) AS v(alert_id, target, due_at, late_seconds)
         ON CONFLICT (alert_id, target) DO UPDATE SET late_seconds = EXCLUDED.late_seconds
         RETURNING alert_id, target, (xmax = 0) AS inserted`,
        [breaches.map((b) => b.alert.id), breaches.map((b) => b.target), breaches.map((b) => b.dueAt), now, breaches.map((b) => b.lateSeconds)],
      );
      for (const row of stored.filter((r) => r.inserted)) {
        const breach = breaches.find((b) => b.alert.id === row.alert_id && b.target === row.target)!;
        breach.alert.noteSla({ target: breach.target, kind: 'breached', at: breach.dueAt, lateSeconds: breach.lateSeconds }, now);
      }
    }
    const entries = alerts.flatMap((a) => a.takeTimeline().map((t) => ({ alertId: a.id, ...t })));
    if (entries.length) {
      await this.tx.manager.query(
        `INSERT INTO ${COURT_SCHEMA}.alert_timeline (alert_id, at, kind, actor, details)
         SELECT v.alert_id, v.at, v.kind, v.actor, v.details::jsonb
           FROM unnest($1::uuid[], $2::timestamptz[], $3::text[], $4::text[], $5::text[]) WITH ORDINALITY AS v(alert_id, at, kind, actor, details, n)
          ORDER BY v.n`,
        [entries.map((e) => e.alertId), entries.map((e) => e.at), entries.map((e) => e.kind), entries.map((e) => e.actor), entries.map((e) => JSON.stringify(e.details))],
      );
    }
    await this.bus.announce(alerts.map((a) => a.id));
  }

  /** Column names (id first), one array of values per column, and each column's type, from the entity mapping. */
  private columnArrays(alerts: Alert[]): { columns: string[]; arrays: unknown[][]; types: string[] } {
    const cols = this.metadata.columns;
    const ordered = [...cols.filter((c) => c.isPrimary), ...cols.filter((c) => !c.isPrimary)];
    const types = ordered.map((c) => String(c.type));
    for (const t of types) if (!ARRAY_TYPE[t]) throw new Error(`alerts column type ${t} has no array mapping`);
    const arrays = ordered.map((c) =>
      alerts.map((a) => {
        const value = (a as unknown as Record<string, unknown>)[c.propertyName];
        return c.type === 'jsonb' ? (value === null || value === undefined ? null : JSON.stringify(value)) : (value ?? null);
      }),
    );
    return { columns: ordered.map((c) => c.databaseName), arrays, types };
  }
}

function cast(expression: string, type: string): string {
  return type === 'jsonb' ? `${expression}::jsonb` : expression;
}
