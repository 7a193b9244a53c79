import { Module } from '@nestjs/common';
import { AlertsModule } from '../alerts/alerts.module';
import { RosterModule } from '../roster/roster.module';
import { SeizuresModule } from '../seizures/seizures.module';
import { EscalationScheduler } from './escalation.scheduler';
import { EscalationService } from './escalation.service';

@Module({
  imports: [AlertsModule, RosterModule, SeizuresModule],
  providers: [EscalationService, EscalationScheduler],
  exports: [EscalationService, EscalationScheduler],
})
export class EscalationModule {}
