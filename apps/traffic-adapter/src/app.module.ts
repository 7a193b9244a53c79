import { DynamicModule, Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { Clock, PlatformModule, Role, SystemClock } from '@app/platform';
import { TRAFFIC_GROUP_ID, TRAFFIC_PRODUCER, TRAFFIC_SCHEMA, TrafficAdapterEnv } from './config/traffic-adapter.env';
import { InterceptionDelivery } from './interceptions/interception.entity';
import { InterceptionsModule } from './interceptions/interceptions.module';
import { ConfidenceCalibrationExporter, IntakeDoorMetrics, IntakeMetricsInterceptor, PrefixTrafficExporter, SpareBudgetExporter, TRAFFIC_SQL_GAUGES, WatchlistMetricsExporter } from './metrics/traffic.metrics';
import { Checkpoint } from './checkpoints/checkpoint.entity';
import { GAT1400_SQL_GAUGES } from './gat1400/gat1400.metrics';
import { Gat1400Module } from './gat1400/gat1400.module';
import { TrafficInit1764200000000 } from './migrations/1764200000000-traffic-init';
import { TrafficInterceptions1764300000001 } from './migrations/1764300000001-traffic-interceptions';
import { TrafficWatchlistVersions1764400000001 } from './migrations/1764400000001-watchlist-versions';
import { TrafficIntake1764450000000 } from './migrations/1764450000000-traffic-intake';
import { TrafficSecurity1764700000001 } from './migrations/1764700000001-traffic-security';
import { TrafficGat14001795996206162 } from './migrations/1795996206162-traffic-gat1400';
import { TrafficVehicle1795996693523 } from './migrations/1795996693523-traffic-vehicle';
import { HitRecord } from './sightings/hit-record.entity';
import { CameraFeed, FeedHealthRecord } from './feed-health/feed-health.entity';
import { GAT1400_ENTITIES } from './gat1400/gat1400.entities';
import { SightingsModule } from './sightings/sightings.module';
import { WatchEntry } from './watchlist/watch-entry.entity';
import { WatchlistModule } from './watchlist/watchlist.module';

export const TRAFFIC_ENTITIES = [WatchEntry, HitRecord, Checkpoint, InterceptionDelivery, CameraFeed, FeedHealthRecord, ...GAT1400_ENTITIES];
export const TRAFFIC_MIGRATIONS = [TrafficInit1764200000000, TrafficInterceptions1764300000001, TrafficWatchlistVersions1764400000001, TrafficIntake1764450000000, TrafficSecurity1764700000001, TrafficGat14001795996206162, TrafficVehicle1795996693523];

@Module({})
export class TrafficAdapterModule {
  static register(env: TrafficAdapterEnv, clock: Clock = new SystemClock()): DynamicModule {
    return {
      module: TrafficAdapterModule,
      global: true,
      imports: [
        PlatformModule.forApp({
          env,
          envClass: TrafficAdapterEnv,
          clock,
          producer: TRAFFIC_PRODUCER,
          groupId: TRAFFIC_GROUP_ID,
          schema: TRAFFIC_SCHEMA,
          entities: TRAFFIC_ENTITIES,
          migrations: TRAFFIC_MIGRATIONS,
          consumer: { partitionsConsumedConcurrently: env.KAFKA_PARTITIONS_CONSUMED_CONCURRENTLY },
          sqlGauges: [...TRAFFIC_SQL_GAUGES, ...GAT1400_SQL_GAUGES],
          auth: {
            keyRoles: [Role.Admin, Role.TrafficSystem],
            tokenTtlMinutes: 0, // no people sign in to the traffic side
            // The traffic system signs its interception outcomes with the key we sign our requests with.
            webhookSecret: env.TRAFFIC_WEBHOOK_SECRET,
            webhookToleranceSeconds: env.WEBHOOK_TOLERANCE_SECONDS,
          },
        }),
        WatchlistModule,
        SightingsModule,
        InterceptionsModule,
        Gat1400Module.register(env),
      ],
      providers: [
        { provide: APP_INTERCEPTOR, useClass: IntakeMetricsInterceptor },
        IntakeDoorMetrics,
        WatchlistMetricsExporter,
        ConfidenceCalibrationExporter,
        PrefixTrafficExporter,
        SpareBudgetExporter,
      ],
      exports: [IntakeDoorMetrics],
    };
  }
}
