import { Global, Module } from '@nestjs/common';
import { AlertEventsBus } from './alert-events.bus';
import { NotificationChannel } from './notification.channel';
import { NotificationsService } from './notifications.service';
import { WebhookNotificationChannel } from './webhook-notification.channel';

@Global()
@Module({
  providers: [AlertEventsBus, NotificationsService, { provide: NotificationChannel, useClass: WebhookNotificationChannel }],
  exports: [AlertEventsBus, NotificationsService],
})
export class NotificationsModule {}
