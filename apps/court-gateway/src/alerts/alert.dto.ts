import { HitSource, MatchKind } from '@app/contracts';
import { NotificationStatus } from '../notifications/notification.entity';
import { TimelineKind } from './domain/alert-timeline';
import { AlertPriority } from './domain/sla';
import { ApiProperty } from '@nestjs/swagger';
import { IsEnum, IsInt, IsNotEmpty, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min } from 'class-validator';
import { AlertAction, AlertOutcome, AlertState, RejectionReason } from './domain/alert-lifecycle';

/** Body of every alert action: who acts (until authentication exists) and a note. */
export class AlertActionDto {
  /** The acting officer; defaults to the assignee. */
  @IsOptional()
  @IsUUID()
  officerId?: string;

  @IsOptional()
  @IsString()
  @MaxLength(1000)
  note?: string;
}

/** Kept for the acknowledge endpoint's OpenAPI name. */
export class AcknowledgeAlertDto extends AlertActionDto {}

export class RejectAlertDto extends AlertActionDto {
  @ApiProperty({ enum: RejectionReason })
  @IsEnum(RejectionReason)
  reason: RejectionReason;
}

export class ResolveAlertDto extends AlertActionDto {
  @ApiProperty({ enum: AlertOutcome })
  @IsEnum(AlertOutcome)
  outcome: AlertOutcome;
}

export class RequestInterceptionDto extends AlertActionDto {
  /** Number the traffic police call back. */
  @IsOptional()
  @Matches(/^\+?[0-9 -]{5,20}$/, { message: 'contactPhone must be digits, optionally with + and spaces' })
  contactPhone?: string;
}

export class CreateSilenceDto {
  @IsInt()
  @Min(1)
  @Max(10080)
  minutes: number;

  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  reason: string;

  @IsOptional()
  @IsUUID()
  officerId?: string;
}

export class SilenceView {
  id: string;
  seizureId: string;
  startsAt: string;
  endsAt: string;
  reason: string;
  createdBy: string;
}

export class AlertPartyView {
  id: string;
  name: string;
  badge?: string;
}

export class AlertSlaView {
  ackDueAt: string;
  onSceneDueAt: string;
  resolveDueAt: string;
  ackAtRiskAt: string;
  onSceneAtRiskAt: string;
  resolveAtRiskAt: string;
  acknowledgedAt: string | null;
  onSceneAt: string | null;
  resolvedAt: string | null;
  /** Seconds from opening to acknowledgement. */
  ackSeconds: number | null;
  onSceneSeconds: number | null;
  resolveSeconds: number | null;
  /** The same figures per target, in order (ack, on_scene, resolve): what the desk's countdowns read. */
  targets: SlaTargetView[];
}

export class SlaTargetView {
  @ApiProperty({ enum: ['ack', 'on_scene', 'resolve'] })
  target: string;
  dueAt: string;
  atRiskAt: string;
  /** When the target was met; null while it is not. */
  metAt: string | null;
  /** Seconds from opening to meeting it (whole seconds, counted down). */
  seconds: number | null;
}

export class LocationView {
  lat: number;
  lon: number;
  name?: string;
}

export class AlertView {
  id: string;
  state: AlertState;
  priority: AlertPriority;
  seizureId: string;
  caseNumber: string;
  plate: string;
  tribunal: string | null;
  team: AlertPartyView;
  assignee: AlertPartyView | null;
  routingReason: string;
  hitCount: number;
  firstSeenAt: string;
  lastSeenAt: string;
  lastCameraId: string;
  lastLocation: LocationView | null;
  source: HitSource;
  match: MatchKind;
  openedAt: string;
  closedAt: string | null;
  outcome: AlertOutcome | null;
  rejectionReason: RejectionReason | null;
  silencedUntil: string | null;
  /** 0 = not escalated. */
  escalationLevel: number;
  /**
   * Possible cloned plate (套牌): `reasons` (attributes: an exact read on a car whose colour, make or
   * type contradicts the seal; impossible_travel: the plate was also read too far away too soon),
   * the hit that raised it and where, and for impossible travel the other read. Check the car
   * before anyone stops it. Null when no hit suspected one.
   */
  clonedPlate: { reasons: string[]; hitId: string; at: string; place: LocationView | null; otherRead: TravelView | null } | null;
  /**
   * What the caller may do now: the endpoint names under `/api/v1/alerts/{id}/` the lifecycle
   * allows from this state and the caller's role and roster place allow, plus `silence`
   * (`POST /api/v1/seizures/{seizureId}/silences`). Empty for a closed alert or a caller who only looks.
   */
  @ApiProperty({ enum: [...Object.values(AlertAction), 'silence'], isArray: true })
  allowedActions: string[];
  sla: AlertSlaView;
}

export class TimelineEntryView {
  at: string;
  kind: TimelineKind;
  actor: string;
  details: Record<string, unknown>;
}

export class HitView {
  hitId: string;
  source: HitSource;
  readPlate: string;
  cameraId: string;
  observedAt: string;
  confidence: number | null;
  location: LocationView | null;
  imageUrl: string | null;
  /** exact, or fuzzy: a possible hit to verify against the image. */
  match: MatchKind | null;
  /** 1 for exact; for possible hits, how likely the read is a misread of the sealed plate. */
  score: number | null;
  /** For possible hits: position in the sealed plate, its character, and what the camera read ('' when missing). */
  differences: { position: number; expected: string; read: string }[] | null;
  /** What the camera saw of the vehicle: plateColor, vehicleColor, vehicleBrand, vehicleModel, vehicleType. */
  seenVehicle: { plateColor?: string; vehicleColor?: string; vehicleBrand?: string; vehicleModel?: string; vehicleType?: string } | null;
  /** Attributes both the seal and the read describe: attribute, verdict (agree / near / differ), sealed, seen. */
  attributes: { attribute: string; verdict: string; sealed: string; seen: string }[] | null;
  /** This hit suggests a cloned plate (套牌). */
  clonedPlate: boolean;
  clonedPlateReasons: string[] | null;
  /** For impossible travel: the other read of the plate. */
  impossibleTravel: TravelView | null;
}

/** Another read of the same plate: where, when, how far, how fast the trip would have been. */
export class TravelView {
  cameraId: string;
  checkpointId?: string;
  location: LocationView;
  observedAt: string;
  distanceKm: number;
  speedKmh: number;
}

export class NotificationView {
  at: string;
  channel: string;
  recipient: string;
  status: NotificationStatus;
  reason: string;
  attempts: number;
  deliveredAt: string | null;
}

export class AlertDetailView extends AlertView {
  timeline: TimelineEntryView[];
  hits: HitView[];
  seizure: Record<string, unknown>;
  notifications: NotificationView[];
}
