import { plainToInstance, Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Max, Min, MinLength, validateSync, ValidateBy } from 'class-validator';
import * as cron from 'node-cron';

export class ConfigError extends Error {}

/** Splits a comma-separated variable into trimmed, non-empty items. */
export const CommaList = () =>
  Transform(({ value }) => (typeof value === 'string' ? value.split(',').map((s) => s.trim()).filter(Boolean) : value));

/**
 * Reads "true"/"1"/"yes" as true and "false"/"0"/"no" as false (any case); anything else is left
 * as it is for `IsBoolean` to refuse, naming the variable. The variable's own string is read from
 * the source object: implicit conversion has already turned `value` into Boolean("false"), true.
 */
export const BooleanFlag = () =>
  Transform(({ obj, key, value }) => {
    const raw: unknown = (obj as Record<string, unknown>)[key];
    if (typeof raw !== 'string') return value;
    const word = raw.trim().toLowerCase();
    return ['true', '1', 'yes'].includes(word) ? true : ['false', '0', 'no'].includes(word) ? false : raw;
  });

/**
 * Variables both apps read. Each app extends it with its own; validated at boot so a bad
 * deployment fails at once with one line per wrong variable.
 */
export class CommonEnv {
  /** 0 picks a free port (tests). */
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT: number;

  /** postgres://user:password@host:port/db */
  @IsString()
  DATABASE_URL: string;

  @IsOptional()
  @BooleanFlag()
  @IsBoolean()
  DATABASE_SSL: boolean = false;

  /** PEM file of the CA that signed PostgreSQL's certificate (implies DATABASE_SSL); default: the system's CAs. */
  @IsOptional()
  @IsString()
  DATABASE_SSL_CA?: string;

  /**
   * Connections in the app's PostgreSQL pool, per instance (instances × this, for both apps, must
   * stay under the server's max_connections). At least 2: the migrations at start hold one for
   * their lock and run on another.
   */
  @IsOptional()
  @IsInt()
  @Min(2)
  @Max(1000)
  DATABASE_POOL_SIZE: number = 10;

  /**
   * Longest a statement waits for a pool connection (or a new connection's handshake) before it
   * fails; a request that fails so is answered 503 with Retry-After.
   */
  @IsOptional()
  @IsInt()
  @Min(100)
  @Max(120_000)
  DATABASE_CONNECT_TIMEOUT_MS: number = 5000;

  @CommaList()
  @IsString({ each: true })
  KAFKA_BROKERS: string[];

  @IsOptional()
  @IsString()
  KAFKA_CLIENT_ID?: string;

  @IsOptional()
  @BooleanFlag()
  @IsBoolean()
  KAFKA_SSL: boolean = false;

  /** PEM file of the CA that signed the brokers' certificates (implies KAFKA_SSL); default: the system's CAs. */
  @IsOptional()
  @IsString()
  KAFKA_SSL_CA?: string;

  @IsOptional()
  @IsIn(['plain', 'scram-sha-256', 'scram-sha-512'])
  KAFKA_SASL_MECHANISM?: 'plain' | 'scram-sha-256' | 'scram-sha-512';

  @IsOptional()
  @IsString()
  KAFKA_SASL_USERNAME?: string;

  @IsOptional()
  @IsString()
  KAFKA_SASL_PASSWORD?: string;

  /**
   * Longest a consumer fetch waits for new records. Real brokers answer as soon as data arrives;
   * this bounds latency where they do not (librdkafka's mock cluster waits the full time).
   */
  @IsOptional()
  @IsInt()
  @Min(10)
  @Max(10_000)
  KAFKA_FETCH_MAX_WAIT_MS: number = 200;

  /**
   * Consumer group session timeout: how long a crashed instance keeps its partitions before the
   * group moves them to the others (heartbeats go a sixth of it apart). 6 s is the least Apache
   * Kafka accepts by default (`group.min.session.timeout.ms`).
   */
  @IsOptional()
  @IsInt()
  @Min(3000)
  @Max(300_000)
  KAFKA_SESSION_TIMEOUT_MS: number = 6_000;

