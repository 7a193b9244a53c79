import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AsyncLocalStorage } from 'node:async_hooks';
import { DataSource, EntityManager } from 'typeorm';
import { IsolationLevel } from 'typeorm/driver/types/IsolationLevel';

interface UnitOfWork {
  manager: EntityManager;
  /** Run once the transaction committed (never after a rollback), in registration order. */
  afterCommit: (() => void)[];
}

/**
 * The transaction of the request or message being handled, carried in async context instead
 * of an `EntityManager` passed from call to call. A use case runs its work in `run`; every
 * repository it calls reads `manager`, so all of them write in the one transaction, and a
 * nested `run` joins it instead of opening a second. Outside `run`, `manager` is the pool's
 * (each statement its own transaction): fine for reads.
 */
@Injectable()
export class Transactions {
  private readonly log = new Logger(Transactions.name);
  private readonly storage = new AsyncLocalStorage<UnitOfWork>();

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The current transaction's manager, or the pool's when none is open. */
  get manager(): EntityManager {
    return this.storage.getStore()?.manager ?? this.dataSource.manager;
  }

  /**
   * The pool's manager whatever transaction is open: for a write that must stand even when the
   * caller's transaction rolls back, and must not abort it when it fails (the audit log), or a
   * statement that outlives the transaction it started in (the outbox relay marking a send).
   */
  get pool(): EntityManager {
    return this.dataSource.manager;
  }

  /** True inside `run`. */
  get active(): boolean {
    return this.storage.getStore() !== undefined;
  }

  /**
   * Runs `work` in a transaction (READ COMMITTED unless `isolation` says otherwise), or in the
   * current one when already inside. Callbacks registered with `afterCommit` run once the
   * outermost transaction committed.
   */
  async run<T>(work: () => Promise<T>, isolation?: IsolationLevel): Promise<T> {
    if (this.storage.getStore()) return work();
    const afterCommit: (() => void)[] = [];
    const unit = (manager: EntityManager) => this.storage.run({ manager, afterCommit }, work);
    // The server's default (READ COMMITTED) costs no SET TRANSACTION round trip.
    const result = await (isolation ? this.dataSource.transaction(isolation, unit) : this.dataSource.transaction(unit));
    for (const callback of afterCommit) {
      try {
        callback();
      } catch (error) {
        this.log.warn(`after-commit callback failed: ${(error as Error).message}`);
      }
    }
    return result;
  }

  /**
   * Runs `work` in a transaction of its own even when called inside another (whose context a
   * timer or callback may have inherited): background work such as an outbox relay pass.
   */
  runAlone<T>(work: () => Promise<T>, isolation?: IsolationLevel): Promise<T> {
    return this.storage.exit(() => this.run(work, isolation));
  }

  /**
   * Defers `callback` until the current transaction commits (kicking a relay, a log line that
   * must not claim what a rollback undid); runs it at once outside a transaction.
   */
  afterCommit(callback: () => void): void {
    const unit = this.storage.getStore();
    if (unit) unit.afterCommit.push(callback);
    else callback();
  }
}
