import { ConflictException, ForbiddenException, Injectable, Logger, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createEnvelope, EventEnvelope, EventType, HitSource, InterceptionOutcomePayload, maskPlate, MatchKind, VehicleSightedPayload } from '@app/contracts';
import { appendToOutbox, claimInboxEvent, Clock, confinedTeam, hasAnyRole, OutboxRelay, PermanentEventError, Principal, Role } from '@app/platform';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager, In, MoreThan, Not } from 'typeorm';
import { COURT_PRODUCER, COURT_SCHEMA } from '../config/court-gateway.env';
import { AlertEventsBus } from '../notifications/alert-events.bus';
import { NotificationsService } from '../notifications/notifications.service';
import { COMMAND_CENTER_TEAM_ID, RosterService } from '../roster/roster.service';
import { Officer, OfficerRole, Team } from '../roster/team.entity';
import { Seizure, SeizureStatus } from '../seizures/seizure.entity';
import { SlaPolicy, SlaTarget } from '../sla/sla-policy';
import { AlertDetailView, AlertView, CreateSilenceDto, SilenceView } from './alert.dto';
import { Alert, AlertNotification, CourtHit, Interception, Silence, TimelineEntry, TimelineKind } from './alert.entity';
import { AlertAction, AlertOutcome, AlertState, canPerform, CLOSED_STATES, RejectionReason, targetOf } from './alert-lifecycle';

const HITS_CONSUMER = 'hits';
const OUTCOMES_CONSUMER = 'interception-outcomes';
const SYSTEM = 'system';

interface Actor {
  /** For the timeline: `officer:<id>` or `desk`. */
  label: string;
  officer: Officer | null;
}

export interface ActionInput {
  officerId?: string;
  note?: string;
  reason?: RejectionReason;
  outcome?: AlertOutcome;
  contactPhone?: string;
}

@Injectable()
export class AlertsService {
  private readonly log = new Logger(AlertsService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly roster: RosterService,
    private readonly sla: SlaPolicy,
    private readonly clock: Clock,
    private readonly notifications: NotificationsService,
    private readonly bus: AlertEventsBus,
    private readonly outbox: OutboxRelay,
  ) {}

