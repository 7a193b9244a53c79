import { Module } from '@nestjs/common';
import { CheckpointsModule } from '../checkpoints/checkpoints.module';
import { FeedHealthController } from './feed-health.controller';
import { FeedHealthRepository } from './feed-health.repository';
import { FeedHealthService } from './feed-health.service';

@Module({
  imports: [CheckpointsModule],
  controllers: [FeedHealthController],
  providers: [FeedHealthService, FeedHealthRepository],
  // The repository too: GA/T 1400's link health announces its link as a feed-health subject.
  exports: [FeedHealthService, FeedHealthRepository],
})
export class FeedHealthModule {}
