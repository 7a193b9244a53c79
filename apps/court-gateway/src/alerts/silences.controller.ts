import { Body, Controller, Param, Post } from '@nestjs/common';
import { Allow, AuditTarget, CurrentPrincipal, ParseUuidParamPipe, Principal, Role } from '@app/platform';
import { ApiConflictResponse, ApiCreatedResponse, ApiForbiddenResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CreateSilenceDto, SilenceView } from './alert.dto';
import { AlertActionsService } from './alert-actions.service';

@ApiTags('alerts')
@Allow(Role.Dispatcher, Role.DutyDirector, Role.TeamLead)
@AuditTarget('seizure')
@Controller('api/v1/seizures')
export class SilencesController {
  constructor(private readonly actions: AlertActionsService) {}

  /** `{ minutes (1-10080), reason, officerId? }`: no pages or escalations for this seal until it ends; hits still land in the timeline. A team lead silences only a seal of their own team, as themselves (403 otherwise). */
  @Post(':id/silences')
  @ApiForbiddenResponse({ description: 'A team-bound caller and another team\'s seal, or naming another officer' })
  @ApiOperation({ summary: 'Pause paging for this seal for a stated time and reason; hits still land in the timeline' })
  @ApiCreatedResponse({ type: SilenceView, description: 'The silence' })
  @ApiConflictResponse({ description: 'The seal is released' })
  silence(@Param('id', new ParseUuidParamPipe('id')) id: string, @Body() dto: CreateSilenceDto, @CurrentPrincipal() by?: Principal): Promise<SilenceView> {
    return this.actions.silence(id, dto, by);
  }
}
