import { CHECKPOINT_ID, CHECKPOINT_ID_RULE } from '@app/contracts';
import { BooleanFlag, CommaList, CommonEnv, IsCronOrOff } from '@app/platform';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, IsUrl, Matches, Max, Min, ValidateBy, ValidateIf } from 'class-validator';
import { codeTablesFrom } from './mapping/code-tables';
import { GAT1400_ID, GAT1400_ID_RULE } from './viid/viid-ids';
import { parseUtcOffset } from './viid/viid-time';

const GAT_ID_MESSAGE = (name: string) => `${name} must be ${GAT1400_ID_RULE}`;

/** A lower device or platform allowed to register with us, with its digest credentials. */
export interface Gat1400DeviceCredential {
  id: string;
  username: string;
  password: string;
}

/** GAT1400_SERVER_DEVICES: a JSON array of `{ id, username?, password }` (username defaults to the id). */
export function parseDeviceCredentials(value: string | undefined): Gat1400DeviceCredential[] {
  if (!value) return [];
  const parsed: unknown = JSON.parse(value);
  if (!Array.isArray(parsed)) throw new Error('must be a JSON array of { id, username?, password }');
  return parsed.map((d, i) => {
    if (typeof d !== 'object' || d === null) throw new Error(`[${i}] must be an object`);
    const { id, username, password } = d as Record<string, unknown>;
    if (typeof id !== 'string' || !GAT1400_ID.test(id)) throw new Error(`[${i}].id must be a 20-digit GA/T 1400 id`);
    if (typeof password !== 'string' || password.length < 8) throw new Error(`[${i}].password must be at least 8 characters`);
    if (username !== undefined && (typeof username !== 'string' || username.length === 0)) throw new Error(`[${i}].username must be a non-empty string`);
    return { id, username: (username as string | undefined) ?? id, password };
  });
}

const IsParsable = (parse: (value: string) => unknown) =>
  ValidateBy({
    name: 'isParsable',
    validator: {
      validate: (value: unknown) => {
        try {
          parse(String(value));
          return true;
        } catch {
          return false;
        }
      },
      defaultMessage: (args) => {
        try {
          parse(String(args?.value));
          return '';
        } catch (error) {
          return `${args?.property} ${(error as Error).message}`;
        }
      },
    },
  });

/**
 * The GA/T 1400 connector's variables (README: GA/T 1400). Both roles are off unless configured:
 * the client role by GAT1400_PLATFORM_URL, the 视图库 role by GAT1400_SERVER_DEVICES. Credentials
 * come from the environment only.
 */
export class Gat1400Env extends CommonEnv {
  // ── the police 视图库 we are a client of ──
  /** Base URL of the police 视图库, e.g. http://10.45.6.7:8080; setting it turns the client role on. */
  @IsOptional()
  @IsUrl({ require_tld: false, require_protocol: true, protocols: ['http', 'https'] })
  GAT1400_PLATFORM_URL?: string;

  /** The platform's own 20-digit id: notifications must carry it as User-Identify. */
  @ValidateIf((e: Gat1400Env) => Boolean(e.GAT1400_PLATFORM_URL) || e.GAT1400_PLATFORM_ID !== undefined)
  @Matches(GAT1400_ID, { message: GAT_ID_MESSAGE('GAT1400_PLATFORM_ID') })
  GAT1400_PLATFORM_ID?: string;

  /** Our 20-digit id as the platform registered it (RegisterObject.DeviceID, our User-Identify). */
  @ValidateIf((e: Gat1400Env) => Boolean(e.GAT1400_PLATFORM_URL) || e.GAT1400_DEVICE_ID !== undefined)
  @Matches(GAT1400_ID, { message: GAT_ID_MESSAGE('GAT1400_DEVICE_ID') })
  GAT1400_DEVICE_ID?: string;

  @ValidateIf((e: Gat1400Env) => Boolean(e.GAT1400_PLATFORM_URL))
  @IsString({ message: 'GAT1400_USERNAME is required with GAT1400_PLATFORM_URL (digest user name the platform gave us)' })
  GAT1400_USERNAME?: string;

  @ValidateIf((e: Gat1400Env) => Boolean(e.GAT1400_PLATFORM_URL))
  @IsString({ message: 'GAT1400_PASSWORD is required with GAT1400_PLATFORM_URL' })
  GAT1400_PASSWORD?: string;

  /** PEM file of the CA that signed the platform's certificate (https platform URL). */
  @IsOptional()
  @IsString()
  GAT1400_PLATFORM_CA?: string;

