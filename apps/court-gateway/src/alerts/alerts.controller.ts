import { Body, Controller, Get, HttpCode, MessageEvent, Param, Post, Query, Sse } from '@nestjs/common';
import { ApiConflictResponse, ApiForbiddenResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiQuery, ApiTags } from '@nestjs/swagger';
import { DomainError, ErrorCode } from '@app/contracts';
import { Allow, ApiItemsResponse, AuditTarget, confinedTeam, CurrentPrincipal, ParseFlagPipe, ParseIntInRangePipe, ParseOneOfPipe, ParseUuidParamPipe, Principal, PrincipalValidity, Role } from '@app/platform';
import { bufferTime, concatMap, filter, from, interval, map, merge, mergeMap, Observable, takeUntil } from 'rxjs';
import { AlertActionsService } from './alert-actions.service';
import { AlertEventsBus } from './alert-events.bus';
import { AlertQueriesService } from './alert-queries.service';
import { AcknowledgeAlertDto, AlertActionDto, AlertDetailView, AlertView, RejectAlertDto, RequestInterceptionDto, ResolveAlertDto } from './alert.dto';
import { AlertAction, AlertState } from './domain/alert-lifecycle';
import { PAGE_ROLES } from '../web/web-pages';

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
@Allow(...PAGE_ROLES.desk)
@AuditTarget('alert')
@Controller('api/v1/alerts')
export class AlertsController {
  constructor(
    private readonly actions: AlertActionsService,
    private readonly queries: AlertQueriesService,
    private readonly bus: AlertEventsBus,
    private readonly validity: PrincipalValidity,
  ) {}

  /**
   * At most `limit` (1-1000, default 100), each an AlertView (team, assignee, routing reason,
   * source, match, escalation level, silence, SLA deadlines and what the caller may do). Officers
   * and team leads see their own team's only; asking for another team is refused with 403.
   */
  @Get()
  @ApiOperation({ summary: 'Alerts, newest first' })
  @ApiItemsResponse(AlertView, 'Alerts, newest first')
  @ApiQuery({ name: 'state', enum: AlertState, required: false })
  @ApiQuery({ name: 'open', type: Boolean, required: false, description: 'only alerts not yet resolved or cancelled' })
  @ApiQuery({ name: 'team', required: false })
  @ApiQuery({ name: 'limit', required: false, schema: ParseIntInRangePipe.schema(1, 1000, 100) })
  async list(
    @Query('state', new ParseOneOfPipe('state', Object.values(AlertState), true)) state?: AlertState,
    @Query('open', new ParseFlagPipe('open', true)) open?: boolean,
    @Query('team') team?: string,
    @Query('limit', new ParseIntInRangePipe('limit', 1, 1000, 100)) limit = 100,
    @CurrentPrincipal() by?: Principal,
  ): Promise<{ items: AlertView[] }> {
    const teamId = teamFilter(by, team);
    return { items: await this.queries.list({ state, open, teamId, limit }, await this.queries.callerOf(by)) };
  }

  /**
   * Server-Sent Events: `event: alert` with the AlertView on every change made on any instance,
   * `event: heartbeat` every 15 s. Team-bound callers get their team's alerts only. The stream
   * re-checks its caller every 30 s and ends when the session or key is no longer valid.
   */
  @Sse('stream')
  @ApiOkResponse({ description: 'An event stream', content: { 'text/event-stream': { schema: { type: 'string' } } } })
  // Declared before `:id` so that "stream" is not read as an alert id.
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

  /** Timeline (opened, assigned with rule and why, hits, actions with actor, escalations, SLA, silences, interceptions), the sighting track with match details, the seal, and who was paged through which channel. Team-bound callers: their own team's only (403). */
  @Get(':id')
  @ApiOperation({ summary: 'One alert with its timeline, sighting track, seal and notifications' })
  @ApiOkResponse({ type: AlertDetailView, description: 'The alert' })
  async get(@Param('id', new ParseUuidParamPipe('id')) id: string, @CurrentPrincipal() by?: Principal): Promise<AlertDetailView> {
    return this.queries.get(id, await this.queries.callerOf(by));
  }

