import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { createEnvelope, DomainError, ErrorCode, EventEnvelope, EventType, InterceptionOutcomePayload, ReasonPart } from '@app/contracts';
import { Clock, EventInbox, EventOutbox, PermanentEventError, Principal, Transactions } from '@app/platform';
import { randomUUID } from 'node:crypto';
import { COURT_PRODUCER } from '../config/court-gateway.env';
import { NotificationsService } from '../notifications/notifications.service';
import { CourtLatencyMetrics } from '../metrics/court.metrics';
import { COMMAND_CENTER_TEAM_ID, RosterService } from '../roster/roster.service';
import { SealEndedHooks } from '../seizures/seal-ended.hooks';
import { SeizureRepository } from '../seizures/seizure.repository';
import { SeizureStatus } from '../seizures/seizure.entity';
import { AlertCallers } from './alert-callers';
import { AlertQueriesService } from './alert-queries.service';
import { AlertDetailView, CreateSilenceDto, SilenceView } from './alert.dto';
import { AlertRepository } from './alert.repository';
import { ActorRef, Alert } from './domain/alert';
import { AlertAction, AlertOutcome, RejectionReason } from './domain/alert-lifecycle';
import { AlertCaller, assertMayAct } from './domain/alert-permissions';
import { InterceptionRepository } from './interception.repository';
import { SilenceRepository } from './silence.repository';

const OUTCOMES_CONSUMER = 'interception-outcomes';

export interface ActionInput {
  /** The acting officer, where the caller may name one (the desk, systems). */
  officerId?: string;
  note?: string;
  reason?: RejectionReason;
  outcome?: AlertOutcome;
  contactPhone?: string;
}

/**
 * What people and the traffic police do to alerts: the lifecycle actions, silences, interception
 * requests and their outcomes, and the cancellations and "notified" that follow from other
 * modules' events. Each runs in one transaction; the Alert domain object decides and records,
 * this service loads, authorizes and stores.
 */
@Injectable()
export class AlertActionsService implements OnModuleInit {
  private readonly log = new Logger(AlertActionsService.name);

  constructor(
    private readonly tx: Transactions,
    private readonly alerts: AlertRepository,
    private readonly interceptions: InterceptionRepository,
    private readonly silences: SilenceRepository,
    private readonly seizures: SeizureRepository,
    private readonly roster: RosterService,
    private readonly callers: AlertCallers,
    private readonly queries: AlertQueriesService,
    private readonly notifications: NotificationsService,
    private readonly sealEnded: SealEndedHooks,
    private readonly outbox: EventOutbox,
    private readonly inbox: EventInbox,
    private readonly clock: Clock,
    private readonly latency: CourtLatencyMetrics,
  ) {}

  onModuleInit(): void {
    this.sealEnded.register((seizureId, reason) => this.cancelOpenForSeizure(seizureId, reason));
    this.notifications.onDelivered((delivery, now) => this.markNotified(delivery.alertId, delivery, now));
  }

  /** Any lifecycle action: 404, then who may act (403), then the lifecycle (409); SLA figures, timeline and stream follow. */
  async act(id: string, action: AlertAction, input: ActionInput, by?: Principal): Promise<AlertDetailView> {
    await this.tx.run(async () => {
      const alert = await this.alerts.lockById(id);
      if (!alert) throw new DomainError(ErrorCode.AlertNotFound, { params: { id } });
      const caller = await this.callers.of(by, input.officerId);
      assertMayAct(alert, caller);
      const actor = this.actorOf(caller, alert, by);
      const now = this.clock.now();
      alert.assertCan(action);
      if (action === AlertAction.RequestInterception) {
        alert.perform(action, actor, { note: input.note, interception: await this.requestInterception(alert, actor, input, now) }, now);
      } else {
        alert.perform(action, actor, input, now);
      }
      await this.alerts.save(alert, now);
      if (action === AlertAction.Acknowledge && alert.ackSeconds !== null) this.tx.afterCommit(() => this.latency.acknowledged(alert.priority, alert.ackSeconds!));
    });
    return this.queries.get(id, await this.callers.of(by));
  }

