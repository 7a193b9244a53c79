import { Module } from '@nestjs/common';
import { FeedHealthConsumer } from './feed-health.consumer';
import { FeedHealthController } from './feed-health.controller';
import { FeedHealthRepository } from './feed-health.repository';
import { FeedHealthService } from './feed-health.service';

@Module({
  controllers: [FeedHealthController, FeedHealthConsumer],
  providers: [FeedHealthService, FeedHealthRepository],
})
export class FeedHealthModule {}
