import { Global, Module } from '@nestjs/common';
import { NOTIFICATION_CHANNELS, NotificationChannel } from './notification.channel';
import { NotificationRepository } from './notification.repository';
import { NotificationsService } from './notifications.service';
import { PushNotificationChannel } from './push-notification.channel';
import { WebhookNotificationChannel } from './webhook-notification.channel';

@Global()
@Module({
  providers: [
    NotificationsService,
    NotificationRepository,
    PushNotificationChannel,
    WebhookNotificationChannel,
    // Push to the officer's phones first; the SMS webhook for those without one, and when push fails for good.
    { provide: NOTIFICATION_CHANNELS, useFactory: (push: NotificationChannel, webhook: NotificationChannel) => [push, webhook], inject: [PushNotificationChannel, WebhookNotificationChannel] },
  ],
  exports: [NotificationsService, PushNotificationChannel],
})
export class NotificationsModule {}