  /**
   * Turns a hit into work: opens an alert routed to the team and officer on duty, or folds the
   * hit into the seal's open alert. Runs once per event id, whatever the redelivery.
   */
  async recordHit(event: EventEnvelope<VehicleSightedPayload>): Promise<void> {
    const hit = event.payload;
    const outcome = await this.dataSource.transaction(async (manager) => {
      if (!(await claimInboxEvent(manager, COURT_SCHEMA, HITS_CONSUMER, event.eventId))) return 'duplicate';
      // Locking the seal serializes this hit with a concurrent release of the same seal.
      const seizure = await manager.getRepository(Seizure).findOne({ where: { id: hit.seizureId }, lock: { mode: 'pessimistic_write' } });
      if (!seizure) throw new PermanentEventError(`hit ${hit.hitId} names unknown seizure ${hit.seizureId}`);
      const now = this.clock.now();
      const observedAt = new Date(hit.observedAt);
      const hits = manager.getRepository(CourtHit);
      if (await hits.existsBy({ hitId: hit.hitId })) return 'duplicate';
      const location = hit.location ? { lat: hit.location.lat, lon: hit.location.lon, name: hit.location.name } : null;
      const record = hits.create({
        hitId: hit.hitId,
        alertId: null,
        seizureId: seizure.id,
        source: hit.source,
        readPlate: hit.readPlate,
        cameraId: hit.cameraId,
        observedAt,
        confidence: hit.confidence ?? null,
        location,
        imageUrl: hit.imageUrl ?? null,
        receivedAt: now,
        match: hit.match,
        score: hit.score ?? null,
        differences: hit.differences?.map((d) => ({ position: d.position, expected: d.expected, read: d.read })) ?? null,
        checkpointId: hit.checkpointId ?? null,
      });
      if (seizure.status !== SeizureStatus.Active) {
        await hits.save(record);
        return 'released';
      }

      const silence = await this.activeSilence(manager, seizure.id, now);
      const alerts = manager.getRepository(Alert);
      const open = await alerts.findOne({ where: { seizureId: seizure.id, state: Not(In(CLOSED_STATES)) }, lock: { mode: 'pessimistic_write' } });
      const details = {
        hitId: hit.hitId, cameraId: hit.cameraId, checkpointId: hit.checkpointId ?? null, observedAt: hit.observedAt, source: hit.source,
        match: hit.match, location, silenced: !!silence,
      };
      if (open) {
        open.hitCount += 1;
        if (observedAt > open.lastSeenAt) {
          open.lastSeenAt = observedAt;
          open.lastCameraId = hit.cameraId;
          open.lastLocation = location ?? open.lastLocation;
        }
        if (observedAt < open.firstSeenAt) open.firstSeenAt = observedAt;
        if (hit.match === MatchKind.Exact) open.match = MatchKind.Exact;
        open.silencedUntil = silence?.endsAt ?? null;
        open.updatedAt = now;
        await alerts.save(open);
        await hits.save({ ...record, alertId: open.id });
        // On scene, the officer is with the car: a new read updates the alert, nobody is paged again.
        const quiet = !!silence || open.state === AlertState.OnScene;
        await this.appendTimeline(manager, open.id, now, TimelineKind.Hit, SYSTEM, { ...details, paged: !quiet });
        if (!quiet) await this.notifications.page(manager, open, seizure.plate, await this.assigneeOf(manager, open), `new hit at ${hit.cameraId}`, now);
        await this.bus.announce(manager, open.id);
        return 'folded';
      }

      const checkpointId = hit.checkpointId ?? hit.cameraId;
      const assignment = await this.roster.route(manager, { tribunal: seizure.tribunal, checkpointId, location }, now);
      const priority = this.sla.priorityOf(seizure, hit.source);
      const deadlines = this.sla.deadlines(now, priority);
      const alert = await alerts.save(
        alerts.create({
          id: randomUUID(),
          seizureId: seizure.id,
          state: AlertState.Open,
          priority,
          teamId: assignment.team.id,
          assigneeId: assignment.officer?.id ?? null,
          routingReason: assignment.reason,
          hitCount: 1,
          firstSeenAt: observedAt,
          lastSeenAt: observedAt,
          lastCameraId: hit.cameraId,
          lastLocation: location,
          hitSource: hit.source,
          match: hit.match,
          openedAt: now,
          ...deadlines,
          acknowledgedAt: null,
          acknowledgedBy: null,
          ackSeconds: null,
          closedAt: null,
          verifiedAt: null,
          dispatchedAt: null,
          onSceneAt: null,
          resolvedAt: null,
          outcome: null,
          rejectionReason: null,
          onSceneSeconds: null,
          resolveSeconds: null,
          escalationLevel: 0,
          nextEscalationAt: deadlines.ackDueAt,
          silencedUntil: silence?.endsAt ?? null,
          updatedAt: now,
        }),
      );
      await hits.save({ ...record, alertId: alert.id });
      await this.appendTimeline(manager, alert.id, now, TimelineKind.Opened, SYSTEM, { correlationId: event.correlationId ?? null, priority });
      await this.appendTimeline(manager, alert.id, now, TimelineKind.Assigned, SYSTEM, {
        rule: assignment.rule,
        teamId: assignment.team.id,
        teamName: assignment.team.name,
        officerId: assignment.officer?.id ?? null,
        officerName: assignment.officer?.name ?? null,
        reason: assignment.reason,
      });
      await this.appendTimeline(manager, alert.id, now, TimelineKind.Hit, SYSTEM, { ...details, paged: !silence });
      if (silence) {
        await this.appendTimeline(manager, alert.id, now, TimelineKind.Silenced, SYSTEM, { silenceId: silence.id, until: silence.endsAt.toISOString(), reason: silence.reason });
      } else {
        await this.notifications.page(manager, alert, seizure.plate, assignment.officer ? [assignment.officer] : [], 'new alert', now);
      }
      await this.bus.announce(manager, alert.id);
      this.log.log(`alert ${alert.id} opened for ${maskPlate(seizure.plate)}: ${assignment.reason}`);
      return 'opened';
    });
    if (outcome === 'released') this.log.log(`hit ${hit.hitId} for released seizure ${hit.seizureId} kept without an alert`);
    if (outcome === 'opened' || outcome === 'folded') this.notifications.kick();
  }