  /** `disposition` (布控, the default: the platform matches and sends alarms) or `subscription` (every pass record, matched here). */
  @IsOptional()
  @IsIn(['disposition', 'subscription'])
  GAT1400_MODE: 'disposition' | 'subscription' = 'disposition';

  /** Our base URL as the platform reaches it; notifications go to <it>/VIID/DispositionNotifications or /VIID/SubscribeNotifications. */
  @ValidateIf((e: Gat1400Env) => Boolean(e.GAT1400_PLATFORM_URL) || e.GAT1400_RECEIVE_URL !== undefined)
  @IsUrl({ require_tld: false, require_protocol: true, protocols: ['http', 'https'] }, { message: 'GAT1400_RECEIVE_URL must be our base URL as the platform reaches it, e.g. http://10.45.6.8:3001' })
  GAT1400_RECEIVE_URL?: string;

  @IsOptional()
  @IsInt()
  @Min(5)
  @Max(600)
  GAT1400_KEEPALIVE_SECONDS: number = 30;

  /** How long a request to the platform may take before it counts as unanswered. */
  @IsOptional()
  @IsInt()
  @Min(200)
  @Max(60_000)
  GAT1400_REQUEST_TIMEOUT_MS: number = 5000;

  /** Clock difference to the platform's /VIID/System/Time above which the link is reported unhealthy. */
  @IsOptional()
  @IsInt()
  @Min(1)
  GAT1400_MAX_CLOCK_SKEW_SECONDS: number = 60;

  // ── 布控 (disposition mode) ──
  /** `area` (DispositionArea, the default) or `tollgates` (TollgateList). */
  @IsOptional()
  @IsIn(['area', 'tollgates'])
  GAT1400_DISPOSITION_RANGE: 'area' | 'tollgates' = 'area';

  /** GB/T 2260 area code of the 布控 (e.g. 450600 防城港市). */
  @ValidateIf((e: Gat1400Env) => Boolean(e.GAT1400_PLATFORM_URL) && e.GAT1400_MODE === 'disposition' && e.GAT1400_DISPOSITION_RANGE === 'area')
  @Matches(/^\d{6}$/, { message: 'GAT1400_DISPOSITION_AREA must be a 6-digit GB/T 2260 area code (e.g. 450600) when dispositions cover an area' })
  GAT1400_DISPOSITION_AREA?: string;

  @ValidateIf((e: Gat1400Env) => Boolean(e.GAT1400_PLATFORM_URL) && e.GAT1400_DISPOSITION_RANGE === 'tollgates')
  @CommaList()
  // The platform's tollgate ids, as its pass records and POST /VIID/Tollgates carry them: the standard's 20 digits, or the ids a platform outside it uses (the checkpoint id rule, which those become here).
  @Matches(CHECKPOINT_ID, { each: true, message: `GAT1400_DISPOSITION_TOLLGATES must be comma-separated tollgate ids, each ${CHECKPOINT_ID_RULE} (the standard's are 20 digits)` })
  GAT1400_DISPOSITION_TOLLGATES: string[] = [];

  @IsOptional()
  @IsString()
  GAT1400_APPLICANT_NAME: string = '法院执行指挥中心';

  @IsOptional()
  @IsString()
  GAT1400_APPLICANT_ORG: string = '人民法院';

  /** Contact of the applicant (a phone number), sent as ApplicantInfo. */
  @IsOptional()
  @IsString()
  GAT1400_APPLICANT_INFO?: string;

  /** Mobile the platform may text alarms to (ReceiveMobile); optional. */
  @IsOptional()
  @IsString()
  GAT1400_RECEIVE_MOBILE?: string;

  /** node-cron schedule of the full comparison of dispositions with the watchlist and the platform; `off` disables it. */
  @IsOptional()
  @IsCronOrOff()
  GAT1400_RECONCILE_CRON: string = '*/5 * * * *';

  /** Seconds between passes that carry watchlist changes to the platform (each change also triggers one at once). */
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(3600)
  GAT1400_SYNC_SECONDS: number = 10;

  // ── subscription mode ──
  /** Tollgates whose pass records we subscribe to (ResourceURI). */
  @ValidateIf((e: Gat1400Env) => Boolean(e.GAT1400_PLATFORM_URL) && e.GAT1400_MODE === 'subscription')
  @CommaList()
  // As GAT1400_DISPOSITION_TOLLGATES: the platform's ids, standard or not.
  @Matches(CHECKPOINT_ID, { each: true, message: `GAT1400_SUBSCRIBE_TOLLGATES must be comma-separated tollgate ids (or device ids, or one 视图库 id, by GAT1400_SUBSCRIBE_RESOURCE_CLASS), each ${CHECKPOINT_ID_RULE} (the standard's are 20 digits)` })
  GAT1400_SUBSCRIBE_TOLLGATES: string[] = [];

