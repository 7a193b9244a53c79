import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { Allow, ParseIntInRangePipe, Role } from '@app/platform';
import { DispositionSummaryView } from './disposition.dto';
import { SealDispositionsRepository } from './seal-dispositions.repository';

@ApiTags('feed-health')
@Allow(Role.Dispatcher, Role.DutyDirector, Role.TeamLead, Role.Leadership)
@Controller('api/v1/dispositions')
export class DispositionsController {
  constructor(private readonly dispositions: SealDispositionsRepository) {}

  @Get('summary')
  @ApiOperation({
    summary: '布控 on the police GA/T 1400 platform: counts by state, and the seals it is not watching for',
    description:
      'From traffic-adapter\'s GA/T 1400 connector in disposition mode (DispositionStateChanged on traffic.dispositions.v1). ' +
      '`notInForce` lists active seals whose 布控 the platform refused (with its StatusString) or has not answered: the watch is blind for those cars.',
  })
  @ApiQuery({ name: 'limit', required: false, schema: ParseIntInRangePipe.schema(1, 500, 50), description: 'most seals listed in notInForce (1-500, default 50)' })
  @ApiOkResponse({ type: DispositionSummaryView, description: 'Counts by state and the seals not watched for' })
  summary(@Query('limit', new ParseIntInRangePipe('limit', 1, 500, 50)) limit: number): Promise<DispositionSummaryView> {
    return this.dispositions.summary(limit);
  }
}
