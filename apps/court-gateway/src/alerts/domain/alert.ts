import { DomainError, ErrorCode, HitSource, MatchKind, ReasonPart, reasonText } from '@app/contracts';
import { AlertAction, AlertOutcome, AlertState, canPerform, isClosed, RejectionReason, targetOf } from './alert-lifecycle';
import { TimelineKind, TimelineRecord, SYSTEM_ACTOR } from './alert-timeline';
import { AlertPriority, atRiskAt, SLA_TARGET_FIELDS, SLA_TARGETS, SlaDeadlines, slaSeconds, SlaTarget } from './sla';

export interface GeoPoint {
  lat: number;
  lon: number;
  name?: string;
}

/** What an alert needs to know of a hit. */
export interface HitFacts {
  hitId: string;
  cameraId: string;
  checkpointId: string | null;
  observedAt: Date;
  source: HitSource;
  match: MatchKind;
  location: GeoPoint | null;
  /** The traffic side suspects a cloned plate (套牌) on this hit. */
  clonedPlate?: { reasons: string[]; otherRead: ClonedPlateRead | null } | null;
}

/** A read of the plate somewhere else, too far away for one car (impossible travel). */
export interface ClonedPlateRead {
  cameraId: string;
  checkpointId?: string;
  location: GeoPoint;
  observedAt: string;
  distanceKm: number;
  speedKmh: number;
}

/**
 * Possible cloned plate (套牌) on an alert: why, which hit raised it first, and for impossible
 * travel both places, so nobody stops the innocent original without checking.
 */
export interface ClonedPlateFlag {
  reasons: string[];
  hitId: string;
  at: string;
  place: GeoPoint | null;
  otherRead: ClonedPlateRead | null;
}

/** A silence in force on the alert's seal. */
export interface SilenceInForce {
  id: string;
  endsAt: Date;
  reason: string;
}

/** Who acts, for the timeline: `officer:<id>`, `user:<name>`, `desk`, `system`, `traffic-police`. */
export interface ActorRef {
  label: string;
  /** The roster officer acting, if any (recorded as who acknowledged). */
  officerId: string | null;
}

export interface ActionInput {
  note?: string;
  reason?: RejectionReason;
  outcome?: AlertOutcome;
  /** For RequestInterception: the request the service stored, for the timeline. */
  interception?: { id: string; contactPhone: string | null };
}

/** A missed target and how late it was (or is, until the alert closes). */
export interface SlaBreach {
  target: SlaTarget;
  dueAt: Date;
  lateSeconds: number;
}

export interface SlaNotice {
  target: SlaTarget;
  /** at_risk: `at` is when the target turned at risk; breached: when it fell due. */
  kind: 'at_risk' | 'breached';
  at: Date;
  lateSeconds?: number;
}

export interface EscalationRule {
  repeatMinutes: number;
  maxLevel: number;
}

/** How a new alert was routed, for its row and its timeline. */
export interface RoutingOutcome {
  rule: string;
  teamId: string;
  teamName: string;
  officerId: string | null;
  officerName: string | null;
  reason: string;
  /** The reason as translatable parts (`routing.*` codes and their values), kept in the timeline. */
  reasonParts?: ReasonPart[];
}

const MINUTE = 60_000;

/**
 * The court's case of work for a sealed vehicle that was seen, and the only code that changes
 * an alert's state or SLA figures. Each change is checked against the lifecycle, stamps the SLA
 * fields by the one target map and rounding rule (./sla), and records its timeline entries;
 * the repository stores the row and appends `takeTimeline()` in the same transaction.
 *
 * Hits of one seal fold into its one open alert. Instances come from `Alert.open` or from the
 * repository (which fills the fields; the constructor takes nothing for that reason).
 */
