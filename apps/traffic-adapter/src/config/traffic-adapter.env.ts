import { SystemApp } from '@app/contracts';
import { BooleanFlag, IsCronOrOff } from '@app/platform';
import { IsBoolean, IsInt, IsNumber, IsOptional, IsString, IsUrl, Max, Min } from 'class-validator';
import { DEFAULT_FALSE_HIT_BUDGET, DEFAULT_TEXT_ONLY_FALSE_HIT_BUDGET } from '../matching/false-hit-budget';
import { MAX_TWO_SLIP_CONFUSIONS } from '../matching/neighbourhood';
import { Gat1400Env } from '../gat1400/gat1400.env';

export class TrafficAdapterEnv extends Gat1400Env {
  PORT: number = 3001;

  /** Most sightings one POST may carry. */
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(10_000)
  SIGHTINGS_MAX_BATCH: number = 1000;

  /**
   * Share of ordinary reads allowed to raise an innocent car when the camera describes the vehicle
   * (body colour, make or type): the least score of a possible hit follows from it and from how
   * densely the watchlist covers the plates around each read; see docs/matching.md.
   */
  @IsOptional()
  @IsNumber()
  @Min(0.000001)
  @Max(0.1)
  MATCH_FALSE_HIT_BUDGET: number = DEFAULT_FALSE_HIT_BUDGET;

  /** The same for reads of the plate alone (or with only the plate's colour). */
  @IsOptional()
  @IsNumber()
  @Min(0.000001)
  @Max(0.1)
  MATCH_FALSE_HIT_BUDGET_TEXT_ONLY: number = DEFAULT_TEXT_ONLY_FALSE_HIT_BUDGET;

  /**
   * Two-slip lookups: how many of each read character's likeliest confusions out of its fold class
   * the index tries, to find plates two unlike slips away (0: none). The false-hit budget counts the
   * neighbours they make findable, so thresholds follow; see docs/matching.md. Unset: by the
   * watchlist's size (`twoSlipsFor`: 5 up to 20,000 seals, 3 up to 200,000, none above).
   */
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(MAX_TWO_SLIP_CONFUSIONS)
  MATCH_TWO_SLIPS?: number;

  /**
   * Weigh each read's confidence as its camera's own traffic says it weighs: a valid read at a
   * confidence where the camera's certain misreads gather may spend more of the false-hit budget,
   * one where they never fall less, the camera's average unchanged (matching/confidence-calibration.ts).
   * Off: every read spends the same.
   */
  @IsOptional()
  @BooleanFlag()
  @IsBoolean()
  MATCH_CONFIDENCE_CALIBRATION: boolean = true;

  /**
   * Weigh each read's share of the false-hit budget by how seldom its camera reads its prefix for
   * the seals the prefix holds: more for the out-of-town prefixes where sealed cars hide, less for
   * the local ones the camera reads all day, the camera's average unchanged
   * (matching/prefix-traffic.ts). Unset: on for a watchlist of more than 20,000 seals
   * (`trafficWeightingFor`); false: every prefix spends the same.
   */
  @IsOptional()
  @BooleanFlag()
  @IsBoolean()
  MATCH_TRAFFIC_WEIGHTING?: boolean;

  /**
   * Lend valid reads what reads no plate can be leave of their half of the false-hit budget
   * (matching/spare-budget.ts): on a watchlist too thin for a lost character to find many sealed
   * plates around it, one confusable character may then be raised at a lower score, the expected
   * false hits per read unchanged. Off: each kind of read keeps its half.
   */
  @IsOptional()
  @BooleanFlag()
  @IsBoolean()
  MATCH_SPARE_BUDGET: boolean = true;

  /** A fixed least evidence of a possible hit instead of the budget's (an override; unset by default). */
  @IsOptional()
  @IsNumber()
  @Min(0)
  MATCH_FUZZY_THRESHOLD?: number;

