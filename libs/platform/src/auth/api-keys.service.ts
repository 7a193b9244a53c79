import { Inject, Injectable } from '@nestjs/common';
import { DomainError, ErrorCode } from '@app/contracts';
import { randomUUID } from 'node:crypto';
import { Clock } from '../clock/clock';
import { apiKeyPrefix, generateApiKey, hashApiKey } from './api-key';
import { ApiKeyRepository, ApiKeyRow } from './api-key.repository';
import { AUTH_SETTINGS, AuthSettings } from './auth.settings';
import { Principal, Role } from './roles';
import { ApiKeyView } from './auth-admin.dto';

export { ApiKeyView };

/** Revocation reaches every instance within this long; a busy key costs one query per window. */
const CACHE_MS = 5_000;
const LAST_USED_EVERY_MS = 60_000;
const BOOTSTRAP_ID = '00000000-0000-0000-0000-000000000000';

@Injectable()
export class ApiKeysService {
  private readonly cache = new Map<string, { at: number; principal: (Principal & { rateLimitPerMinute: number | null }) | null }>();
  private readonly lastUsedWritten = new Map<string, number>();
  private readonly adminKeyHash: string | null;

  constructor(
    private readonly keys: ApiKeyRepository,
    @Inject(AUTH_SETTINGS) private readonly settings: AuthSettings,
    private readonly clock: Clock,
  ) {
    this.adminKeyHash = settings.adminApiKey ? hashApiKey(settings.adminApiKey) : null;
  }

  async create(input: { name: string; roles: Role[]; rateLimitPerMinute?: number }, createdBy: Principal | undefined): Promise<ApiKeyView & { key: string }> {
    const wrong = input.roles.filter((r) => !this.settings.keyRoles.includes(r));
    if (wrong.length) throw new DomainError(ErrorCode.ApiKeyRolesNotAllowed, { field: 'roles', params: { roles: wrong.join(', '), allowed: this.settings.keyRoles.join(', ') } });
    const key = generateApiKey();
    const row = await this.keys.insert({
      id: randomUUID(),
      name: input.name,
      roles: input.roles,
      keyHash: hashApiKey(key),
      keyPrefix: apiKeyPrefix(key),
      rateLimitPerMinute: input.rateLimitPerMinute ?? null,
      createdAt: this.clock.now(),
      createdBy: createdBy?.name ?? null,
    });
    return { ...view(row), key };
  }

  async list(): Promise<ApiKeyView[]> {
    return (await this.keys.newestFirst()).map(view);
  }

  async revoke(id: string): Promise<ApiKeyView> {
    const row = await this.keys.revoke(id, this.clock.now());
    if (!row) throw new DomainError(ErrorCode.ApiKeyNotFound, { field: 'id', params: { id } });
    this.cache.clear();
    return view(row);
  }

  /** Whether the key with this id is still in force (not revoked). */
  async isActive(id: string): Promise<boolean> {
    if (id === BOOTSTRAP_ID) return !!this.adminKeyHash;
    return this.keys.isInForce(id);
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
    const row = await this.keys.inForceByHash(hash);
    const principal = row ? { kind: 'api_key' as const, id: row.id, name: row.name, roles: row.roles, rateLimitPerMinute: row.rate_limit_per_minute } : null;
    if (this.cache.size > 10_000) this.cache.clear();
    this.cache.set(hash, { at: now, principal });
    if (row && now - (this.lastUsedWritten.get(row.id) ?? 0) > LAST_USED_EVERY_MS) {
      this.lastUsedWritten.set(row.id, now);
      await this.keys.markUsed(row.id, this.clock.now());
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