export class Alert {
  id: string;
  seizureId: string;
  state: AlertState;
  priority: AlertPriority;
  teamId: string;
  assigneeId: string | null;
  routingReason: string;
  hitCount: number;
  firstSeenAt: Date;
  lastSeenAt: Date;
  lastCameraId: string;
  lastLocation: GeoPoint | null;
  hitSource: HitSource | null;
  match: MatchKind | null;
  openedAt: Date;
  ackDueAt: Date;
  onSceneDueAt: Date;
  resolveDueAt: Date;
  acknowledgedAt: Date | null;
  acknowledgedBy: string | null;
  ackSeconds: number | null;
  verifiedAt: Date | null;
  dispatchedAt: Date | null;
  onSceneAt: Date | null;
  onSceneSeconds: number | null;
  resolvedAt: Date | null;
  resolveSeconds: number | null;
  closedAt: Date | null;
  outcome: AlertOutcome | null;
  rejectionReason: RejectionReason | null;
  escalationLevel: number;
  nextEscalationAt: Date | null;
  silencedUntil: Date | null;
  /** Possible cloned plate (套牌), set by the first hit that suspected one; null when none did. */
  clonedPlate: ClonedPlateFlag | null;
  updatedAt: Date;

  /** Timeline entries recorded since the last `takeTimeline()`. Not a column. */
  #timeline: TimelineRecord[] = [];
  /** Whether a change since the last `takeSettledBreaches()` may have settled a target. Not a column. */
  #slaTouched = false;

  /** A new alert for a seal's first hit, routed and with its SLA deadlines. */
  static open(input: {
    id: string;
    seizureId: string;
    priority: AlertPriority;
    routing: RoutingOutcome;
    deadlines: SlaDeadlines;
    hit: HitFacts;
    silence: SilenceInForce | null;
    now: Date;
    correlationId?: string | null;
  }): Alert {
    const { hit, now, silence, routing } = input;
    const alert = new Alert();
    Object.assign(alert, {
      id: input.id,
      seizureId: input.seizureId,
      state: AlertState.Open,
      priority: input.priority,
      teamId: routing.teamId,
      assigneeId: routing.officerId,
      routingReason: routing.reason,
      hitCount: 1,
      firstSeenAt: hit.observedAt,
      lastSeenAt: hit.observedAt,
      lastCameraId: hit.cameraId,
      lastLocation: hit.location,
      hitSource: hit.source,
      match: hit.match,
      openedAt: now,
      ...input.deadlines,
      acknowledgedAt: null,
      acknowledgedBy: null,
      ackSeconds: null,
      verifiedAt: null,
      dispatchedAt: null,
      onSceneAt: null,
      onSceneSeconds: null,
      resolvedAt: null,
      resolveSeconds: null,
      closedAt: null,
      outcome: null,
      rejectionReason: null,
      escalationLevel: 0,
      nextEscalationAt: input.deadlines.ackDueAt,
      silencedUntil: silence?.endsAt ?? null,
      clonedPlate: null,
      updatedAt: now,
    } satisfies Omit<AlertFields, 'pagesOnOpen' | 'closed'>);
    alert.record(now, TimelineKind.Opened, SYSTEM_ACTOR, { correlationId: input.correlationId ?? null, priority: input.priority });
    alert.record(now, TimelineKind.Assigned, SYSTEM_ACTOR, {
      rule: routing.rule,
      teamId: routing.teamId,
      teamName: routing.teamName,
      officerId: routing.officerId,
      officerName: routing.officerName,
      reason: routing.reason,
      ...(routing.reasonParts ? { reasonParts: routing.reasonParts } : {}),
    });
    alert.record(now, TimelineKind.Hit, SYSTEM_ACTOR, { ...hitDetails(hit), silenced: !!silence, paged: !silence });
    alert.noteClonedPlate(hit);
    if (silence) alert.record(now, TimelineKind.Silenced, SYSTEM_ACTOR, { silenceId: silence.id, until: silence.endsAt.toISOString(), reason: silence.reason });
    return alert;
  }

  /** True when the assignee should be paged about the alert just opened. */
  get pagesOnOpen(): boolean {
    return this.silencedUntil === null;
  }

