import { ConflictException, Injectable, Logger, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { EventEnvelope, maskPlate, VehicleSightedPayload } from '@app/contracts';
import { claimInboxEvent, Clock, PermanentEventError } from '@app/platform';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager, In, Not } from 'typeorm';
import { COURT_SCHEMA } from '../config/court-gateway.env';
import { RosterService } from '../roster/roster.service';
import { Officer, Team } from '../roster/team.entity';
import { Seizure, SeizureStatus } from '../seizures/seizure.entity';
import { SlaPolicy } from '../sla/sla-policy';
import { AlertDetailView, AlertView } from './alert.dto';
import { Alert, CourtHit, TimelineEntry, TimelineKind } from './alert.entity';
import { AlertState, canTransition, CLOSED_STATES } from './alert-lifecycle';

const HITS_CONSUMER = 'hits';
const SYSTEM = 'system';

@Injectable()
export class AlertsService {
  private readonly log = new Logger(AlertsService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly roster: RosterService,
    private readonly sla: SlaPolicy,
    private readonly clock: Clock,
  ) {}

  /**
   * Turns a hit into work: opens an alert assigned to the officer on duty, or folds the hit
   * into the seal's open alert. Runs once per event id, whatever the redelivery.
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
      const record = hits.create({
        hitId: hit.hitId,
        alertId: null,
        seizureId: seizure.id,
        source: hit.source,
        readPlate: hit.readPlate,
        cameraId: hit.cameraId,
        observedAt,
        confidence: hit.confidence ?? null,
        location: hit.location ? { lat: hit.location.lat, lon: hit.location.lon, name: hit.location.name } : null,
        imageUrl: hit.imageUrl ?? null,
        receivedAt: now,
        match: hit.match,
        score: hit.score ?? null,
        differences: hit.differences?.map((d) => ({ position: d.position, expected: d.expected, read: d.read })) ?? null,
      });
      if (seizure.status !== SeizureStatus.Active) {
        await hits.save(record);
        return 'released';
      }

      const alerts = manager.getRepository(Alert);
      const open = await alerts.findOne({ where: { seizureId: seizure.id, state: Not(In(CLOSED_STATES)) }, lock: { mode: 'pessimistic_write' } });
      const details = { hitId: hit.hitId, cameraId: hit.cameraId, observedAt: hit.observedAt, source: hit.source, location: hit.location ?? null };
      if (open) {
        open.hitCount += 1;
        if (observedAt > open.lastSeenAt) {
          open.lastSeenAt = observedAt;
          open.lastCameraId = hit.cameraId;
        }
        if (observedAt < open.firstSeenAt) open.firstSeenAt = observedAt;
        open.updatedAt = now;
        await alerts.save(open);
        await hits.save({ ...record, alertId: open.id });
        await this.appendTimeline(manager, open.id, now, TimelineKind.Hit, SYSTEM, details);
        return 'folded';
      }

      const assignment = await this.roster.assign(manager, seizure.tribunal, now);
      const deadlines = this.sla.deadlines(now);
      const alert = await alerts.save(
        alerts.create({
          id: randomUUID(),
          seizureId: seizure.id,
          state: AlertState.Open,
          priority: this.sla.priorityOf(seizure),
          teamId: assignment.team.id,
          assigneeId: assignment.officer?.id ?? null,
          routingReason: assignment.reason,
          hitCount: 1,
          firstSeenAt: observedAt,
          lastSeenAt: observedAt,
          lastCameraId: hit.cameraId,
          openedAt: now,
          ...deadlines,
          acknowledgedAt: null,
          acknowledgedBy: null,
          ackSeconds: null,
          closedAt: null,
          updatedAt: now,
        }),
      );
      await hits.save({ ...record, alertId: alert.id });
      await this.appendTimeline(manager, alert.id, now, TimelineKind.Opened, SYSTEM, { correlationId: event.correlationId ?? null });
      await this.appendTimeline(manager, alert.id, now, TimelineKind.Assigned, SYSTEM, {
        teamId: assignment.team.id,
        officerId: assignment.officer?.id ?? null,
        officerName: assignment.officer?.name ?? null,
        reason: assignment.reason,
      });
      await this.appendTimeline(manager, alert.id, now, TimelineKind.Hit, SYSTEM, details);
      this.log.log(`alert ${alert.id} opened for ${maskPlate(seizure.plate)}: ${assignment.reason}`);
      return 'opened';
    });
    if (outcome === 'released') this.log.log(`hit ${hit.hitId} for released seizure ${hit.seizureId} kept without an alert`);
  }

  async acknowledge(id: string, officerId: string | undefined, note: string | undefined): Promise<AlertDetailView> {
    await this.dataSource.transaction(async (manager) => {
      const alert = await this.lockAlert(manager, id);
      this.assertTransition(alert, AlertState.Acknowledged);
      const actorId = officerId ?? alert.assigneeId;
      const actor = actorId ? await manager.getRepository(Officer).findOne({ where: { id: actorId } }) : null;
      if (officerId && !actor) throw new NotFoundException(`officer ${officerId} not found`);
      const now = this.clock.now();
      alert.state = AlertState.Acknowledged;
      alert.acknowledgedAt = now;
      alert.acknowledgedBy = actor?.id ?? null;
      alert.ackSeconds = SlaPolicy.seconds(alert.openedAt, now);
      alert.updatedAt = now;
      await manager.getRepository(Alert).save(alert);
      await this.appendTimeline(manager, alert.id, now, TimelineKind.Acknowledged, actor ? `officer:${actor.id}` : 'desk', {
        ackSeconds: alert.ackSeconds,
        withinSla: now <= alert.ackDueAt,
        note: note ?? null,
      });
    });
    return this.get(id);
  }

  /** Called inside the release transaction: a released seal leaves no alert open. */
  async cancelOpenForSeizure(manager: EntityManager, seizureId: string, reason: string): Promise<void> {
    const alerts = manager.getRepository(Alert);
    const open = await alerts.find({ where: { seizureId, state: Not(In(CLOSED_STATES)) }, lock: { mode: 'pessimistic_write' } });
    const now = this.clock.now();
    for (const alert of open) {
      alert.state = AlertState.Cancelled;
      alert.closedAt = now;
      alert.updatedAt = now;
      await alerts.save(alert);
      await this.appendTimeline(manager, alert.id, now, TimelineKind.Cancelled, SYSTEM, { reason });
    }
  }

