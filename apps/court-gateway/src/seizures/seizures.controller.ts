import { Problem, refuseRequest } from '@app/contracts';
import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query, Res } from '@nestjs/common';
import { Allow, ApiItemsResponse, AuditTarget, confinedTeam, CurrentPrincipal, ParseIntInRangePipe, ParseOneOfPipe, ParseUuidParamPipe, Principal, Role } from '@app/platform';
import { ApiBadRequestResponse, ApiConflictResponse, ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CourtGatewayEnv } from '../config/court-gateway.env';
import { ExpiringSealsView, RegisterSeizureDto, ReleaseSeizureDto, RenewSeizureDto, SeizureView } from './seizure.dto';
import { SeizureStatus } from './seizure.entity';
import { SealExpiryService } from './seal-expiry.service';
import { SeizuresService } from './seizures.service';

@ApiTags('seizures')
@Allow(Role.CaseSystem, Role.Dispatcher, Role.DutyDirector, Role.TeamLead, Role.Leadership)
@AuditTarget('seizure')
@Controller('api/v1/seizures')
export class SeizuresController {
  constructor(
    private readonly seizures: SeizuresService,
    private readonly expiry: SealExpiryService,
    @Inject(CourtGatewayEnv) private readonly env: CourtGatewayEnv,
  ) {}

  /**
   * From the court's case system or a clerk. The plate is normalized (桂P·a2345 → 桂PA2345);
   * sealedAt defaults to now, expiresAt to (and at most) two years after it. The seal is published
   * on court.seizures.v1 and the traffic side starts watching for it. Registering the same case on
   * the same plate again returns the existing active seal with 200.
   */
  @Allow(Role.CaseSystem, Role.Dispatcher, Role.DutyDirector)
  @Post()
  @ApiOperation({ summary: 'Register a seal; it is published to the traffic watchlist' })
  @ApiCreatedResponse({ type: SeizureView, description: 'A new seal was registered' })
  @ApiOkResponse({ type: SeizureView, description: 'This case already has an active seal on this plate; it is returned unchanged' })
  async register(@Body() dto: RegisterSeizureDto, @Res({ passthrough: true }) res: Response): Promise<SeizureView> {
    const { seizure, created } = await this.seizures.register(dto);
    res.status(created ? 201 : 200);
    return seizure;
  }

  /** Newest first, at most `limit` (1-1000, default 100). Team-bound roles (team lead) see only their team's seals. */
  @Get()
  @ApiOperation({ summary: 'Seals, newest first' })
  @ApiItemsResponse(SeizureView, 'Seals, newest first')
  @ApiQuery({ name: 'status', enum: SeizureStatus, required: false })
  @ApiQuery({ name: 'limit', required: false, schema: ParseIntInRangePipe.schema(1, 1000, 100) })
  async list(
    @Query('status', new ParseOneOfPipe('status', Object.values(SeizureStatus), true)) status?: SeizureStatus,
    @Query('limit', new ParseIntInRangePipe('limit', 1, 1000, 100)) limit = 100,
    @CurrentPrincipal() by?: Principal,
  ): Promise<{ items: SeizureView[] }> {
    return { items: await this.seizures.list(status, limit, by ? confinedTeam(by) : null) };
  }

  /** withinDays 1-730 (default SEAL_EXPIRY_WARNING_DAYS); team-bound roles see only their team's seals. Renew a seal with POST /seizures/{id}/renew before it lapses. */
  @Get('expiring')
  @ApiOperation({ summary: 'Active seals lapsing within withinDays (default SEAL_EXPIRY_WARNING_DAYS), soonest first, with the warning given' })
  @ApiQuery({ name: 'withinDays', required: false, schema: ParseIntInRangePipe.schema(1, 730), description: '1–730; absent: SEAL_EXPIRY_WARNING_DAYS' })
  @ApiQuery({ name: 'limit', required: false, schema: ParseIntInRangePipe.schema(1, 5000, 500) })
  @ApiOkResponse({ type: ExpiringSealsView })
  async expiring(
    @Query('withinDays', new ParseIntInRangePipe('withinDays', 1, 730, 0)) withinDays: number,
    @Query('limit', new ParseIntInRangePipe('limit', 1, 5000, 500)) limit: number,
    @CurrentPrincipal() by?: Principal,
  ): Promise<ExpiringSealsView> {
    const days = withinDays === 0 ? this.env.SEAL_EXPIRY_WARNING_DAYS : withinDays;
    if (days < 1 || days > 730) throw refuseRequest(Problem.IntRange, 'withinDays', 'withinDays must be between 1 and 730', { min: 1, max: 730 });
    return { items: await this.expiry.listExpiring(days, limit, by ? confinedTeam(by) : null) };
  }

  /** A team-bound caller gets 404 for another team's seal. */
  @Get(':id')
  @ApiOperation({ summary: 'One seal' })
  @ApiOkResponse({ type: SeizureView, description: 'The seal' })
  get(@Param('id', new ParseUuidParamPipe('id')) id: string, @CurrentPrincipal() by?: Principal): Promise<SeizureView> {
    return this.seizures.get(id, by ? confinedTeam(by) : null);
  }

  /** `{ reason? }`. Publishes SeizureReleased: the plate leaves the watchlist at once and the seal's open alert is cancelled. 409 when already released. */
  @Allow(Role.CaseSystem, Role.Dispatcher, Role.DutyDirector)
  @Post(':id/release')
  @HttpCode(200)
  @ApiOperation({ summary: 'Lift the seal (解封): the plate leaves the watchlist and open alerts are cancelled' })
  @ApiOkResponse({ type: SeizureView, description: 'The released seal' })
  @ApiConflictResponse({ description: 'The seal was already released' })
  release(@Param('id', new ParseUuidParamPipe('id')) id: string, @Body() dto: ReleaseSeizureDto): Promise<SeizureView> {
    return this.seizures.release(id, dto);
  }

  /** `{ expiresAt }`, an RFC 3339 timestamp after the current expiry and at most two years from now. Publishes SeizureRenewed. */
  @Allow(Role.CaseSystem, Role.Dispatcher, Role.DutyDirector)
  @Post(':id/renew')
  @HttpCode(200)
  @ApiOperation({ summary: 'Renew the seal (续封): a new expiry at most two years from now; the traffic side keeps watching until then' })
  @ApiOkResponse({ type: SeizureView, description: 'The renewed seal' })
  @ApiBadRequestResponse({ description: 'expiresAt is not after the current expiry or more than two years away' })
  @ApiNotFoundResponse({ description: 'No such seal' })
  @ApiConflictResponse({ description: 'The seal was released or has lapsed' })
  renew(@Param('id', new ParseUuidParamPipe('id')) id: string, @Body() dto: RenewSeizureDto): Promise<SeizureView> {
    return this.seizures.renew(id, dto);
  }
}
