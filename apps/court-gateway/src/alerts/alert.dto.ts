import { IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';

export class AcknowledgeAlertDto {
  /** The officer acknowledging; defaults to the assignee. */
  @IsOptional()
  @IsUUID()
  officerId?: string;

  @IsOptional()
  @IsString()
  @MaxLength(1000)
  note?: string;
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
  acknowledgedAt: string | null;
  /** Seconds from opening to acknowledgement. */
  ackSeconds: number | null;
}

export class AlertView {
  id: string;
  state: string;
  priority: string;
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
  openedAt: string;
  closedAt: string | null;
  sla: AlertSlaView;
}

export class TimelineEntryView {
  at: string;
  kind: string;
  actor: string;
  details: Record<string, unknown>;
}

export class HitView {
  hitId: string;
  source: string;
  readPlate: string;
  cameraId: string;
  observedAt: string;
  confidence: number | null;
  location: { lat: number; lon: number; name?: string } | null;
  imageUrl: string | null;
  /** exact, or fuzzy: a possible hit to verify against the image. */
  match: string | null;
  /** 1 for exact; for possible hits, how likely the read is a misread of the sealed plate. */
  score: number | null;
  /** For possible hits: position in the sealed plate, its character, and what the camera read ('' when missing). */
  differences: { position: number; expected: string; read: string }[] | null;
}

export class AlertDetailView extends AlertView {
  timeline: TimelineEntryView[];
  hits: HitView[];
}
