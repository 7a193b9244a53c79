import { Type } from 'class-transformer';
import { ArrayMinSize, ArrayUnique, IsArray, IsDate, IsEnum, IsIn, IsInt, IsNotEmpty, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
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
  @IsIn(['ok', 'denied', 'failed'])
  outcome?: 'ok' | 'denied' | 'failed';

  @IsOptional()
  @Type(() => Date)
  @IsDate()
  from?: Date;

  @IsOptional()
  @Type(() => Date)
  @IsDate()
  to?: Date;

  /** Paging: entries with a smaller id than this (the last id of the previous page). */
  @IsOptional()
  @Matches(/^\d{1,18}$/)
  before?: string;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000)
  limit?: number;
}
