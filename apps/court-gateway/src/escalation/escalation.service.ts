import { Inject, Injectable, Logger } from '@nestjs/common';
import { Transactions } from '@app/platform';
import { AlertRepository } from '../alerts/alert.repository';
import { CourtGatewayEnv } from '../config/court-gateway.env';
import { NotificationsService } from '../notifications/notifications.service';
import { RosterService } from '../roster/roster.service';
import { SeizureRepository } from '../seizures/seizure.repository';
import { SlaPolicy } from '../sla/sla-policy';

const BATCH = 20;

/**
 * Escalation chains and SLA watch. Every method takes `now` from the caller (the scheduler reads
 * the Clock) and is safe to run on several instances at once: due alerts are locked with
 * FOR UPDATE (waiting: skipping a row some other work holds would postpone its escalation or
 * breach by a tick), and each (alert, level) escalation and (alert, target) breach or
 * warning is a unique row inserted in the same transaction, so it happens exactly once. What
 * changes on the alert, the Alert domain object decides.
 */
@Injectable()
export class EscalationService {
  private readonly log = new Logger(EscalationService.name);

  constructor(
    @Inject(CourtGatewayEnv) private readonly env: CourtGatewayEnv,
    private readonly tx: Transactions,
    private readonly alerts: AlertRepository,
    private readonly seizures: SeizureRepository,
    private readonly roster: RosterService,
    private readonly notifications: NotificationsService,
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
      const made = await this.tx.run(() => this.escalateBatch(now));
      total += made.escalated;
      if (made.claimed < BATCH) break;
    }
    if (total > 0) this.notifications.kick();
    return total;
  }

  private async escalateBatch(now: Date): Promise<{ claimed: number; escalated: number }> {
    const due = await this.alerts.claimDueEscalations(now, BATCH);
    const rule = { repeatMinutes: this.env.ESCALATION_REPEAT_MINUTES, maxLevel: this.env.ESCALATION_MAX_LEVEL };
    let escalated = 0;
    for (const alert of due) {
      const level = alert.escalationLevel + 1;
      const targets = await this.roster.escalationTargets(alert.teamId, level, now, alert.assigneeId);
      // The unique row is the last guard against a level made twice (cannot happen under the row lock).
      const claimed = await this.alerts.recordEscalation(alert.id, level, now, targets.role, targets.officers.map((o) => o.id));
      alert.escalate({ role: targets.role, officers: targets.officers }, rule, now);
      if (claimed) {
        const seizure = (await this.seizures.findById(alert.seizureId))!;
        await this.notifications.page({ alert, plate: seizure.plate, officers: targets.officers, reason: `escalation level ${level}: not acknowledged` }, now);
        this.log.warn(`alert ${alert.id} escalated to level ${level} (${targets.role})`);
        escalated += 1;
      } else {
        alert.takeTimeline(); // nothing new happened: only the schedule moves on
      }
      await this.alerts.save(alert, now);
    }
    return { claimed: due.length, escalated };
  }

  /**
   * Records each target as at risk (at SLA_AT_RISK_SHARE of its time) and as breached (past its
   * deadline and not met) once, with a timeline entry the desk sees on the stream.
   */
  async runSlaChecks(now: Date): Promise<{ atRisk: number; breached: number }> {
    let atRisk = 0;
    let breached = 0;
    for (;;) {
      const pass = await this.tx.run(async () => {
        const due = await this.alerts.claimDueSlaNotices(now, this.sla.atRiskShare, BATCH);
        let recorded = 0;
        for (const alert of due) {
          const fresh = await this.alerts.recordSlaNotices(alert.id, alert.slaNotices(now, this.sla.atRiskShare), now);
          recorded += fresh.length;
          for (const notice of fresh) {
            alert.noteSla(notice, now);
            if (notice.kind === 'at_risk') atRisk++;
            else breached++;
          }
          await this.alerts.save(alert, now);
        }
        return { claimed: due.length, recorded };
      });
      // A full pass that recorded nothing would claim the same alerts again.
      if (pass.claimed < BATCH || pass.recorded === 0) break;
    }
    return { atRisk, breached };
  }
}
