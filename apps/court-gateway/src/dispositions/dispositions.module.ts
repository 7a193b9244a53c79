import { Module } from '@nestjs/common';
import { DispositionsConsumer } from './dispositions.consumer';
import { DispositionsController } from './dispositions.controller';
import { SealDispositionsRepository } from './seal-dispositions.repository';

/** Where each seal's 布控 on the police GA/T 1400 platform stands (traffic-adapter's connector reports it). */
@Module({
  controllers: [DispositionsConsumer, DispositionsController],
  providers: [SealDispositionsRepository],
  exports: [SealDispositionsRepository],
})
export class DispositionsModule {}