  /** Body `{ officerId?, note? }`: the acting officer (a person on the roster acts as themselves). Records the seconds to acknowledge against the SLA and stops escalation. 403 when the caller may not act on this alert (not the assignee, a team lead of its team or the command center; another team's alert); 409 when the lifecycle does not allow it now. */
  @Post(':id/acknowledge')
  @ApiForbiddenResponse({ description: 'The caller may not act on this alert (role, team, or not the assignee, a team lead of its team or the command center)' })
  @ApiConflictResponse({ description: 'The alert is not in a state that allows this action' })
  @Allow(Role.Dispatcher, Role.DutyDirector, Role.TeamLead, Role.Officer)
  @HttpCode(200)
  @ApiOperation({ summary: 'The officer has seen the alert; records the time to acknowledge and stops escalation' })
  @ApiOkResponse({ type: AlertDetailView, description: 'The alert after the action' })
  acknowledge(@Param('id', new ParseUuidParamPipe('id')) id: string, @Body() dto: AcknowledgeAlertDto, @CurrentPrincipal() by: Principal): Promise<AlertDetailView> {
    return this.actions.act(id, AlertAction.Acknowledge, dto, by);
  }

  /** After acknowledge: the hit was checked against the read and the image. 403 when the caller may not act on this alert (not the assignee, a team lead of its team or the command center; another team's alert); 409 when the lifecycle does not allow it now. */
  @Post(':id/verify')
  @ApiForbiddenResponse({ description: 'The caller may not act on this alert (role, team, or not the assignee, a team lead of its team or the command center)' })
  @ApiConflictResponse({ description: 'The alert is not in a state that allows this action' })
  @Allow(Role.Dispatcher, Role.DutyDirector, Role.TeamLead, Role.Officer)
  @HttpCode(200)
  @ApiOperation({ summary: 'The hit is confirmed against the read and image' })
  @ApiOkResponse({ type: AlertDetailView, description: 'The alert after the action' })
  verify(@Param('id', new ParseUuidParamPipe('id')) id: string, @Body() dto: AlertActionDto, @CurrentPrincipal() by: Principal): Promise<AlertDetailView> {
    return this.actions.act(id, AlertAction.Verify, dto, by);
  }

  /** `{ reason: misread | wrong_vehicle | plate_cloned }`: a false hit; the alert is resolved with outcome false_hit. 403 when the caller may not act on this alert (not the assignee, a team lead of its team or the command center; another team's alert); 409 when the lifecycle does not allow it now. */
  @Post(':id/reject')
  @ApiForbiddenResponse({ description: 'The caller may not act on this alert (role, team, or not the assignee, a team lead of its team or the command center)' })
  @ApiConflictResponse({ description: 'The alert is not in a state that allows this action' })
  @Allow(Role.Dispatcher, Role.DutyDirector, Role.TeamLead, Role.Officer)
  @HttpCode(200)
  @ApiOperation({ summary: 'A false hit (misread, wrong vehicle, plate cloned): resolved with outcome false_hit' })
  @ApiOkResponse({ type: AlertDetailView, description: 'The alert after the action' })
  reject(@Param('id', new ParseUuidParamPipe('id')) id: string, @Body() dto: RejectAlertDto, @CurrentPrincipal() by: Principal): Promise<AlertDetailView> {
    return this.actions.act(id, AlertAction.Reject, dto, by);
  }

