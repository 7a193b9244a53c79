import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { Allow, AuditTarget, ParseUuidParamPipe, Role, SignedWebhook } from '@app/platform';
import { ApiConflictResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { InterceptionOutcomeDto, InterceptionStatusView } from './interception.dto';
import { InterceptionsService } from './interceptions.service';

@ApiTags('interceptions')
@Allow(Role.TrafficSystem)
@AuditTarget('interception')
@Controller('api/v1/interceptions')
export class InterceptionsController {
  constructor(private readonly interceptions: InterceptionsService) {}

  /**
   * `{ result: stopped | lost | refused, reportedAt?, reportedBy?, note?, location? }`, published as
   * InterceptionOutcome on traffic.intercepts.v1. Signed with TRAFFIC_WEBHOOK_SECRET besides the API
   * key: X-Timestamp and X-Signature = sha256=HMAC("<X-Timestamp>.<path>.<body>"); a stale or repeated
   * signature is refused. The same result again is harmless; a different one is 409.
   */
  @Post(':id/outcome')
  @SignedWebhook()
  @HttpCode(200)
  @ApiOperation({ summary: 'The traffic police report how an interception request ended (stopped, lost, refused)' })
  @ApiOkResponse({ type: InterceptionStatusView })
  @ApiNotFoundResponse({ description: 'No such interception request' })
  @ApiConflictResponse({ description: 'A different outcome was already reported' })
  @ApiUnauthorizedResponse({ description: 'No valid API key, or X-Signature / X-Timestamp missing, wrong, stale or replayed' })
  outcome(@Param('id', new ParseUuidParamPipe('id')) id: string, @Body() dto: InterceptionOutcomeDto): Promise<InterceptionStatusView> {
    return this.interceptions.recordOutcome(id, dto);
  }
}
