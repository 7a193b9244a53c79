import { Body, Controller, HttpCode, Inject, Post, Res } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBody, ApiExtraModels, ApiOkResponse, ApiOperation, ApiResponse, ApiTags, getSchemaPath } from '@nestjs/swagger';
import { HitSource } from '@app/contracts';
import { Allow, Clock, NoAudit, Role, validateEach } from '@app/platform';
import type { Response } from 'express';
import { TrafficAdapterEnv } from '../config/traffic-adapter.env';
import { SightingDto, SightingsAcceptedDto } from './sighting.dto';
import { answerBatch, readAttributes } from './intake-answer';
import { readTimeFieldProblem } from './read-time';
import { SightingsService } from './sightings.service';

@ApiTags('sightings')
@ApiExtraModels(SightingDto)
@Allow(Role.TrafficSystem)
@NoAudit()
@Controller('api/v1/sightings')
export class SightingsController {
  constructor(
    private readonly sightings: SightingsService,
    @Inject(TrafficAdapterEnv) private readonly env: TrafficAdapterEnv,
    private readonly clock: Clock,
  ) {}

  /**
   * Each read: plate as read (misreads are fuzzy-matched; text no plate carries is refused),
   * cameraId, observedAt (RFC 3339, at most 5 minutes ahead and not older than HIT_RETENTION_DAYS),
   * optional eventId (a repeat is ignored), confidence, location, imageUrl and what the camera saw
   * of the vehicle. 200 when every read was taken; 207 when some were refused (`refusals` names
   * each); 400 when none could be. Reads that match no seal are stored nowhere.
   */
  @Post()
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Take in one checkpoint read or an array of them (at most SIGHTINGS_MAX_BATCH, default 1000); matches become hits on traffic.hits.v1. ' +
      'Items are judged one by one: the good ones of a batch are taken even when others are refused.',
  })
  @ApiBody({
    schema: { oneOf: [{ $ref: getSchemaPath(SightingDto) }, { type: 'array', items: { $ref: getSchemaPath(SightingDto) } }] },
  })
  @ApiOkResponse({ type: SightingsAcceptedDto, description: 'Every read was taken.' })
  @ApiResponse({ status: 207, type: SightingsAcceptedDto, description: 'Some reads were taken, some refused: `refusals` names each refused item and why.' })
  @ApiBadRequestResponse({ description: 'No read could be taken (or the body is not a batch); the message names each item and field.' })
  async intake(@Body() body: unknown, @Res({ passthrough: true }) res: Response): Promise<SightingsAcceptedDto> {
    const { accepted, refused } = await validateEach(SightingDto, body, this.env.SIGHTINGS_MAX_BATCH, (s) =>
      readTimeFieldProblem({ field: 'observedAt', at: new Date(s.observedAt) }, this.clock.now(), this.env.HIT_RETENTION_DAYS),
    );
    const result = await this.sightings.intake(
      accepted.map(({ item: s }) => ({
        source: HitSource.Checkpoint,
        plate: s.plate,
        cameraId: s.cameraId,
        observedAt: new Date(s.observedAt),
        eventId: s.eventId,
        confidence: s.confidence,
        location: s.location,
        imageUrl: s.imageUrl,
        attributes: readAttributes(s),
      })),
    );
    return answerBatch(res, result, refused, body);
  }
}
