import { Controller, DefaultValuePipe, Get, ParseIntPipe, Query } from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { Allow, Role } from '@app/platform';
import { SealDispositionsRepository } from './seal-dispositions.repository';

@ApiTags('feed-health')
@Allow(Role.Dispatcher, Role.DutyDirector, Role.TeamLead, Role.Leadership)
@Controller('api/v1/dispositions')
export class DispositionsController {
  constructor(private readonly dispositions: SealDispositionsRepository) {}

  @Get('summary')
  @ApiOperation({ summary: '布控 on the police GA/T 1400 platform: counts by state, and the active seals the platform is not (yet) watching for, with its StatusString' })
  @ApiQuery({ name: 'limit', type: Number, required: false })
  summary(@Query('limit', new DefaultValuePipe(50), ParseIntPipe) limit = 50) {
    return this.dispositions.summary(Math.min(Math.max(limit, 1), 500));
  }
}
