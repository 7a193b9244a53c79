import { CommonEnv } from '@app/platform';
import { IsInt, IsNumber, IsOptional, IsString, IsUrl, Max, Min } from 'class-validator';
import { DEFAULT_FUZZY_THRESHOLD } from '../matching/plate-match';

export class TrafficAdapterEnv extends CommonEnv {
  PORT = 3001;

  /** Most sightings one POST may carry. */
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(10_000)
  SIGHTINGS_MAX_BATCH = 1000;

  /** Least score (0..1) of a misread for it to become a possible hit; see docs/matching.md. */
  @IsOptional()
  @IsNumber()
  @Min(0)
  @Max(1)
  MATCH_FUZZY_THRESHOLD = DEFAULT_FUZZY_THRESHOLD;

  /** The traffic system's endpoint for interception requests (拦停); requests wait in the table while unset. */
  @IsOptional()
  @IsUrl({ require_tld: false })
  TRAFFIC_WEBHOOK_URL?: string;

  /** HMAC-SHA256 key for X-Signature over `timestamp.body`. */
  @IsOptional()
  @IsString()
  TRAFFIC_WEBHOOK_SECRET?: string;

  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(100)
  INTERCEPT_MAX_ATTEMPTS = 10;

  /** First retry delay; doubles each attempt (capped at 10 minutes). */
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(600)
  INTERCEPT_BACKOFF_SECONDS = 5;

  /** node-cron expression (with seconds) of the delivery retry loop. */
  @IsOptional()
  @IsString()
  INTERCEPT_DELIVERY_CRON = '*/5 * * * * *';
}

export const TRAFFIC_SCHEMA = 'traffic';
export const TRAFFIC_PRODUCER = 'traffic-adapter';
/** Fixed: renaming it would make the group start over from the earliest offset. */
export const TRAFFIC_GROUP_ID = 'traffic-adapter';
