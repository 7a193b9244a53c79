import { ParseUuidParamPipe } from '../http/params';
import { Body, Controller, Delete, Get, Param, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiItemsResponse } from '../http/openapi';
import { ApiKeysService, ApiKeyView } from './api-keys.service';
import { AuditService } from './audit.service';
import { AuditPage, AuditQueryDto, CreateApiKeyDto, IssuedApiKeyView } from './auth-admin.dto';
import { Allow, AuditTarget, CurrentPrincipal } from './auth.decorators';
import { Principal, Role } from './roles';

@ApiTags('admin')
@Controller('api/v1/admin/api-keys')
@AuditTarget('api-key')
@Allow(Role.Admin)
export class ApiKeysController {
  constructor(private readonly keys: ApiKeysService) {}

  /** `{ name, roles, rateLimitPerMinute? }`: roles among those this app gives keys (court-gateway: case_system, watchlist_reader; traffic-adapter: traffic_system; both: admin). */
  @Post()
  @ApiOperation({ summary: 'Issue a key for a system; the key is in this answer only (only its hash is stored)' })
  @ApiCreatedResponse({ type: IssuedApiKeyView, description: 'The new key, with the key itself' })
  create(@Body() dto: CreateApiKeyDto, @CurrentPrincipal() by: Principal): Promise<IssuedApiKeyView> {
    return this.keys.create(dto, by);
  }

  /** Never the keys themselves: a prefix to recognise each by. */
  @Get()
  @ApiOperation({ summary: 'Every key with its roles, prefix, last use and revocation' })
  @ApiItemsResponse(ApiKeyView, 'Every key, newest first')
  async list(): Promise<{ items: ApiKeyView[] }> {
    return { items: await this.keys.list() };
  }

  /** Refused at once on this instance and within 5 s on the others. */
  @Delete(':id')
  @ApiOperation({ summary: 'Revoke a key: refused on every instance within seconds' })
  @ApiOkResponse({ type: ApiKeyView, description: 'The revoked key' })
  revoke(@Param('id', new ParseUuidParamPipe('id')) id: string): Promise<ApiKeyView> {
    return this.keys.revoke(id);
  }
}

@ApiTags('admin')
@Controller('api/v1/admin/audit')
@Allow(Role.Admin)
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  /**
   * Every change made over HTTP and every refusal of a signed-in caller, newest first, filtered by
   * actor (id or name), target, action, outcome (ok, denied, refused, failed) and time (from/to,
   * RFC 3339); `next` pages on. The table is append-only.
   */
  @Get()
  @ApiOperation({ summary: 'The audit log, newest first: who did what to which seal, alert, roster entry or key' })
  @ApiOkResponse({ type: AuditPage, description: 'A page of entries' })
  async query(@Query() q: AuditQueryDto): Promise<AuditPage> {
    const limit = q.limit ?? 100;
    const items = await this.audit.query({ ...q, from: q.from ? new Date(q.from) : undefined, to: q.to ? new Date(q.to) : undefined, limit });
    return { items, next: items.length === limit ? items[items.length - 1].id : null };
  }
}
