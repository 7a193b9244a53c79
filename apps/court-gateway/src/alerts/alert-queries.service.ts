import { Injectable } from '@nestjs/common';
import { DomainError, ErrorCode, HitSource, MatchKind } from '@app/contracts';
import { Clock, Principal } from '@app/platform';
import { NotificationsService } from '../notifications/notifications.service';
import { RosterService } from '../roster/roster.service';
import { SeizureRepository } from '../seizures/seizure.repository';
import { SlaPolicy } from '../sla/sla-policy';
import { AlertCallers } from './alert-callers';
import { AlertDetailView, AlertView } from './alert.dto';
import { AlertFilter, AlertRepository } from './alert.repository';
import { Alert } from './domain/alert';
import { AlertCaller, allowedActions } from './domain/alert-permissions';
import { SLA_TARGET_FIELDS, SLA_TARGETS } from './domain/sla';
import { HitRepository } from './hit.repository';

/** Reads alerts as the desk and the API show them: views with the SLA figures and what the caller may do. */
@Injectable()
export class AlertQueriesService {
  constructor(
    private readonly alerts: AlertRepository,
    private readonly hits: HitRepository,
    private readonly seizures: SeizureRepository,
    private readonly roster: RosterService,
    private readonly notifications: NotificationsService,
    private readonly callers: AlertCallers,
    private readonly sla: SlaPolicy,
    private readonly clock: Clock,
  ) {}

  /** The caller as the alert rules see it; resolve once per request or stream, then pass to the views. */
  callerOf(by: Principal | undefined): Promise<AlertCaller> {
    return this.callers.of(by);
  }

  async list(filter: AlertFilter, caller: AlertCaller): Promise<AlertView[]> {
    return this.toViews(await this.alerts.list(filter), caller);
  }

  /** One alert's view, or null when it does not exist (the stream skips it). */
  async view(id: string, caller: AlertCaller): Promise<AlertView | null> {
    const alert = await this.alerts.findById(id);
    return alert ? (await this.toViews([alert], caller))[0] : null;
  }

  /** Views of several alerts at once (the stream, after a burst of changes); missing ids are left out. */
  async views(ids: string[], caller: AlertCaller): Promise<AlertView[]> {
    return this.toViews(await this.alerts.findByIds(ids), caller);
  }

  /** One alert with its timeline, sighting track, seal and notifications. A team-bound caller sees its own team's only. */
  async get(id: string, caller: AlertCaller): Promise<AlertDetailView> {
    const alert = await this.alerts.findById(id);
    if (!alert) throw new DomainError(ErrorCode.AlertNotFound, { params: { id } });
    if (caller.confinedTeam && caller.confinedTeam !== alert.teamId) {
      throw new DomainError(ErrorCode.TeamConfinedView, { params: { caller: caller.name, team: caller.confinedTeam, otherTeam: alert.teamId } });
    }
    const [view] = await this.toViews([alert], caller);
    const timeline = await this.alerts.timelineOf(id);
    const hits = await this.hits.trackOf(id);
    const seizure = (await this.seizures.findById(alert.seizureId))!;
    const notifications = await this.notifications.forAlert(id);
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
        seenVehicle: h.seenVehicle,
        attributes: h.attributes,
        clonedPlate: !!h.clonedPlateReasons?.length,
        clonedPlateReasons: h.clonedPlateReasons,
        impossibleTravel: h.impossibleTravel,
      })),
      seizure: {
        id: seizure.id, caseNumber: seizure.caseNumber, plate: seizure.plate, plateColor: seizure.plateColor, vin: seizure.vin, ownerName: seizure.ownerName,
        vehicleColor: seizure.vehicleColor, vehicleBrand: seizure.vehicleBrand, vehicleModel: seizure.vehicleModel, vehicleType: seizure.vehicleType,
        tribunal: seizure.tribunal, livelihood: seizure.livelihood, sealedAt: seizure.sealedAt.toISOString(), expiresAt: seizure.expiresAt.toISOString(),
        status: seizure.status, releasedAt: seizure.releasedAt?.toISOString() ?? null, releaseReason: seizure.releaseReason, createdAt: seizure.createdAt.toISOString(),
      },
      notifications: notifications.map((n) => ({
        at: n.createdAt.toISOString(), channel: n.channel, recipient: n.recipient, status: n.status, reason: n.reason, attempts: n.attempts,
        deliveredAt: n.deliveredAt?.toISOString() ?? null,
      })),
    };
  }

  private async toViews(alerts: Alert[], caller: AlertCaller): Promise<AlertView[]> {
    if (alerts.length === 0) return [];
    const now = this.clock.now();
    const seizures = new Map((await this.seizures.findByIds([...new Set(alerts.map((a) => a.seizureId))])).map((s) => [s.id, s]));
    const teams = new Map((await this.roster.teamsByIds([...new Set(alerts.map((a) => a.teamId))])).map((t) => [t.id, t]));
    const officers = new Map((await this.roster.officersByIds([...new Set(alerts.map((a) => a.assigneeId).filter((x): x is string => !!x))])).map((o) => [o.id, o]));
    const iso = (d: Date | null) => d?.toISOString() ?? null;
    const share = this.sla.atRiskShare;
    return alerts.map((a) => {
      const seizure = seizures.get(a.seizureId)!;
      const team = teams.get(a.teamId)!;
      const officer = a.assigneeId ? officers.get(a.assigneeId) : undefined;
      const risk = a.atRisk(share);
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
        clonedPlate: a.clonedPlate,
        allowedActions: allowedActions(a, caller),
        sla: {
          ackDueAt: a.ackDueAt.toISOString(),
          onSceneDueAt: a.onSceneDueAt.toISOString(),
          resolveDueAt: a.resolveDueAt.toISOString(),
          ackAtRiskAt: risk.ack.toISOString(),
          onSceneAtRiskAt: risk.on_scene.toISOString(),
          resolveAtRiskAt: risk.resolve.toISOString(),
          acknowledgedAt: iso(a.acknowledgedAt),
          onSceneAt: iso(a.onSceneAt),
          resolvedAt: iso(a.resolvedAt),
          ackSeconds: a.ackSeconds,
          onSceneSeconds: a.onSceneSeconds,
          resolveSeconds: a.resolveSeconds,
          targets: SLA_TARGETS.map((target) => {
            const f = SLA_TARGET_FIELDS[target];
            return { target, dueAt: a[f.due].toISOString(), atRiskAt: risk[target].toISOString(), metAt: iso(a[f.met]), seconds: a[f.seconds] };
          }),
        },
      };
    });
  }
}
