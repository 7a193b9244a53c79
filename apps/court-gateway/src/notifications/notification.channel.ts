/** What a channel sends for one notification row. */
export interface OutboundNotification {
  id: string;
  alertId: string;
  recipient: string;
  officerId: string | null;
  reason: string;
  payload: Record<string, unknown>;
}

/**
 * A way of paging people outside the desk (SMS gateway, messaging app). Throwing means "not
 * delivered, try again later". Abstract class as the DI token: swap the implementation per
 * deployment or in tests.
 */
export abstract class NotificationChannel {
  abstract readonly name: string;
  /** False when the channel is not configured: nothing is queued for it. */
  abstract readonly enabled: boolean;
  abstract deliver(notification: OutboundNotification, now: Date): Promise<void>;
}
