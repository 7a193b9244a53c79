import { Module } from '@nestjs/common';
import { DispositionsModule } from '../dispositions/dispositions.module';
import { HitImagesModule } from '../hit-images/hit-images.module';
import { RosterModule } from '../roster/roster.module';
import { SeizuresModule } from '../seizures/seizures.module';
import { SlaPolicy } from '../sla/sla-policy';
import { AlertActionsService } from './alert-actions.service';
import { AlertCallers } from './alert-callers';
import { AlertChangesChannel } from './alert-changes.channel';
import { AlertEventsBus } from './alert-events.bus';
import { AlertQueriesService } from './alert-queries.service';
import { AlertRepository } from './alert.repository';
import { AlertsController } from './alerts.controller';
import { HitIntakeService } from './hit-intake.service';
import { HitRepository } from './hit.repository';
import { HitsConsumer } from './hits.consumer';
import { InterceptionOutcomesConsumer } from './interception-outcomes.consumer';
import { InterceptionRepository } from './interception.repository';
import { SilenceRepository } from './silence.repository';
import { SilencesController } from './silences.controller';

/**
 * Alerts: the Alert domain object (./domain) and the services around it, split by purpose —
 * hit intake (HitIntakeService), what people do (AlertActionsService), what they read
 * (AlertQueriesService) — over repositories holding the SQL.
 */
@Module({
  imports: [RosterModule, SeizuresModule, DispositionsModule, HitImagesModule],
  controllers: [AlertsController, SilencesController, HitsConsumer, InterceptionOutcomesConsumer],
  providers: [
    AlertActionsService, AlertQueriesService, HitIntakeService, AlertCallers, AlertEventsBus, SlaPolicy,
    AlertRepository, HitRepository, SilenceRepository, InterceptionRepository, AlertChangesChannel,
  ],
  exports: [AlertActionsService, AlertQueriesService, HitIntakeService, AlertRepository, AlertEventsBus, SlaPolicy],
})
export class AlertsModule {}