  /** Any lifecycle action: authorization (403), transition (409), SLA figures, timeline, stream. */
  async act(id: string, action: AlertAction, input: ActionInput, by?: Principal): Promise<AlertDetailView> {
    const published = await this.dataSource.transaction(async (manager) => {
      const alert = await this.lockAlert(manager, id);
      const actor = await this.authorize(manager, alert, this.actingOfficer(alert, input.officerId, by), by);
      if (!canPerform(action, alert.state)) {
        throw new ConflictException(`alert ${alert.id} is ${alert.state}; it cannot ${action === AlertAction.RequestInterception ? 'request an interception' : `become ${targetOf(action)}`}`);
      }
      const now = this.clock.now();
      const note = input.note ?? null;
      let published = false;
      switch (action) {
        case AlertAction.Acknowledge:
          this.acknowledgeAt(alert, actor, now);
          await this.appendTimeline(manager, alert.id, now, TimelineKind.Acknowledged, actor.label, { ackSeconds: alert.ackSeconds, withinSla: now <= alert.ackDueAt, note });
          break;
        case AlertAction.Verify:
          alert.state = AlertState.Verified;
          alert.verifiedAt = now;
          await this.appendTimeline(manager, alert.id, now, TimelineKind.Verified, actor.label, { note });
          break;
        case AlertAction.Reject:
          if (!alert.acknowledgedAt) this.acknowledgeAt(alert, actor, now);
          this.resolveAt(alert, now, AlertOutcome.FalseHit);
          alert.rejectionReason = input.reason!;
          await this.appendTimeline(manager, alert.id, now, TimelineKind.Rejected, actor.label, { reason: input.reason, note, resolveSeconds: alert.resolveSeconds });
          break;
        case AlertAction.Dispatch:
          alert.state = AlertState.Dispatched;
          alert.dispatchedAt = now;
          await this.appendTimeline(manager, alert.id, now, TimelineKind.Dispatched, actor.label, { note });
          break;
        case AlertAction.OnScene:
          alert.state = AlertState.OnScene;
          alert.onSceneAt = now;
          alert.onSceneSeconds = SlaPolicy.seconds(alert.openedAt, now);
          await this.appendTimeline(manager, alert.id, now, TimelineKind.OnScene, actor.label, { onSceneSeconds: alert.onSceneSeconds, withinSla: now <= alert.onSceneDueAt, note });
          break;
        case AlertAction.Resolve:
          this.resolveAt(alert, now, input.outcome!);
          await this.appendTimeline(manager, alert.id, now, TimelineKind.Resolved, actor.label, { outcome: input.outcome, resolveSeconds: alert.resolveSeconds, withinSla: now <= alert.resolveDueAt, note });
          break;
        case AlertAction.RequestInterception:
          await this.requestInterception(manager, alert, actor, input, now);
          published = true;
          break;
      }
      alert.updatedAt = now;
      await manager.getRepository(Alert).save(alert);
      await this.settleBreaches(manager, alert, now);
      await this.bus.announce(manager, alert.id);
      return published;
    });
    if (published) this.outbox.kick();
    return this.get(id);
  }

  /** Kept for callers of the foundation slice. */
  acknowledge(id: string, officerId: string | undefined, note: string | undefined): Promise<AlertDetailView> {
    return this.act(id, AlertAction.Acknowledge, { officerId, note });
  }

  /** Called inside the release transaction: a released seal leaves no alert open. */
  async cancelOpenForSeizure(manager: EntityManager, seizureId: string, reason: string): Promise<void> {
    const alerts = manager.getRepository(Alert);
    const open = await alerts.find({ where: { seizureId, state: Not(In(CLOSED_STATES)) }, lock: { mode: 'pessimistic_write' } });
    const now = this.clock.now();
    for (const alert of open) {
      alert.state = AlertState.Cancelled;
      alert.closedAt = now;
      alert.nextEscalationAt = null;
      alert.updatedAt = now;
      await alerts.save(alert);
      await this.appendTimeline(manager, alert.id, now, TimelineKind.Cancelled, SYSTEM, { reason });
      await this.settleBreaches(manager, alert, now);
      await this.bus.announce(manager, alert.id);
    }
  }

