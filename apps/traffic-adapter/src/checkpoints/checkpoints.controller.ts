import { DomainError, ErrorCode } from '@app/contracts';
import { Body, Controller, Delete, Get, HttpCode, Param, PipeTransform, Put, Res } from '@nestjs/common';
import { Allow, ApiItemsResponse, AuditTarget, Role } from '@app/platform';
import { ApiConflictResponse, ApiCreatedResponse, ApiNoContentResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CHECKPOINT_ID_PATTERN, CheckpointView, PutCheckpointDto } from './checkpoint.dto';
import { CheckpointsService } from './checkpoints.service';

/** A checkpoint id in the path, by the registry's rule. */
export class CheckpointIdPipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (!CHECKPOINT_ID_PATTERN.test(value)) throw new DomainError(ErrorCode.CheckpointIdInvalid, { field: 'id' });
    return value;
  }
}

/** Admin API of the checkpoint registry; integrators register their checkpoints before sending reads. */
@ApiTags('checkpoints')
@Allow(Role.TrafficSystem)
@AuditTarget('checkpoint')
@Controller('api/v1/checkpoints')
export class CheckpointsController {
  constructor(private readonly checkpoints: CheckpointsService) {}

  /** Its name, lat/lon (JSON numbers), jurisdiction (court team id), groupId (feed health) and extra camera ids; 201 when new, 200 when replaced. A read from a camera of no checkpoint is still taken, its hit flagged unknownCamera. */
  @Put(':id')
  @ApiOperation({ summary: 'Register or replace a checkpoint (its cameras, place, court jurisdiction and feed-health group)' })
  @ApiCreatedResponse({ type: CheckpointView, description: 'A new checkpoint was registered' })
  @ApiOkResponse({ type: CheckpointView, description: 'The checkpoint was replaced' })
  @ApiConflictResponse({ description: 'A camera already belongs to another checkpoint' })
  async put(@Param('id', CheckpointIdPipe) id: string, @Body() dto: PutCheckpointDto, @Res({ passthrough: true }) res: Response): Promise<CheckpointView> {
    const { checkpoint, created } = await this.checkpoints.put(id, dto);
    res.status(created ? 201 : 200);
    return checkpoint;
  }

  /** The registry, by id. */
  @Get()
  @ApiOperation({ summary: 'Every registered checkpoint' })
  @ApiItemsResponse(CheckpointView, 'Every registered checkpoint, by id')
  async list(): Promise<{ items: CheckpointView[] }> {
    return { items: await this.checkpoints.list() };
  }

  /** With its cameras, place, jurisdiction and group. */
  @Get(':id')
  @ApiOperation({ summary: 'One checkpoint' })
  @ApiOkResponse({ type: CheckpointView, description: 'The checkpoint' })
  @ApiNotFoundResponse()
  get(@Param('id', CheckpointIdPipe) id: string): Promise<CheckpointView> {
    return this.checkpoints.get(id);
  }

  /** Its cameras count as unknown from now on (their hits are flagged, never dropped). */
  @Delete(':id')
  @ApiOperation({ summary: 'Remove a checkpoint' })
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Removed; its cameras count as unknown from now on' })
  @ApiNotFoundResponse()
  remove(@Param('id', CheckpointIdPipe) id: string): Promise<void> {
    return this.checkpoints.remove(id);
  }
}
