import { readFileSync } from 'node:fs';
import { CommonEnv } from '../config/env';

export interface KafkaSettings {
  brokers: string[];
  clientId: string;
  /** true: TLS with the system's CAs; an object: TLS trusting this CA (PEM). */
  ssl: boolean | { ca: string };
  sasl?: { mechanism: 'plain' | 'scram-sha-256' | 'scram-sha-512'; username: string; password: string };
  sessionTimeoutMs?: number;
}

/** Secrets (SASL password, CA file) come from the environment only, never from code or files in the repository. */
export function kafkaSettingsFrom(env: CommonEnv, defaultClientId: string): KafkaSettings {
  return {
    brokers: env.KAFKA_BROKERS,
    clientId: env.KAFKA_CLIENT_ID ?? defaultClientId,
    ssl: env.KAFKA_SSL_CA ? { ca: readFileSync(env.KAFKA_SSL_CA, 'utf8') } : env.KAFKA_SSL,
    sasl: env.KAFKA_SASL_MECHANISM
      ? { mechanism: env.KAFKA_SASL_MECHANISM, username: env.KAFKA_SASL_USERNAME ?? '', password: env.KAFKA_SASL_PASSWORD ?? '' }
      : undefined,
    sessionTimeoutMs: env.KAFKA_SESSION_TIMEOUT_MS,
  };
}
