import { Module } from '@nestjs/common';
import { AlertsModule } from '../alerts/alerts.module';
import { SeizuresController } from './seizures.controller';
import { SealExpiryService } from './seal-expiry.service';
import { SeizuresService } from './seizures.service';
import { WatchlistExportController } from './watchlist-export.controller';

@Module({
  imports: [AlertsModule],
  controllers: [SeizuresController, WatchlistExportController],
  providers: [SeizuresService, SealExpiryService],
  exports: [SealExpiryService],
})
export class SeizuresModule {}
