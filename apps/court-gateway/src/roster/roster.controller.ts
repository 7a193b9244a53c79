import { Body, Controller, Delete, Get, Header, HttpCode, Param, Patch, Post, Put, Query } from '@nestjs/common';
import { ApiBody, ApiConflictResponse, ApiConsumes, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiQuery, ApiTags } from '@nestjs/swagger';
import { parseTimestamp, Problem, refuseRequest, timestampMessage } from '@app/contracts';
import { Allow, ApiItemsResponse, AuditTarget, Clock, CurrentPrincipal, hasAnyRole, ParseMatchingPipe, ParsePositiveIdPipe, ParseUuidParamPipe, Principal, Role } from '@app/platform';
import { RosterAdminService } from './roster-admin.service';
import {
  CreateJurisdictionDto, CreateOfficerDto, CreateOverrideDto, CreateRotationDto, CreateShiftDto, CreateTeamDto, OnDutyView, RosterImportResult, SetTeamBaseDto, SetTravelTimeDto,
  TEAM_ID, TEAM_ID_RULE, UpdateOfficerDto,
} from './roster.dto';
import { DutyOverride, DutyRotation, DutyShift, Jurisdiction, Officer, Team, TravelTime } from './team.entity';
import { RosterService } from './roster.service';

/** `team` in paths and queries: refused with 400 when it cannot be a team id, so nothing odd reaches SQL. */
const teamParam = (optional: boolean) => new ParseMatchingPipe('team', TEAM_ID, `a team id: ${TEAM_ID_RULE}`, optional);

/**
 * Officers' phone numbers go to those who dispatch them: the command center (dispatchers, duty
 * directors, admins) and a team lead for their own team. Officers and leadership see none.
 */
function mayCall(by: Principal | undefined, teamId: string): boolean {
  if (!by) return false;
  return hasAnyRole(by, [Role.Dispatcher, Role.DutyDirector]) || (by.roles.includes(Role.TeamLead) && by.teamId === teamId);
}

function withPhoneFor<T extends { phone: string | null }>(by: Principal | undefined, teamId: string, officer: T): T {
  return mayCall(by, teamId) ? officer : { ...officer, phone: null };
}

@ApiTags('roster')
@Allow(Role.Dispatcher, Role.DutyDirector, Role.TeamLead, Role.Officer, Role.Leadership)
@AuditTarget('roster')
@Controller('api/v1')
export class RosterController {
  constructor(
    private readonly admin: RosterAdminService,
    private readonly roster: RosterService,
    private readonly clock: Clock,
  ) {}

  /** The command center and the tribunals, with the base each one leaves from (nearest-team routing). */
  @Get('teams')
  @ApiOperation({ summary: 'Teams: the command center and the tribunals' })
  @ApiItemsResponse(Team, 'Every team, command center first')
  async teams() {
    return { items: await this.admin.listTeams() };
  }

  /** A new tribunal team (法庭). An existing id or name is refused with 409: create never renames a team. */
  @Allow(Role.Dispatcher, Role.DutyDirector)
  @Post('teams')
  @ApiOperation({ summary: 'Add a tribunal team' })
  @ApiCreatedResponse({ type: Team, description: 'The new team' })
  @ApiConflictResponse({ description: 'A team with this id or name exists (create never renames one)' })
  createTeam(@Body() dto: CreateTeamDto) {
    return this.admin.createTeam(dto);
  }

  /** Where the team's officers leave from, as JSON numbers of degrees; nearest-team routing measures from it. */
  @Allow(Role.Dispatcher, Role.DutyDirector)
  @Put('teams/:id/base')
  @ApiOperation({ summary: "Set the team's base (used by nearest-team routing)" })
  @ApiOkResponse({ type: Team, description: 'The team with its base' })
  setBase(@Param('id', teamParam(false)) id: string, @Body() dto: SetTeamBaseDto) {
    return this.admin.setBase(id, dto);
  }

  /**
   * Roster officers, by team and badge. Phone numbers are shown only to those who dispatch: the
   * command center (dispatchers, duty directors, admins) and a team lead for their own team;
   * everyone else gets null.
   */
  @Get('officers')
  @ApiOperation({ summary: 'Roster officers, optionally of one team' })
  @ApiQuery({ name: 'team', required: false, description: 'a team id' })
  @ApiItemsResponse(Officer, 'Officers by team and badge')
  async officers(@Query('team', teamParam(true)) team?: string, @CurrentPrincipal() by?: Principal) {
    return { items: (await this.admin.listOfficers(team)).map((o) => withPhoneFor(by, o.teamId, o)) };
  }

  /** An officer on a team's roster, with roles (officer, team_lead, duty_director, dispatcher) and an optional phone for pages. */
  @Allow(Role.Dispatcher, Role.DutyDirector)
  @Post('officers')
  @ApiOperation({ summary: 'Add an officer to a team' })
  @ApiCreatedResponse({ type: Officer, description: 'The new officer' })
  @ApiConflictResponse({ description: 'The badge is taken' })
  createOfficer(@Body() dto: CreateOfficerDto) {
    return this.admin.createOfficer(dto);
  }

