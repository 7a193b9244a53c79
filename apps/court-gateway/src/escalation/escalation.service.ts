import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Alert, TimelineEntry, TimelineKind } from '../alerts/alert.entity';
import { UNACKNOWLEDGED_STATES } from '../alerts/alert-lifecycle';
import { CourtGatewayEnv } from '../config/court-gateway.env';
import { AlertEventsBus } from '../notifications/alert-events.bus';
import { NotificationsService } from '../notifications/notifications.service';
import { RosterService } from '../roster/roster.service';
import { Seizure } from '../seizures/seizure.entity';
import { SlaPolicy } from '../sla/sla-policy';

const BATCH = 20;
const MINUTE = 60_000;

/**
 * Escalation chains and SLA watch. Every method takes `now` from the caller (the scheduler reads
 * the Clock) and is safe to run on several instances at once: due alerts are claimed with
 * FOR UPDATE SKIP LOCKED, and each (alert, level) escalation and (alert, target) breach or
 * warning is a unique row inserted in the same transaction, so it happens exactly once.
 */
@Injectable()
export class EscalationService {
  private readonly log = new Logger(EscalationService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(CourtGatewayEnv) private readonly env: CourtGatewayEnv,
    private readonly roster: RosterService,
    private readonly notifications: NotificationsService,
    private readonly bus: AlertEventsBus,
    private readonly sla: SlaPolicy,
  ) {}

  /**
   * Level 1 at the acknowledgement deadline (the team lead), then one level every
   * ESCALATION_REPEAT_MINUTES (the command center's duty director) up to ESCALATION_MAX_LEVEL.
   * Silenced alerts wait until their silence ends. Returns the number of escalations made.
   */
  async runDueEscalations(now: Date): Promise<number> {
    let total = 0;
    for (;;) {
      const made = await this.dataSource.transaction((manager) => this.escalateBatch(manager, now));
      total += made.claimed === 0 ? 0 : made.escalated;
      if (made.claimed < BATCH) break;
    }
    if (total > 0) this.notifications.kick();
    return total;
  }

  private async escalateBatch(manager: EntityManager, now: Date): Promise<{ claimed: number; escalated: number }> {
    const due: { id: string }[] = await manager.query(
      `SELECT id FROM court.alerts
        WHERE next_escalation_at <= $1 AND state = ANY($2) AND (silenced_until IS NULL OR silenced_until <= $1)
        ORDER BY next_escalation_at LIMIT ${BATCH} FOR UPDATE SKIP LOCKED`,
      [now, UNACKNOWLEDGED_STATES],
    );
    let escalated = 0;
    for (const { id } of due) {
      const alert = await manager.getRepository(Alert).findOneByOrFail({ id });
      const level = alert.escalationLevel + 1;
      const targets = await this.roster.escalationTargets(manager, alert.teamId, level, now, alert.assigneeId);
      const officers = targets.officers;
      const claimed: unknown[] = await manager.query(
        `INSERT INTO court.alert_escalations (alert_id, level, escalated_at, target_role, officer_ids) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT DO NOTHING RETURNING level`,
        [alert.id, level, now, targets.role, officers.map((o) => o.id)],
      );
      alert.escalationLevel = level;
      alert.nextEscalationAt = level < this.env.ESCALATION_MAX_LEVEL ? new Date(alert.ackDueAt.getTime() + level * this.env.ESCALATION_REPEAT_MINUTES * MINUTE) : null;
      alert.updatedAt = now;
      await manager.getRepository(Alert).save(alert);
      if (claimed.length === 0) continue; // already made (cannot happen under the row lock; kept as the last guard)
      await manager.getRepository(TimelineEntry).insert({
        alertId: alert.id, at: now, kind: TimelineKind.Escalated, actor: 'system',
        details: { level, role: targets.role, officers: officers.map((o) => ({ id: o.id, name: o.name, badge: o.badge })), unacknowledgedSeconds: SlaPolicy.seconds(alert.openedAt, now) } as never,
      });
      const seizure = await manager.getRepository(Seizure).findOneByOrFail({ id: alert.seizureId });
      await this.notifications.page(manager, alert, seizure.plate, officers, `escalation level ${level}: not acknowledged`, now);
      await this.bus.announce(manager, alert.id);
      this.log.warn(`alert ${alert.id} escalated to level ${level} (${targets.role})`);
      escalated += 1;
    }
    return { claimed: due.length, escalated };
  }

  /**
   * Records each target as at risk (at SLA_AT_RISK_SHARE of its time) and as breached (past its
   * deadline and not met) once, with a timeline entry the desk sees on the stream.
   */
  async runSlaChecks(now: Date): Promise<{ atRisk: number; breached: number }> {
    return this.dataSource.transaction(async (manager) => {
      const open = `state NOT IN ('resolved', 'cancelled')`;
      const targets = [
        { target: 'ack', due: 'ack_due_at', met: 'acknowledged_at' },
        { target: 'on_scene', due: 'on_scene_due_at', met: 'on_scene_at' },
        { target: 'resolve', due: 'resolve_due_at', met: 'resolved_at' },
      ];
      let atRisk = 0;
      let breached = 0;
      for (const t of targets) {
        const risks: { alert_id: string; at_risk_at: Date }[] = await manager.query(
          `INSERT INTO court.sla_warnings (alert_id, target, at_risk_at, recorded_at)
           SELECT id, $2, opened_at + (${t.due} - opened_at) * $3::float8, $1 FROM court.alerts
            WHERE ${open} AND ${t.met} IS NULL AND opened_at + (${t.due} - opened_at) * $3::float8 <= $1 AND ${t.due} > $1
           ON CONFLICT DO NOTHING RETURNING alert_id, at_risk_at`,
          [now, t.target, this.env.SLA_AT_RISK_SHARE],
        );
        for (const r of risks) await this.note(manager, r.alert_id, now, TimelineKind.SlaAtRisk, { target: t.target, atRiskAt: r.at_risk_at });
        const breaches: { alert_id: string; due_at: Date; late_seconds: number }[] = await manager.query(
          `INSERT INTO court.sla_breaches (alert_id, target, due_at, recorded_at, late_seconds)
           SELECT id, $2, ${t.due}, $1, floor(extract(epoch FROM $1 - ${t.due}))::int FROM court.alerts
            WHERE ${open} AND ${t.met} IS NULL AND ${t.due} < $1
           ON CONFLICT DO NOTHING RETURNING alert_id, due_at, late_seconds`,
          [now, t.target],
        );
        for (const b of breaches) await this.note(manager, b.alert_id, now, TimelineKind.SlaBreached, { target: t.target, dueAt: b.due_at, lateSeconds: b.late_seconds });
        atRisk += risks.length;
        breached += breaches.length;
      }
      return { atRisk, breached };
    });
  }

  private async note(manager: EntityManager, alertId: string, at: Date, kind: TimelineKind, details: Record<string, unknown>): Promise<void> {
    await manager.getRepository(TimelineEntry).insert({ alertId, at, kind, actor: 'system', details: details as never });
    await this.bus.announce(manager, alertId);
  }
}
