import { Inject, Injectable } from '@nestjs/common';
import { postWebhook, signatureHeaders } from '@app/platform';
import { CourtGatewayEnv } from '../config/court-gateway.env';
import { NotificationChannel, OutboundNotification } from './notification.channel';

/** Signed JSON POST to the SMS / messaging gateway (NOTIFY_WEBHOOK_URL). */
@Injectable()
export class WebhookNotificationChannel extends NotificationChannel {
  readonly name = 'webhook';

  constructor(@Inject(CourtGatewayEnv) private readonly env: CourtGatewayEnv) {
    super();
  }

  get enabled(): boolean {
    return !!this.env.NOTIFY_WEBHOOK_URL;
  }

  async deliver(n: OutboundNotification, now: Date): Promise<void> {
    const body = JSON.stringify({ notificationId: n.id, alertId: n.alertId, recipient: n.recipient, officerId: n.officerId, reason: n.reason, ...n.payload });
    const headers: Record<string, string> = { 'Content-Type': 'application/json', 'Idempotency-Key': `notification-${n.id}` };
    if (this.env.NOTIFY_WEBHOOK_SECRET) Object.assign(headers, signatureHeaders(this.env.NOTIFY_WEBHOOK_SECRET, body, now));
    const response = await postWebhook(this.env.NOTIFY_WEBHOOK_URL!, headers, body);
    if (!response.ok) throw new Error(`gateway answered ${response.status}`);
  }
}