  /** Kept for callers of the foundation slice. */
  acknowledge(id: string, officerId: string | undefined, note: string | undefined): Promise<AlertDetailView> {
    return this.act(id, AlertAction.Acknowledge, { officerId, note });
  }

  /** A seal ended (released, lapsed): its open alert is cancelled, in the transaction that ended it. */
  async cancelOpenForSeizure(seizureId: string, reason: ReasonPart): Promise<void> {
    await this.tx.run(async () => {
      const now = this.clock.now();
      const open = await this.alerts.lockOpenForSeizures([seizureId]);
      for (const alert of open) alert.cancel(reason, now);
      await this.alerts.save(open, now);
    });
  }

  /** The first page that reached someone moves an open alert to notified. */
  async markNotified(alertId: string, delivery: { channel: string; recipient: string }, now: Date): Promise<void> {
    await this.tx.run(async () => {
      const alert = await this.alerts.lockById(alertId);
      if (alert?.markNotified(delivery, now)) await this.alerts.save(alert, now);
    });
  }

  /**
   * The desk pauses paging for one seal; hits still land in the timeline. The confinement of the
   * alert actions applies: a team-bound caller silences only a seal of their own team (its open
   * alert's team, else its tribunal's) and only as the roster officer they are.
   */
  async silence(seizureId: string, dto: CreateSilenceDto, by?: Principal): Promise<SilenceView> {
    const silence = await this.tx.run(async () => {
      const seizure = await this.seizures.lockById(seizureId);
      if (!seizure) throw new DomainError(ErrorCode.SeizureNotFound, { params: { id: seizureId } });
      if (seizure.status !== SeizureStatus.Active) throw new DomainError(ErrorCode.SeizureNotActiveForSilence, { params: { id: seizureId, status: seizure.status } });
      const caller = await this.callers.of(by, dto.officerId);
      if (caller.confinedTeam) {
        const [openAlert] = await this.alerts.lockOpenForSeizures([seizureId]);
        const sealTeam = openAlert?.teamId ?? (seizure.tribunal ? await this.roster.tribunalTeamId(seizure.tribunal) : null) ?? COMMAND_CENTER_TEAM_ID;
        if (sealTeam !== caller.confinedTeam) throw new DomainError(ErrorCode.TeamConfinedSilence, { params: { caller: caller.name, team: caller.confinedTeam, otherTeam: sealTeam } });
      }
      const acting = caller.actingAs;
      if (acting.kind === 'unlinked') throw new DomainError(ErrorCode.NotLinkedToOfficer, { params: { caller: caller.name } });
      if (acting.kind === 'impersonating') throw new DomainError(ErrorCode.ActsAsOwnOfficer, { field: 'officerId', params: { caller: caller.name, officerId: acting.officerId } });
      if (acting.kind === 'unknown') throw new DomainError(ErrorCode.OfficerNotFound, { field: 'officerId', params: { id: acting.officerId } });
      const createdBy = acting.kind === 'officer' ? `officer:${acting.officer.id}` : 'desk';
      const now = this.clock.now();
      const silence = { id: randomUUID(), seizureId, startsAt: now, endsAt: new Date(now.getTime() + dto.minutes * 60_000), reason: dto.reason, createdBy };
      await this.silences.insert(silence);
      const open = await this.alerts.lockOpenForSeizures([seizureId]);
      for (const alert of open) alert.silence(silence, createdBy, now);
      await this.alerts.save(open, now);
      return silence;
    });
    return { id: silence.id, seizureId, startsAt: silence.startsAt.toISOString(), endsAt: silence.endsAt.toISOString(), reason: silence.reason, createdBy: silence.createdBy };
  }

