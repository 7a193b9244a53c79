import { Body, Controller, Get, Param, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Allow, ApiItemsResponse, AuditTarget, CurrentPrincipal, ParseUuidParamPipe, Principal, Role } from '@app/platform';
import { HandoffNoteView, WriteHandoffDto } from './handoff.dto';
import { HandoffsService } from './handoffs.service';

@ApiTags('handoffs')
@AuditTarget('alert')
@Allow(Role.Dispatcher, Role.DutyDirector, Role.TeamLead, Role.Officer)
@Controller('api/v1')
export class HandoffsController {
  constructor(private readonly handoffs: HandoffsService) {}

  /** `{ note }`: for the next officer on duty. By whoever may act on the alert (403 otherwise), while it is open (409 after). */
  @Post('alerts/:id/handoffs')
  @ApiOperation({ summary: 'Write a shift handoff note on an open alert' })
  @ApiCreatedResponse({ type: HandoffNoteView })
  write(@Param('id', new ParseUuidParamPipe('id')) id: string, @Body() dto: WriteHandoffDto, @CurrentPrincipal() by: Principal): Promise<HandoffNoteView> {
    return this.handoffs.write(id, dto, by);
  }

  /** The alert's handoff notes, newest first. Team-bound callers: their own team's alerts only (403). */
  @Get('alerts/:id/handoffs')
  @Allow(Role.Dispatcher, Role.DutyDirector, Role.TeamLead, Role.Officer, Role.Leadership)
  @ApiOperation({ summary: "An alert's handoff notes, newest first" })
  @ApiItemsResponse(HandoffNoteView, 'Handoff notes, newest first')
  async forAlert(@Param('id', new ParseUuidParamPipe('id')) id: string, @CurrentPrincipal() by: Principal): Promise<{ items: HandoffNoteView[] }> {
    return { items: await this.handoffs.forAlert(id, by) };
  }

  /** The newest handoff note of each open alert the caller sees (officers: their team's): what the next shift reads first. */
  @Get('handoffs')
  @ApiOperation({ summary: 'Handoff notes on open alerts, newest first' })
  @ApiItemsResponse(HandoffNoteView, 'The newest note of each open alert')
  async open(@CurrentPrincipal() by: Principal): Promise<{ items: HandoffNoteView[] }> {
    return { items: await this.handoffs.open(by) };
  }
}