  /**
   * Folds another hit of the seal in. Returns whether people are paged about it: not while the
   * seal is silenced, and not once an officer is on scene (they are with the car).
   */
  recordHit(hit: HitFacts, silence: SilenceInForce | null, now: Date): { paged: boolean } {
    this.assertOpen('fold a hit into');
    this.hitCount += 1;
    if (hit.observedAt > this.lastSeenAt) {
      // Time, camera and place all of the newest hit, even when it has no place: an earlier
      // hit's place beside the newest time would send officers where the car no longer is. The
      // camera still says where it was; the earlier places stay on the track.
      this.lastSeenAt = hit.observedAt;
      this.lastCameraId = hit.cameraId;
      this.lastLocation = hit.location;
    }
    if (hit.observedAt < this.firstSeenAt) this.firstSeenAt = hit.observedAt;
    if (hit.match === MatchKind.Exact) this.match = MatchKind.Exact;
    this.silencedUntil = silence?.endsAt ?? null;
    this.updatedAt = now;
    const paged = !silence && this.state !== AlertState.OnScene;
    this.record(now, TimelineKind.Hit, SYSTEM_ACTOR, { ...hitDetails(hit), silenced: !!silence, paged });
    this.noteClonedPlate(hit);
    return { paged };
  }

  /** Keeps the first suspicion of a cloned plate with its evidence, adding the reasons later hits give. */
  private noteClonedPlate(hit: HitFacts): void {
    if (!hit.clonedPlate?.reasons.length) return;
    if (!this.clonedPlate) {
      this.clonedPlate = { reasons: [...hit.clonedPlate.reasons], hitId: hit.hitId, at: hit.observedAt.toISOString(), place: hit.location, otherRead: hit.clonedPlate.otherRead };
      return;
    }
    const reasons = new Set([...this.clonedPlate.reasons, ...hit.clonedPlate.reasons]);
    this.clonedPlate = { ...this.clonedPlate, reasons: [...reasons], otherRead: this.clonedPlate.otherRead ?? hit.clonedPlate.otherRead };
  }

  /** A person's lifecycle action; refused (409) when the lifecycle does not allow it from the current state. */
  perform(action: AlertAction, by: ActorRef, input: ActionInput, now: Date): void {
    this.assertCan(action);
    const note = input.note ?? null;
    this.#slaTouched = true;
    switch (action) {
      case AlertAction.Acknowledge:
        this.acknowledge(by, now);
        this.record(now, TimelineKind.Acknowledged, by.label, { ackSeconds: this.ackSeconds, withinSla: now <= this.ackDueAt, note });
        break;
      case AlertAction.Verify:
        this.state = AlertState.Verified;
        this.verifiedAt = now;
        this.record(now, TimelineKind.Verified, by.label, { note });
        break;
      case AlertAction.Reject:
        if (!this.acknowledgedAt) this.acknowledge(by, now);
        this.resolve(AlertOutcome.FalseHit, now);
        this.rejectionReason = input.reason ?? null;
        this.record(now, TimelineKind.Rejected, by.label, { reason: input.reason, note, resolveSeconds: this.resolveSeconds });
        break;
      case AlertAction.Dispatch:
        this.state = AlertState.Dispatched;
        this.dispatchedAt = now;
        this.record(now, TimelineKind.Dispatched, by.label, { note });
        break;
      case AlertAction.OnScene:
        this.state = AlertState.OnScene;
        this.onSceneAt = now;
        this.onSceneSeconds = slaSeconds(this.openedAt, now);
        this.record(now, TimelineKind.OnScene, by.label, { onSceneSeconds: this.onSceneSeconds, withinSla: now <= this.onSceneDueAt, note });
        break;
      case AlertAction.Resolve:
        this.resolve(input.outcome!, now);
        this.record(now, TimelineKind.Resolved, by.label, { outcome: input.outcome, resolveSeconds: this.resolveSeconds, withinSla: now <= this.resolveDueAt, note });
        break;
      case AlertAction.RequestInterception:
        // Asking the traffic police to stop the car changes no state.
        this.record(now, TimelineKind.InterceptionRequested, by.label, {
          interceptionId: input.interception?.id ?? null,
          contactPhone: input.interception?.contactPhone ?? null,
          note: input.note ?? null,
        });
        break;
    }
    this.updatedAt = now;
  }