  /** The traffic police's answer lands in the alert's timeline, once per event. */
  async recordInterceptionOutcome(event: EventEnvelope<InterceptionOutcomePayload>): Promise<void> {
    const outcome = event.payload;
    await this.tx.run(async () => {
      if (!(await this.inbox.claim(OUTCOMES_CONSUMER, event.eventId))) return;
      const interception = await this.interceptions.lockById(outcome.interceptionId);
      if (!interception || interception.alertId !== outcome.alertId) {
        throw new PermanentEventError(new DomainError(ErrorCode.InterceptionUnknown, { params: { interceptionId: outcome.interceptionId, alertId: outcome.alertId } }).message);
      }
      const now = this.clock.now();
      interception.result = outcome.result;
      interception.reportedAt = new Date(outcome.reportedAt);
      interception.reportedBy = outcome.reportedBy ?? null;
      await this.interceptions.save(interception);
      const alert = await this.alerts.lockById(interception.alertId);
      if (!alert) return;
      alert.noteInterceptionOutcome(
        {
          interceptionId: interception.id, result: outcome.result, reportedAt: outcome.reportedAt, reportedBy: outcome.reportedBy ?? null,
          note: outcome.note ?? null, location: outcome.location ?? null,
        },
        now,
      );
      await this.alerts.save(alert, now);
      // The officer on the way learns at once whether the traffic police stopped the car.
      const assignee = alert.closedAt || !alert.assigneeId ? null : await this.roster.officerById(alert.assigneeId);
      if (assignee) {
        const seizure = (await this.seizures.findById(alert.seizureId))!;
        await this.notifications.page(
          {
            alert: { id: alert.id, priority: alert.priority, teamId: alert.teamId, lastCameraId: alert.lastCameraId, openedAt: alert.openedAt },
            plate: seizure.plate,
            officers: [assignee],
            reason: `interception outcome: ${outcome.result}`,
          },
          now,
        );
        this.tx.afterCommit(() => this.notifications.kick());
      }
    });
  }

  private actorOf(caller: AlertCaller, alert: Alert, by: Principal | undefined): ActorRef {
    switch (caller.actingAs.kind) {
      case 'officer':
        return { label: `officer:${caller.actingAs.officer.id}`, officerId: caller.actingAs.officer.id };
      case 'assignee':
        return alert.assigneeId ? { label: `officer:${alert.assigneeId}`, officerId: alert.assigneeId } : { label: 'desk', officerId: null };
      default:
        return { label: by?.kind === 'user' ? `user:${by.name}` : 'desk', officerId: null };
    }
  }

  /** Stores the 拦停 request and its InterceptionRequested event (outbox), keyed so one alert's requests stay in order. */
  private async requestInterception(alert: Alert, actor: ActorRef, input: ActionInput, now: Date): Promise<{ id: string; contactPhone: string | null }> {
    const seizure = (await this.seizures.findById(alert.seizureId))!;
    const officer = actor.officerId ? await this.roster.officerById(actor.officerId) : null;
    const requestedBy = officer ? `${officer.name} (${officer.badge})` : 'dispatch desk';
    const interception = {
      id: randomUUID(), alertId: alert.id, requestedAt: now, requestedBy, contactPhone: input.contactPhone ?? officer?.phone ?? null, note: input.note ?? null,
      result: null, reportedAt: null, reportedBy: null,
    };
    await this.interceptions.insert(interception);
    const event = createEnvelope(
      EventType.InterceptionRequested,
      {
        interceptionId: interception.id,
        alertId: alert.id,
        seizureId: seizure.id,
        plate: seizure.plate,
        caseNumber: seizure.caseNumber,
        lastCameraId: alert.lastCameraId,
        lastLocation: alert.lastLocation ?? undefined,
        lastSeenAt: alert.lastSeenAt.toISOString(),
        requestedBy,
        contactPhone: interception.contactPhone ?? undefined,
        note: input.note,
      },
      { producer: COURT_PRODUCER, occurredAt: now, correlationId: alert.id },
    );
    await this.outbox.append(event);
    return { id: interception.id, contactPhone: interception.contactPhone };
  }
}
