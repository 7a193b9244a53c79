import { Injectable } from '@nestjs/common';
import { Transactions } from '@app/platform';
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

  /** Pending pages due at `now`, claimed for this instance: others skip them (FOR UPDATE SKIP LOCKED), so none is sent twice. */
  claimDue(now: Date, limit: number): Promise<AlertNotification[]> {
    return this.notifications
      .createQueryBuilder('n')
      .where('n.status = :status AND n.nextAttemptAt <= :now', { status: NotificationStatus.Pending, now })
      .orderBy('n.nextAttemptAt', 'ASC')
      .limit(limit)
      .setLock('pessimistic_write')
      .setOnLocked('skip_locked')
      .getMany();
  }

  async save(n: AlertNotification): Promise<void> {
    await this.notifications.update(
      { id: n.id },
      { status: n.status, attempts: n.attempts, nextAttemptAt: n.nextAttemptAt, lastError: n.lastError, deliveredAt: n.deliveredAt },
    );
  }

  forAlert(alertId: string): Promise<AlertNotification[]> {
    return this.notifications.find({ where: { alertId }, order: { id: 'ASC' } });
  }
}
