import { Controller, Get, Query } from '@nestjs/common';
import { Allow, ParseIntInRangePipe, ParseUuidParamPipe, Role } from '@app/platform';
import { ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { WatchlistExportPage } from '@app/contracts';
import { SeizuresService } from './seizures.service';

@ApiTags('watchlist')
@Allow(Role.WatchlistReader)
@Controller('api/v1/watchlist-export')
export class WatchlistExportController {
  constructor(private readonly seizures: SeizuresService) {}

  @Get()
  @ApiOperation({
    summary: 'Every seal in force (active, unexpired), paged by seizureId: the traffic adapter rebuilds and repairs its watchlist from it',
    description: 'A seal the adapter watches that is on none of the pages has been released or has expired.',
  })
  @ApiQuery({ name: 'cursor', required: false, description: 'nextCursor of the previous page' })
  @ApiQuery({ name: 'limit', required: false, schema: ParseIntInRangePipe.schema(1, 5000, 1000), description: '1–5000, default 1000' })
  @ApiOkResponse({ type: WatchlistExportPage })
  export(
    @Query('cursor', new ParseUuidParamPipe('cursor', true)) cursor?: string,
    @Query('limit', new ParseIntInRangePipe('limit', 1, 5000, 1000)) limit = 1000,
  ): Promise<WatchlistExportPage> {
    return this.seizures.exportInForce(cursor, limit);
  }
}
