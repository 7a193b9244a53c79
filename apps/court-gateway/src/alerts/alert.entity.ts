import { HitSource, MatchKind, PlateDifference } from '@app/contracts';
import { Column, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import { AlertPriority } from '../sla/sla-policy';
import { AlertState } from './alert-lifecycle';

/** The court's case of work for a sealed vehicle that was seen: hits of one seal fold into it. */
@Entity({ name: 'alerts' })
@Index('alerts_one_open_per_seizure', ['seizureId'], { unique: true, where: `state NOT IN ('resolved', 'cancelled')` })
export class Alert {
  @PrimaryColumn('uuid')
  id: string;

  @Column('uuid', { name: 'seizure_id' })
  seizureId: string;

  @Column('text')
  state: AlertState;

  @Column('text')
  priority: AlertPriority;

  @Column('text', { name: 'team_id' })
  teamId: string;

  @Column('uuid', { name: 'assignee_id', nullable: true })
  assigneeId: string | null;

  @Column('text', { name: 'routing_reason' })
  routingReason: string;

  @Column('int', { name: 'hit_count' })
  hitCount: number;

  @Column('timestamptz', { name: 'first_seen_at' })
  firstSeenAt: Date;

  @Column('timestamptz', { name: 'last_seen_at' })
  lastSeenAt: Date;

  @Column('text', { name: 'last_camera_id' })
  lastCameraId: string;

  @Column('timestamptz', { name: 'opened_at' })
  openedAt: Date;

  @Column('timestamptz', { name: 'ack_due_at' })
  ackDueAt: Date;

  @Column('timestamptz', { name: 'on_scene_due_at' })
  onSceneDueAt: Date;

  @Column('timestamptz', { name: 'resolve_due_at' })
  resolveDueAt: Date;

  @Column('timestamptz', { name: 'acknowledged_at', nullable: true })
  acknowledgedAt: Date | null;

  @Column('text', { name: 'acknowledged_by', nullable: true })
  acknowledgedBy: string | null;

  /** Seconds from opening to acknowledgement. */
  @Column('int', { name: 'ack_seconds', nullable: true })
  ackSeconds: number | null;

  @Column('timestamptz', { name: 'closed_at', nullable: true })
  closedAt: Date | null;

  @Column('text', { name: 'hit_source', nullable: true })
  hitSource: HitSource | null;

  @Column('text', { nullable: true })
  match: MatchKind | null;

  @Column('jsonb', { name: 'last_location', nullable: true })
  lastLocation: { lat: number; lon: number; name?: string } | null;

  @Column('timestamptz', { name: 'verified_at', nullable: true })
  verifiedAt: Date | null;

  @Column('timestamptz', { name: 'dispatched_at', nullable: true })
  dispatchedAt: Date | null;

  @Column('timestamptz', { name: 'on_scene_at', nullable: true })
  onSceneAt: Date | null;

  @Column('timestamptz', { name: 'resolved_at', nullable: true })
  resolvedAt: Date | null;

  @Column('text', { nullable: true })
  outcome: string | null;

  @Column('text', { name: 'rejection_reason', nullable: true })
  rejectionReason: string | null;

  /** Seconds from opening to the first officer on scene. */
  @Column('int', { name: 'on_scene_seconds', nullable: true })
  onSceneSeconds: number | null;

  /** Seconds from opening to resolution. */
  @Column('int', { name: 'resolve_seconds', nullable: true })
  resolveSeconds: number | null;

  /** Escalation levels reached so far (0 = none). */
  @Column('int', { name: 'escalation_level', default: 0 })
  escalationLevel: number;

  /** When the next escalation is due; null once acknowledged, closed or at the last level. */
  @Column('timestamptz', { name: 'next_escalation_at', nullable: true })
  nextEscalationAt: Date | null;

  @Column('timestamptz', { name: 'silenced_until', nullable: true })
  silencedUntil: Date | null;

  @Column('timestamptz', { name: 'updated_at' })
  updatedAt: Date;
}

export enum TimelineKind {
  Opened = 'opened',
  Assigned = 'assigned',
  Hit = 'hit',
  Acknowledged = 'acknowledged',
  Verified = 'verified',
  Rejected = 'rejected',
  Dispatched = 'dispatched',
  OnScene = 'on_scene',
  Resolved = 'resolved',
  Cancelled = 'cancelled',
  Notified = 'notified',
  Escalated = 'escalated',
  SlaAtRisk = 'sla_at_risk',
  SlaBreached = 'sla_breached',
  Silenced = 'silenced',
  InterceptionRequested = 'interception_requested',
  InterceptionOutcome = 'interception_outcome',
}

/** Append-only history of an alert: every hit and every change, with who and when. */
@Entity({ name: 'alert_timeline' })
@Index('alert_timeline_alert', ['alertId', 'id'])
export class TimelineEntry {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @Column('uuid', { name: 'alert_id' })
  alertId: string;

  @Column('timestamptz')
  at: Date;

  @Column('text')
  kind: TimelineKind;

  @Column('text')
  actor: string;

  @Column('jsonb', { default: () => "'{}'" })
  details: Record<string, unknown>;
}

/** A hit as the court received it: the sighting track of an alert. */
@Entity({ name: 'hits' })
@Index('hits_alert', ['alertId', 'observedAt'])
export class CourtHit {
  @PrimaryColumn('uuid', { name: 'hit_id' })
  hitId: string;

  @Column('uuid', { name: 'alert_id', nullable: true })
  alertId: string | null;

  @Column('uuid', { name: 'seizure_id' })
  seizureId: string;

  @Column('text')
  source: HitSource;

  @Column('text', { name: 'read_plate' })
  readPlate: string;

  @Column('text', { name: 'camera_id' })
  cameraId: string;

  @Column('timestamptz', { name: 'observed_at' })
  observedAt: Date;

  @Column('double precision', { nullable: true })
  confidence: number | null;

  @Column('jsonb', { nullable: true })
  location: { lat: number; lon: number; name?: string } | null;

  @Column('text', { name: 'image_url', nullable: true })
  imageUrl: string | null;

  @Column('text', { name: 'checkpoint_id', nullable: true })
  checkpointId: string | null;

  @Column('timestamptz', { name: 'received_at' })
  receivedAt: Date;

  /** Exact, or fuzzy for a possible hit the officer verifies against the image; null on hits from before matching was scored. */
  @Column('text', { nullable: true })
  match: MatchKind | null;

  @Column('double precision', { nullable: true })
  score: number | null;

  /** For possible hits: which characters of the plate the camera read differently. */
  @Column('jsonb', { nullable: true })
  differences: PlateDifference[] | null;
}

export enum NotificationStatus {
  Pending = 'pending',
  Delivered = 'delivered',
  Failed = 'failed',
}

/** Who was told about an alert, when, through which channel; pending rows are retried with backoff. */
@Entity({ name: 'notifications' })
export class AlertNotification {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @Column('uuid', { name: 'alert_id' })
  alertId: string;

  @Column('timestamptz', { name: 'created_at' })
  createdAt: Date;

  @Column('text')
  channel: string;

  @Column('text')
  recipient: string;

  @Column('uuid', { name: 'officer_id', nullable: true })
  officerId: string | null;

  @Column('text')
  reason: string;

  @Column('jsonb')
  payload: Record<string, unknown>;

  @Column('text')
  status: NotificationStatus;

  @Column('int', { default: 0 })
  attempts: number;

  @Column('timestamptz', { name: 'next_attempt_at', nullable: true })
  nextAttemptAt: Date | null;

  @Column('text', { name: 'last_error', nullable: true })
  lastError: string | null;

  @Column('timestamptz', { name: 'delivered_at', nullable: true })
  deliveredAt: Date | null;
}

/** The desk paused paging for one seal until `endsAt`. */
@Entity({ name: 'silences' })
export class Silence {
  @PrimaryColumn('uuid')
  id: string;

  @Column('uuid', { name: 'seizure_id' })
  seizureId: string;

  @Column('timestamptz', { name: 'starts_at' })
  startsAt: Date;

  @Column('timestamptz', { name: 'ends_at' })
  endsAt: Date;

  @Column('text')
  reason: string;

  @Column('text', { name: 'created_by' })
  createdBy: string;
}

/** 拦停: a request to the traffic police to stop the vehicle, and their answer. */
@Entity({ name: 'interceptions' })
export class Interception {
  @PrimaryColumn('uuid')
  id: string;

  @Column('uuid', { name: 'alert_id' })
  alertId: string;

  @Column('timestamptz', { name: 'requested_at' })
  requestedAt: Date;

  @Column('text', { name: 'requested_by' })
  requestedBy: string;

  @Column('text', { name: 'contact_phone', nullable: true })
  contactPhone: string | null;

  @Column('text', { nullable: true })
  note: string | null;

  @Column('text', { nullable: true })
  result: string | null;

  @Column('timestamptz', { name: 'reported_at', nullable: true })
  reportedAt: Date | null;

  @Column('text', { name: 'reported_by', nullable: true })
  reportedBy: string | null;
}