  /**
   * The desk pauses paging for one seal; hits still land in the timeline. The same confinement
   * as alert actions: a team-bound caller (team lead) silences only a seal of their own team (its
   * open alert's team, else its tribunal) and only as their own roster officer.
   */
  async silence(seizureId: string, dto: CreateSilenceDto, by?: Principal): Promise<SilenceView> {
    const silence = await this.dataSource.transaction(async (manager) => {
      const seizure = await manager.getRepository(Seizure).findOne({ where: { id: seizureId }, lock: { mode: 'pessimistic_write' } });
      if (!seizure) throw new NotFoundException(`seizure ${seizureId} not found`);
      if (seizure.status !== SeizureStatus.Active) throw new ConflictException(`seizure ${seizureId} is ${seizure.status}; there is nothing to silence`);
      const team = by ? confinedTeam(by) : null;
      if (team !== null) {
        const openAlert = await manager.getRepository(Alert).findOne({ where: { seizureId, state: Not(In(CLOSED_STATES)) } });
        const tribunalTeam = seizure.tribunal ? await manager.getRepository(Team).findOne({ where: { name: seizure.tribunal } }) : null;
        const sealTeam = openAlert?.teamId ?? tribunalTeam?.id ?? COMMAND_CENTER_TEAM_ID;
        if (sealTeam !== team) throw new ForbiddenException(`${by!.name} belongs to team ${team} and may not silence team ${sealTeam}'s seal`);
      }
      const officerId = by?.kind === 'user' && team !== null ? this.ownOfficer(by, dto.officerId) : dto.officerId;
      let createdBy = 'desk';
      if (officerId) {
        const officer = await manager.getRepository(Officer).findOne({ where: { id: officerId } });
        if (!officer) throw new NotFoundException(`officer ${officerId} not found`);
        createdBy = `officer:${officer.id}`;
      }
      const now = this.clock.now();
      const silence = await manager.getRepository(Silence).save({
        id: randomUUID(), seizureId, startsAt: now, endsAt: new Date(now.getTime() + dto.minutes * 60_000), reason: dto.reason, createdBy,
      });
      const open = await manager.getRepository(Alert).findOne({ where: { seizureId, state: Not(In(CLOSED_STATES)) }, lock: { mode: 'pessimistic_write' } });
      if (open) {
        open.silencedUntil = silence.endsAt;
        open.updatedAt = now;
        await manager.getRepository(Alert).save(open);
        await this.appendTimeline(manager, open.id, now, TimelineKind.Silenced, createdBy, { silenceId: silence.id, until: silence.endsAt.toISOString(), reason: dto.reason });
        await this.bus.announce(manager, open.id);
      }
      return silence;
    });
    return { id: silence.id, seizureId, startsAt: silence.startsAt.toISOString(), endsAt: silence.endsAt.toISOString(), reason: silence.reason, createdBy: silence.createdBy };
  }

  /** The traffic police's answer lands in the alert's timeline, once per event. */
  async recordInterceptionOutcome(event: EventEnvelope<InterceptionOutcomePayload>): Promise<void> {
    const outcome = event.payload;
    await this.dataSource.transaction(async (manager) => {
      if (!(await claimInboxEvent(manager, COURT_SCHEMA, OUTCOMES_CONSUMER, event.eventId))) return;
      const interception = await manager.getRepository(Interception).findOne({ where: { id: outcome.interceptionId }, lock: { mode: 'pessimistic_write' } });
      if (!interception || interception.alertId !== outcome.alertId) {
        throw new PermanentEventError(`outcome for unknown interception ${outcome.interceptionId} of alert ${outcome.alertId}`);
      }
      const now = this.clock.now();
      interception.result = outcome.result;
      interception.reportedAt = new Date(outcome.reportedAt);
      interception.reportedBy = outcome.reportedBy ?? null;
      await manager.getRepository(Interception).save(interception);
      await this.appendTimeline(manager, interception.alertId, now, TimelineKind.InterceptionOutcome, 'traffic-police', {
        interceptionId: interception.id, result: outcome.result, reportedAt: outcome.reportedAt, reportedBy: outcome.reportedBy ?? null,
        note: outcome.note ?? null, location: outcome.location ?? null,
      });
      await manager.getRepository(Alert).update({ id: interception.alertId }, { updatedAt: now });
      await this.bus.announce(manager, interception.alertId);
    });
  }

