import { Body, Controller, Delete, Get, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiKeysService, ApiKeyView } from './api-keys.service';
import { AuditRecord, AuditService } from './audit.service';
import { AuditQueryDto, CreateApiKeyDto } from './auth-admin.dto';
import { Allow, AuditTarget, CurrentPrincipal } from './auth.decorators';
import { Principal, Role } from './roles';

@ApiTags('admin')
@Controller('api/v1/admin/api-keys')
@AuditTarget('api-key')
@Allow(Role.Admin)
export class ApiKeysController {
  constructor(private readonly keys: ApiKeysService) {}

  @Post()
  @ApiOperation({ summary: 'Issue a key for a system; the key is in this answer only (only its hash is stored)' })
  create(@Body() dto: CreateApiKeyDto, @CurrentPrincipal() by: Principal): Promise<ApiKeyView & { key: string }> {
    return this.keys.create(dto, by);
  }

  @Get()
  @ApiOperation({ summary: 'Every key with its roles, prefix, last use and revocation' })
  async list(): Promise<{ items: ApiKeyView[] }> {
    return { items: await this.keys.list() };
  }

  @Delete(':id')
  @ApiOperation({ summary: 'Revoke a key: refused on every instance within seconds' })
  revoke(@Param('id', ParseUUIDPipe) id: string): Promise<ApiKeyView> {
    return this.keys.revoke(id);
  }
}

@ApiTags('admin')
@Controller('api/v1/admin/audit')
@Allow(Role.Admin)
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get()
  @ApiOperation({ summary: 'The audit log, newest first: who did what to which seal, alert, roster entry or key' })
  async query(@Query() q: AuditQueryDto): Promise<{ items: AuditRecord[]; next: string | null }> {
    const limit = q.limit ?? 100;
    const items = await this.audit.query({ ...q, limit });
    return { items, next: items.length === limit ? items[items.length - 1].id : null };
  }
}
