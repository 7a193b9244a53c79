import { Module } from '@nestjs/common';
import { AlertsModule } from '../alerts/alerts.module';
import { PositionsController } from './positions.controller';
import { PositionsService } from './positions.service';

/** Officers' positions while responding: shared with consent, seen by dispatchers, gone when the alert closes. */
@Module({ imports: [AlertsModule], controllers: [PositionsController], providers: [PositionsService] })
export class PositionsModule {}