  async list(filter: { state?: AlertState; open?: boolean; teamId?: string; limit: number }): Promise<AlertView[]> {
    const where: Record<string, unknown> = filter.state ? { state: filter.state } : filter.open ? { state: Not(In(CLOSED_STATES)) } : {};
    if (filter.teamId) where.teamId = filter.teamId;
    const alerts = await this.dataSource.getRepository(Alert).find({ where, order: { openedAt: 'DESC' }, take: filter.limit });
    return this.toViews(alerts);
  }

  async view(id: string): Promise<AlertView | null> {
    const alert = await this.dataSource.getRepository(Alert).findOne({ where: { id } });
    return alert ? (await this.toViews([alert]))[0] : null;
  }

  async get(id: string): Promise<AlertDetailView> {
    const alert = await this.dataSource.getRepository(Alert).findOne({ where: { id } });
    if (!alert) throw new NotFoundException(`alert ${id} not found`);
    const [view] = await this.toViews([alert]);
    const timeline = await this.dataSource.getRepository(TimelineEntry).find({ where: { alertId: id }, order: { id: 'ASC' } });
    const hits = await this.dataSource.getRepository(CourtHit).find({ where: { alertId: id }, order: { observedAt: 'ASC' } });
    const seizure = await this.dataSource.getRepository(Seizure).findOneOrFail({ where: { id: alert.seizureId } });
    const notifications = await this.dataSource.getRepository(AlertNotification).find({ where: { alertId: id }, order: { id: 'ASC' } });
    return {
      ...view,
      timeline: timeline.map((t) => ({ at: t.at.toISOString(), kind: t.kind, actor: t.actor, details: t.details })),
      hits: hits.map((h) => ({
        hitId: h.hitId,
        source: h.source,
        readPlate: h.readPlate,
        cameraId: h.cameraId,
        observedAt: h.observedAt.toISOString(),
        confidence: h.confidence,
        location: h.location,
        imageUrl: h.imageUrl,
        match: h.match,
        score: h.score,
        differences: h.differences,
      })),
      seizure: {
        id: seizure.id, caseNumber: seizure.caseNumber, plate: seizure.plate, plateColor: seizure.plateColor, vin: seizure.vin, ownerName: seizure.ownerName,
        tribunal: seizure.tribunal, livelihood: seizure.livelihood, sealedAt: seizure.sealedAt.toISOString(), expiresAt: seizure.expiresAt.toISOString(),
        status: seizure.status, releasedAt: seizure.releasedAt?.toISOString() ?? null, releaseReason: seizure.releaseReason, createdAt: seizure.createdAt.toISOString(),
      },
      notifications: notifications.map((n) => ({
        at: n.createdAt.toISOString(), channel: n.channel, recipient: n.recipient, status: n.status, reason: n.reason, attempts: n.attempts,
        deliveredAt: n.deliveredAt?.toISOString() ?? null,
      })),
    };
  }

