import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, QueryRunner } from 'typeorm';

const LOCK = 'traffic.gat1400.client';

/**
 * One instance at a time speaks to the police 视图库 as us (registers, keeps alive, sends
 * dispositions and subscriptions): the one holding a PostgreSQL session advisory lock on a
 * connection of its own. When that instance dies its connection goes and the lock with it;
 * another instance takes over at its next try. Notifications reach every instance alike.
 */
@Injectable()
export class ClientLeadership implements OnApplicationShutdown {
  private readonly log = new Logger('Gat1400Client');
  private runner: QueryRunner | null = null;
  private leading = false;

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  get isLeader(): boolean {
    return this.leading;
  }

  /** Tries to become (or checks it still is) the leader; true while it is. */
  async ensure(): Promise<boolean> {
    try {
      if (this.leading && this.runner) {
        await this.runner.query('SELECT 1');
        return true;
      }
      this.runner ??= this.dataSource.createQueryRunner();
      const [{ locked }] = await this.runner.query('SELECT pg_try_advisory_lock(hashtext($1)) AS locked', [LOCK]);
      if (locked && !this.leading) this.log.log('this instance now speaks to the police 视图库');
      this.leading = Boolean(locked);
      return this.leading;
    } catch (error) {
      if (this.leading) this.log.warn(`lost the 视图库 client lock: ${(error as Error).message}`);
      this.leading = false;
      await this.runner?.release().catch(() => undefined);
      this.runner = null;
      return false;
    }
  }

  async onApplicationShutdown(): Promise<void> {
    if (!this.runner) return;
    if (this.leading) await this.runner.query('SELECT pg_advisory_unlock(hashtext($1))', [LOCK]).catch(() => undefined);
    this.leading = false;
    await this.runner.release().catch(() => undefined);
    this.runner = null;
  }
}
