import { Body, Controller, DefaultValuePipe, Get, HttpCode, Param, ParseBoolPipe, ParseEnumPipe, ParseIntPipe, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiConflictResponse, ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { AcknowledgeAlertDto, AlertDetailView, AlertView } from './alert.dto';
import { AlertState } from './alert-lifecycle';
import { AlertsService } from './alerts.service';

@ApiTags('alerts')
@Controller('api/v1/alerts')
export class AlertsController {
  constructor(private readonly alerts: AlertsService) {}

  @Get()
  @ApiOperation({ summary: 'Alerts, newest first' })
  @ApiQuery({ name: 'state', enum: AlertState, required: false })
  @ApiQuery({ name: 'open', type: Boolean, required: false, description: 'only alerts not yet resolved or cancelled' })
  @ApiQuery({ name: 'limit', type: Number, required: false })
  async list(
    @Query('state', new ParseEnumPipe(AlertState, { optional: true })) state?: AlertState,
    @Query('open', new ParseBoolPipe({ optional: true })) open?: boolean,
    @Query('limit', new DefaultValuePipe(100), ParseIntPipe) limit = 100,
  ): Promise<{ items: AlertView[] }> {
    return { items: await this.alerts.list({ state, open, limit: Math.min(Math.max(limit, 1), 1000) }) };
  }

  @Get(':id')
  @ApiOperation({ summary: 'One alert with its timeline and sighting track' })
  @ApiOkResponse({ type: AlertDetailView })
  get(@Param('id', ParseUUIDPipe) id: string): Promise<AlertDetailView> {
    return this.alerts.get(id);
  }

  @Post(':id/acknowledge')
  @HttpCode(200)
  @ApiOperation({ summary: 'The officer has seen the alert; records the time to acknowledge' })
  @ApiOkResponse({ type: AlertDetailView })
  @ApiConflictResponse({ description: 'The alert is not in a state that can be acknowledged' })
  acknowledge(@Param('id', ParseUUIDPipe) id: string, @Body() dto: AcknowledgeAlertDto): Promise<AlertDetailView> {
    return this.alerts.acknowledge(id, dto.officerId, dto.note);
  }
}
