import { Module } from '@nestjs/common';
import { CheckpointsModule } from '../checkpoints/checkpoints.module';
import { FeedHealthController } from './feed-health.controller';
import { FeedHealthService } from './feed-health.service';

@Module({
  imports: [CheckpointsModule],
  controllers: [FeedHealthController],
  providers: [FeedHealthService],
  exports: [FeedHealthService],
})
export class FeedHealthModule {}