  /** Only the fields sent change. */
  @Allow(Role.Dispatcher, Role.DutyDirector)
  @Patch('officers/:id')
  @ApiOperation({ summary: "Change an officer's team, name, phone or roles" })
  @ApiOkResponse({ type: Officer, description: 'The officer as changed' })
  updateOfficer(@Param('id', new ParseUuidParamPipe('id')) id: string, @Body() dto: UpdateOfficerDto) {
    return this.admin.updateOfficer(id, dto);
  }

  /** Which team covers which checkpoints: an exact checkpoint id beats the longest matching prefix. */
  @Get('jurisdictions')
  @ApiOperation({ summary: 'Checkpoints each team covers' })
  @ApiItemsResponse(Jurisdiction, 'Jurisdictions by team')
  async jurisdictions() {
    return { items: await this.admin.listJurisdictions() };
  }

  /** Give exactly one of checkpointId and checkpointPrefix. A new alert goes to the team whose jurisdiction covers its checkpoint (ROUTING_MODE=jurisdiction). */
  @Allow(Role.Dispatcher, Role.DutyDirector)
  @Post('jurisdictions')
  @ApiOperation({ summary: 'Map a checkpoint id (or every id with a prefix) to the team covering it' })
  @ApiCreatedResponse({ type: Jurisdiction, description: 'The new jurisdiction' })
  @ApiConflictResponse({ description: 'That checkpoint id or prefix is already in a jurisdiction' })
  createJurisdiction(@Body() dto: CreateJurisdictionDto) {
    return this.admin.createJurisdiction(dto);
  }

