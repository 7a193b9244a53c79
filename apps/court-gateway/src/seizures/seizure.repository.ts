import { Injectable } from '@nestjs/common';
import { Transactions } from '@app/platform';
import { In } from 'typeorm';
import { Seizure } from './seizure.entity';

/** Seals (court.seizures), read and written in the transaction of the request or message. */
@Injectable()
export class SeizureRepository {
  constructor(private readonly tx: Transactions) {}

  private get seizures() {
    return this.tx.manager.getRepository(Seizure);
  }

  findById(id: string): Promise<Seizure | null> {
    return this.seizures.findOne({ where: { id } });
  }

  findByIds(ids: string[]): Promise<Seizure[]> {
    return ids.length ? this.seizures.findBy({ id: In(ids) }) : Promise.resolve([]);
  }

  /** The seal, locked until the transaction ends: a hit and a release of one seal are serialized. */
  lockById(id: string): Promise<Seizure | null> {
    return this.seizures.findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  /** These seals, locked in id order (so two transactions locking overlapping sets cannot deadlock). */
  lockByIds(ids: string[]): Promise<Seizure[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return this.seizures.find({ where: { id: In(ids) }, order: { id: 'ASC' }, lock: { mode: 'pessimistic_write' } });
  }
}
