import { Body, Controller, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiConflictResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { InterceptionOutcomeDto, InterceptionStatusView } from './interception.dto';
import { InterceptionsService } from './interceptions.service';

@ApiTags('interceptions')
@Controller('api/v1/interceptions')
export class InterceptionsController {
  constructor(private readonly interceptions: InterceptionsService) {}

  @Post(':id/outcome')
  @HttpCode(200)
  @ApiOperation({ summary: 'The traffic police report how an interception request ended (stopped, lost, refused)' })
  @ApiOkResponse({ type: InterceptionStatusView })
  @ApiNotFoundResponse({ description: 'No such interception request' })
  @ApiConflictResponse({ description: 'A different outcome was already reported' })
  outcome(@Param('id', ParseUUIDPipe) id: string, @Body() dto: InterceptionOutcomeDto): Promise<InterceptionStatusView> {
    return this.interceptions.recordOutcome(id, dto);
  }
}