  async list(filter: { state?: AlertState; open?: boolean; limit: number }): Promise<AlertView[]> {
    const where = filter.state ? { state: filter.state } : filter.open ? { state: Not(In(CLOSED_STATES)) } : {};
    const alerts = await this.dataSource.getRepository(Alert).find({ where, order: { openedAt: 'DESC' }, take: filter.limit });
    return this.toViews(alerts);
  }

  async get(id: string): Promise<AlertDetailView> {
    const alert = await this.dataSource.getRepository(Alert).findOne({ where: { id } });
    if (!alert) throw new NotFoundException(`alert ${id} not found`);
    const [view] = await this.toViews([alert]);
    const timeline = await this.dataSource.getRepository(TimelineEntry).find({ where: { alertId: id }, order: { id: 'ASC' } });
    const hits = await this.dataSource.getRepository(CourtHit).find({ where: { alertId: id }, order: { observedAt: 'ASC' } });
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
    };
  }

  private async toViews(alerts: Alert[]): Promise<AlertView[]> {
    if (alerts.length === 0) return [];
    const seizures = await this.dataSource.getRepository(Seizure).findBy({ id: In([...new Set(alerts.map((a) => a.seizureId))]) });
    const teams = await this.dataSource.getRepository(Team).findBy({ id: In([...new Set(alerts.map((a) => a.teamId))]) });
    const officerIds = [...new Set(alerts.map((a) => a.assigneeId).filter((x): x is string => !!x))];
    const officers = officerIds.length ? await this.dataSource.getRepository(Officer).findBy({ id: In(officerIds) }) : [];
    return alerts.map((a) => {
      const seizure = seizures.find((s) => s.id === a.seizureId)!;
      const team = teams.find((t) => t.id === a.teamId)!;
      const officer = officers.find((o) => o.id === a.assigneeId);
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
        openedAt: a.openedAt.toISOString(),
        closedAt: a.closedAt?.toISOString() ?? null,
        sla: {
          ackDueAt: a.ackDueAt.toISOString(),
          onSceneDueAt: a.onSceneDueAt.toISOString(),
          resolveDueAt: a.resolveDueAt.toISOString(),
          acknowledgedAt: a.acknowledgedAt?.toISOString() ?? null,
          ackSeconds: a.ackSeconds,
        },
      };
    });
  }

  private async lockAlert(manager: EntityManager, id: string): Promise<Alert> {
    const alert = await manager.getRepository(Alert).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
    if (!alert) throw new NotFoundException(`alert ${id} not found`);
    return alert;
  }

  private assertTransition(alert: Alert, to: AlertState): void {
    if (!canTransition(alert.state, to)) throw new ConflictException(`alert ${alert.id} is ${alert.state}; it cannot become ${to}`);
  }

  private appendTimeline(manager: EntityManager, alertId: string, at: Date, kind: TimelineKind, actor: string, details: Record<string, unknown>) {
    return manager.getRepository(TimelineEntry).insert({ alertId, at, kind, actor, details: details as never });
  }
}
