import { Body, Controller, HttpCode, Inject, Post, Res } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBody, ApiExtraModels, ApiOkResponse, ApiOperation, ApiResponse, ApiTags, getSchemaPath } from '@nestjs/swagger';
import { HitSource } from '@app/contracts';
import { Allow, Clock, NoAudit, Role, validateEach } from '@app/platform';
import type { Response } from 'express';
import { TrafficAdapterEnv } from '../config/traffic-adapter.env';
import { InspectionDto } from './inspection.dto';
import { answerBatch, readAttributes } from './intake-answer';
import { readTimeFieldProblem } from './read-time';
import { SightingsAcceptedDto } from './sighting.dto';
import { SightingsService } from './sightings.service';

@ApiTags('inspections')
@ApiExtraModels(InspectionDto)
@Allow(Role.TrafficSystem)
@NoAudit()
@Controller('api/v1/inspections')
export class InspectionsController {
  constructor(
    private readonly sightings: SightingsService,
    @Inject(TrafficAdapterEnv) private readonly env: TrafficAdapterEnv,
    private readonly clock: Clock,
  ) {}

  /**
   * Each event: plate, stationId, stage (booked, arrived), scheduledAt (RFC 3339; a booking may lie
   * up to a year ahead, an arrival at most 5 minutes), optional eventId, location and the vehicle
   * from its papers. A sealed car becomes a hit with source inspection. 200, 207 or 400 as for
   * sightings.
   */
  @Post()
  @HttpCode(200)
  @ApiOperation({ summary: 'Take in one annual-inspection booking/arrival or an array of them; a sealed car becomes a hit (source inspection). Items are judged one by one.' })
  @ApiBody({
    schema: { oneOf: [{ $ref: getSchemaPath(InspectionDto) }, { type: 'array', items: { $ref: getSchemaPath(InspectionDto) } }] },
  })
  @ApiOkResponse({ type: SightingsAcceptedDto, description: 'Every event was taken.' })
  @ApiResponse({ status: 207, type: SightingsAcceptedDto, description: 'Some events were taken, some refused: `refusals` names each refused item and why.' })
  @ApiBadRequestResponse({ description: 'No event could be taken (or the body is not a batch); the message names each item and field.' })
  async intake(@Body() body: unknown, @Res({ passthrough: true }) res: Response): Promise<SightingsAcceptedDto> {
    const { accepted, refused } = await validateEach(InspectionDto, body, this.env.SIGHTINGS_MAX_BATCH, (i) =>
      readTimeFieldProblem({ field: 'scheduledAt', at: new Date(i.scheduledAt), stage: i.stage }, this.clock.now(), this.env.HIT_RETENTION_DAYS),
    );
    const result = await this.sightings.intake(
      accepted.map(({ item: i }) => ({
        source: HitSource.Inspection,
        plate: i.plate,
        cameraId: i.stationId,
        observedAt: new Date(i.scheduledAt),
        eventId: i.eventId,
        location: i.location,
        attributes: readAttributes(i),
      })),
    );
    return answerBatch(res, result, refused, body);
  }
}