  private async toViews(alerts: Alert[]): Promise<AlertView[]> {
    if (alerts.length === 0) return [];
    const now = this.clock.now();
    const seizures = await this.dataSource.getRepository(Seizure).findBy({ id: In([...new Set(alerts.map((a) => a.seizureId))]) });
    const teams = await this.dataSource.getRepository(Team).findBy({ id: In([...new Set(alerts.map((a) => a.teamId))]) });
    const officerIds = [...new Set(alerts.map((a) => a.assigneeId).filter((x): x is string => !!x))];
    const officers = officerIds.length ? await this.dataSource.getRepository(Officer).findBy({ id: In(officerIds) }) : [];
    const iso = (d: Date | null) => d?.toISOString() ?? null;
    return alerts.map((a) => {
      const seizure = seizures.find((s) => s.id === a.seizureId)!;
      const team = teams.find((t) => t.id === a.teamId)!;
      const officer = officers.find((o) => o.id === a.assigneeId);
      const risk = this.sla.atRisk(a.openedAt, a);
      return {
        id: a.id,
        state: a.state,
        priority: a.priority,
        seizureId: a.seizureId,
        caseNumber: seizure.caseNumber,
        plate: seizure.plate,
        tribunal: seizure.tribunal,
        team: { id: team.id, name: team.name },
        assignee: officer ? { id: officer.id, name: officer.name, badge: officer.badge } : null,
        routingReason: a.routingReason,
        hitCount: a.hitCount,
        firstSeenAt: a.firstSeenAt.toISOString(),
        lastSeenAt: a.lastSeenAt.toISOString(),
        lastCameraId: a.lastCameraId,
        lastLocation: a.lastLocation,
        source: a.hitSource ?? HitSource.Checkpoint,
        match: a.match ?? MatchKind.Exact,
        openedAt: a.openedAt.toISOString(),
        closedAt: iso(a.closedAt),
        outcome: a.outcome,
        rejectionReason: a.rejectionReason,
        silencedUntil: a.silencedUntil && a.silencedUntil > now ? a.silencedUntil.toISOString() : null,
        escalationLevel: a.escalationLevel,
        sla: {
          ackDueAt: a.ackDueAt.toISOString(),
          onSceneDueAt: a.onSceneDueAt.toISOString(),
          resolveDueAt: a.resolveDueAt.toISOString(),
          ackAtRiskAt: risk.ackAtRiskAt.toISOString(),
          onSceneAtRiskAt: risk.onSceneAtRiskAt.toISOString(),
          resolveAtRiskAt: risk.resolveAtRiskAt.toISOString(),
          acknowledgedAt: iso(a.acknowledgedAt),
          onSceneAt: iso(a.onSceneAt),
          resolvedAt: iso(a.resolvedAt),
          ackSeconds: a.ackSeconds,
          onSceneSeconds: a.onSceneSeconds,
          resolveSeconds: a.resolveSeconds,
        },
      };
    });
  }

  private acknowledgeAt(alert: Alert, actor: Actor, now: Date): void {
    alert.state = AlertState.Acknowledged;
    alert.acknowledgedAt = now;
    alert.acknowledgedBy = actor.officer?.id ?? null;
    alert.ackSeconds = SlaPolicy.seconds(alert.openedAt, now);
    alert.nextEscalationAt = null;
  }

  private resolveAt(alert: Alert, now: Date, outcome: AlertOutcome): void {
    alert.state = AlertState.Resolved;
    alert.outcome = outcome;
    alert.resolvedAt = now;
    alert.resolveSeconds = SlaPolicy.seconds(alert.openedAt, now);
    alert.closedAt = now;
    alert.nextEscalationAt = null;
  }

  private async requestInterception(manager: EntityManager, alert: Alert, actor: Actor, input: ActionInput, now: Date): Promise<void> {
    const seizure = await manager.getRepository(Seizure).findOneOrFail({ where: { id: alert.seizureId } });
    const requestedBy = actor.officer ? `${actor.officer.name} (${actor.officer.badge})` : 'dispatch desk';
    const interception = await manager.getRepository(Interception).save({
      id: randomUUID(), alertId: alert.id, requestedAt: now, requestedBy, contactPhone: input.contactPhone ?? actor.officer?.phone ?? null, note: input.note ?? null,
      result: null, reportedAt: null, reportedBy: null,
    });
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
    await appendToOutbox(manager, COURT_SCHEMA, event, alert.id);
    await this.appendTimeline(manager, alert.id, now, TimelineKind.InterceptionRequested, actor.label, {
      interceptionId: interception.id, contactPhone: interception.contactPhone, note: input.note ?? null,
    });
  }

  /**
   * Which roster officer acts. A signed-in person on the roster acts as themselves; only the
   * command center (dispatcher, duty director, admin) and systems may name another officer, as
   * when an officer phones the desk. Officers and team leads never act outside their own team.
   */
  private actingOfficer(alert: Alert, officerId: string | undefined, by: Principal | undefined): string | undefined {
    if (!by) return officerId;
    const team = confinedTeam(by);
    if (team && team !== alert.teamId) throw new ForbiddenException(`${by.name} belongs to team ${team} and may not act on team ${alert.teamId}'s alert`);
    if (by.kind !== 'user') return officerId;
    if (hasAnyRole(by, [Role.Dispatcher, Role.DutyDirector])) return officerId ?? by.officerId ?? undefined;
    // Officers and team leads act as the roster officer they are, so the assignee rules apply to them.
    if (!by.officerId) throw new ForbiddenException(`${by.name} is not linked to a roster officer; an admin sets officerId on the account`);
    if (officerId && officerId !== by.officerId) throw new ForbiddenException(`${by.name} acts as their own roster officer, not as officer ${officerId}`);
    return by.officerId;
  }

