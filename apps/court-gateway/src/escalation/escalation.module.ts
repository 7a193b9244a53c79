import { Module } from '@nestjs/common';
import { RosterModule } from '../roster/roster.module';
import { SlaPolicy } from '../sla/sla-policy';
import { EscalationScheduler } from './escalation.scheduler';
import { EscalationService } from './escalation.service';

@Module({
  imports: [RosterModule],
  providers: [EscalationService, EscalationScheduler, SlaPolicy],
  exports: [EscalationService, EscalationScheduler],
})
export class EscalationModule {}
