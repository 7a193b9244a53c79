import { CommonEnv } from '@app/platform';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

export class TrafficAdapterEnv extends CommonEnv {
  PORT = 3001;

  /** Most sightings one POST may carry. */
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(10_000)
  SIGHTINGS_MAX_BATCH = 1000;
}

export const TRAFFIC_SCHEMA = 'traffic';
export const TRAFFIC_PRODUCER = 'traffic-adapter';
/** Fixed: renaming it would make the group start over from the earliest offset. */
export const TRAFFIC_GROUP_ID = 'traffic-adapter';
