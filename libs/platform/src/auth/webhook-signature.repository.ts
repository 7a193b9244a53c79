import { Inject, Injectable } from '@nestjs/common';
import { APP_SCHEMA } from '../database/app-schema';
import { Transactions } from '../database/transactions';

/** Signatures of inbound webhooks already accepted (`<schema>.webhook_signatures`): each is accepted once. */
@Injectable()
export class WebhookSignatureRepository {
  private readonly table: string;

  constructor(
    private readonly tx: Transactions,
    @Inject(APP_SCHEMA) schema: string,
  ) {
    this.table = `${schema}.webhook_signatures`;
  }

  /** Records the signature; false when it was seen before (a replay). */
  async recordFirstUse(signature: string, at: Date): Promise<boolean> {
    const inserted = await this.tx.manager.query<unknown[]>(`INSERT INTO ${this.table} (signature, received_at) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING 1`, [signature, at]);
    return inserted.length > 0;
  }

  /** Forgets signatures received before `cutoff` (they are refused as too old anyway). */
  async forgetBefore(cutoff: Date): Promise<void> {
    await this.tx.manager.query(`DELETE FROM ${this.table} WHERE received_at < $1`, [cutoff]);
  }
}
