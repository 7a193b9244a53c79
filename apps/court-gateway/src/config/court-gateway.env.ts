import { SystemApp } from '@app/contracts';
import { BooleanFlag, CommonEnv, IsCronOrOff } from '@app/platform';
import { IsBoolean, IsIn, IsInt, IsNumber, IsOptional, IsString, IsUrl, Matches, Max, Min, MinLength, ValidateBy } from 'class-validator';
import { parseSlaTargets } from '../alerts/domain/sla';

/** The problem parseSlaTargets finds in a value, or null. */
const slaTargetsProblem = (value: unknown): string | null => {
  try {
    parseSlaTargets(String(value));
    return null;
  } catch (error) {
    return (error as Error).message;
  }
};

/** SLA_TARGETS parses: JSON, known priorities, known targets, positive minutes. */
const IsSlaTargets = () =>
  ValidateBy({
    name: 'isSlaTargets',
    validator: {
      validate: (value: unknown) => typeof value === 'string' && slaTargetsProblem(value) === null,
      defaultMessage: (args) => `${slaTargetsProblem(args?.value) ?? 'SLA_TARGETS must be a JSON object'}, e.g. {"livelihood":{"ack":3,"onScene":20,"resolve":120}}`,
    },
  });

export class CourtGatewayEnv extends CommonEnv {
  PORT: number = 3000;

  /** The court's local time zone: duty rosters are written in it. */
  @IsOptional()
  @IsString()
  COURT_TIMEZONE: string = 'Asia/Shanghai';

  /** Minutes from an alert opening to its acknowledgement. */
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(1440)
  SLA_ACK_MINUTES: number = 5;

  /** Minutes from an alert opening to an officer on scene (the reported benchmark is 30). */
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(1440)
  SLA_ON_SCENE_MINUTES: number = 30;

  /** Minutes from an alert opening to its resolution. */
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(10080)
  SLA_RESOLVE_MINUTES: number = 240;

  /** Seeds demo officers and shifts when the roster is empty (for `npm start` and tests). */
  @IsOptional()
  @BooleanFlag()
  @IsBoolean()
  SEED_DEMO_ROSTER: boolean = false;

  /** Days before a seal lapses that the registering court is warned (the statutory term is two years). */
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(365)
  SEAL_EXPIRY_WARNING_DAYS: number = 30;

  /** node-cron schedule of the job that expires lapsed seals and warns of coming ones; `off` disables it. */
  @IsOptional()
  @IsCronOrOff()
  SEAL_EXPIRY_CRON: string = '* * * * *';

  /** jurisdiction: the team covering the checkpoint; nearest: the on-duty team with the nearest base. */
  @IsOptional()
  @IsIn(['jurisdiction', 'nearest'])
  ROUTING_MODE: 'jurisdiction' | 'nearest' = 'jurisdiction';

  /**
   * Per-priority SLA targets in minutes as JSON, overriding the defaults, e.g.
   * {"livelihood":{"ack":3,"onScene":20,"resolve":120}}. Priorities: livelihood, inspection, normal.
   */
  @IsOptional()
  @IsString()
  @IsSlaTargets()
  SLA_TARGETS?: string;

  /** Share of each SLA target after which the alert is flagged at risk. */
  @IsOptional()
  @IsNumber()
  @Min(0.1)
  @Max(0.99)
  SLA_AT_RISK_SHARE: number = 0.8;

  /** Minutes between escalation levels after the acknowledgement deadline. */
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(1440)
  ESCALATION_REPEAT_MINUTES: number = 5;

  /** Last escalation level: 1 = team lead, 2 = duty director, further levels repeat to the duty director. */
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(20)
  ESCALATION_MAX_LEVEL: number = 4;

  /** node-cron expression (with seconds) of the escalation, SLA and notification pass (the `oncall` job); `off` disables it. */
  @IsOptional()
  @IsCronOrOff()
  SCHEDULER_CRON = '*/15 * * * * *';

  /** Signed outbound webhook of the SMS / messaging gateway; no webhook pages when unset. */
  @IsOptional()
  @IsUrl({ require_tld: false })
  NOTIFY_WEBHOOK_URL?: string;

  @IsOptional()
  @IsString()
  NOTIFY_WEBHOOK_SECRET?: string;

  /** Attempts before a webhook notification is given up as failed. */
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(50)
  NOTIFY_MAX_ATTEMPTS: number = 8;

  /** First retry delay; doubles with each attempt (capped at one hour). */
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(3600)
  NOTIFY_BACKOFF_SECONDS: number = 10;

  /**
   * Web Push (VAPID) key pair of this deployment, base64url as `npx web-push generate-vapid-keys`
   * prints them. Unset outside production (NODE_ENV≠production): a throwaway pair is generated at
   * start and phones must re-enable push after every restart. Unset in production: no push, the
   * webhook pages alone.
   */
  @IsOptional()
  @Matches(/^[A-Za-z0-9_-]{87}$/, { message: 'VAPID_PUBLIC_KEY must be an uncompressed P-256 public key, base64url (87 characters)' })
  VAPID_PUBLIC_KEY?: string;

