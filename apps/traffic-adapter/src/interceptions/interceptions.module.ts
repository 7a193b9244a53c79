import { Module } from '@nestjs/common';
import { InterceptionsConsumer } from './interceptions.consumer';
import { InterceptionsController } from './interceptions.controller';
import { InterceptionsScheduler } from './interceptions.scheduler';
import { InterceptionsService } from './interceptions.service';

@Module({
  controllers: [InterceptionsController, InterceptionsConsumer],
  providers: [InterceptionsService, InterceptionsScheduler],
  exports: [InterceptionsService],
})
export class InterceptionsModule {}
