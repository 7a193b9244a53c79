import { Injectable } from '@nestjs/common';
import { Transactions } from '@app/platform';
import { In } from 'typeorm';
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

  /**
   * Pending deliveries due by `now`, oldest first, claimed for one attempt: skipped by others
   * while this transaction runs (FOR UPDATE SKIP LOCKED), then counted and leased until
   * `leaseUntil`, so once it commits no other pass sends them meanwhile.
   */
  async claimDue(now: Date, limit: number, leaseUntil: Date): Promise<InterceptionDelivery[]> {
    const due = await this.deliveries
      .createQueryBuilder('d')
      .where('d.status = :status AND d.next_attempt_at <= :now', { status: DeliveryStatus.Pending, now })
      .orderBy('d.next_attempt_at', 'ASC')
      .limit(limit)
      .setLock('pessimistic_write')
      .setOnLocked('skip_locked')
      .getMany();
    if (due.length) await this.deliveries.update({ interceptionId: In(due.map((d) => d.interceptionId)) }, { attempts: () => 'attempts + 1', nextAttemptAt: leaseUntil });
    for (const d of due) {
      d.attempts += 1;
      d.nextAttemptAt = leaseUntil;
    }
    return due;
  }

  /**
   * Writes the outcome of the attempt `d` was claimed for, and only the delivery's columns (the
   * traffic system's answer may have arrived while the request was on its way); false when
   * the claim is no longer the row's.
   */
  async recordAttempt(d: InterceptionDelivery): Promise<boolean> {
    const result = await this.deliveries.update(
      { interceptionId: d.interceptionId, status: DeliveryStatus.Pending, attempts: d.attempts },
      { status: d.status, nextAttemptAt: d.nextAttemptAt, lastError: d.lastError, deliveredAt: d.deliveredAt },
    );
    return (result.affected ?? 0) > 0;
  }

  /** The delivery, locked until the transaction ends. */
  lockById(interceptionId: string): Promise<InterceptionDelivery | null> {
    return this.deliveries.findOne({ where: { interceptionId }, lock: { mode: 'pessimistic_write' } });
  }

  save(delivery: InterceptionDelivery): Promise<InterceptionDelivery> {
    return this.deliveries.save(delivery);
  }
}
