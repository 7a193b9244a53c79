import { Inject, Injectable } from '@nestjs/common';
import { APP_SCHEMA } from '../database/app-schema';
import { Transactions } from '../database/transactions';
import { Role } from './roles';

/** A row of `<schema>.api_keys`: the key itself is never stored, only its hash and a prefix to recognise it by. */
export interface ApiKeyRow {
  id: string;
  name: string;
  roles: Role[];
  key_prefix: string;
  rate_limit_per_minute: number | null;
  created_at: Date;
  created_by: string | null;
  revoked_at: Date | null;
  last_used_at: Date | null;
}

/** The systems' API keys (`<schema>.api_keys`). */
@Injectable()
export class ApiKeyRepository {
  private readonly table: string;

  constructor(
    private readonly tx: Transactions,
    @Inject(APP_SCHEMA) schema: string,
  ) {
    this.table = `${schema}.api_keys`;
  }

  async insert(key: { id: string; name: string; roles: Role[]; keyHash: string; keyPrefix: string; rateLimitPerMinute: number | null; createdAt: Date; createdBy: string | null }): Promise<ApiKeyRow> {
    const [row] = await this.tx.manager.query<ApiKeyRow[]>(
      `INSERT INTO ${this.table} (id, name, roles, key_hash, key_prefix, rate_limit_per_minute, created_at, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING *`,
      [key.id, key.name, key.roles, key.keyHash, key.keyPrefix, key.rateLimitPerMinute, key.createdAt, key.createdBy],
    );
    return row;
  }

  newestFirst(): Promise<ApiKeyRow[]> {
    return this.tx.manager.query<ApiKeyRow[]>(`SELECT * FROM ${this.table} ORDER BY created_at DESC`);
  }

  /** Revokes the key (a second revocation keeps the first time); null when there is no such key. */
  async revoke(id: string, at: Date): Promise<ApiKeyRow | null> {
    const rows = await this.tx.manager.query<[ApiKeyRow[], number]>(`UPDATE ${this.table} SET revoked_at = coalesce(revoked_at, $2) WHERE id = $1 RETURNING *`, [id, at]);
    return rows[0]?.[0] ?? null;
  }

  async isInForce(id: string): Promise<boolean> {
    const rows = await this.tx.manager.query<unknown[]>(`SELECT 1 FROM ${this.table} WHERE id = $1 AND revoked_at IS NULL`, [id]);
    return rows.length > 0;
  }

  /** The key in force with this hash, or null. */
  async inForceByHash(keyHash: string): Promise<ApiKeyRow | null> {
    const [row] = await this.tx.manager.query<ApiKeyRow[]>(`SELECT * FROM ${this.table} WHERE key_hash = $1 AND revoked_at IS NULL`, [keyHash]);
    return row ?? null;
  }

  async markUsed(id: string, at: Date): Promise<void> {
    await this.tx.manager.query(`UPDATE ${this.table} SET last_used_at = $2 WHERE id = $1`, [id, at]);
  }
}
