import { IsTimestamp } from '@app/contracts';
import { Transform } from 'class-transformer';
import { ApiProperty } from '@nestjs/swagger';
import { ArrayMinSize, ArrayUnique, IsArray, IsEnum, IsIn, IsInt, IsNotEmpty, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { Role } from './roles';

export class CreateApiKeyDto {
  /** Who holds the key, e.g. "防城港交警卡口平台" or "case system". */
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name: string;

  /** What the key may do: case_system, watchlist_reader, traffic_system or admin (per service). */
  @IsArray()
  @ArrayMinSize(1)
  @ArrayUnique()
  @IsEnum(Role, { each: true })
  roles: Role[];

  /** This key's requests per minute, instead of the service's RATE_LIMIT_PER_MINUTE. */
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  rateLimitPerMinute?: number;
}

export class AuditQueryDto {
  /** An actor's id or name (key name or username). */
  @IsOptional()
  @IsString()
  @MaxLength(200)
  actor?: string;

  /** seizure, alert, silence, roster, api-key, user, checkpoint, interception, … */
  @IsOptional()
  @IsString()
  @MaxLength(50)
  targetType?: string;

  @IsOptional()
  @IsString()
  @MaxLength(200)
  targetId?: string;

  /** e.g. seizures.release, alerts.acknowledge */
  @IsOptional()
  @IsString()
  @MaxLength(100)
  action?: string;

  @IsOptional()
  @IsIn(['ok', 'denied', 'refused', 'failed'])
  outcome?: 'ok' | 'denied' | 'refused' | 'failed';

  /** Entries at or after this instant (RFC 3339). */
  @IsOptional()
  @IsTimestamp()
  from?: string;

  /** Entries before this instant (RFC 3339). */
  @IsOptional()
  @IsTimestamp()
  to?: string;

  /** Paging: entries with a smaller id than this (the last id of the previous page). */
  @IsOptional()
  @Matches(/^\d{1,18}$/)
  before?: string;

  /** 1-1000, default 100. */
  @IsOptional()
  // Query text: only plain digits become a number ("1e3", "0x10" and "21.7" stay text and are refused).
  @Transform(({ value }) => (typeof value === 'string' && /^\d{1,4}$/.test(value) ? Number(value) : value))
  @IsInt()
  @Min(1)
  @Max(1000)
  limit?: number;
}

/** A system's API key, as admins see it (never the key). */
export class ApiKeyView {
  id: string;
  name: string;
  @ApiProperty({ enum: Role, isArray: true })
  roles: Role[];
  keyPrefix: string;
  rateLimitPerMinute: number | null;
  createdAt: string;
  createdBy: string | null;
  revokedAt: string | null;
  lastUsedAt: string | null;
}

/** An entry of the audit log. */
export class AuditRecordView {
  id: string;
  at: string;
  @ApiProperty({ type: 'object', properties: { kind: { type: 'string', enum: ['api_key', 'user', 'anonymous'] }, id: { type: 'string', nullable: true }, name: { type: 'string', nullable: true }, roles: { type: 'array', items: { type: 'string' } } }, required: ['kind', 'id', 'name', 'roles'] })
  actor: { kind: string; id: string | null; name: string | null; roles: string[] };
  /** `seizures.release`, `request.refused_before_routing`, … */
  action: string;
  method: string;
  path: string;
  @ApiProperty({ type: 'object', properties: { type: { type: 'string', nullable: true }, id: { type: 'string', nullable: true } }, required: ['type', 'id'] })
  target: { type: string | null; id: string | null };
  status: number;
  @ApiProperty({ enum: ['ok', 'denied', 'refused', 'failed'] })
  outcome: string;
  correlationId: string | null;
  clientIp: string | null;
  /** The request body (plates masked, secrets redacted, hostile text made safe) and, for a refusal, `error`. */
  @ApiProperty({ type: 'object', additionalProperties: true, nullable: true })
  details: unknown;
}

export class AuditPage {
  items: AuditRecordView[];
  /** Pass as `before` for the next (older) page; null on the last. */
  next: string | null;
}

export class IssuedApiKeyView extends ApiKeyView {
  /** The key itself: in this answer only (the service keeps its SHA-256). */
  key: string;
}
