import { Module } from '@nestjs/common';
import { CheckpointsModule } from '../checkpoints/checkpoints.module';
import { FeedHealthModule } from '../feed-health/feed-health.module';
import { ConfidenceCalibration } from '../matching/confidence-calibration';
import { PrefixTraffic } from '../matching/prefix-traffic';
import { SpareBudget } from '../matching/spare-budget';
import { WatchlistModule } from '../watchlist/watchlist.module';
import { HitRecordRepository } from './hit-record.repository';
import { HitRetentionService } from './hit-retention.service';
import { InspectionsController } from './inspections.controller';
import { IntakeMetrics } from './intake.metrics';
import { SightingsConsumer } from './sightings.consumer';
import { SightingsController } from './sightings.controller';
import { SightingsService } from './sightings.service';

@Module({
  imports: [WatchlistModule, CheckpointsModule, FeedHealthModule],
  controllers: [SightingsController, InspectionsController, SightingsConsumer],
  // A plain class of the matching domain (no framework in it), made once per app: two apps in one process learn apart.
  providers: [SightingsService, HitRecordRepository, IntakeMetrics, HitRetentionService, { provide: ConfidenceCalibration, useFactory: () => new ConfidenceCalibration() }, { provide: PrefixTraffic, useFactory: () => new PrefixTraffic() }, { provide: SpareBudget, useFactory: () => new SpareBudget() }],
  exports: [SightingsService, IntakeMetrics, HitRetentionService, ConfidenceCalibration, PrefixTraffic, SpareBudget],
})
export class SightingsModule {}
