import { DynamicModule, Module } from '@nestjs/common';
import { Clock, PlatformModule, Role, SystemClock } from '@app/platform';
import { AccountsModule } from './accounts/accounts.module';
import { AccountsService } from './accounts/accounts.service';
import { User } from './accounts/user.entity';
import { AlertEntity, CourtHit, EscalationRecord, Interception, Silence, SlaBreachRecord, SlaWarningRecord, TimelineEntry } from './alerts/alert.entity';
import { AlertsModule } from './alerts/alerts.module';
import { COURT_GROUP_ID, COURT_PRODUCER, COURT_SCHEMA, CourtGatewayEnv } from './config/court-gateway.env';
import { DispositionsModule } from './dispositions/dispositions.module';
import { HitImagesHttpModule } from './hit-images/hit-images-http.module';
import { EscalationModule } from './escalation/escalation.module';
import { FeedHealthChange, FeedHealthState } from './feed-health/feed-health.entity';
import { FeedHealthModule } from './feed-health/feed-health.module';
import { HitImage } from './hit-images/hit-image.entity';
import { SealDisposition } from './dispositions/seal-disposition.entity';
import { StoredReport } from './reports/report.entity';
import { CourtLatencyMetrics, courtSqlGauges } from './metrics/court.metrics';
import { CourtInit1764200000000 } from './migrations/1764200000000-court-init';
import { CourtOncall1764300000000 } from './migrations/1764300000000-court-oncall';
import { CourtSealLifecycle1764400000000 } from './migrations/1764400000000-seal-lifecycle';
import { CourtFeedHealth1764450000001 } from './migrations/1764450000001-court-feed-health';
import { CourtHitMatch1764500000000 } from './migrations/1764500000000-court-hit-match';
import { AlertNotification } from './notifications/notification.entity';
import { NotificationsModule } from './notifications/notifications.module';
import { CourtReports1764600000000 } from './migrations/1764600000000-court-reports';
import { CourtSecurity1764700000000 } from './migrations/1764700000000-court-security';
import { CourtSignOut1764700000002 } from './migrations/1764700000002-court-sign-out';
import { CourtVehicle1796000280026 } from './migrations/1796000280026-court-vehicle';
import { CourtDispositions1796004752707 } from './migrations/1796004752707-court-dispositions';
import { CourtPhone1796100000000 } from './migrations/1796100000000-court-phone';
import { Device } from './devices/device.entity';
import { DeviceStoreModule } from './devices/device-store.module';
import { DevicesModule } from './devices/devices.module';
import { OfficerPosition } from './positions/officer-position.entity';
import { PositionStoreModule } from './positions/position-store.module';
import { PositionsModule } from './positions/positions.module';
import { HandoffNote } from './handoffs/handoff-note.entity';
import { HandoffsModule } from './handoffs/handoffs.module';
import { CourtImpounds1796200000000 } from './migrations/1796200000000-court-impounds';
import { CourtHandoffOrder1796300000000 } from './migrations/1796300000000-court-handoff-order';
import { Impound, ImpoundPaper, ImpoundPhoto } from './impounds/impound.entity';
import { ImpoundsModule } from './impounds/impounds.module';
import { ReportsModule } from './reports/reports.module';
import { RosterModule } from './roster/roster.module';
import { DutyOverride, DutyRotation, DutyShift, Jurisdiction, Officer, Team, TravelTime } from './roster/team.entity';
import { SealExpiryWarning, Seizure } from './seizures/seizure.entity';
import { SeizuresModule } from './seizures/seizures.module';

export const COURT_ENTITIES = [
  Seizure, Team, Officer, DutyShift, AlertEntity, TimelineEntry, CourtHit, DutyRotation, DutyOverride, Jurisdiction, TravelTime,
  AlertNotification, Silence, Interception, FeedHealthState, FeedHealthChange, SealExpiryWarning, User, SlaBreachRecord, SlaWarningRecord, EscalationRecord,
  HitImage, StoredReport, SealDisposition, Device, OfficerPosition, HandoffNote,
  Impound, ImpoundPhoto, ImpoundPaper,
];
export const COURT_MIGRATIONS = [
  CourtInit1764200000000, CourtOncall1764300000000, CourtSealLifecycle1764400000000, CourtFeedHealth1764450000001, CourtHitMatch1764500000000,
  CourtReports1764600000000, CourtSecurity1764700000000, CourtSignOut1764700000002, CourtVehicle1796000280026, CourtDispositions1796004752707,
  CourtPhone1796100000000,
  CourtImpounds1796200000000,
  CourtHandoffOrder1796300000000,
];

@Module({})
export class CourtGatewayModule {
  static register(env: CourtGatewayEnv, clock: Clock = new SystemClock()): DynamicModule {
    return {
      module: CourtGatewayModule,
      global: true,
      imports: [
        PlatformModule.forApp({
          env,
          envClass: CourtGatewayEnv,
          clock,
          producer: COURT_PRODUCER,
          groupId: COURT_GROUP_ID,
          schema: COURT_SCHEMA,
          entities: COURT_ENTITIES,
          migrations: COURT_MIGRATIONS,
          sqlGauges: courtSqlGauges(env),
          auth: {
            keyRoles: [Role.Admin, Role.CaseSystem, Role.WatchlistReader],
            tokenSecret: env.AUTH_TOKEN_SECRET,
            tokenTtlMinutes: env.AUTH_TOKEN_TTL_MINUTES,
            webhookToleranceSeconds: 300,
          },
          people: AccountsService,
        }),
        AccountsModule,
        DeviceStoreModule,
        PositionStoreModule,
        NotificationsModule,
        RosterModule,
        AlertsModule,
        SeizuresModule,
        FeedHealthModule,
        DispositionsModule,
        HitImagesHttpModule,
        EscalationModule,
        ReportsModule,
        DevicesModule,
        PositionsModule,
        HandoffsModule,
        ImpoundsModule,
      ],
      providers: [CourtLatencyMetrics],
      exports: [CourtLatencyMetrics],
    };
  }
}
