import { Injectable } from '@nestjs/common';
import { DeliveryLease, Transactions } from '@app/platform';
import { AlertNotification } from './notification.entity';

/** Pages about alerts (court.notifications): written with the change that causes them, delivered later. */
@Injectable()
export class NotificationRepository {
  private readonly lease = new DeliveryLease<AlertNotification>(() => this.notifications, 'id');

  constructor(private readonly tx: Transactions) {}

  private get notifications() {
    return this.tx.manager.getRepository(AlertNotification);
  }

  async insert(rows: Omit<AlertNotification, 'id'>[]): Promise<void> {
    if (rows.length) await this.notifications.insert(rows as never);
  }

  /** Pending pages due at `now`, claimed for one attempt and leased until `leaseUntil` (DeliveryLease). */
  claimDue(now: Date, limit: number, leaseUntil: Date): Promise<AlertNotification[]> {
    return this.lease.claim(now, limit, leaseUntil);
  }

  /** Writes the outcome of the attempt `n` was claimed for; false when that claim is no longer the page's. */
  recordAttempt(n: AlertNotification): Promise<boolean> {
    return this.lease.record(n);
  }

  forAlert(alertId: string): Promise<AlertNotification[]> {
    return this.notifications.find({ where: { alertId }, order: { id: 'ASC' } });
  }
}
