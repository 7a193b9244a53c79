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
 * A way of paging people outside the desk (push to their phones, SMS gateway). Throwing means
 * "not delivered, try again later"; throwing {@link PermanentDeliveryError} means "this channel
 * cannot reach them": the page goes to the next channel at once.
 */
export abstract class NotificationChannel {
  abstract readonly name: string;
  /** False when the channel is not configured: nothing is queued for it. */
  abstract readonly enabled: boolean;
  abstract deliver(notification: OutboundNotification, now: Date): Promise<void>;

  /** Which of these officers the channel can reach now (default: all); the others are paged through the next channel. */
  reachable(officerIds: string[]): Promise<Set<string>> {
    return Promise.resolve(new Set(officerIds));
  }
}

/** The channel cannot reach the recipient at all (no device left, no address): retrying is pointless. */
export class PermanentDeliveryError extends Error {}

/**
 * The outbound channels in order of preference (DI token): each officer is paged through the
 * first enabled channel that reaches them; a page one channel gives up on goes to the next.
 */
export const NOTIFICATION_CHANNELS = Symbol('NOTIFICATION_CHANNELS');
