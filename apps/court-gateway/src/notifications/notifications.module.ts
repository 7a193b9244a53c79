import { Global, Module } from '@nestjs/common';
import { NotificationChannel } from './notification.channel';
import { NotificationRepository } from './notification.repository';
import { NotificationsService } from './notifications.service';
import { WebhookNotificationChannel } from './webhook-notification.channel';

@Global()
@Module({
  providers: [NotificationsService, NotificationRepository, { provide: NotificationChannel, useClass: WebhookNotificationChannel }],
  exports: [NotificationsService],
})
export class NotificationsModule {}
