import { Module } from '@nestjs/common';
import { AlertsModule } from '../alerts/alerts.module';
import { SeizuresController } from './seizures.controller';
import { SeizuresService } from './seizures.service';

@Module({
  imports: [AlertsModule],
  controllers: [SeizuresController],
  providers: [SeizuresService],
})
export class SeizuresModule {}
