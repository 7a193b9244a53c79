import { DynamicModule, Module, Provider, Type } from '@nestjs/common';
import { CheckpointsModule } from '../checkpoints/checkpoints.module';
import { FeedHealthModule } from '../feed-health/feed-health.module';
import { SightingsModule } from '../sightings/sightings.module';
import { WatchlistModule } from '../watchlist/watchlist.module';
import { ClientLeadership } from './client/client-leadership';
import { ClientLockRepository } from './client/client-lock.repository';
import { DispositionSync } from './client/disposition-sync.service';
import { DispositionsRepository } from './client/dispositions.repository';
import { LinkHealthService } from './client/link-health.service';
import { PlatformLinkRepository } from './client/platform-link.repository';
import { PlatformSession } from './client/platform-session.service';
import { SubscriptionKeeper } from './client/subscription-keeper.service';
import { SubscriptionsRepository } from './client/subscriptions.repository';
import { ViidNotificationsController } from './client/viid-notifications.controller';
import { Gat1400StatusController } from './gat1400-status.controller';
import { Gat1400Env } from './gat1400.env';
import { Gat1400Metrics } from './gat1400.metrics';
import { Gat1400Settings } from './gat1400.settings';
import { PassRecordIntake } from './pass-record.intake';
import { DeviceSessionsRepository } from './server/device-sessions.repository';
import { DeviceSessionsService } from './server/device-sessions.service';
import { TollgateRegistry } from './server/tollgate.registry';
import { ViidRecordsController } from './server/viid-records.controller';
import { ViidSystemController } from './server/viid-system.controller';
import { ViidFallbackController } from './viid/viid-fallback.controller';
import { ViidExceptionFilter } from './viid/viid-http';
import { ViidTransportGuard } from './viid/viid-transport.guard';

/**
 * The GA/T 1400 (视图库) connector. Its roles are on as configured: the 视图库 for lower devices
 * and platforms (GAT1400_SERVER_DEVICES) and the client of the police 视图库 (GAT1400_PLATFORM_URL).
 */
@Module({})
export class Gat1400Module {
  static register(env: Gat1400Env): DynamicModule {
    const settings = new Gat1400Settings(env);
    // The /VIID routes exist whatever the configuration (one OpenAPI document; a caller of a role
    // that is off is told so by ViidTransportGuard); only the roles' background work is conditional.
    const controllers: Type[] = [Gat1400StatusController, ViidNotificationsController, ViidSystemController, ViidRecordsController, ViidFallbackController];
    const providers: Provider[] = [
      { provide: Gat1400Settings, useValue: settings },
      Gat1400Metrics,
      PassRecordIntake,
      ViidExceptionFilter,
      ViidTransportGuard,
      PlatformLinkRepository,
      SubscriptionsRepository,
      DeviceSessionsRepository,
      DeviceSessionsService,
      TollgateRegistry,
    ];
    if (settings.client) {
      providers.push(ClientLockRepository, ClientLeadership, LinkHealthService, PlatformSession, DispositionsRepository);
      providers.push(settings.client.mode === 'disposition' ? DispositionSync : SubscriptionKeeper);
    }
    return {
      module: Gat1400Module,
      imports: [SightingsModule, CheckpointsModule, FeedHealthModule, WatchlistModule],
      controllers,
      providers,
      exports: [Gat1400Settings, Gat1400Metrics],
    };
  }
}