  /** After verify: officers are on their way. 403 when the caller may not act on this alert (not the assignee, a team lead of its team or the command center; another team's alert); 409 when the lifecycle does not allow it now. */
  @Post(':id/dispatch')
  @ApiForbiddenResponse({ description: 'The caller may not act on this alert (role, team, or not the assignee, a team lead of its team or the command center)' })
  @ApiConflictResponse({ description: 'The alert is not in a state that allows this action' })
  @Allow(Role.Dispatcher, Role.DutyDirector, Role.TeamLead, Role.Officer)
  @HttpCode(200)
  @ApiOperation({ summary: 'Officers are on their way' })
  @ApiOkResponse({ type: AlertDetailView, description: 'The alert after the action' })
  dispatch(@Param('id', new ParseUuidParamPipe('id')) id: string, @Body() dto: AlertActionDto, @CurrentPrincipal() by: Principal): Promise<AlertDetailView> {
    return this.actions.act(id, AlertAction.Dispatch, dto, by);
  }

  /** An officer is with the car: records the seconds to be on scene; later hits update the alert without paging. 403 when the caller may not act on this alert (not the assignee, a team lead of its team or the command center; another team's alert); 409 when the lifecycle does not allow it now. */
  @Post(':id/on-scene')
  @ApiForbiddenResponse({ description: 'The caller may not act on this alert (role, team, or not the assignee, a team lead of its team or the command center)' })
  @ApiConflictResponse({ description: 'The alert is not in a state that allows this action' })
  @Allow(Role.Dispatcher, Role.DutyDirector, Role.TeamLead, Role.Officer)
  @HttpCode(200)
  @ApiOperation({ summary: 'An officer is with the car; records the time to be on scene. Later hits no longer page' })
  @ApiOkResponse({ type: AlertDetailView, description: 'The alert after the action' })
  onScene(@Param('id', new ParseUuidParamPipe('id')) id: string, @Body() dto: AlertActionDto, @CurrentPrincipal() by: Principal): Promise<AlertDetailView> {
    return this.actions.act(id, AlertAction.OnScene, dto, by);
  }

  /** `{ outcome: seized | paid_in_full | settled | not_found | false_hit }`: records the seconds to resolve. 403 when the caller may not act on this alert (not the assignee, a team lead of its team or the command center; another team's alert); 409 when the lifecycle does not allow it now. */
  @Post(':id/resolve')
  @ApiForbiddenResponse({ description: 'The caller may not act on this alert (role, team, or not the assignee, a team lead of its team or the command center)' })
  @ApiConflictResponse({ description: 'The alert is not in a state that allows this action' })
  @Allow(Role.Dispatcher, Role.DutyDirector, Role.TeamLead, Role.Officer)
  @HttpCode(200)
  @ApiOperation({ summary: 'Close with an outcome; records the time to resolve' })
  @ApiOkResponse({ type: AlertDetailView, description: 'The alert after the action' })
  resolve(@Param('id', new ParseUuidParamPipe('id')) id: string, @Body() dto: ResolveAlertDto, @CurrentPrincipal() by: Principal): Promise<AlertDetailView> {
    return this.actions.act(id, AlertAction.Resolve, dto, by);
  }

  /** `{ contactPhone?, note? }`: publishes InterceptionRequested on court.intercepts.v1; the traffic police's outcome comes back into the timeline. 403 when the caller may not act on this alert (not the assignee, a team lead of its team or the command center; another team's alert); 409 when the lifecycle does not allow it now. */
  @Post(':id/interceptions')
  @ApiForbiddenResponse({ description: 'The caller may not act on this alert (role, team, or not the assignee, a team lead of its team or the command center)' })
  @ApiConflictResponse({ description: 'The alert is not in a state that allows this action' })
  @Allow(Role.Dispatcher, Role.DutyDirector, Role.TeamLead, Role.Officer)
  @HttpCode(200)
  @ApiOperation({ summary: 'Ask the traffic police to stop the car (拦停); published on court.intercepts.v1' })
  @ApiOkResponse({ type: AlertDetailView, description: 'The alert after the action' })
  requestInterception(@Param('id', new ParseUuidParamPipe('id')) id: string, @Body() dto: RequestInterceptionDto, @CurrentPrincipal() by: Principal): Promise<AlertDetailView> {
    return this.actions.act(id, AlertAction.RequestInterception, dto, by);
  }
}
