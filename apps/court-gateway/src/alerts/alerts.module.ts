import { Module } from '@nestjs/common';
import { RosterModule } from '../roster/roster.module';
import { SlaPolicy } from '../sla/sla-policy';
import { AlertsController } from './alerts.controller';
import { AlertsService } from './alerts.service';
import { HitsConsumer } from './hits.consumer';
import { InterceptionOutcomesConsumer } from './interception-outcomes.consumer';
import { SilencesController } from './silences.controller';

@Module({
  imports: [RosterModule],
  controllers: [AlertsController, SilencesController, HitsConsumer, InterceptionOutcomesConsumer],
  providers: [AlertsService, SlaPolicy],
  exports: [AlertsService],
})
export class AlertsModule {}
