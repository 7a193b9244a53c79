import { Inject, Injectable, Logger } from '@nestjs/common';
import { maskPlate } from '@app/contracts';
import { Clock, Transactions } from '@app/platform';
import { CourtGatewayEnv } from '../config/court-gateway.env';
import { Officer } from '../roster/team.entity';
import { NotificationChannel } from './notification.channel';
import { AlertNotification, NotificationStatus } from './notification.entity';
import { NotificationRepository } from './notification.repository';

export const DESK_CHANNEL = 'sse';
const MAX_BACKOFF_SECONDS = 3600;

/** What a page says about its alert. */
export interface PageSubject {
  id: string;
  priority: string;
  teamId: string;
  lastCameraId: string;
  openedAt: Date;
}

/** One page to record: about which alert, the seal's plate (masked in the payload), whom, why. */
export interface PageRequest {
  alert: PageSubject;
  plate: string;
  officers: Officer[];
  reason: string;
}

/** Told, in the delivering transaction, when a page reached someone. */
export type DeliveryListener = (delivered: { alertId: string; channel: string; recipient: string }, now: Date) => Promise<void>;

/**
 * Pages people about alerts. Rows are written in the transaction of the change that causes
 * them and delivered afterwards by `deliverDue`, so a crash between the two loses nothing and
 * a failed delivery is retried with exponential backoff.
 */
@Injectable()
export class NotificationsService {
  private readonly log = new Logger(NotificationsService.name);
  private readonly listeners: DeliveryListener[] = [];

  constructor(
    @Inject(CourtGatewayEnv) private readonly env: CourtGatewayEnv,
    private readonly channel: NotificationChannel,
    private readonly notifications: NotificationRepository,
    private readonly tx: Transactions,
    private readonly clock: Clock,
  ) {}

  /** The alerts module moves an alert to notified from here; kept as a listener so notifications need not know alerts. */
  onDelivered(listener: DeliveryListener): void {
    this.listeners.push(listener);
  }

  /** Delivers what is due now without waiting for the scheduler; errors only logged (rows stay pending). */
  kick(): void {
    if (!this.channel.enabled) return;
    void this.deliverDue(this.clock.now()).catch((error) => this.log.warn(`notification delivery failed: ${error}`));
  }

  /** Records pages (in the current transaction): the desk stream always, plus the outbound channel for each officer. */
  async page(requests: PageRequest | PageRequest[], now: Date): Promise<void> {
    const rows: Omit<AlertNotification, 'id'>[] = [];
    for (const { alert, plate, officers, reason } of Array.isArray(requests) ? requests : [requests]) {
      const payload = { plate: maskPlate(plate), priority: alert.priority, teamId: alert.teamId, lastCameraId: alert.lastCameraId, openedAt: alert.openedAt.toISOString() };
      rows.push({
        alertId: alert.id, createdAt: now, channel: DESK_CHANNEL, recipient: 'dispatch-desk', officerId: null, reason, payload,
        status: NotificationStatus.Delivered, attempts: 1, nextAttemptAt: null, lastError: null, deliveredAt: now,
      });
      if (!this.channel.enabled) continue;
      for (const officer of officers) {
        rows.push({
          alertId: alert.id,
          createdAt: now,
          channel: this.channel.name,
          // The phone goes to the gateway in the payload, not into the alert's record that every reader sees.
          recipient: `${officer.name} (${officer.badge})`,
          officerId: officer.id,
          reason,
          payload: { ...payload, phone: officer.phone ?? undefined },
          status: NotificationStatus.Pending,
          attempts: 0,
          nextAttemptAt: now,
          lastError: null,
          deliveredAt: null,
        });
      }
    }
    await this.notifications.insert(rows);
  }

  /**
   * Delivers pending notifications that are due. Rows are claimed FOR UPDATE SKIP LOCKED, so
   * several instances share the work and none sends a row twice.
   */
  async deliverDue(now: Date, batch = 20): Promise<number> {
    return this.tx.run(async () => {
      let delivered = 0;
      for (const n of await this.notifications.claimDue(now, batch)) {
        n.attempts += 1;
        try {
          await this.channel.deliver({ id: n.id, alertId: n.alertId, recipient: n.recipient, officerId: n.officerId, reason: n.reason, payload: n.payload }, now);
          n.status = NotificationStatus.Delivered;
          n.deliveredAt = now;
          n.nextAttemptAt = null;
          n.lastError = null;
          delivered += 1;
          for (const listener of this.listeners) await listener({ alertId: n.alertId, channel: n.channel, recipient: n.recipient }, now);
        } catch (error) {
          n.lastError = String((error as Error).message ?? error).slice(0, 500);
          if (n.attempts >= this.env.NOTIFY_MAX_ATTEMPTS) {
            n.status = NotificationStatus.Failed;
            n.nextAttemptAt = null;
            this.log.warn(`notification ${n.id} for alert ${n.alertId} failed for good after ${n.attempts} attempts: ${n.lastError}`);
          } else {
            const backoff = Math.min(this.env.NOTIFY_BACKOFF_SECONDS * 2 ** (n.attempts - 1), MAX_BACKOFF_SECONDS);
            n.nextAttemptAt = new Date(now.getTime() + backoff * 1000);
          }
        }
        await this.notifications.save(n);
      }
      return delivered;
    });
  }

  forAlert(alertId: string): Promise<AlertNotification[]> {
    return this.notifications.forAlert(alertId);
  }
}
