import { Body, Controller, DefaultValuePipe, Get, HttpCode, MessageEvent, Param, ParseBoolPipe, ParseEnumPipe, ParseIntPipe, ParseUUIDPipe, Post, Query, Sse } from '@nestjs/common';
import { ApiConflictResponse, ApiForbiddenResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiQuery, ApiTags } from '@nestjs/swagger';
import { DomainError, ErrorCode } from '@app/contracts';
import { Allow, AuditTarget, confinedTeam, CurrentPrincipal, Principal, PrincipalValidity, Role } from '@app/platform';
import { bufferTime, concatMap, filter, from, interval, map, merge, mergeMap, Observable, takeUntil } from 'rxjs';
import { AlertActionsService } from './alert-actions.service';
import { AlertEventsBus } from './alert-events.bus';
import { AlertQueriesService } from './alert-queries.service';
import { AcknowledgeAlertDto, AlertActionDto, AlertDetailView, AlertView, RejectAlertDto, RequestInterceptionDto, ResolveAlertDto } from './alert.dto';
import { AlertAction, AlertState } from './domain/alert-lifecycle';

const HEARTBEAT_MS = 15_000;
/** Changes are gathered this long and sent as one view per alert: a burst of hits costs one query per burst, not per hit. */
const STREAM_BATCH_MS = 100;
/** An open stream re-checks its caller this often: a sign-out, disabled account or revoked key ends it. */
const STREAM_RECHECK_MS = 30_000;

/** Officers and team leads see their own team only; asking for another team is refused, not silently narrowed. */
function teamFilter(by: Principal | undefined, requested: string | undefined): string | undefined {
  const team = by && confinedTeam(by);
  if (!team) return requested;
  if (requested && requested !== team) throw new DomainError(ErrorCode.TeamConfinedList, { field: 'team', params: { caller: by!.name, team, otherTeam: requested } });
  return team;
}

