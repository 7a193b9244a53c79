import { Module } from '@nestjs/common';
import { CheckpointsModule } from '../checkpoints/checkpoints.module';
import { FeedHealthController } from './feed-health.controller';
import { FeedHealthRepository } from './feed-health.repository';
import { FeedHealthService } from './feed-health.service';

@Module({
  imports: [CheckpointsModule],
  controllers: [FeedHealthController],
  providers: [FeedHealthService, FeedHealthRepository],
  exports: [FeedHealthService],
})
export class FeedHealthModule {}
