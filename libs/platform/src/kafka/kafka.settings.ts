import { CommonEnv } from '../config/env';

export interface KafkaSettings {
  brokers: string[];
  clientId: string;
  ssl: boolean;
  sasl?: { mechanism: 'plain' | 'scram-sha-256' | 'scram-sha-512'; username: string; password: string };
}

export function kafkaSettingsFrom(env: CommonEnv, defaultClientId: string): KafkaSettings {
  return {
    brokers: env.KAFKA_BROKERS,
    clientId: env.KAFKA_CLIENT_ID ?? defaultClientId,
    ssl: env.KAFKA_SSL,
    sasl: env.KAFKA_SASL_MECHANISM
      ? { mechanism: env.KAFKA_SASL_MECHANISM, username: env.KAFKA_SASL_USERNAME ?? '', password: env.KAFKA_SASL_PASSWORD ?? '' }
      : undefined,
  };
}
