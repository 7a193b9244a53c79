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

  @Column('timestamptz', { name: 'updated_at' })
  updatedAt: Date;
}

export enum TimelineKind {
  Opened = 'opened',
  Assigned = 'assigned',
  Hit = 'hit',
  Acknowledged = 'acknowledged',
  Cancelled = 'cancelled',
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