  @IsOptional()
  @Matches(/^[A-Za-z0-9_-]{43}$/, { message: 'VAPID_PRIVATE_KEY must be a P-256 private key, base64url (43 characters)' })
  VAPID_PRIVATE_KEY?: string;

  /** Who runs this server, for the push services (RFC 8292 `sub`): a mailto: or https: URL. */
  @IsOptional()
  @Matches(/^(mailto:|https:\/\/)\S+$/, { message: 'VAPID_SUBJECT must be a mailto: or https: URL' })
  VAPID_SUBJECT: string = 'mailto:enforcement-it@court.example';

  /**
   * Hosts (or parent domains) a device's push endpoint may point at, comma-separated: the server
   * POSTs to these and nowhere else. The browsers' push services by default.
   */
  @IsOptional()
  @IsString()
  PUSH_ENDPOINT_HOSTS: string = 'fcm.googleapis.com,updates.push.services.mozilla.com,push.apple.com,notify.windows.com';

  /** PEM file of extra certificate authorities trusted for push endpoints (a TLS-inspecting proxy's, a test push service's). */
  @IsOptional()
  @IsString()
  PUSH_CA_FILE?: string;

  /** How long a push service keeps trying to reach a phone that is off: an alert older than this is stale. */
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(86400)
  PUSH_TTL_SECONDS: number = 1800;

  /** Phones one officer may enable for push at once; every page goes to all of them. */
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(20)
  PUSH_DEVICES_PER_OFFICER: number = 5;

  /** Fastest believable speed between two position fixes (km/h); faster is refused as implausible. */
  @IsOptional()
  @IsInt()
  @Min(10)
  @Max(1000)
  POSITION_MAX_SPEED_KMH: number = 200;

  /** Worst accepted fix accuracy in metres: a vaguer fix says nothing about where the officer is. */
  @IsOptional()
  @IsInt()
  @Min(10)
  @Max(100000)
  POSITION_MAX_ACCURACY_M: number = 2000;

  /** A shared position older than this no longer counts for `nearest` routing. */
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(240)
  LIVE_POSITION_MAX_AGE_MINUTES: number = 10;

  /** Where the built desk and report pages are (scripts/build-web.ts), relative to the working directory. */
  @IsOptional()
  @IsString()
  WEB_DIR: string = 'dist/web';

  /** Signs people's session tokens (HS256); at least 32 characters. Without it nobody can sign in (API keys still work). */
  @IsOptional()
  @IsString()
  @MinLength(32)
  AUTH_TOKEN_SECRET?: string;

  /** How long a sign-in lasts: a 12-hour duty shift by default. */
  @IsOptional()
  @IsInt()
  @Min(5)
  @Max(7 * 24 * 60)
  AUTH_TOKEN_TTL_MINUTES: number = 720;

  /**
   * The storage yards (停车场) a seized car may go to, as a JSON array of
   * `{ "id", "name", "address"?, "dailyRateYuan" }`, or the path of a JSON file holding it
   * (IMPOUND_YARDS_FILE). Checked at start (src/impounds/yards.ts). With neither, a demo roster
   * (SEED_DEMO_ROSTER) gets two demo yards and a real one none (recording a seizure is refused).
   */
  @IsOptional()
  @IsString()
  IMPOUND_YARDS?: string;

  @IsOptional()
  @IsString()
  IMPOUND_YARDS_FILE?: string;

  /** Custody fees reaching this share of the car's estimated value raise the fee warning (desk, phone, /metrics). */
  @IsOptional()
  @IsNumber()
  @Min(0.01)
  @Max(10)
  IMPOUND_FEE_WARNING_SHARE: number = 0.3;

  /** Largest photo of a seizure record, in bytes (after upload, before metadata is stripped). */
  @IsOptional()
  @IsInt()
  @Min(10_000)
  @Max(50_000_000)
  IMPOUND_PHOTO_MAX_BYTES: number = 8_000_000;

  /** Photos per seizure record. */
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(30)
  IMPOUND_PHOTO_MAX_COUNT: number = 10;

  /** A TrueType collection or font with Chinese glyphs, embedded in the papers (PDF). Checked at start; see src/impounds/papers.ts for the defaults searched. */
  @IsOptional()
  @IsString()
  PAPERS_FONT_PATH?: string;

  /** The court's name as printed on the papers (协助执行通知书, 扣押清单). */
  @IsOptional()
  @IsString()
  COURT_NAME: string = '防城港市防城区人民法院';

  /** Addressee of the 协助执行通知书: the traffic police's vehicle administration. */
  @IsOptional()
  @IsString()
  TRAFFIC_POLICE_UNIT: string = '防城港市公安局交通警察支队车辆管理所';
}

export const COURT_SCHEMA = 'court';
export const COURT_PRODUCER: SystemApp = 'court-gateway';
/** Fixed: renaming it would make the group start over from the earliest offset. */
export const COURT_GROUP_ID = 'court-gateway';