  /** The id is the jurisdiction's number from GET /jurisdictions. */
  @Allow(Role.Dispatcher, Role.DutyDirector)
  @Delete('jurisdictions/:id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Remove a jurisdiction' })
  @ApiNoContentResponse({ description: 'Removed' })
  deleteJurisdiction(@Param('id', new ParsePositiveIdPipe('id')) id: string) {
    return this.admin.deleteJurisdiction(id);
  }

  /** Preferred over great-circle distance when ROUTING_MODE=nearest; setting it again replaces it. */
  @Allow(Role.Dispatcher, Role.DutyDirector)
  @Put('travel-times')
  @ApiOperation({ summary: "Measured minutes from a team's base to a checkpoint (nearest routing)" })
  @ApiOkResponse({ type: TravelTime, description: 'The travel time as stored' })
  setTravelTime(@Body() dto: SetTravelTimeDto) {
    return this.admin.setTravelTime(dto);
  }

  /** Recurring shifts and rotations resolved in COURT_TIMEZONE, one-off overrides (leave, cover, swap) winning. Phones as for GET /officers. */
  @Get('roster/on-duty')
  @ApiOperation({ summary: 'Who is on duty, per team, at an instant (default now)' })
  @ApiOkResponse({ type: OnDutyView, description: 'Each team with its officers on duty' })
  @ApiQuery({ name: 'at', required: false, description: 'RFC 3339 instant, e.g. 2026-03-01T08:15:00+08:00; default now' })
  @ApiQuery({ name: 'team', required: false })
  async onDuty(@Query('at') at?: string, @Query('team', teamParam(true)) team?: string, @CurrentPrincipal() by?: Principal): Promise<OnDutyView> {
    const instant = at === undefined ? this.clock.now() : parseTimestamp(at);
    if (!instant) throw refuseRequest('validation.not_timestamp', 'at', timestampMessage('at'));
    const teams = await this.roster.onDutyAll(instant, team);
    return { at: instant.toISOString(), teams: teams.map((t) => ({ ...t, officers: t.officers.map((o) => withPhoneFor(by, t.team.id, o)) })) };
  }

  /** Recurring weekly shifts in COURT_TIMEZONE; an end before the start runs past midnight. */
  @Get('roster/shifts')
  @ApiOperation({ summary: 'Recurring weekly shifts, optionally of one team' })
  @ApiQuery({ name: 'team', required: false, description: 'a team id' })
  @ApiItemsResponse(DutyShift, 'Shifts by team and start')
  async shifts(@Query('team', teamParam(true)) team?: string) {
    return { items: await this.admin.listShifts(team) };
  }

  /** weekdays are ISO (1 = Monday); times HH:MM in COURT_TIMEZONE; the officer's team is the shift's team. */
  @Allow(Role.Dispatcher, Role.DutyDirector)
  @Post('roster/shifts')
  @ApiOperation({ summary: 'Add a recurring weekly shift (local time; an end before the start runs past midnight)' })
  @ApiCreatedResponse({ type: DutyShift, description: 'The new shift' })
  @ApiConflictResponse({ description: 'The officer already has this shift (same times, a weekday in common)' })
  createShift(@Body() dto: CreateShiftDto) {
    return this.admin.createShift(dto);
  }

  /** The officer stops being on duty in that window from now on. */
  @Allow(Role.Dispatcher, Role.DutyDirector)
  @Delete('roster/shifts/:id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Remove a recurring shift' })
  @ApiNoContentResponse({ description: 'Removed' })
  deleteShift(@Param('id', new ParseUuidParamPipe('id')) id: string) {
    return this.admin.deleteShift(id);
  }

  /** Officers taking a window in turn, per day or week, counted from the anchor date. */
  @Get('roster/rotations')
  @ApiOperation({ summary: 'Rotations, optionally of one team' })
  @ApiQuery({ name: 'team', required: false, description: 'a team id' })
  @ApiItemsResponse(DutyRotation, 'Rotations by team and name')
  async rotations(@Query('team', teamParam(true)) team?: string) {
    return { items: await this.admin.listRotations(team) };
  }

  /** anchorDate (YYYY-MM-DD, a date that exists) is the first officer's turn; every officer must be on the team. */
  @Allow(Role.Dispatcher, Role.DutyDirector)
  @Post('roster/rotations')
  @ApiOperation({ summary: 'Add a rotation: officers take a shift window in turn per day or week from an anchor date' })
  @ApiCreatedResponse({ type: DutyRotation, description: 'The new rotation' })
  createRotation(@Body() dto: CreateRotationDto) {
    return this.admin.createRotation(dto);
  }

  /** Its officers stop taking that window in turn from now on. */
  @Allow(Role.Dispatcher, Role.DutyDirector)
  @Delete('roster/rotations/:id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Remove a rotation' })
  @ApiNoContentResponse({ description: 'Removed' })
  deleteRotation(@Param('id', new ParseUuidParamPipe('id')) id: string) {
    return this.admin.deleteRotation(id);
  }

  /** One-off leave, cover and swap, oldest first; they win over shifts and rotations while they last. */
  @Get('roster/overrides')
  @ApiOperation({ summary: 'One-off overrides, optionally of one team' })
  @ApiQuery({ name: 'team', required: false, description: 'a team id' })
  @ApiItemsResponse(DutyOverride, 'Overrides by start')
  async overrides(@Query('team', teamParam(true)) team?: string) {
    return { items: await this.admin.listOverrides(team) };
  }

  /** startsAt and endsAt are RFC 3339 timestamps; a swap names replacesOfficerId. */
  @Allow(Role.Dispatcher, Role.DutyDirector)
  @Post('roster/overrides')
  @ApiOperation({ summary: 'One-off leave, cover or swap; wins over shifts and rotations' })
  @ApiCreatedResponse({ type: DutyOverride, description: 'The new override' })
  createOverride(@Body() dto: CreateOverrideDto) {
    return this.admin.createOverride(dto);
  }

  /** The shifts and rotations it overrode apply again. */
  @Allow(Role.Dispatcher, Role.DutyDirector)
  @Delete('roster/overrides/:id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Remove an override' })
  @ApiNoContentResponse({ description: 'Removed' })
  deleteOverride(@Param('id', new ParseUuidParamPipe('id')) id: string) {
    return this.admin.deleteOverride(id);
  }

  /**
   * The recurring shifts as CSV (RFC 4180), `team_id,badge,label,weekdays,start_local,end_local`,
   * weekdays joined by `|`: what POST /roster/import takes. A field a spreadsheet would run as a
   * formula (starting with = + - @) is written with a leading apostrophe.
   */
  @Get('roster/export.csv')
  @Header('Content-Type', 'text/csv; charset=utf-8')
  @ApiOperation({ summary: 'The recurring shifts as CSV' })
  @ApiProduces('text/csv')
  @ApiOkResponse({ description: 'CSV with a header line', content: { 'text/csv': { schema: { type: 'string' } } } })
  @ApiQuery({ name: 'team', required: false, description: 'a team id' })
  exportCsv(@Query('team', teamParam(true)) team?: string): Promise<string> {
    return this.roster.exportCsv(team);
  }

  /**
   * Content-Type text/csv, as spreadsheets save it (quoted fields, CRLF, a UTF-8 BOM). Every field
   * is held to the JSON API's rules; any problem refuses the whole file with 400, each problem as
   * `line N: column …`, and nothing changes.
   */
  @Allow(Role.Dispatcher, Role.DutyDirector)
  @Post('roster/import')
  @HttpCode(200)
  @ApiConsumes('text/csv')
  @ApiBody({ schema: { type: 'string', example: 'team_id,badge,label,weekdays,start_local,end_local\nfangcheng,FC-1001,day,1|2|3|4|5,08:00,20:00' } })
  @ApiOperation({ summary: 'Replace the recurring shifts of the teams in the CSV (all or nothing)' })
  @ApiOkResponse({ type: RosterImportResult, description: 'The teams replaced and the shifts written' })
  importCsv(@Body() body: unknown): Promise<RosterImportResult> {
    if (typeof body !== 'string') throw refuseRequest(Problem.BodyNotCsv, '', 'body must be text/csv');
    return this.roster.importCsv(body);
  }
}