  /** A team-bound person acts as the roster officer they are, never in another officer's name. */
  private ownOfficer(by: Principal, officerId: string | undefined): string {
    if (!by.officerId) throw new ForbiddenException(`${by.name} is not linked to a roster officer; an admin sets officerId on the account`);
    if (officerId && officerId !== by.officerId) throw new ForbiddenException(`${by.name} acts as their own roster officer, not as officer ${officerId}`);
    return by.officerId;
  }

  /**
   * Only the assignee, a team lead of the alert's team or anyone of the command center may act.
   * Without an officer the request acts for the desk (a dispatcher, a system, or nobody assigned).
   */
  private async authorize(manager: EntityManager, alert: Alert, officerId: string | undefined, by?: Principal): Promise<Actor> {
    const id = officerId ?? (by?.kind === 'user' ? undefined : alert.assigneeId);
    if (!id) return { label: by?.kind === 'user' ? `user:${by.name}` : 'desk', officer: null };
    const officer = await manager.getRepository(Officer).findOne({ where: { id } });
    if (!officer) throw new NotFoundException(`officer ${id} not found`);
    const allowed =
      officer.id === alert.assigneeId ||
      officer.teamId === COMMAND_CENTER_TEAM_ID ||
      (officer.teamId === alert.teamId && officer.roles.includes(OfficerRole.TeamLead));
    if (!allowed) throw new ForbiddenException(`officer ${officer.badge} is not the assignee, a team lead of ${alert.teamId} or the command center`);
    return { label: `officer:${officer.id}`, officer };
  }

  /**
   * Records how late each missed target was: a target met late keeps its exact lateness; one
   * still unmet when the alert closes counts until the close. Idempotent (one row per target).
   */
  private async settleBreaches(manager: EntityManager, alert: Alert, now: Date): Promise<void> {
    const closed = CLOSED_STATES.includes(alert.state);
    const targets: [SlaTarget, Date, Date | null][] = [
      ['ack', alert.ackDueAt, alert.acknowledgedAt],
      ['on_scene', alert.onSceneDueAt, alert.onSceneAt],
      ['resolve', alert.resolveDueAt, alert.resolvedAt],
    ];
    for (const [target, due, metAt] of targets) {
      const end = metAt ?? (closed ? (alert.closedAt ?? now) : null);
      if (!end || end <= due) continue;
      await manager.query(
        `INSERT INTO court.sla_breaches (alert_id, target, due_at, recorded_at, late_seconds) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (alert_id, target) DO UPDATE SET late_seconds = EXCLUDED.late_seconds`,
        [alert.id, target, due, now, SlaPolicy.seconds(due, end)],
      );
    }
  }

  private async activeSilence(manager: EntityManager, seizureId: string, now: Date): Promise<Silence | null> {
    return manager.getRepository(Silence).findOne({ where: { seizureId, endsAt: MoreThan(now) }, order: { endsAt: 'DESC' } }).then((s) => (s && s.startsAt <= now ? s : null));
  }

  private async assigneeOf(manager: EntityManager, alert: Alert): Promise<Officer[]> {
    if (!alert.assigneeId) return [];
    const officer = await manager.getRepository(Officer).findOne({ where: { id: alert.assigneeId } });
    return officer ? [officer] : [];
  }

  private async lockAlert(manager: EntityManager, id: string): Promise<Alert> {
    const alert = await manager.getRepository(Alert).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
    if (!alert) throw new NotFoundException(`alert ${id} not found`);
    return alert;
  }

  private appendTimeline(manager: EntityManager, alertId: string, at: Date, kind: TimelineKind, actor: string, details: Record<string, unknown>) {
    return manager.getRepository(TimelineEntry).insert({ alertId, at, kind, actor, details: details as never });
  }
}
