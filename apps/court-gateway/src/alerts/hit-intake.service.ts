import { Injectable, Logger } from '@nestjs/common';
import { DomainError, ErrorCode, EventEnvelope, maskPlate, VehicleSightedPayload } from '@app/contracts';
import { Clock, EventInbox, runWithCorrelationId, Transactions } from '@app/platform';
import { randomUUID } from 'node:crypto';
import { NotificationsService, PageRequest } from '../notifications/notifications.service';
import { RosterService, RoutingSnapshot } from '../roster/roster.service';
import { Officer } from '../roster/team.entity';
import { SeizureStatus } from '../seizures/seizure.entity';
import { SeizureRepository } from '../seizures/seizure.repository';
import { SlaPolicy } from '../sla/sla-policy';
import { CourtHit } from './alert.entity';
import { AlertRepository } from './alert.repository';
import { Alert, HitFacts } from './domain/alert';
import { HitRepository } from './hit.repository';
import { SilenceRepository } from './silence.repository';
import { HitImagesRepository } from '../hit-images/hit-images.repository';

export const HITS_CONSUMER = 'hits';

export interface HitIntakeResult {
  /** Events (by index) that can never be processed, with the reason: dead-lettered by the transport. */
  rejected: { index: number; reason: string }[];
  opened: number;
  folded: number;
  /** Hits of seals no longer in force, kept without an alert. */
  kept: number;
  duplicates: number;
}

/**
 * Turns hits into work: opens an alert routed to the team and officer on duty, or folds the hit
 * into the seal's open alert. A whole batch of hits (one Kafka fetch of a partition) is taken
 * in one transaction: the inbox claims, the seals locked in id order, one routing snapshot, the
 * alerts inserted and updated, timeline rows, hit rows and pages each in one statement, one
 * announcement to the desks. Hits are applied in batch order, and a partition carries one
 * seal's hits in order, so each alert sees its hits in the order they were published. Runs
 * once per event id and once per hit id, whatever the redelivery.
 */
@Injectable()
export class HitIntakeService {
  private readonly log = new Logger(HitIntakeService.name);

  constructor(
    private readonly tx: Transactions,
    private readonly alerts: AlertRepository,
    private readonly hits: HitRepository,
    private readonly silences: SilenceRepository,
    private readonly seizures: SeizureRepository,
    private readonly roster: RosterService,
    private readonly notifications: NotificationsService,
    private readonly sla: SlaPolicy,
    private readonly clock: Clock,
    private readonly hitImages: HitImagesRepository,
    private readonly inbox: EventInbox,
  ) {}

