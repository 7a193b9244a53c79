import { BadRequestException, Inject, Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { Clock } from '../clock/clock';
import { assertSqlIdentifier } from '../database/sql-identifier';
import { apiKeyPrefix, generateApiKey, hashApiKey } from './api-key';
import { AUTH_SETTINGS, AuthSettings } from './auth.settings';
import { Principal, Role } from './roles';
import { ApiKeyView } from './auth-admin.dto';

export { ApiKeyView };


interface ApiKeyRow {
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

/** Revocation reaches every instance within this long; a busy key costs one query per window. */
const CACHE_MS = 5_000;
const LAST_USED_EVERY_MS = 60_000;
const BOOTSTRAP_ID = '00000000-0000-0000-0000-000000000000';

@Injectable()
export class ApiKeysService {
  private readonly table: string;
  private readonly cache = new Map<string, { at: number; principal: (Principal & { rateLimitPerMinute: number | null }) | null }>();
  private readonly lastUsedWritten = new Map<string, number>();
  private readonly adminKeyHash: string | null;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(AUTH_SETTINGS) private readonly settings: AuthSettings,
    private readonly clock: Clock,
  ) {
    this.table = `${assertSqlIdentifier(settings.schema)}.api_keys`;
    this.adminKeyHash = settings.adminApiKey ? hashApiKey(settings.adminApiKey) : null;
  }

  async create(input: { name: string; roles: Role[]; rateLimitPerMinute?: number }, createdBy: Principal | undefined): Promise<ApiKeyView & { key: string }> {
    const wrong = input.roles.filter((r) => !this.settings.keyRoles.includes(r));
    if (wrong.length) throw new BadRequestException(`roles ${wrong.join(', ')} cannot be given to a key of this service; allowed: ${this.settings.keyRoles.join(', ')}`);
    const key = generateApiKey();
    const [row] = await this.dataSource.query<ApiKeyRow[]>(
      `INSERT INTO ${this.table} (id, name, roles, key_hash, key_prefix, rate_limit_per_minute, created_at, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING *`,
      [randomUUID(), input.name, input.roles, hashApiKey(key), apiKeyPrefix(key), input.rateLimitPerMinute ?? null, this.clock.now(), createdBy?.name ?? null],
    );
    return { ...view(row), key };
  }

  async list(): Promise<ApiKeyView[]> {
    const rows = await this.dataSource.query<ApiKeyRow[]>(`SELECT * FROM ${this.table} ORDER BY created_at DESC`);
    return rows.map(view);
  }

  async revoke(id: string): Promise<ApiKeyView> {
    const rows = await this.dataSource.query<[ApiKeyRow[], number]>(
      `UPDATE ${this.table} SET revoked_at = coalesce(revoked_at, $2) WHERE id = $1 RETURNING *`,
      [id, this.clock.now()],
    );
    const row = rows[0]?.[0];
    if (!row) throw new NotFoundException(`API key ${id} not found`);
    this.cache.clear();
    return view(row);
  }

  /** Whether the key with this id is still in force (not revoked). */
  async isActive(id: string): Promise<boolean> {
    if (id === BOOTSTRAP_ID) return !!this.adminKeyHash;
    const rows = await this.dataSource.query<unknown[]>(`SELECT 1 FROM ${this.table} WHERE id = $1 AND revoked_at IS NULL`, [id]);
    return rows.length > 0;
  }

  /** The principal a presented key stands for, or null when it is unknown or revoked. */
  async authenticate(key: string): Promise<(Principal & { rateLimitPerMinute: number | null }) | null> {
    const hash = hashApiKey(key);
    if (this.adminKeyHash && hash === this.adminKeyHash) {
      return { kind: 'api_key', id: BOOTSTRAP_ID, name: 'ADMIN_API_KEY', roles: [Role.Admin], rateLimitPerMinute: null };
    }
    const now = Date.now();
    const cached = this.cache.get(hash);
    if (cached && now - cached.at < CACHE_MS) return cached.principal;
    const [row] = await this.dataSource.query<ApiKeyRow[]>(`SELECT * FROM ${this.table} WHERE key_hash = $1 AND revoked_at IS NULL`, [hash]);
    const principal = row ? { kind: 'api_key' as const, id: row.id, name: row.name, roles: row.roles, rateLimitPerMinute: row.rate_limit_per_minute } : null;
    if (this.cache.size > 10_000) this.cache.clear();
    this.cache.set(hash, { at: now, principal });
    if (row && now - (this.lastUsedWritten.get(row.id) ?? 0) > LAST_USED_EVERY_MS) {
      this.lastUsedWritten.set(row.id, now);
      await this.dataSource.query(`UPDATE ${this.table} SET last_used_at = $2 WHERE id = $1`, [row.id, this.clock.now()]);
    }
    return principal;
  }
}

function view(row: ApiKeyRow): ApiKeyView {
  return {
    id: row.id,
    name: row.name,
    roles: row.roles,
    keyPrefix: row.key_prefix,
    rateLimitPerMinute: row.rate_limit_per_minute,
    createdAt: row.created_at.toISOString(),
    createdBy: row.created_by,
    revokedAt: row.revoked_at?.toISOString() ?? null,
    lastUsedAt: row.last_used_at?.toISOString() ?? null,
  };
}
