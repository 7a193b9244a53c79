import { Module } from '@nestjs/common';
import { HitImagesRepository } from './hit-images.repository';

/** Pictures of hits sent inline by the feed; the alerts read and store them through the repository. */
@Module({
  providers: [HitImagesRepository],
  exports: [HitImagesRepository],
})
export class HitImagesModule {}
