import { Injectable } from '@nestjs/common';
import { Transactions } from '../database/transactions';

/**
 * Runs the apps' SQL gauges at scrape time. The queries themselves are declared with their
 * gauge, one file per app (`court.metrics.ts`, `traffic.metrics.ts`, `gat1400.metrics.ts`), each
 * naming its tables through the app's schema constant: read-only figures, kept beside their
 * names and help texts rather than spread over the modules' repositories.
 */
@Injectable()
export class SqlGaugeRepository {
  constructor(private readonly tx: Transactions) {}

  async tableExists(qualifiedName: string): Promise<boolean> {
    const [{ present }] = await this.tx.manager.query('SELECT to_regclass($1) IS NOT NULL AS present', [qualifiedName]);
    return present;
  }

  /** The gauge query's rows: a numeric `value` column and one column per label. */
  read(sql: string): Promise<Record<string, unknown>[]> {
    return this.tx.manager.query(sql);
  }
}