  /** Two exact reads of one plate needing more than this speed (great-circle km/h) mark a possible cloned plate. */
  @IsOptional()
  @IsNumber()
  @Min(10)
  @Max(2000)
  IMPOSSIBLE_TRAVEL_KMH: number = 150;

  /** Repeated hits of one seal at the same checkpoint within this many seconds are published once. */
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(86_400)
  HIT_FOLD_WINDOW_SECONDS: number = 120;

  /** A camera with no read for this long is reported quiet (the watch is blind there). */
  @IsOptional()
  @IsInt()
  @Min(10)
  FEED_QUIET_CAMERA_SECONDS: number = 600;

  /** A checkpoint group with no read from any of its cameras for this long is reported quiet. */
  @IsOptional()
  @IsInt()
  @Min(10)
  FEED_QUIET_GROUP_SECONDS: number = 600;

  /** The whole feed with no read at all for this long is reported quiet. */
  @IsOptional()
  @IsInt()
  @Min(10)
  FEED_QUIET_ALL_SECONDS: number = 120;

  /** Hits (traffic.hits) older than this are deleted by the nightly retention job. */
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(3650)
  HIT_RETENTION_DAYS: number = 90;

  /** Partitions of the intake topics one instance works on at once. */
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(64)
  KAFKA_PARTITIONS_CONSUMED_CONCURRENTLY: number = 6;

  /** Where court-gateway's watchlist export is read from for reconciliation. */
  @IsOptional()
  @IsUrl({ require_tld: false, require_protocol: true, protocols: ['http', 'https'] })
  COURT_GATEWAY_URL: string = 'http://localhost:3000';

  /** court-gateway API key with the watchlist_reader role, sent when reading the export. */
  @IsOptional()
  @IsString()
  COURT_GATEWAY_API_KEY?: string;

  /** node-cron schedule of the watchlist reconciliation with court-gateway; `off` disables it. */
  @IsOptional()
  @IsCronOrOff()
  RECONCILE_CRON: string = '*/10 * * * *';

  /** node-cron schedule of the job that marks lapsed seals expired; `off` disables it (matching ignores them anyway). */
  @IsOptional()
  @IsCronOrOff()
  WATCHLIST_EXPIRY_CRON: string = '* * * * *';

  /** How often each instance pulls watchlist changes written by other instances into its in-memory index (scheduled job `watchlist-refresh`). */
  @IsOptional()
  @IsInt()
  @Min(20)
  @Max(60_000)
  WATCHLIST_REFRESH_MS: number = 500;

  /** The traffic system's endpoint for interception requests (拦停); requests wait in the table while unset. */
  @IsOptional()
  @IsUrl({ require_tld: false })
  TRAFFIC_WEBHOOK_URL?: string;

  /** HMAC-SHA256 key for X-Signature over `timestamp.body`. */
  @IsOptional()
  @IsString()
  TRAFFIC_WEBHOOK_SECRET?: string;

  /** How far an inbound signed request's X-Timestamp may be from now; older ones are refused as replays. */
  @IsOptional()
  @IsInt()
  @Min(30)
  @Max(3600)
  WEBHOOK_TOLERANCE_SECONDS: number = 300;

  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(100)
  INTERCEPT_MAX_ATTEMPTS: number = 10;

  /** First retry delay; doubles each attempt (capped at 10 minutes). */
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(600)
  INTERCEPT_BACKOFF_SECONDS: number = 5;

  /** node-cron expression (with seconds) of the delivery retry loop. */
  @IsOptional()
  @IsString()
  INTERCEPT_DELIVERY_CRON = '*/5 * * * * *';
}

export const TRAFFIC_SCHEMA = 'traffic';
export const TRAFFIC_PRODUCER: SystemApp = 'traffic-adapter';
/** Fixed: renaming it would make the group start over from the earliest offset. */
export const TRAFFIC_GROUP_ID = 'traffic-adapter';