  /** ResourceClass: 0 tollgates (default), 1 devices, 4 a whole 视图库. */
  @IsOptional()
  @IsIn(['0', '1', '4'])
  GAT1400_SUBSCRIBE_RESOURCE_CLASS: '0' | '1' | '4' = '0';

  /** SubscribeDetail as this platform wants it: 13 = motor vehicles (some platforms want "13,"). */
  @IsOptional()
  @Matches(/^13,?$/, { message: 'GAT1400_SUBSCRIBE_DETAIL must be 13 (motor vehicles) or "13," for platforms that want the trailing comma' })
  GAT1400_SUBSCRIBE_DETAIL: string = '13';

  /** How long each subscription runs (EndTime); it is renewed before it ends. */
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(8760)
  GAT1400_SUBSCRIBE_HOURS: number = 24;

  /** Renew this many minutes before EndTime. */
  @IsOptional()
  @IsInt()
  @Min(1)
  GAT1400_SUBSCRIBE_RENEW_MINUTES: number = 60;

  @IsOptional()
  @BooleanFlag()
  @IsBoolean()
  GAT1400_SUBSCRIBE_CANCEL_ON_SHUTDOWN: boolean = false;

  // ── notifications we receive ──
  /** Addresses or CIDR ranges allowed to post to /VIID (besides the User-Identify check); empty: any. */
  @IsOptional()
  @CommaList()
  @IsString({ each: true })
  GAT1400_ALLOW_FROM: string[] = [];

  /** Refuse /VIID requests not made over TLS (as seen directly, or through TRUST_PROXY). */
  @IsOptional()
  @BooleanFlag()
  @IsBoolean()
  GAT1400_REQUIRE_TLS: boolean = false;

  // ── the 视图库 role: lower devices and platforms pushing to us ──
  /** JSON array `[{ "id": "<20 digits>", "username"?: "…", "password": "…" }]`; setting it turns the 视图库 role on. */
  @IsOptional()
  @IsParsable(parseDeviceCredentials)
  GAT1400_SERVER_DEVICES?: string;

  /** Our 视图库's own 20-digit id (VIIDServerID); defaults to GAT1400_DEVICE_ID. */
  @IsOptional()
  @Matches(GAT1400_ID, { message: GAT_ID_MESSAGE('GAT1400_SERVER_ID') })
  GAT1400_SERVER_ID?: string;

  /** Shared by every instance: signs digest nonces so any instance accepts another's. Default: derived from the device credentials. */
  @IsOptional()
  @IsString()
  GAT1400_SERVER_NONCE_SECRET?: string;

  @IsOptional()
  @IsInt()
  @Min(10)
  @Max(3600)
  GAT1400_SERVER_NONCE_SECONDS: number = 300;

  /** A registered device with no keepalive for this long has lapsed and must register again. */
  @IsOptional()
  @IsInt()
  @Min(30)
  @Max(3600)
  GAT1400_SERVER_LAPSE_SECONDS: number = 180;

  /** Requests of a registered device must come from the address it registered from. */
  @IsOptional()
  @BooleanFlag()
  @IsBoolean()
  GAT1400_SERVER_BIND_ADDRESS: boolean = true;

  // ── both roles ──
  /** The platforms' local time zone (their times carry none). */
  @IsOptional()
  @IsParsable((v) => {
    if (parseUtcOffset(v) === null) throw new Error('must be a UTC offset such as +08:00');
  })
  GAT1400_TIMEZONE: string = '+08:00';

  /** JSON overrides of the code tables (README: GA/T 1400 code tables). */
  @IsOptional()
  @IsParsable((v) => codeTablesFrom(JSON.parse(v)))
  GAT1400_CODE_TABLES?: string;

  /** Largest inline (base64) image kept with a hit, in bytes; larger ones are left out, the record kept. */
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(512 * 1024)
  GAT1400_INLINE_IMAGE_MAX_BYTES: number = 256 * 1024;

  /** Largest /VIID request body in bytes. */
  @IsOptional()
  @IsInt()
  @Min(64 * 1024)
  @Max(256 * 1024 * 1024)
  GAT1400_MAX_BODY_BYTES: number = 32 * 1024 * 1024;

  /** Most records one /VIID request may carry. */
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(100_000)
  GAT1400_MAX_BATCH: number = 5000;
}
