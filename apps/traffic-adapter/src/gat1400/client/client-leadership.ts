import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { ClientLockRepository } from './client-lock.repository';

/**
 * One instance at a time speaks to the police 视图库 as us (registers, keeps alive, sends
 * dispositions and subscriptions): the one holding a PostgreSQL session advisory lock on a
 * connection of its own (`ClientLockRepository`). When that instance dies its connection goes and
 * the lock with it; another instance takes over at its next try. Notifications reach every
 * instance alike.
 */
@Injectable()
export class ClientLeadership implements OnApplicationShutdown {
  private readonly log = new Logger('Gat1400Client');
  private leading = false;

  constructor(private readonly lock: ClientLockRepository) {}

  get isLeader(): boolean {
    return this.leading;
  }

  /** Tries to become (or checks it still is) the leader; true while it is. */
  async ensure(): Promise<boolean> {
    try {
      if (this.leading) {
        await this.lock.checkHeld();
        return true;
      }
      const locked = await this.lock.tryTake();
      if (locked) this.log.log('this instance now speaks to the police 视图库');
      this.leading = locked;
      return this.leading;
    } catch (error) {
      if (this.leading) this.log.warn(`lost the 视图库 client lock: ${(error as Error).message}`);
      this.leading = false;
      await this.lock.release(false);
      return false;
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await this.lock.release(this.leading);
    this.leading = false;
  }
}