@ApiTags('alerts')
@Allow(Role.Dispatcher, Role.DutyDirector, Role.TeamLead, Role.Officer, Role.Leadership)
@AuditTarget('alert')
@Controller('api/v1/alerts')
@ApiForbiddenResponse({ description: 'The acting officer is not the assignee, a team lead of its team or the command center' })
@ApiConflictResponse({ description: 'The alert is not in a state that allows this action' })
export class AlertsController {
  constructor(
    private readonly actions: AlertActionsService,
    private readonly queries: AlertQueriesService,
    private readonly bus: AlertEventsBus,
    private readonly validity: PrincipalValidity,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Alerts, newest first' })
  @ApiQuery({ name: 'state', enum: AlertState, required: false })
  @ApiQuery({ name: 'open', type: Boolean, required: false, description: 'only alerts not yet resolved or cancelled' })
  @ApiQuery({ name: 'team', required: false })
  @ApiQuery({ name: 'limit', type: Number, required: false })
  async list(
    @Query('state', new ParseEnumPipe(AlertState, { optional: true })) state?: AlertState,
    @Query('open', new ParseBoolPipe({ optional: true })) open?: boolean,
    @Query('team') team?: string,
    @Query('limit', new DefaultValuePipe(100), ParseIntPipe) limit = 100,
    @CurrentPrincipal() by?: Principal,
  ): Promise<{ items: AlertView[] }> {
    const teamId = teamFilter(by, team);
    return { items: await this.queries.list({ state, open, teamId, limit: Math.min(Math.max(limit, 1), 1000) }, await this.queries.callerOf(by)) };
  }

  /** Declared before `:id` so that "stream" is not read as an alert id. */
  @Sse('stream')
  @ApiOperation({ summary: 'Live stream (SSE): `event: alert` with an AlertView on every change, `event: heartbeat` every 15 s' })
  @ApiProduces('text/event-stream')
  @ApiQuery({ name: 'team', required: false })
  stream(@Query('team') requested?: string, @CurrentPrincipal() by?: Principal): Observable<MessageEvent> {
    const team = teamFilter(by, requested);
    const caller = this.queries.callerOf(by);
    const changes = this.bus.alertChanges.pipe(
      bufferTime(STREAM_BATCH_MS),
      filter((ids) => ids.length > 0),
      concatMap((ids) => from(caller.then((c) => this.queries.views([...new Set(ids)], c)))),
      mergeMap((views) => views.filter((view) => !team || view.team.id === team)),
      map((view): MessageEvent => ({ type: 'alert', id: view.id, data: view })),
    );
    const heartbeat = interval(HEARTBEAT_MS).pipe(map((): MessageEvent => ({ type: 'heartbeat', data: { at: new Date().toISOString() } })));
    // Ending the stream makes the browser reconnect, and the reconnect meets the guard again.
    const revoked = interval(STREAM_RECHECK_MS).pipe(
      concatMap(() => (by ? from(this.validity.stillValid(by)) : from([true]))),
      filter((valid) => !valid),
    );
    return merge(changes, heartbeat).pipe(takeUntil(revoked));
  }

  @Get(':id')
  @ApiOperation({ summary: 'One alert with its timeline, sighting track, seal and notifications' })
  @ApiOkResponse({ type: AlertDetailView })
  async get(@Param('id', ParseUUIDPipe) id: string, @CurrentPrincipal() by?: Principal): Promise<AlertDetailView> {
    return this.queries.get(id, await this.queries.callerOf(by));
  }

  @Post(':id/acknowledge')
  @Allow(Role.Dispatcher, Role.DutyDirector, Role.TeamLead, Role.Officer)
  @HttpCode(200)
  @ApiOperation({ summary: 'The officer has seen the alert; records the time to acknowledge and stops escalation' })
  @ApiOkResponse({ type: AlertDetailView })
  acknowledge(@Param('id', ParseUUIDPipe) id: string, @Body() dto: AcknowledgeAlertDto, @CurrentPrincipal() by: Principal): Promise<AlertDetailView> {
    return this.actions.act(id, AlertAction.Acknowledge, dto, by);
  }

  @Post(':id/verify')
  @Allow(Role.Dispatcher, Role.DutyDirector, Role.TeamLead, Role.Officer)
  @HttpCode(200)
  @ApiOperation({ summary: 'The hit is confirmed against the read and image' })
  @ApiOkResponse({ type: AlertDetailView })
  verify(@Param('id', ParseUUIDPipe) id: string, @Body() dto: AlertActionDto, @CurrentPrincipal() by: Principal): Promise<AlertDetailView> {
    return this.actions.act(id, AlertAction.Verify, dto, by);
  }

  @Post(':id/reject')
  @Allow(Role.Dispatcher, Role.DutyDirector, Role.TeamLead, Role.Officer)
  @HttpCode(200)
  @ApiOperation({ summary: 'A false hit (misread, wrong vehicle, plate cloned): resolved with outcome false_hit' })
  @ApiOkResponse({ type: AlertDetailView })
  reject(@Param('id', ParseUUIDPipe) id: string, @Body() dto: RejectAlertDto, @CurrentPrincipal() by: Principal): Promise<AlertDetailView> {
    return this.actions.act(id, AlertAction.Reject, dto, by);
  }

  @Post(':id/dispatch')
  @Allow(Role.Dispatcher, Role.DutyDirector, Role.TeamLead, Role.Officer)
  @HttpCode(200)
  @ApiOperation({ summary: 'Officers are on their way' })
  @ApiOkResponse({ type: AlertDetailView })
  dispatch(@Param('id', ParseUUIDPipe) id: string, @Body() dto: AlertActionDto, @CurrentPrincipal() by: Principal): Promise<AlertDetailView> {
    return this.actions.act(id, AlertAction.Dispatch, dto, by);
  }

  @Post(':id/on-scene')
  @Allow(Role.Dispatcher, Role.DutyDirector, Role.TeamLead, Role.Officer)
  @HttpCode(200)
  @ApiOperation({ summary: 'An officer is with the car; records the time to be on scene. Later hits no longer page' })
  @ApiOkResponse({ type: AlertDetailView })
  onScene(@Param('id', ParseUUIDPipe) id: string, @Body() dto: AlertActionDto, @CurrentPrincipal() by: Principal): Promise<AlertDetailView> {
    return this.actions.act(id, AlertAction.OnScene, dto, by);
  }

  @Post(':id/resolve')
  @Allow(Role.Dispatcher, Role.DutyDirector, Role.TeamLead, Role.Officer)
  @HttpCode(200)
  @ApiOperation({ summary: 'Close with an outcome; records the time to resolve' })
  @ApiOkResponse({ type: AlertDetailView })
  resolve(@Param('id', ParseUUIDPipe) id: string, @Body() dto: ResolveAlertDto, @CurrentPrincipal() by: Principal): Promise<AlertDetailView> {
    return this.actions.act(id, AlertAction.Resolve, dto, by);
  }

  @Post(':id/interceptions')
  @Allow(Role.Dispatcher, Role.DutyDirector, Role.TeamLead, Role.Officer)
  @HttpCode(200)
  @ApiOperation({ summary: 'Ask the traffic police to stop the car (拦停); published on court.intercepts.v1' })
  @ApiOkResponse({ type: AlertDetailView })
  requestInterception(@Param('id', ParseUUIDPipe) id: string, @Body() dto: RequestInterceptionDto, @CurrentPrincipal() by: Principal): Promise<AlertDetailView> {
    return this.actions.act(id, AlertAction.RequestInterception, dto, by);
  }
}
