import { CommonEnv, IsCronOrOff } from '@app/platform';
import { IsInt, IsOptional, IsUrl, Max, Min } from 'class-validator';

export class TrafficAdapterEnv extends CommonEnv {
  PORT = 3001;

  /** Most sightings one POST may carry. */
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(10_000)
  SIGHTINGS_MAX_BATCH: number = 1000;

  /** Where court-gateway's watchlist export is read from for reconciliation. */
  @IsOptional()
  @IsUrl({ require_tld: false, require_protocol: true, protocols: ['http', 'https'] })
  COURT_GATEWAY_URL: string = 'http://localhost:3000';

  /** node-cron schedule of the watchlist reconciliation with court-gateway; `off` disables it. */
  @IsOptional()
  @IsCronOrOff()
  RECONCILE_CRON: string = '*/10 * * * *';

  /** node-cron schedule of the job that marks lapsed seals expired; `off` disables it (matching ignores them anyway). */
  @IsOptional()
  @IsCronOrOff()
  WATCHLIST_EXPIRY_CRON: string = '* * * * *';

  /** How often each instance pulls watchlist changes written by other instances into its in-memory index. */
  @IsOptional()
  @IsInt()
  @Min(20)
  @Max(60_000)
  WATCHLIST_REFRESH_MS: number = 500;
}

export const TRAFFIC_SCHEMA = 'traffic';
export const TRAFFIC_PRODUCER = 'traffic-adapter';
/** Fixed: renaming it would make the group start over from the earliest offset. */
export const TRAFFIC_GROUP_ID = 'traffic-adapter';