  /** Refuses (409) an action the lifecycle does not allow from the current state. */
  assertCan(action: AlertAction): void {
    if (canPerform(action, this.state)) return;
    const to = targetOf(action);
    throw new DomainError(ErrorCode.AlertTransitionNotAllowed, {
      params: { id: this.id, state: this.state, action, attempt: to === null ? 'request an interception' : `become ${to}` },
    });
  }

  /** The seal ended (released, expired): the alert is cancelled. A closed alert stays as it is. */
  cancel(reason: ReasonPart, now: Date): boolean {
    if (isClosed(this.state)) return false;
    this.state = AlertState.Cancelled;
    this.#slaTouched = true;
    this.closedAt = now;
    this.nextEscalationAt = null;
    this.updatedAt = now;
    this.record(now, TimelineKind.Cancelled, SYSTEM_ACTOR, { reason: reasonText([reason]), reasonParts: [reason] });
    return true;
  }

  /** The first page that reached someone moves an open alert to notified; later ones change nothing. */
  markNotified(delivery: { channel: string; recipient: string }, now: Date): boolean {
    if (this.state !== AlertState.Open) return false;
    this.state = AlertState.Notified;
    this.updatedAt = now;
    this.record(now, TimelineKind.Notified, SYSTEM_ACTOR, { channel: delivery.channel, recipient: delivery.recipient });
    return true;
  }

  /** Whether the next escalation level is due at `now` (unacknowledged, not silenced, its time come). */
  escalationDue(now: Date): boolean {
    return (
      this.nextEscalationAt !== null &&
      this.nextEscalationAt <= now &&
      (this.state === AlertState.Open || this.state === AlertState.Notified) &&
      (this.silencedUntil === null || this.silencedUntil <= now)
    );
  }

  /**
   * Moves up one escalation level: level 1 at the acknowledgement deadline, then one every
   * `repeatMinutes` after it, up to `maxLevel`. Returns the level reached.
   */
  escalate(reached: { role: string; officers: { id: string; name: string; badge: string }[] }, rule: EscalationRule, now: Date): number {
    const level = this.escalationLevel + 1;
    this.escalationLevel = level;
    this.nextEscalationAt = level < rule.maxLevel ? new Date(this.ackDueAt.getTime() + level * rule.repeatMinutes * MINUTE) : null;
    this.updatedAt = now;
    this.record(now, TimelineKind.Escalated, SYSTEM_ACTOR, {
      level,
      role: reached.role,
      officers: reached.officers.map((o) => ({ id: o.id, name: o.name, badge: o.badge })),
      unacknowledgedSeconds: slaSeconds(this.openedAt, now),
    });
    return level;
  }

  /** The desk paused paging for the seal. */
  silence(silence: SilenceInForce, by: string, now: Date): void {
    this.silencedUntil = silence.endsAt;
    this.updatedAt = now;
    this.record(now, TimelineKind.Silenced, by, { silenceId: silence.id, until: silence.endsAt.toISOString(), reason: silence.reason });
  }

  /** The traffic police answered an interception request. */
  noteInterceptionOutcome(details: Record<string, unknown>, now: Date): void {
    this.updatedAt = now;
    this.record(now, TimelineKind.InterceptionOutcome, 'traffic-police', details);
  }

  /** When each target turns at risk: `share` of the way from opening to its deadline. */
  atRisk(share: number): Record<SlaTarget, Date> {
    return Object.fromEntries(SLA_TARGETS.map((t) => [t, atRiskAt(this.openedAt, this[SLA_TARGET_FIELDS[t].due], share)])) as Record<SlaTarget, Date>;
  }

