import { Controller, Get, Query } from '@nestjs/common';
import { Allow, ApiItemsResponse, ParseIntInRangePipe, ParseOneOfPipe, Role } from '@app/platform';
import { ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { FeedScope, FeedState } from '@app/contracts';
import { FeedHealthChangeView, FeedHealthOverview } from './feed-health.dto';
import { FeedHealthService } from './feed-health.service';

@ApiTags('feed-health')
@Allow(Role.Dispatcher, Role.DutyDirector, Role.TeamLead, Role.Leadership)
@Controller('api/v1/feed-health')
export class FeedHealthController {
  constructor(private readonly feedHealth: FeedHealthService) {}

  /** From traffic.feed-health.v1: a camera, checkpoint group or the whole feed with no read for longer than the traffic side's FEED_QUIET_*_SECONDS is quiet (blind) until reads flow again. */
  @Get()
  @ApiOperation({ summary: 'Where the traffic watch is blind: current state per camera, checkpoint group and the whole feed' })
  @ApiQuery({ name: 'state', enum: FeedState, required: false })
  @ApiQuery({ name: 'scope', enum: FeedScope, required: false })
  @ApiOkResponse({ type: FeedHealthOverview, description: 'The blind subjects, and every subject with its latest state' })
  async overview(
    @Query('state', new ParseOneOfPipe('state', Object.values(FeedState), true)) state?: FeedState,
    @Query('scope', new ParseOneOfPipe('scope', Object.values(FeedScope), true)) scope?: FeedScope,
  ): Promise<FeedHealthOverview> {
    const items = await this.feedHealth.current({ state, scope });
    return { blind: items.filter((i) => i.state === FeedState.Quiet), items };
  }

  /** Every quiet and restored change received, at most `limit` (1-1000, default 100). */
  @Get('history')
  @ApiOperation({ summary: 'Feed-health changes, newest first' })
  @ApiQuery({ name: 'limit', required: false, schema: ParseIntInRangePipe.schema(1, 1000, 100) })
  @ApiItemsResponse(FeedHealthChangeView, 'Changes, newest first')
  async history(@Query('limit', new ParseIntInRangePipe('limit', 1, 1000, 100)) limit: number): Promise<{ items: FeedHealthChangeView[] }> {
    return { items: await this.feedHealth.history(limit) };
  }
}
