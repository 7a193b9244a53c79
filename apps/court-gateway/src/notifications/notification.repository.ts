import { Injectable } from '@nestjs/common';
import { Transactions } from '@app/platform';
import { In } from 'typeorm';
import { AlertNotification, NotificationStatus } from './notification.entity';

/** Pages about alerts (court.notifications): written with the change that causes them, delivered later. */
@Injectable()
export class NotificationRepository {
  constructor(private readonly tx: Transactions) {}

  private get notifications() {
    return this.tx.manager.getRepository(AlertNotification);
  }

  async insert(rows: Omit<AlertNotification, 'id'>[]): Promise<void> {
    if (rows.length) await this.notifications.insert(rows as never);
  }

  /**
   * Pending pages due at `now`, claimed for one attempt: skipped by others while this
   * transaction runs (FOR UPDATE SKIP LOCKED), then counted and leased until `leaseUntil`, so
   * once it commits no other pass takes them while they are being sent.
   */
  async claimDue(now: Date, limit: number, leaseUntil: Date): Promise<AlertNotification[]> {
    const due = await this.notifications
      .createQueryBuilder('n')
      .where('n.status = :status AND n.nextAttemptAt <= :now', { status: NotificationStatus.Pending, now })
      .orderBy('n.nextAttemptAt', 'ASC')
      .limit(limit)
      .setLock('pessimistic_write')
      .setOnLocked('skip_locked')
      .getMany();
    if (due.length) await this.notifications.update({ id: In(due.map((n) => n.id)) }, { attempts: () => 'attempts + 1', nextAttemptAt: leaseUntil });
    for (const n of due) {
      n.attempts += 1;
      n.nextAttemptAt = leaseUntil;
    }
    return due;
  }

  /** Writes the outcome of the attempt `n` was claimed for; false when that claim is no longer the page's (its lease ran out and another pass took it). */
  async recordAttempt(n: AlertNotification): Promise<boolean> {
    const result = await this.notifications.update(
      { id: n.id, status: NotificationStatus.Pending, attempts: n.attempts },
      { status: n.status, nextAttemptAt: n.nextAttemptAt, lastError: n.lastError, deliveredAt: n.deliveredAt },
    );
    return (result.affected ?? 0) > 0;
  }

  forAlert(alertId: string): Promise<AlertNotification[]> {
    return this.notifications.find({ where: { alertId }, order: { id: 'ASC' } });
  }
}
