import { createHash } from 'node:crypto';
import { Gat1400DeviceCredential, Gat1400Env, parseDeviceCredentials } from './gat1400.env';
import { CodeTables, codeTablesFrom } from './mapping/code-tables';
import { MappingContext } from './mapping/motor-vehicle.mapping';
import { parseUtcOffset } from './viid/viid-time';

export interface Gat1400ClientSettings {
  platformUrl: string;
  platformId: string;
  deviceId: string;
  username: string;
  password: string;
  caPath?: string;
  mode: 'disposition' | 'subscription';
  receiveUrl: string;
  keepaliveMs: number;
  timeoutMs: number;
  maxSkewMs: number;
  offsetMinutes: number;
}

export interface Gat1400ServerSettings {
  serverId: string;
  devices: Gat1400DeviceCredential[];
  nonceSecret: Buffer;
  nonceTtlMs: number;
  lapseMs: number;
  bindAddress: boolean;
}

/** The connector's configuration, read once from the validated environment. */
export class Gat1400Settings {
  readonly offsetMinutes: number;
  readonly tables: CodeTables;
  readonly mapping: MappingContext;
  readonly client: Gat1400ClientSettings | null;
  readonly server: Gat1400ServerSettings | null;

  constructor(readonly env: Gat1400Env) {
    this.offsetMinutes = parseUtcOffset(env.GAT1400_TIMEZONE) ?? 480;
    this.tables = codeTablesFrom(env.GAT1400_CODE_TABLES ? JSON.parse(env.GAT1400_CODE_TABLES) : undefined);
    this.mapping = { offsetMinutes: this.offsetMinutes, tables: this.tables, inlineImageMaxBytes: env.GAT1400_INLINE_IMAGE_MAX_BYTES };
    this.client = env.GAT1400_PLATFORM_URL
      ? {
          platformUrl: env.GAT1400_PLATFORM_URL.replace(/\/+$/, ''),
          platformId: env.GAT1400_PLATFORM_ID!,
          deviceId: env.GAT1400_DEVICE_ID!,
          username: env.GAT1400_USERNAME!,
          password: env.GAT1400_PASSWORD!,
          caPath: env.GAT1400_PLATFORM_CA,
          mode: env.GAT1400_MODE,
          receiveUrl: env.GAT1400_RECEIVE_URL!.replace(/\/+$/, ''),
          keepaliveMs: env.GAT1400_KEEPALIVE_SECONDS * 1000,
          timeoutMs: env.GAT1400_REQUEST_TIMEOUT_MS,
          maxSkewMs: env.GAT1400_MAX_CLOCK_SKEW_SECONDS * 1000,
          offsetMinutes: parseUtcOffset(env.GAT1400_TIMEZONE) ?? 480,
        }
      : null;
    const devices = parseDeviceCredentials(env.GAT1400_SERVER_DEVICES);
    const serverId = env.GAT1400_SERVER_ID ?? env.GAT1400_DEVICE_ID;
    this.server = devices.length
      ? {
          serverId: serverId ?? '00000000000000000000',
          devices,
          // Every instance must accept the nonces of the others: a shared secret, by default derived from the shared credentials.
          nonceSecret: createHash('sha256').update(env.GAT1400_SERVER_NONCE_SECRET ?? `viid-nonce:${JSON.stringify(devices)}`).digest(),
          nonceTtlMs: env.GAT1400_SERVER_NONCE_SECONDS * 1000,
          lapseMs: env.GAT1400_SERVER_LAPSE_SECONDS * 1000,
          bindAddress: env.GAT1400_SERVER_BIND_ADDRESS,
        }
      : null;
  }

  /** Our id toward anyone (User-Identify, VIIDServerID). */
  get ownId(): string {
    return this.client?.deviceId ?? this.server?.serverId ?? '00000000000000000000';
  }
}
