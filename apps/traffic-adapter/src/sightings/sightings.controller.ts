import { Body, Controller, HttpCode, Inject, Post } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBody, ApiExtraModels, ApiOkResponse, ApiOperation, ApiTags, getSchemaPath } from '@nestjs/swagger';
import { validateOneOrMany } from '@app/platform';
import { TrafficAdapterEnv } from '../config/traffic-adapter.env';
import { SightingDto, SightingsAcceptedDto } from './sighting.dto';
import { SightingsService } from './sightings.service';

@ApiTags('sightings')
@ApiExtraModels(SightingDto)
@Controller('api/v1/sightings')
export class SightingsController {
  constructor(
    private readonly sightings: SightingsService,
    @Inject(TrafficAdapterEnv) private readonly env: TrafficAdapterEnv,
  ) {}

  @Post()
  @HttpCode(200)
  @ApiOperation({ summary: 'Take in one checkpoint read or an array of them; matches become hits on traffic.hits.v1' })
  @ApiBody({
    schema: { oneOf: [{ $ref: getSchemaPath(SightingDto) }, { type: 'array', items: { $ref: getSchemaPath(SightingDto) } }] },
  })
  @ApiOkResponse({ type: SightingsAcceptedDto })
  @ApiBadRequestResponse({ description: 'A read is invalid; the message names the item and field. Nothing of the batch is taken.' })
  async intake(@Body() body: unknown): Promise<SightingsAcceptedDto> {
    const sightings = await validateOneOrMany(SightingDto, body, this.env.SIGHTINGS_MAX_BATCH);
    return this.sightings.intake(sightings);
  }
}
