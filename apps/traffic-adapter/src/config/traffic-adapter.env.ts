import { CommonEnv } from '@app/platform';
import { IsInt, IsNumber, IsOptional, Max, Min } from 'class-validator';
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
}

export const TRAFFIC_SCHEMA = 'traffic';
export const TRAFFIC_PRODUCER = 'traffic-adapter';
/** Fixed: renaming it would make the group start over from the earliest offset. */
export const TRAFFIC_GROUP_ID = 'traffic-adapter';
