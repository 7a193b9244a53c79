import { Body, Controller, HttpCode, Inject, Post } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBody, ApiExtraModels, ApiOkResponse, ApiOperation, ApiTags, getSchemaPath } from '@nestjs/swagger';
import { HitSource } from '@app/contracts';
import { Allow, Clock, NoAudit, Role, validateOneOrMany } from '@app/platform';
import { TrafficAdapterEnv } from '../config/traffic-adapter.env';
import { SightingDto, SightingsAcceptedDto } from './sighting.dto';
import { readTimeProblem } from './read-time';
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

  @Post()
  @HttpCode(200)
  @ApiOperation({ summary: 'Take in one checkpoint read or an array of them (at most SIGHTINGS_MAX_BATCH, default 1000); matches become hits on traffic.hits.v1' })
  @ApiBody({
    schema: { oneOf: [{ $ref: getSchemaPath(SightingDto) }, { type: 'array', items: { $ref: getSchemaPath(SightingDto) } }] },
  })
  @ApiOkResponse({ type: SightingsAcceptedDto })
  @ApiBadRequestResponse({ description: 'A read is invalid; the message names the item and field. Nothing of the batch is taken.' })
  async intake(@Body() body: unknown): Promise<SightingsAcceptedDto> {
    const sightings = await validateOneOrMany(SightingDto, body, this.env.SIGHTINGS_MAX_BATCH, (s) =>
      readTimeProblem({ field: 'observedAt', at: new Date(s.observedAt) }, this.clock.now(), this.env.HIT_RETENTION_DAYS),
    );
    const { received, hits, duplicates } = await this.sightings.intake(
      sightings.map((s) => ({
        source: HitSource.Checkpoint,
        plate: s.plate,
        cameraId: s.cameraId,
        observedAt: new Date(s.observedAt),
        eventId: s.eventId,
        confidence: s.confidence,
        location: s.location,
        imageUrl: s.imageUrl,
      })),
    );
    return { received, hits, duplicates };
  }
}
