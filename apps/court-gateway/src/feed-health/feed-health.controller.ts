import { Controller, DefaultValuePipe, Get, ParseEnumPipe, ParseIntPipe, Query } from '@nestjs/common';
import { Allow, Role } from '@app/platform';
import { ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { FeedScope, FeedState } from '@app/contracts';
import { FeedHealthChangeView, FeedHealthOverview } from './feed-health.dto';
import { FeedHealthService } from './feed-health.service';

@ApiTags('feed-health')
@Allow(Role.Dispatcher, Role.DutyDirector, Role.TeamLead, Role.Leadership)
@Controller('api/v1/feed-health')
export class FeedHealthController {
  constructor(private readonly feedHealth: FeedHealthService) {}

  @Get()
  @ApiOperation({ summary: 'Where the traffic watch is blind: current state per camera, checkpoint group and the whole feed' })
  @ApiQuery({ name: 'state', enum: FeedState, required: false })
  @ApiQuery({ name: 'scope', enum: FeedScope, required: false })
  @ApiOkResponse({ type: FeedHealthOverview })
  async overview(
    @Query('state', new ParseEnumPipe(FeedState, { optional: true })) state?: FeedState,
    @Query('scope', new ParseEnumPipe(FeedScope, { optional: true })) scope?: FeedScope,
  ): Promise<FeedHealthOverview> {
    const items = await this.feedHealth.current({ state, scope });
    return { blind: items.filter((i) => i.state === FeedState.Quiet), items };
  }

  @Get('history')
  @ApiOperation({ summary: 'Feed-health changes, newest first' })
  @ApiQuery({ name: 'limit', type: Number, required: false })
  @ApiOkResponse({ type: [FeedHealthChangeView] })
  async history(@Query('limit', new DefaultValuePipe(100), ParseIntPipe) limit = 100): Promise<{ items: FeedHealthChangeView[] }> {
    return { items: await this.feedHealth.history(Math.min(Math.max(limit, 1), 1000)) };
  }
}
