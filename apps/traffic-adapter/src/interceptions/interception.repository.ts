import { Injectable } from '@nestjs/common';
import { DeliveryLease, Transactions } from '@app/platform';
import { InterceptionDelivery } from './interception.entity';

/** Interception requests waiting for, or past, delivery to the traffic system (traffic.interceptions). */
@Injectable()
export class InterceptionRepository {
  private readonly lease = new DeliveryLease<InterceptionDelivery>(() => this.deliveries, 'interceptionId');

  constructor(private readonly tx: Transactions) {}

  private get deliveries() {
    return this.tx.manager.getRepository(InterceptionDelivery);
  }

  async insert(delivery: Omit<InterceptionDelivery, 'deliveredAt' | 'lastError' | 'result' | 'reportedAt'>): Promise<void> {
    await this.deliveries.insert(delivery);
  }

  /** Pending deliveries due by `now`, oldest first, claimed for one attempt and leased until `leaseUntil` (DeliveryLease). */
  claimDue(now: Date, limit: number, leaseUntil: Date): Promise<InterceptionDelivery[]> {
    return this.lease.claim(now, limit, leaseUntil);
  }

  /**
   * Writes the outcome of the attempt `d` was claimed for, and only the delivery's columns (the
   * traffic system's answer may have arrived while the request was on its way); false when
   * the claim is no longer the row's.
   */
  recordAttempt(d: InterceptionDelivery): Promise<boolean> {
    return this.lease.record(d);
  }

  /** The delivery, locked until the transaction ends. */
  lockById(interceptionId: string): Promise<InterceptionDelivery | null> {
    return this.deliveries.findOne({ where: { interceptionId }, lock: { mode: 'pessimistic_write' } });
  }

  save(delivery: InterceptionDelivery): Promise<InterceptionDelivery> {
    return this.deliveries.save(delivery);
  }
}
