import { Module } from '@nestjs/common';
import { InterceptionRepository } from './interception.repository';
import { InterceptionsConsumer } from './interceptions.consumer';
import { InterceptionsController } from './interceptions.controller';
import { InterceptionsScheduler } from './interceptions.scheduler';
import { InterceptionsService } from './interceptions.service';

@Module({
  controllers: [InterceptionsController, InterceptionsConsumer],
  providers: [InterceptionsService, InterceptionRepository, InterceptionsScheduler],
  exports: [InterceptionsService],
})
export class InterceptionsModule {}
