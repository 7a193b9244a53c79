import { Injectable } from '@nestjs/common';
import { Transactions } from '@app/platform';
import { DeliveryStatus, InterceptionDelivery } from './interception.entity';

/** Interception requests waiting for, or past, delivery to the traffic system (traffic.interceptions). */
@Injectable()
export class InterceptionRepository {
  constructor(private readonly tx: Transactions) {}

  private get deliveries() {
    return this.tx.manager.getRepository(InterceptionDelivery);
  }

  async insert(delivery: Omit<InterceptionDelivery, 'deliveredAt' | 'lastError' | 'result' | 'reportedAt'>): Promise<void> {
    await this.deliveries.insert(delivery);
  }

  /** Pending deliveries due by `now`, oldest first, claimed for this instance (FOR UPDATE SKIP LOCKED) until the transaction ends. */
  claimDue(now: Date, limit: number): Promise<InterceptionDelivery[]> {
    return this.deliveries
      .createQueryBuilder('d')
      .where('d.status = :status AND d.next_attempt_at <= :now', { status: DeliveryStatus.Pending, now })
      .orderBy('d.next_attempt_at', 'ASC')
      .limit(limit)
      .setLock('pessimistic_write')
      .setOnLocked('skip_locked')
      .getMany();
  }

  /** The delivery, locked until the transaction ends. */
  lockById(interceptionId: string): Promise<InterceptionDelivery | null> {
    return this.deliveries.findOne({ where: { interceptionId }, lock: { mode: 'pessimistic_write' } });
  }

  save(delivery: InterceptionDelivery): Promise<InterceptionDelivery> {
    return this.deliveries.save(delivery);
  }
}
