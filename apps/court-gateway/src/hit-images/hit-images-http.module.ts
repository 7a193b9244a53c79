import { Module } from '@nestjs/common';
import { AlertsModule } from '../alerts/alerts.module';
import { HitImagesController } from './hit-images.controller';
import { HitImagesModule } from './hit-images.module';

/** GET /api/v1/alerts/{id}/hits/{hitId}/image, with the alert's own visibility rules. */
@Module({
  imports: [AlertsModule, HitImagesModule],
  controllers: [HitImagesController],
})
export class HitImagesHttpModule {}
