import { Logger } from '@nestjs/common';
import { FindOptionsWhere, In, Repository } from 'typeorm';
import { Transactions } from './transactions';

/** What one delivery queue (pages to officers, interception requests to the traffic system) does in each step of a pass. */
export interface LeasedDeliverySteps<T> {
  /**
   * Claims the due items for one attempt (FOR UPDATE SKIP LOCKED, then counted and leased until
   * `leaseUntil`, so no instance takes them while this one sends). Runs in a short transaction
   * of its own that has committed before anything is sent.
   */
  claim(leaseUntil: Date): Promise<T[]>;
  /** Sends one item. Never inside a transaction: it may wait on the network for seconds. */
  send(item: T): Promise<void>;
  /**
   * Writes the attempt's outcome (null: delivered) in a transaction of its own, only if the
   * claim is still this pass's (its attempt count unchanged); false when the lease ran out and
   * another pass took the item. What follows a delivery (marking the alert notified, falling
   * back to the next channel) happens here, in the same transaction.
   */
  record(item: T, error: Error | null): Promise<boolean>;
  /** For the log: which item. */
  describe(item: T): string;
}

export interface LeasedDeliveryOptions {
  /** How long a claim keeps other passes off its items: longer than the slowest send can take (`sendDeadlineMs`). */
  leaseMs: number;
  /** A send still unanswered after this is counted as failed (and retried), whatever the channel's own timeouts do. */
  sendDeadlineMs: number;
  /** Items sent at once. */
  sendsAtOnce: number;
}

/**
 * One pass over a delivery queue that holds no database connection while it waits on the
 * network. Claiming, sending and recording used to share one transaction: every slow or dead
 * endpoint (a push service that never answers, 136 phones of one officer) kept a pooled
 * connection idle in transaction for as long as the sends took, and a few concurrent passes
 * emptied the pool until the whole gateway answered 500. Now the claim commits at once, the
 * sends run with no connection held, and each outcome is a short transaction of its own.
 * Delivery is at least once: a crash between a send and its record sends the item again when
 * its lease ends, never zero times. Returns how many items were delivered.
 */
export async function deliverLeased<T>(tx: Transactions, log: Logger, now: Date, options: LeasedDeliveryOptions, steps: LeasedDeliverySteps<T>): Promise<number> {
  const items = await tx.runAlone(() => steps.claim(new Date(now.getTime() + options.leaseMs)));
  const errors = await eachAtMost(items, options.sendsAtOnce, async (item) => {
    try {
      await withDeadline(steps.send(item), options.sendDeadlineMs);
      return null;
    } catch (error) {
      return error instanceof Error ? error : new Error(String(error));
    }
  });
  let delivered = 0;
  for (const [i, item] of items.entries()) {
    try {
      const recorded = await tx.runAlone(() => steps.record(item, errors[i]));
      if (recorded && !errors[i]) delivered += 1;
      if (!recorded) log.warn(`${steps.describe(item)}: its lease ran out before the outcome was written; another pass has it`);
    } catch (error) {
      // The lease brings it back: sent again rather than lost.
      log.error(`${steps.describe(item)}: the outcome of the attempt could not be written (${(error as Error).message}); it is sent again when its lease ends`);
    }
  }
  return delivered;
}

/** `work` for each item, at most `limit` at a time; results in the items' order. */
async function eachAtMost<T, R>(items: T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await work(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/** The promise, or a rejection once `ms` have passed without it settling. */
export function withDeadline<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms / 1000} s`)), ms);
  });
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer));
}

/**
 * At most one run of `work` at a time in this process: a kick while it runs asks for one more
 * run after it, instead of a second run beside it. Pages kicked by every new alert used to
 * start a delivery pass each, all at once.
 */
export class SingleFlight {
  private running: Promise<void> | null = null;
  private again = false;

  constructor(
    private readonly work: () => Promise<unknown>,
    private readonly onError: (error: unknown) => void,
  ) {}

  kick(): void {
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = (async () => {
      do {
        this.again = false;
        try {
          await this.work();
        } catch (error) {
          this.onError(error);
        }
      } while (this.again);
    })().finally(() => {
      this.running = null;
    });
  }

  /** Resolves when no run is going on (tests and shutdown). */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }
}

/** What every delivery table (pages, interception requests) has: a pending status, an attempt count, when it is due, how the last attempt went. */
export interface DeliveryRow {
  status: string;
  attempts: number;
  nextAttemptAt: Date | null;
  lastError: string | null;
  deliveredAt: Date | null;
}

/**
 * The SQL of a delivery table's lease, for the repositories of both apps: `claim` takes the due
 * pending rows (FOR UPDATE SKIP LOCKED, so passes in several instances never take the same row),
 * counts the attempt and leases them until `leaseUntil`; `record` writes an attempt's outcome,
 * only the delivery's own columns and only while the claim is still the row's (the same attempt
 * count, still pending).
 */
export class DeliveryLease<T extends DeliveryRow> {
  constructor(
    private readonly repository: () => Repository<T>,
    /** The primary key's property. */
    private readonly key: keyof T & string,
  ) {}

  async claim(now: Date, limit: number, leaseUntil: Date): Promise<T[]> {
    const due = await this.repository()
      .createQueryBuilder('d')
      .where('d.status = :pending AND d.nextAttemptAt <= :now', { pending: PENDING, now })
      .orderBy('d.nextAttemptAt', 'ASC')
      .limit(limit)
      .setLock('pessimistic_write')
      .setOnLocked('skip_locked')
      .getMany();
    if (due.length) {
      await this.repository().update({ [this.key]: In(due.map((d) => d[this.key])) } as FindOptionsWhere<T>, { attempts: () => 'attempts + 1', nextAttemptAt: leaseUntil } as never);
    }
    for (const d of due) {
      d.attempts += 1;
      d.nextAttemptAt = leaseUntil;
    }
    return due;
  }

  async record(d: T): Promise<boolean> {
    const result = await this.repository().update(
      { [this.key]: d[this.key], status: PENDING, attempts: d.attempts } as FindOptionsWhere<T>,
      { status: d.status, nextAttemptAt: d.nextAttemptAt, lastError: d.lastError, deliveredAt: d.deliveredAt } as never,
    );
    return (result.affected ?? 0) > 0;
  }
}

const PENDING = 'pending';
