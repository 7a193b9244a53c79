import { Body, Controller, DefaultValuePipe, Get, HttpCode, Param, ParseEnumPipe, ParseIntPipe, ParseUUIDPipe, Post, Query, Res } from '@nestjs/common';
import { ApiConflictResponse, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { RegisterSeizureDto, ReleaseSeizureDto, SeizureView } from './seizure.dto';
import { SeizureStatus } from './seizure.entity';
import { SeizuresService } from './seizures.service';

@ApiTags('seizures')
@Controller('api/v1/seizures')
export class SeizuresController {
  constructor(private readonly seizures: SeizuresService) {}

  @Post()
  @ApiOperation({ summary: 'Register a seal; it is published to the traffic watchlist' })
  @ApiCreatedResponse({ type: SeizureView, description: 'A new seal was registered' })
  @ApiOkResponse({ type: SeizureView, description: 'This case already has an active seal on this plate; it is returned unchanged' })
  async register(@Body() dto: RegisterSeizureDto, @Res({ passthrough: true }) res: Response): Promise<SeizureView> {
    const { seizure, created } = await this.seizures.register(dto);
    res.status(created ? 201 : 200);
    return seizure;
  }

  @Get()
  @ApiQuery({ name: 'status', enum: SeizureStatus, required: false })
  @ApiQuery({ name: 'limit', required: false, type: Number })
  async list(
    @Query('status', new ParseEnumPipe(SeizureStatus, { optional: true })) status?: SeizureStatus,
    @Query('limit', new DefaultValuePipe(100), ParseIntPipe) limit = 100,
  ): Promise<{ items: SeizureView[] }> {
    return { items: await this.seizures.list(status, Math.min(Math.max(limit, 1), 1000)) };
  }

  @Get(':id')
  @ApiOkResponse({ type: SeizureView })
  get(@Param('id', ParseUUIDPipe) id: string): Promise<SeizureView> {
    return this.seizures.get(id);
  }

  @Post(':id/release')
  @HttpCode(200)
  @ApiOperation({ summary: 'Lift the seal (解封): the plate leaves the watchlist and open alerts are cancelled' })
  @ApiOkResponse({ type: SeizureView })
  @ApiConflictResponse({ description: 'The seal was already released' })
  release(@Param('id', ParseUUIDPipe) id: string, @Body() dto: ReleaseSeizureDto): Promise<SeizureView> {
    return this.seizures.release(id, dto);
  }
}
