import { BadRequestException, Body, Controller, Delete, Get, Header, HttpCode, Param, ParseUUIDPipe, Patch, Post, Put, Query } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiOperation, ApiProduces, ApiQuery, ApiTags } from '@nestjs/swagger';
import { parseTimestamp, timestampMessage } from '@app/contracts';
import { Allow, AuditTarget, Clock, CurrentPrincipal, hasAnyRole, ParseMatchingPipe, ParsePositiveIdPipe, Principal, Role } from '@app/platform';
import { RosterAdminService } from './roster-admin.service';
import {
  CreateJurisdictionDto, CreateOfficerDto, CreateOverrideDto, CreateRotationDto, CreateShiftDto, CreateTeamDto, SetTeamBaseDto, SetTravelTimeDto, TEAM_ID, TEAM_ID_RULE,
  UpdateOfficerDto,
} from './roster.dto';
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

  @Get('teams')
  async teams() {
    return { items: await this.admin.listTeams() };
  }

  @Allow(Role.Dispatcher, Role.DutyDirector)
  @Post('teams')
  @ApiOperation({ summary: 'Add a tribunal team' })
  createTeam(@Body() dto: CreateTeamDto) {
    return this.admin.createTeam(dto);
  }

  @Allow(Role.Dispatcher, Role.DutyDirector)
  @Put('teams/:id/base')
  @ApiOperation({ summary: "Set the team's base (used by nearest-team routing)" })
  setBase(@Param('id', teamParam(false)) id: string, @Body() dto: SetTeamBaseDto) {
    return this.admin.setBase(id, dto);
  }

  @Get('officers')
  @ApiQuery({ name: 'team', required: false })
  async officers(@Query('team', teamParam(true)) team?: string, @CurrentPrincipal() by?: Principal) {
    return { items: (await this.admin.listOfficers(team)).map((o) => withPhoneFor(by, o.teamId, o)) };
  }

  @Allow(Role.Dispatcher, Role.DutyDirector)
  @Post('officers')
  createOfficer(@Body() dto: CreateOfficerDto) {
    return this.admin.createOfficer(dto);
  }

  @Allow(Role.Dispatcher, Role.DutyDirector)
  @Patch('officers/:id')
  updateOfficer(@Param('id', ParseUUIDPipe) id: string, @Body() dto: UpdateOfficerDto) {
    return this.admin.updateOfficer(id, dto);
  }

  @Get('jurisdictions')
  async jurisdictions() {
    return { items: await this.admin.listJurisdictions() };
  }

  @Allow(Role.Dispatcher, Role.DutyDirector)
  @Post('jurisdictions')
  @ApiOperation({ summary: 'Map a checkpoint id (or every id with a prefix) to the team covering it' })
  createJurisdiction(@Body() dto: CreateJurisdictionDto) {
    return this.admin.createJurisdiction(dto);
  }

  @Allow(Role.Dispatcher, Role.DutyDirector)
  @Delete('jurisdictions/:id')
  @HttpCode(204)
  deleteJurisdiction(@Param('id', new ParsePositiveIdPipe('id')) id: string) {
    return this.admin.deleteJurisdiction(id);
  }

  @Allow(Role.Dispatcher, Role.DutyDirector)
  @Put('travel-times')
  @ApiOperation({ summary: "Measured minutes from a team's base to a checkpoint (nearest routing)" })
  setTravelTime(@Body() dto: SetTravelTimeDto) {
    return this.admin.setTravelTime(dto);
  }

  @Get('roster/on-duty')
  @ApiOperation({ summary: 'Who is on duty, per team, at an instant (default now)' })
  @ApiQuery({ name: 'at', required: false, description: 'RFC 3339 instant, e.g. 2026-03-01T08:15:00+08:00; default now' })
  @ApiQuery({ name: 'team', required: false })
  async onDuty(@Query('at') at?: string, @Query('team', teamParam(true)) team?: string, @CurrentPrincipal() by?: Principal) {
    const instant = at === undefined ? this.clock.now() : parseTimestamp(at);
    if (!instant) throw new BadRequestException([timestampMessage('at')]);
    const teams = await this.roster.onDutyAll(instant, team);
    return { at: instant.toISOString(), teams: teams.map((t) => ({ ...t, officers: t.officers.map((o) => withPhoneFor(by, t.team.id, o)) })) };
  }

  @Get('roster/shifts')
  @ApiQuery({ name: 'team', required: false })
  async shifts(@Query('team', teamParam(true)) team?: string) {
    return { items: await this.admin.listShifts(team) };
  }

  @Allow(Role.Dispatcher, Role.DutyDirector)
  @Post('roster/shifts')
  @ApiOperation({ summary: 'Add a recurring weekly shift (local time; an end before the start runs past midnight)' })
  createShift(@Body() dto: CreateShiftDto) {
    return this.admin.createShift(dto);
  }

  @Allow(Role.Dispatcher, Role.DutyDirector)
  @Delete('roster/shifts/:id')
  @HttpCode(204)
  deleteShift(@Param('id', ParseUUIDPipe) id: string) {
    return this.admin.deleteShift(id);
  }

  @Get('roster/rotations')
  @ApiQuery({ name: 'team', required: false })
  async rotations(@Query('team', teamParam(true)) team?: string) {
    return { items: await this.admin.listRotations(team) };
  }

  @Allow(Role.Dispatcher, Role.DutyDirector)
  @Post('roster/rotations')
  @ApiOperation({ summary: 'Add a rotation: officers take a shift window in turn per day or week from an anchor date' })
  createRotation(@Body() dto: CreateRotationDto) {
    return this.admin.createRotation(dto);
  }

  @Allow(Role.Dispatcher, Role.DutyDirector)
  @Delete('roster/rotations/:id')
  @HttpCode(204)
  deleteRotation(@Param('id', ParseUUIDPipe) id: string) {
    return this.admin.deleteRotation(id);
  }

  @Get('roster/overrides')
  @ApiQuery({ name: 'team', required: false })
  async overrides(@Query('team', teamParam(true)) team?: string) {
    return { items: await this.admin.listOverrides(team) };
  }

  @Allow(Role.Dispatcher, Role.DutyDirector)
  @Post('roster/overrides')
  @ApiOperation({ summary: 'One-off leave, cover or swap; wins over shifts and rotations' })
  createOverride(@Body() dto: CreateOverrideDto) {
    return this.admin.createOverride(dto);
  }

  @Allow(Role.Dispatcher, Role.DutyDirector)
  @Delete('roster/overrides/:id')
  @HttpCode(204)
  deleteOverride(@Param('id', ParseUUIDPipe) id: string) {
    return this.admin.deleteOverride(id);
  }

  @Get('roster/export.csv')
  @Header('Content-Type', 'text/csv; charset=utf-8')
  @ApiProduces('text/csv')
  @ApiQuery({ name: 'team', required: false })
  exportCsv(@Query('team', teamParam(true)) team?: string): Promise<string> {
    return this.roster.exportCsv(team);
  }

  @Allow(Role.Dispatcher, Role.DutyDirector)
  @Post('roster/import')
  @HttpCode(200)
  @ApiConsumes('text/csv')
  @ApiBody({ schema: { type: 'string', example: 'team_id,badge,label,weekdays,start_local,end_local\nfangcheng,FC-1001,day,1|2|3|4|5,08:00,20:00' } })
  @ApiOperation({ summary: 'Replace the recurring shifts of the teams in the CSV (all or nothing)' })
  importCsv(@Body() body: unknown) {
    if (typeof body !== 'string') throw new BadRequestException(['body must be text/csv']);
    return this.roster.importCsv(body);
  }
}
