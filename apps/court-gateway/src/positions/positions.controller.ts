import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Allow, ApiItemsResponse, AuditTarget, CurrentPrincipal, ParseUuidParamPipe, Principal, Role } from '@app/platform';
import { PositionView, SharePositionDto, StopSharingView } from './position.dto';
import { PositionsService } from './positions.service';

@ApiTags('positions')
@AuditTarget('alert')
@Controller('api/v1/alerts/:id/positions')
export class PositionsController {
  constructor(private readonly positions: PositionsService) {}

  /**
   * `{ lat, lon, accuracy, at? }`: the signed-in officer's position while responding to this
   * alert (acknowledged, not closed), with their consent. Only the latest fix is kept; it is
   * deleted when the alert closes. 400 out of range, vaguer than POSITION_MAX_ACCURACY_M, stale,
   * out of order or implausibly far from the last fix (POSITION_MAX_SPEED_KMH); 403 not the
   * officer's alert to act on; 409 not responding.
   */
  @Post()
  @Allow(Role.Officer, Role.TeamLead, Role.DutyDirector, Role.Dispatcher)
  @HttpCode(200)
  @ApiOperation({ summary: "Share the officer's position while responding to the alert" })
  @ApiOkResponse({ type: PositionView })
  share(@Param('id', new ParseUuidParamPipe('id')) id: string, @Body() dto: SharePositionDto, @CurrentPrincipal() by: Principal): Promise<PositionView> {
    return this.positions.share(id, dto, by);
  }

  /** Stop sharing: the officer's position for this alert is deleted. */
  @Delete('me')
  @Allow(Role.Officer, Role.TeamLead, Role.DutyDirector, Role.Dispatcher)
  @HttpCode(200)
  @ApiOperation({ summary: "Stop sharing: delete the officer's position for this alert" })
  @ApiOkResponse({ type: StopSharingView })
  stop(@Param('id', new ParseUuidParamPipe('id')) id: string, @CurrentPrincipal() by: Principal): Promise<StopSharingView> {
    return this.positions.stop(id, by);
  }

  /** Who shares a position for this alert and where: the command center's dispatchers and duty directors only. */
  @Get()
  @Allow(Role.Dispatcher, Role.DutyDirector)
  @ApiOperation({ summary: 'Positions shared for the alert (dispatchers only)' })
  @ApiItemsResponse(PositionView, 'Latest fix per sharing officer')
  async list(@Param('id', new ParseUuidParamPipe('id')) id: string, @CurrentPrincipal() by: Principal): Promise<{ items: PositionView[] }> {
    return { items: await this.positions.forAlert(id, by) };
  }
}