  async recordHits(events: EventEnvelope<VehicleSightedPayload>[]): Promise<HitIntakeResult> {
    const result: HitIntakeResult = { rejected: [], opened: 0, folded: 0, kept: 0, duplicates: 0 };
    const opened: { alert: Alert; plate: string; correlationId: string }[] = [];
    await this.tx.run(async () => {
      const now = this.clock.now();
      // Locking the seals serializes these hits with a concurrent release of the same seal.
      const seizures = new Map((await this.seizures.lockByIds([...new Set(events.map((e) => e.payload.seizureId))])).map((s) => [s.id, s]));
      const known: number[] = [];
      events.forEach((event, index) => {
        if (seizures.has(event.payload.seizureId)) known.push(index);
        else {
          const error = new DomainError(ErrorCode.HitForUnknownSeizure, { params: { hitId: event.payload.hitId, seizureId: event.payload.seizureId } });
          result.rejected.push({ index, reason: error.message });
        }
      });
      // Claimed only for events that will be processed: a dead-lettered one replayed later is new again.
      const claimed = await this.inbox.claimAll(HITS_CONSUMER, known.map((i) => events[i].eventId));
      const stored = await this.hits.knownIds(known.map((i) => events[i].payload.hitId));
      const fresh: EventEnvelope<VehicleSightedPayload>[] = [];
      const seenEvents = new Set<string>();
      for (const index of known) {
        const event = events[index];
        // A repeated event id, or the same hit re-published under a new one, is already done.
        if (!claimed.has(event.eventId) || seenEvents.has(event.eventId) || stored.has(event.payload.hitId)) {
          result.duplicates++;
          continue;
        }
        seenEvents.add(event.eventId);
        stored.add(event.payload.hitId);
        fresh.push(event);
      }
      if (fresh.length === 0) return;

      const active = [...new Set(fresh.map((e) => e.payload.seizureId))].filter((id) => seizures.get(id)!.status === SeizureStatus.Active);
      const silences = await this.silences.inForce(active, now);
      const open = new Map((await this.alerts.lockOpenForSeizures(active)).map((a) => [a.seizureId, a]));
      const existing = new Set(open.values());
      const assignees = new Map((await this.roster.officersByIds([...new Set([...open.values()].map((a) => a.assigneeId).filter((x): x is string => !!x))])).map((o) => [o.id, o]));
      let routing: RoutingSnapshot | null = null;
      const created: Alert[] = [];
      const records: CourtHit[] = [];
      const pages: PageRequest[] = [];

      for (const event of fresh) {
        const hit = event.payload;
        const seizure = seizures.get(hit.seizureId)!;
        const facts = factsOf(hit);
        const record = hitRecord(hit, facts, now);
        records.push(record);
        if (seizure.status !== SeizureStatus.Active) {
          result.kept++;
          runWithCorrelationId(event.correlationId ?? event.eventId, () => this.log.log(`hit ${hit.hitId} for ${seizure.status} seizure ${hit.seizureId} kept without an alert`));
          continue;
        }
        const silence = silences.get(seizure.id) ?? null;
        const alert = open.get(seizure.id);
        if (alert) {
          record.alertId = alert.id;
          const { paged } = alert.recordHit(facts, silence, now);
          if (paged) pages.push(pageOf(alert, seizure.plate, alert.assigneeId ? [assignees.get(alert.assigneeId)].filter((o): o is Officer => !!o) : [], `new hit at ${hit.cameraId}`));
          result.folded++;
          continue;
        }
        routing ??= await this.roster.routingSnapshot(now);
        const assignment = routing.route({ tribunal: seizure.tribunal, checkpointId: hit.checkpointId ?? hit.cameraId, location: facts.location });
        const priority = this.sla.priorityOf(seizure, hit.source);
        const newAlert = Alert.open({
          id: randomUUID(),
          seizureId: seizure.id,
          priority,
          routing: {
            rule: assignment.rule,
            teamId: assignment.team.id,
            teamName: assignment.team.name,
            officerId: assignment.officer?.id ?? null,
            officerName: assignment.officer?.name ?? null,
            reason: assignment.reason,
            reasonParts: assignment.reasonParts,
          },
          deadlines: this.sla.deadlines(now, priority),
          hit: facts,
          silence,
          now,
          correlationId: event.correlationId ?? null,
        });
        record.alertId = newAlert.id;
        open.set(seizure.id, newAlert);
        if (assignment.officer) assignees.set(assignment.officer.id, assignment.officer);
        created.push(newAlert);
        opened.push({ alert: newAlert, plate: seizure.plate, correlationId: event.correlationId ?? event.eventId });
        if (newAlert.pagesOnOpen) pages.push(pageOf(newAlert, seizure.plate, assignment.officer ? [assignment.officer] : [], 'new alert'));
        result.opened++;
      }

      await this.alerts.insert(created, now);
      // Every open alert loaded got at least one hit: they were loaded for these hits' seals.
      await this.alerts.save([...existing], now);
      await this.hits.insert(records);
      await this.hitImages.insert(fresh.flatMap((e) => (e.payload.image ? [{ hitId: e.payload.hitId, ...e.payload.image }] : [])), now);
      await this.notifications.page(pages, now);
      if (pages.length) this.tx.afterCommit(() => this.notifications.kick());
    });
    // Each line in its hit's flow: one correlation id follows a sighting to its alert across both apps.
    for (const { alert, plate, correlationId } of opened) {
      runWithCorrelationId(correlationId, () => this.log.log(`alert ${alert.id} opened for ${maskPlate(plate)}: ${alert.routingReason}`));
    }
    return result;
  }
}

function factsOf(hit: VehicleSightedPayload): HitFacts {
  return {
    hitId: hit.hitId,
    cameraId: hit.cameraId,
    checkpointId: hit.checkpointId ?? null,
    observedAt: new Date(hit.observedAt),
    source: hit.source,
    match: hit.match,
    location: hit.location ? { lat: hit.location.lat, lon: hit.location.lon, name: hit.location.name } : null,
    clonedPlate: hit.clonedPlate && hit.clonedPlateReasons?.length ? { reasons: hit.clonedPlateReasons, otherRead: hit.impossibleTravel ?? null } : null,
  };
}

function hitRecord(hit: VehicleSightedPayload, facts: HitFacts, now: Date): CourtHit {
  return {
    hitId: hit.hitId,
    alertId: null,
    seizureId: hit.seizureId,
    source: hit.source,
    readPlate: hit.readPlate,
    cameraId: hit.cameraId,
    observedAt: facts.observedAt,
    confidence: hit.confidence ?? null,
    location: facts.location,
    imageUrl: hit.imageUrl ?? null,
    checkpointId: hit.checkpointId ?? null,
    receivedAt: now,
    match: hit.match,
    score: hit.score ?? null,
    differences: hit.differences?.map((d) => ({ position: d.position, expected: d.expected, read: d.read })) ?? null,
    seenVehicle: hit.seenVehicle ?? null,
    attributes: hit.attributes ?? null,
    clonedPlateReasons: hit.clonedPlate && hit.clonedPlateReasons?.length ? hit.clonedPlateReasons : null,
    impossibleTravel: hit.impossibleTravel ?? null,
  };
}

/** A page about the alert as it is at this hit (later hits of the batch change it further). */
function pageOf(alert: Alert, plate: string, officers: Officer[], reason: string): PageRequest {
  return { alert: { id: alert.id, priority: alert.priority, teamId: alert.teamId, lastCameraId: alert.lastCameraId, openedAt: alert.openedAt }, plate, officers, reason };
}