  /**
   * The SLA watch at `now`: each unmet target of an open alert past its at-risk point, and each
   * past its deadline. The caller records each notice once (a unique row) and then `noteSla`s it.
   */
  slaNotices(now: Date, share: number): SlaNotice[] {
    if (isClosed(this.state)) return [];
    const notices: SlaNotice[] = [];
    const risk = this.atRisk(share);
    for (const target of SLA_TARGETS) {
      const fields = SLA_TARGET_FIELDS[target];
      if (this[fields.met] !== null) continue;
      const due = this[fields.due];
      if (due < now) notices.push({ target, kind: 'breached', at: due, lateSeconds: slaSeconds(due, now) });
      else if (risk[target] <= now && due > now) notices.push({ target, kind: 'at_risk', at: risk[target] });
    }
    return notices;
  }

  /** Records a notice of the SLA watch in the timeline (once the caller stored it for the first time). */
  noteSla(notice: SlaNotice, now: Date): void {
    if (notice.kind === 'at_risk') this.record(now, TimelineKind.SlaAtRisk, SYSTEM_ACTOR, { target: notice.target, atRiskAt: notice.at });
    else this.record(now, TimelineKind.SlaBreached, SYSTEM_ACTOR, { target: notice.target, dueAt: notice.at, lateSeconds: notice.lateSeconds });
  }

  /**
   * How late each missed target is: one met late keeps its exact lateness; one still unmet when
   * the alert closed counts until the close. Targets not yet decided are left out.
   */
  settledBreaches(now: Date): SlaBreach[] {
    const closed = isClosed(this.state);
    const breaches: SlaBreach[] = [];
    for (const target of SLA_TARGETS) {
      const fields = SLA_TARGET_FIELDS[target];
      const due = this[fields.due];
      const end = this[fields.met] ?? (closed ? (this.closedAt ?? now) : null);
      if (end && end > due) breaches.push({ target, dueAt: due, lateSeconds: slaSeconds(due, end) });
    }
    return breaches;
  }

  /** The breaches to store after a change that may have settled one (an action, a cancellation); none otherwise. */
  takeSettledBreaches(now: Date): SlaBreach[] {
    if (!this.#slaTouched) return [];
    this.#slaTouched = false;
    return this.settledBreaches(now);
  }

  get closed(): boolean {
    return isClosed(this.state);
  }

  /** Hands the timeline entries recorded so far to the repository, in order. */
  takeTimeline(): TimelineRecord[] {
    const taken = this.#timeline;
    this.#timeline = [];
    return taken;
  }

  private acknowledge(by: ActorRef, now: Date): void {
    this.state = AlertState.Acknowledged;
    this.acknowledgedAt = now;
    this.acknowledgedBy = by.officerId;
    this.ackSeconds = slaSeconds(this.openedAt, now);
    this.nextEscalationAt = null;
  }

  private resolve(outcome: AlertOutcome, now: Date): void {
    this.state = AlertState.Resolved;
    this.outcome = outcome;
    this.resolvedAt = now;
    this.resolveSeconds = slaSeconds(this.openedAt, now);
    this.closedAt = now;
    this.nextEscalationAt = null;
  }

  private assertOpen(what: string): void {
    if (isClosed(this.state)) {
      throw new DomainError(ErrorCode.AlertTransitionNotAllowed, { params: { id: this.id, state: this.state, action: what, attempt: what } });
    }
  }

  private record(at: Date, kind: TimelineKind, actor: string, details: Record<string, unknown>): void {
    this.#timeline.push({ at, kind, actor, details });
  }
}

/** The stored fields of an alert: everything but its behaviour. */
type AlertFields = { [K in keyof Alert as Alert[K] extends (...args: never[]) => unknown ? never : K]: Alert[K] };

function hitDetails(hit: HitFacts): Record<string, unknown> {
  return {
    hitId: hit.hitId,
    cameraId: hit.cameraId,
    checkpointId: hit.checkpointId,
    observedAt: hit.observedAt.toISOString(),
    source: hit.source,
    match: hit.match,
    location: hit.location,
    ...(hit.clonedPlate?.reasons.length ? { clonedPlate: hit.clonedPlate.reasons } : {}),
  };
}
