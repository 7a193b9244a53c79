import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Allow, Clock, Role } from '@app/platform';
import { FeedHealthView } from './feed-health.dto';
import { FeedHealthService } from './feed-health.service';

@ApiTags('feed-health')
@Allow(Role.TrafficSystem)
@Controller('api/v1/feed-health')
export class FeedHealthController {
  constructor(
    private readonly feedHealth: FeedHealthService,
    private readonly clock: Clock,
  ) {}

  /** Counters only, never plates: the reads this instance took in per camera, and what the shared feed-health state says is quiet. */
  @Get()
  @ApiOperation({ summary: "Per camera: last read and read rate (reads this instance took in); quiet cameras, groups and the whole feed" })
  @ApiOkResponse({ type: FeedHealthView })
  get(): Promise<FeedHealthView> {
    return this.feedHealth.view(this.clock.now());
  }
}
