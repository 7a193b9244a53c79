import { Module } from '@nestjs/common';
import { DispositionsModule } from '../dispositions/dispositions.module';
import { SealEndedHooks } from './seal-ended.hooks';
import { SealExpiryService } from './seal-expiry.service';
import { SeizureRepository } from './seizure.repository';
import { SeizuresController } from './seizures.controller';
import { SeizuresService } from './seizures.service';
import { WatchlistExportController } from './watchlist-export.controller';

@Module({
  imports: [DispositionsModule],
  controllers: [SeizuresController, WatchlistExportController],
  providers: [SeizuresService, SealExpiryService, SealEndedHooks, SeizureRepository],
  exports: [SealExpiryService, SealEndedHooks, SeizureRepository],
})
export class SeizuresModule {}
