/** Why an audit entry was given up: the queue was full, its attempts ran out, the write failed for good, or the app stopped first. */
export type AuditDropReason = 'queue_full' | 'retries_exhausted' | 'error' | 'shutdown';

export interface AuditRetryOptions<T> {
  /** Writes one entry; rejects when it could not. */
  write: (entry: T) => Promise<void>;
  /** Whether a failure is momentary (the database busy or unreachable), worth another attempt. */
  transient: (error: unknown) => boolean;
  /** Told of every entry given up, with why (and the last error when there was one). */
  dropped: (entry: T, reason: AuditDropReason, error?: unknown) => void;
  /** Most entries waiting at once; one more is dropped (`queue_full`). */
  capacity: number;
  /** Attempts per entry, the caller's first one included. */
  maxAttempts: number;
  /** Wait before the second attempt; doubled for each further one, up to `maxDelayMs`. */
  firstDelayMs: number;
  maxDelayMs: number;
}

interface Pending<T> {
  entry: T;
  /** Attempts made so far. */
  attempts: number;
}

/**
 * Audit entries whose write failed because the database was momentarily busy (its pool had no
 * connection within the connect timeout) or unreachable, written again a few times with a short,
 * doubling backoff. Why so, and not more: an entry is kept in memory only, in a queue of bounded
 * size, so a long outage costs a bounded amount of memory and each entry it drops is counted
 * (`gateway_audit_entries_dropped_total`) and logged, never lost silently. A durable spool (a file,
 * another store) would survive a crash of the instance too, but needs a disk and a second place
 * to read the log from; a pool timeout lasts seconds, which this covers. One entry is written at
 * a time, oldest first: the backlog holds at most one of the pool's connections, so catching up
 * does not starve the requests the pool is already too busy for.
 */
export class AuditRetryQueue<T> {
  private readonly pending: Pending<T>[] = [];
  private timer: NodeJS.Timeout | null = null;
  private draining: Promise<void> | null = null;
  private stopped = false;

  constructor(private readonly options: AuditRetryOptions<T>) {}

  /** Entries waiting for another attempt. */
  get size(): number {
    return this.pending.length;
  }

  /**
   * Queues an entry `attempts` attempts were already made for (0: none yet, written as soon as
   * the queue gets to it); false when it was dropped instead (queue full, attempts used up, stopped).
   */
  add(entry: T, attempts: number, error?: unknown): boolean {
    if (this.stopped) return this.drop(entry, 'shutdown', error);
    if (attempts >= this.options.maxAttempts) return this.drop(entry, 'retries_exhausted', error);
    if (this.pending.length >= this.options.capacity) return this.drop(entry, 'queue_full', error);
    this.pending.push({ entry, attempts });
    this.schedule(attempts === 0 ? 0 : this.delayAfter(attempts));
    return true;
  }

  /**
   * Stops retrying and makes one last attempt at each waiting entry (at shutdown, while the
   * database is still open); what still fails is dropped (`shutdown`).
   */
  async close(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.draining;
    while (this.pending.length) {
      const { entry } = this.pending.shift()!;
      await this.options.write(entry).catch((error: unknown) => this.drop(entry, 'shutdown', error));
    }
  }

  /** Resolves once the queue is empty or waiting for its next attempt (tests). */
  async settled(): Promise<void> {
    while (this.draining) await this.draining;
  }

  private delayAfter(attempts: number): number {
    return Math.min(this.options.maxDelayMs, this.options.firstDelayMs * 2 ** Math.max(0, attempts - 1));
  }

  private schedule(delayMs: number): void {
    if (this.timer || this.draining || this.stopped) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.draining = this.drain().then(
        (retryInMs) => {
          this.draining = null;
          if (retryInMs !== null) this.schedule(retryInMs);
        },
        () => {
          this.draining = null;
        },
      );
    }, delayMs);
    // A pending retry never keeps the process alive on its own.
    this.timer.unref();
  }

  /** Writes the waiting entries oldest first; the wait before the next attempt when the database is still busy, else null (empty). */
  private async drain(): Promise<number | null> {
    while (this.pending.length && !this.stopped) {
      const head = this.pending[0];
      try {
        await this.options.write(head.entry);
        this.pending.shift();
      } catch (error) {
        head.attempts++;
        const transient = this.options.transient(error);
        // Still busy: wait before the next attempt; the entries behind it wait with it.
        if (transient && head.attempts < this.options.maxAttempts) return this.delayAfter(head.attempts);
        this.pending.shift();
        this.drop(head.entry, transient ? 'retries_exhausted' : 'error', error);
      }
    }
    return null;
  }

  private drop(entry: T, reason: AuditDropReason, error?: unknown): false {
    this.options.dropped(entry, reason, error);
    return false;
  }
}
