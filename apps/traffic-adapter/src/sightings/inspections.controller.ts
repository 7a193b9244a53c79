import { Body, Controller, HttpCode, Inject, Post } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBody, ApiExtraModels, ApiOkResponse, ApiOperation, ApiTags, getSchemaPath } from '@nestjs/swagger';
import { HitSource } from '@app/contracts';
import { Allow, Clock, NoAudit, Role, validateOneOrMany } from '@app/platform';
import { TrafficAdapterEnv } from '../config/traffic-adapter.env';
import { InspectionDto } from './inspection.dto';
import { SightingsAcceptedDto } from './sighting.dto';
import { readTimeProblem } from './read-time';
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

  @Post()
  @HttpCode(200)
  @ApiOperation({ summary: 'Take in one annual-inspection booking/arrival or an array of them; a sealed car becomes a hit (source inspection)' })
  @ApiBody({
    schema: { oneOf: [{ $ref: getSchemaPath(InspectionDto) }, { type: 'array', items: { $ref: getSchemaPath(InspectionDto) } }] },
  })
  @ApiOkResponse({ type: SightingsAcceptedDto })
  @ApiBadRequestResponse({ description: 'An event is invalid; the message names the item and field. Nothing of the batch is taken.' })
  async intake(@Body() body: unknown): Promise<SightingsAcceptedDto> {
    const inspections = await validateOneOrMany(InspectionDto, body, this.env.SIGHTINGS_MAX_BATCH, (i) =>
      readTimeProblem({ field: 'scheduledAt', at: new Date(i.scheduledAt), stage: i.stage }, this.clock.now(), this.env.HIT_RETENTION_DAYS),
    );
    const { received, hits, duplicates } = await this.sightings.intake(
      inspections.map((i) => ({
        source: HitSource.Inspection,
        plate: i.plate,
        cameraId: i.stationId,
        observedAt: new Date(i.scheduledAt),
        eventId: i.eventId,
        location: i.location,
      })),
    );
    return { received, hits, duplicates };
  }
}
