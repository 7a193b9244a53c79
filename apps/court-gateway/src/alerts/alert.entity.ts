import { AttributeCheck, ClonedPlateReason, HitSource, MatchKind, PlateDifference, SeenVehicle, TravelEvidence } from '@app/contracts';
import { Check, Column, Entity, EntitySchema, ForeignKey, Index, PrimaryColumn, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { Seizure } from '../seizures/seizure.entity';
import { Alert } from './domain/alert';
import { TimelineKind } from './domain/alert-timeline';
import { SlaTarget } from './domain/sla';

/**
 * How the Alert domain object (./domain/alert.ts, which imports no TypeORM) is stored: one row
 * of court.alerts. TypeORM builds `Alert` instances from rows, so the domain's methods are there.
 */
export const AlertEntity = new EntitySchema<Alert>({
  name: 'Alert',
  tableName: 'alerts',
  target: Alert,
  columns: {
    id: { type: 'uuid', primary: true },
    seizureId: { name: 'seizure_id', type: 'uuid' },
    state: { type: 'text' },
    priority: { type: 'text' },
    teamId: { name: 'team_id', type: 'text' },
    assigneeId: { name: 'assignee_id', type: 'uuid', nullable: true },
    routingReason: { name: 'routing_reason', type: 'text' },
    hitCount: { name: 'hit_count', type: 'int' },
    firstSeenAt: { name: 'first_seen_at', type: 'timestamptz' },
    lastSeenAt: { name: 'last_seen_at', type: 'timestamptz' },
    lastCameraId: { name: 'last_camera_id', type: 'text' },
    openedAt: { name: 'opened_at', type: 'timestamptz' },
    ackDueAt: { name: 'ack_due_at', type: 'timestamptz' },
    onSceneDueAt: { name: 'on_scene_due_at', type: 'timestamptz' },
    resolveDueAt: { name: 'resolve_due_at', type: 'timestamptz' },
    acknowledgedAt: { name: 'acknowledged_at', type: 'timestamptz', nullable: true },
    acknowledgedBy: { name: 'acknowledged_by', type: 'text', nullable: true },
    ackSeconds: { name: 'ack_seconds', type: 'int', nullable: true },
    closedAt: { name: 'closed_at', type: 'timestamptz', nullable: true },
    hitSource: { name: 'hit_source', type: 'text', nullable: true },
    match: { type: 'text', nullable: true },
    lastLocation: { name: 'last_location', type: 'jsonb', nullable: true },
    verifiedAt: { name: 'verified_at', type: 'timestamptz', nullable: true },
    dispatchedAt: { name: 'dispatched_at', type: 'timestamptz', nullable: true },
    onSceneAt: { name: 'on_scene_at', type: 'timestamptz', nullable: true },
    resolvedAt: { name: 'resolved_at', type: 'timestamptz', nullable: true },
    outcome: { type: 'text', nullable: true },
    rejectionReason: { name: 'rejection_reason', type: 'text', nullable: true },
    onSceneSeconds: { name: 'on_scene_seconds', type: 'int', nullable: true },
    resolveSeconds: { name: 'resolve_seconds', type: 'int', nullable: true },
    escalationLevel: { name: 'escalation_level', type: 'int', default: 0 },
    nextEscalationAt: { name: 'next_escalation_at', type: 'timestamptz', nullable: true },
    silencedUntil: { name: 'silenced_until', type: 'timestamptz', nullable: true },
    clonedPlate: { name: 'cloned_plate', type: 'jsonb', nullable: true },
    updatedAt: { name: 'updated_at', type: 'timestamptz' },
  },
  indices: [
    { name: 'alerts_one_open_per_seizure', columns: ['seizureId'], unique: true, where: `state NOT IN ('resolved', 'cancelled')` },
    { name: 'alerts_opened', columns: ['openedAt'] },
    { name: 'alerts_due_escalation', columns: ['nextEscalationAt'], where: 'next_escalation_at IS NOT NULL' },
    { name: 'alerts_resolved', columns: ['resolvedAt'] },
  ],
});

export { Alert, TimelineKind };

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
  @ForeignKey(() => Seizure, { name: 'hits_seizure_id_fkey' })
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

  /** What the camera saw of the vehicle (plate colour, body colour, brand, model, type). */
  @Column('jsonb', { name: 'seen_vehicle', nullable: true })
  seenVehicle: SeenVehicle | null;

  /** The attributes the seal and the read both describe, and whether they agree. */
  @Column('jsonb', { nullable: true })
  attributes: AttributeCheck[] | null;

  /** Why the plate may be cloned (套牌): attributes, impossible_travel; null when not suspected. */
  @Column('jsonb', { name: 'cloned_plate_reasons', nullable: true })
  clonedPlateReasons: ClonedPlateReason[] | null;

  /** For an impossible trip: the other read of the same plate. */
  @Column('jsonb', { name: 'impossible_travel', nullable: true })
  impossibleTravel: TravelEvidence | null;
}

/** The desk paused paging for one seal until `endsAt`. */
@Entity({ name: 'silences' })
@Index('silences_seizure', ['seizureId', 'endsAt'])
export class Silence {
  @PrimaryColumn('uuid')
  id: string;

  @Column('uuid', { name: 'seizure_id' })
  @ForeignKey(() => Seizure, { name: 'silences_seizure_id_fkey' })
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

/** A missed SLA target of an alert, once per target: how late, updated when the alert closes. */
@Entity({ name: 'sla_breaches' })
@Unique('sla_breaches_alert_id_target_key', ['alertId', 'target'])
@Check('sla_breaches_target_check', `target IN ('ack', 'on_scene', 'resolve')`)
@Index('sla_breaches_due', ['dueAt'])
export class SlaBreachRecord {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @Column('uuid', { name: 'alert_id' })
  alertId: string;

  @Column('text')
  target: SlaTarget;

  @Column('timestamptz', { name: 'due_at' })
  dueAt: Date;

  @Column('timestamptz', { name: 'recorded_at' })
  recordedAt: Date;

  @Column('int', { name: 'late_seconds' })
  lateSeconds: number;
}

/** A target flagged at risk, once per alert and target. */
@Entity({ name: 'sla_warnings' })
export class SlaWarningRecord {
  @PrimaryColumn('uuid', { name: 'alert_id' })
  alertId: string;

  @PrimaryColumn('text')
  target: SlaTarget;

  @Column('timestamptz', { name: 'at_risk_at' })
  atRiskAt: Date;

  @Column('timestamptz', { name: 'recorded_at' })
  recordedAt: Date;
}

/** An escalation level reached: the primary key makes each level happen once, whatever the number of instances. */
@Entity({ name: 'alert_escalations' })
export class EscalationRecord {
  @PrimaryColumn('uuid', { name: 'alert_id' })
  alertId: string;

  @PrimaryColumn('int')
  level: number;

  @Column('timestamptz', { name: 'escalated_at' })
  escalatedAt: Date;

  @Column('text', { name: 'target_role' })
  targetRole: string;

  @Column('uuid', { name: 'officer_ids', array: true, default: () => "'{}'" })
  officerIds: string[];
}
