import { Module } from '@nestjs/common';
import { CheckpointRegistry } from './checkpoint-registry';
import { CheckpointsController } from './checkpoints.controller';
import { CheckpointsService } from './checkpoints.service';

@Module({
  controllers: [CheckpointsController],
  providers: [CheckpointRegistry, CheckpointsService],
  exports: [CheckpointRegistry, CheckpointsService],
})
export class CheckpointsModule {}
