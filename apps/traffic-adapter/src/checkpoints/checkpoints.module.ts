import { Module } from '@nestjs/common';
import { CheckpointRegistry } from './checkpoint-registry';
import { CheckpointsController } from './checkpoints.controller';
import { CheckpointRepository } from './checkpoint.repository';
import { CheckpointsService } from './checkpoints.service';

@Module({
  controllers: [CheckpointsController],
  providers: [CheckpointRegistry, CheckpointRepository, CheckpointsService],
  exports: [CheckpointRegistry, CheckpointsService],
})
export class CheckpointsModule {}
