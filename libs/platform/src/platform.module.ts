import { SystemApp } from '@app/contracts';
import { DynamicModule, Module, Type } from '@nestjs/common';
import type { KafkaEventServerOptions } from './kafka/kafka-event.server';
import { AuthModule } from './auth/auth.module';
import { AuthSettings, PersonDirectory } from './auth/auth.settings';
import { Clock, SystemClock } from './clock/clock';
import { CommonEnv } from './config/env';
import { DatabaseModule, DatabaseSettings } from './database/database.module';
import { HealthController } from './health/health.controller';
import { kafkaSettingsFrom } from './kafka/kafka.settings';
import { MessagingModule } from './kafka/messaging.module';
import { MetricsModule, MetricsSettings } from './metrics/metrics.module';
import { OutboxModule } from './outbox/outbox.relay';
import { SchedulerModule } from './scheduling/scheduler';

/** What differs between the apps' platform wiring; everything else comes from the environment. */
export interface PlatformAppOptions<E extends CommonEnv> {
  /** The validated environment, provided under the app's env class (`envClass`). */
  env: E;
  envClass: Type<E>;
  /** The app's name: Kafka client id default, metrics `app` label, its own SCHEDULER_JOBS_OFF prefix. */
  producer: SystemApp;
  groupId: string;
  /** The app's PostgreSQL schema: its tables, migrations, outbox, keys and audit log (every platform repository reads it as APP_SCHEMA). */
  schema: string;
  entities: DatabaseSettings['entities'];
  migrations: DatabaseSettings['migrations'];
  /** Consumer settings beyond the group and the fetch wait (e.g. partitions consumed concurrently). */
  consumer?: Omit<KafkaEventServerOptions, 'groupId' | 'fetchMaxWaitMs'>;
  sqlGauges?: MetricsSettings['sqlGauges'];
  /** Auth settings the environment does not give (admin key and rate limit it does). */
  auth: Omit<AuthSettings, 'adminApiKey' | 'rateLimitPerMinute'>;
  /** Where people's accounts are looked up, for an app people sign in to. */
  people?: Type<PersonDirectory>;
  clock?: Clock;
}

/**
 * The platform every app stands on, wired once: PostgreSQL (migrations at start), Kafka (producer
 * and the consumer group), the outbox relay, metrics, authentication and audit, the scheduler,
 * /health, the Clock and the app's environment. An app module imports `PlatformModule.forApp(...)`
 * and its own domain modules; nothing else.
 */
@Module({})
export class PlatformModule {
  static forApp<E extends CommonEnv>(options: PlatformAppOptions<E>): DynamicModule {
    const { env } = options;
    return {
      module: PlatformModule,
      global: true,
      imports: [
        DatabaseModule.forRoot({
          url: env.DATABASE_URL,
          ssl: env.DATABASE_SSL,
          sslCaPath: env.DATABASE_SSL_CA,
          poolSize: env.DATABASE_POOL_SIZE,
          connectTimeoutMs: env.DATABASE_CONNECT_TIMEOUT_MS,
          schema: options.schema,
          entities: options.entities,
          migrations: options.migrations,
        }),
        MessagingModule.forRoot(kafkaSettingsFrom(env, options.producer), {
          groupId: options.groupId,
          fetchMaxWaitMs: env.KAFKA_FETCH_MAX_WAIT_MS,
          ...options.consumer,
        }),
        OutboxModule.forRoot({ pollMs: env.OUTBOX_POLL_MS, stallAfterSeconds: env.OUTBOX_STALL_SECONDS }),
        MetricsModule.forRoot({ app: options.producer, sqlGauges: options.sqlGauges }),
        AuthModule.forRoot(
          { ...options.auth, adminApiKey: env.ADMIN_API_KEY, rateLimitPerMinute: env.RATE_LIMIT_PER_MINUTE },
          options.people,
        ),
        SchedulerModule.forRoot({ enabled: env.SCHEDULER_ENABLED, off: env.SCHEDULER_JOBS_OFF, app: options.producer }),
      ],
      controllers: [HealthController],
      providers: [
        { provide: options.envClass, useValue: env },
        { provide: Clock, useValue: options.clock ?? new SystemClock() },
      ],
      exports: [options.envClass, Clock],
    };
  }
}