  @IsOptional()
  @IsInt()
  @Min(10)
  OUTBOX_POLL_MS: number = 200;

  /** Readiness fails (503, `outbox: stalled …`) once the oldest unpublished outbox entry is older than this. */
  @IsOptional()
  @IsInt()
  @Min(5)
  @Max(86_400)
  OUTBOX_STALL_SECONDS: number = 60;

  @IsOptional()
  @IsIn(['json', 'text'])
  LOG_FORMAT: 'json' | 'text' = 'text';

  /** Least severe level printed. */
  @IsOptional()
  @IsIn(['debug', 'log', 'warn', 'error'])
  LOG_LEVEL: 'debug' | 'log' | 'warn' | 'error' = 'log';

  /**
   * An API key (any string of at least 24 characters) that is always accepted as an admin key:
   * the way in to a fresh deployment, to issue the real keys and accounts. Rotate by changing it.
   */
  @IsOptional()
  @IsString()
  @MinLength(24)
  ADMIN_API_KEY?: string;

  /**
   * Behind a reverse proxy: Express's "trust proxy" (`true`, a hop count, or addresses/subnets),
   * so client addresses (sign-in limits, audit log) and https (Secure cookies) are read from
   * X-Forwarded-*. Off by default: trusting those headers from anyone lets them be forged.
   */
  @IsOptional()
  @IsString()
  TRUST_PROXY: string = 'false';

  /** Time a client has to send a request's headers, from its first byte (or a new connection's opening); then 408 and the socket closed (http/server-timeouts.ts). */
  @IsOptional()
  @IsInt()
  @Min(100)
  @Max(600_000)
  HTTP_HEADERS_TIMEOUT_MS: number = 20_000;

  /** Time a client has to send a whole request, body included (not the answer: event streams last): above the longest legitimate upload on a slow link. */
  @IsOptional()
  @IsInt()
  @Min(100)
  @Max(3_600_000)
  HTTP_REQUEST_TIMEOUT_MS: number = 120_000;

  /** How long an idle kept-alive connection stays open between requests: longer than the reverse proxy's own (60 s for nginx and most load balancers). */
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(600_000)
  HTTP_KEEP_ALIVE_TIMEOUT_MS: number = 65_000;

  /**
   * Runs the app's scheduled jobs (escalation, expiry, reports, reconciliation...). Off in tests
   * that drive the jobs' methods by hand on a manual clock; `off` as a job's expression turns off one.
   */
  @IsOptional()
  @BooleanFlag()
  @IsBoolean()
  SCHEDULER_ENABLED: boolean = true;

  /** Names of scheduled jobs this deployment does not run (the start-up log lists each app's jobs); an unknown name fails the start. */
  @IsOptional()
  @CommaList()
  @IsString({ each: true })
  SCHEDULER_JOBS_OFF: string[] = [];

  /** Requests per minute per API key or person (per address when anonymous), per instance; a key may carry its own. */
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(10_000_000)
  RATE_LIMIT_PER_MINUTE: number = 6000;
}

/** Validates `source` (usually process.env) against `cls`; throws one message naming every bad variable. */
export function loadEnv<T extends object>(cls: new () => T, source: Record<string, string | undefined>): T {
  const defined = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ''));
  const env = plainToInstance(cls, defined, { enableImplicitConversion: true, exposeDefaultValues: true });
  const errors = validateSync(env, { whitelist: true, forbidUnknownValues: true });
  if (errors.length) {
    const lines = errors.map((e) => `  ${e.property}=${JSON.stringify(e.value)}: ${Object.values(e.constraints ?? {}).join(', ')}`);
    throw new ConfigError(`invalid configuration:\n${lines.join('\n')}`);
  }
  return env;
}

/** A node-cron expression, or `off` for a job this deployment does not run. */
export const IsCronOrOff = () =>
  ValidateBy({
    name: 'isCronOrOff',
    validator: {
      validate: (value: unknown) => typeof value === 'string' && (value === CRON_OFF || cron.validate(value)),
      defaultMessage: (args) => `${args?.property} must be a cron expression such as "*/10 * * * *", or "off"`,
    },
  });

export const CRON_OFF = 'off';
