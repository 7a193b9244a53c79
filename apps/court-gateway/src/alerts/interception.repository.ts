import { Injectable } from '@nestjs/common';
import { Transactions } from '@app/platform';
import { Interception } from './alert.entity';

/** 拦停 requests to the traffic police and their answers (court.interceptions). */
@Injectable()
export class InterceptionRepository {
  constructor(private readonly tx: Transactions) {}

  private get interceptions() {
    return this.tx.manager.getRepository(Interception);
  }

  async insert(interception: Interception): Promise<void> {
    await this.interceptions.insert(interception);
  }

  lockById(id: string): Promise<Interception | null> {
    return this.interceptions.findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  async save(interception: Interception): Promise<void> {
    await this.interceptions.update({ id: interception.id }, { result: interception.result, reportedAt: interception.reportedAt, reportedBy: interception.reportedBy });
  }
}
