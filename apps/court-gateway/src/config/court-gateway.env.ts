import { BooleanFlag, CommonEnv } from '@app/platform';
import { IsBoolean, IsInt, IsOptional, IsString, Max, Min } from 'class-validator';

export class CourtGatewayEnv extends CommonEnv {
  PORT = 3000;

  /** The court's local time zone: duty rosters are written in it. */
  @IsOptional()
  @IsString()
  COURT_TIMEZONE = 'Asia/Shanghai';

  /** Minutes from an alert opening to its acknowledgement. */
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(1440)
  SLA_ACK_MINUTES = 5;

  /** Minutes from an alert opening to an officer on scene (the reported benchmark is 30). */
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(1440)
  SLA_ON_SCENE_MINUTES = 30;

  /** Minutes from an alert opening to its resolution. */
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(10080)
  SLA_RESOLVE_MINUTES = 240;

  /** Seeds demo officers and shifts when the roster is empty (for `npm start` and tests). */
  @IsOptional()
  @BooleanFlag()
  @IsBoolean()
  SEED_DEMO_ROSTER = false;

  /** Where the built desk and report pages are (scripts/build-web.ts), relative to the working directory. */
  @IsOptional()
  @IsString()
  WEB_DIR = 'dist/web';
}

export const COURT_SCHEMA = 'court';
export const COURT_PRODUCER = 'court-gateway';
/** Fixed: renaming it would make the group start over from the earliest offset. */
export const COURT_GROUP_ID = 'court-gateway';
