import { Controller, Get, Post, Put, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import { SkipThrottle } from '@nestjs/throttler';
import { Clock, NoAudit, Public } from '@app/platform';
import type { Response } from 'express';
import { Gat1400Metrics } from '../gat1400.metrics';
import { Gat1400Settings } from '../gat1400.settings';
import { motorVehicleItems } from '../mapping/motor-vehicle.mapping';
import { PassRecordIntake } from '../pass-record.intake';
import { sendViid, userIdentifyOf, VIID_RETRY_HEADERS, ViidError, ViidExceptionFilter, ViidRequest } from '../viid/viid-http';
import { statusListBody, ViidStatusCode } from '../viid/viid-status';
import { BODY_REFUSALS, TOO_WIDE_REFUSAL, REGISTERED_DEVICE, UNREGISTERED_REFUSAL, ViidOperation } from '../viid/viid-openapi';
import { ViidMotorVehicleListBody, ViidResponseStatusListBody, ViidTollgateListBody } from '../viid/viid-openapi.dto';
import { ServesViidRole, ViidTransportGuard } from '../viid/viid-transport.guard';
import { DeviceSessionsService } from './device-sessions.service';
import { TollgateRegistry } from './tollgate.registry';
import { decodeViidRequest, viidBodyWidth } from './viid-request';

/**
 * What lower devices and platforms push to our 视图库: pass records (MotorVehicles) and their
 * tollgates. Only registered, live devices; one ResponseStatusObject per record.
 */
@ServesViidRole('server')
@Public()
@NoAudit()
// Registered devices only (checked first, cheaply); a busy checkpoint platform pushes many batches a second.
@SkipThrottle()
@UseGuards(ViidTransportGuard)
@UseFilters(ViidExceptionFilter)
@Controller('VIID')
export class ViidRecordsController {
  constructor(
    private readonly settings: Gat1400Settings,
    private readonly sessions: DeviceSessionsService,
    private readonly intake: PassRecordIntake,
    private readonly tollgates: TollgateRegistry,
    private readonly metrics: Gat1400Metrics,
    private readonly clock: Clock,
  ) {}

  /**
   * Pass records of a registered, live device, each mapped and taken through the one intake path:
   * a record of a sealed car becomes a hit, the others leave nothing behind. One status per record,
   * in order (Id = its MotorVehicleID): 0 taken (or already taken: a retry never makes a second
   * hit), 8 naming the field at fault, 1 when we could not store it (send it again).
   */
  @Post('MotorVehicles')
  @ViidOperation({
    credentials: REGISTERED_DEVICE,
    summary: 'A device pushes pass records (过车记录)',
    body: ViidMotorVehicleListBody,
    ok: [ViidResponseStatusListBody, 'At least one record taken; one status per record, in the order sent'],
    refusals: {
      ...BODY_REFUSALS,
      ...UNREGISTERED_REFUSAL,
      400: 'StatusCode 7: the body is not JSON; StatusCode 8: it holds no MotorVehicleListObject.MotorVehicleObject; or no record was taken (a ResponseStatusListObject, one status per record)' + TOO_WIDE_REFUSAL,
      503: 'StatusCode 1 for the records we could not store (a ResponseStatusListObject): send them again after the seconds in Retry-After; a ResponseStatusObject with StatusCode 2 (and Retry-After) when the database was too busy to look at the request at all',
    },
  })
  async motorVehicles(@Req() req: ViidRequest, @Res() res: Response): Promise<void> {
    await this.requireDevice(req, 'device');
    const items = this.itemsOf(req, motorVehicleItems, 'MotorVehicleListObject.MotorVehicleObject', 'device');
    const batch = await this.intake.take(items, 'device', req.originalUrl);
    sendViid(res, batch.failed ? 503 : batch.taken === 0 ? 400 : 200, statusListBody(batch.statuses), batch.failed ? VIID_RETRY_HEADERS : {});
  }

  /** Tollgates into the checkpoint registry (id = TollgateID); what an integrator set by hand is kept. One status per tollgate. */
  @Post('Tollgates')
  @ViidOperation({
    credentials: REGISTERED_DEVICE,
    summary: 'A device adds tollgates (卡口) to the checkpoint registry',
    body: ViidTollgateListBody,
    ok: [ViidResponseStatusListBody, 'At least one tollgate taken; one status per tollgate'],
    refusals: { ...BODY_REFUSALS, ...UNREGISTERED_REFUSAL, 400: 'StatusCode 7: the body is not JSON; StatusCode 8: no TollgateListObject.TollgateObject, or none taken (one status per tollgate)' + TOO_WIDE_REFUSAL },
  })
  async addTollgates(@Req() req: ViidRequest, @Res() res: Response): Promise<void> {
    await this.putTollgates(req, res);
  }

  /** The same as POST: tollgates are put by id. */
  @Put('Tollgates')
  @ViidOperation({
    credentials: REGISTERED_DEVICE,
    summary: 'A device updates tollgates',
    body: ViidTollgateListBody,
    ok: [ViidResponseStatusListBody, 'At least one tollgate taken; one status per tollgate'],
    refusals: { ...BODY_REFUSALS, ...UNREGISTERED_REFUSAL, 400: 'StatusCode 7: the body is not JSON; StatusCode 8: no TollgateListObject.TollgateObject, or none taken (one status per tollgate)' + TOO_WIDE_REFUSAL },
  })
  async updateTollgates(@Req() req: ViidRequest, @Res() res: Response): Promise<void> {
    await this.putTollgates(req, res);
  }

  /** The tollgates of our registry, in GA/T 1400 form. */
  @Get('Tollgates')
  @ViidOperation({ summary: 'A device lists the tollgates we know', credentials: REGISTERED_DEVICE, ok: [ViidTollgateListBody, 'TollgateListObject'], refusals: UNREGISTERED_REFUSAL })
  async listTollgates(@Req() req: ViidRequest, @Res() res: Response): Promise<void> {
    await this.requireDevice(req, 'tollgate');
    sendViid(res, 200, { TollgateListObject: { TollgateObject: this.tollgates.list() } });
  }

  private async putTollgates(req: ViidRequest, res: Response): Promise<void> {
    await this.requireDevice(req, 'tollgate');
    const items = this.itemsOf(req, TollgateRegistry.items, 'TollgateListObject.TollgateObject', 'tollgate');
    const batch = await this.tollgates.put(items, req.originalUrl);
    sendViid(res, batch.taken === 0 ? 400 : 200, statusListBody(batch.statuses));
  }

  private async requireDevice(req: ViidRequest, door: 'device' | 'tollgate'): Promise<void> {
    const verdict = await this.sessions.check(userIdentifyOf(req), req.ip ?? null);
    if (!verdict.ok) {
      this.metrics.refused(door, 'unregistered');
      throw new ViidError(401, ViidStatusCode.InvalidOperation, verdict.reason, { 'WWW-Authenticate': this.sessions.digest.challenge() });
    }
  }

  private itemsOf(req: ViidRequest, find: (body: unknown) => unknown[] | null, listName: string, door: 'device' | 'tollgate'): unknown[] {
    let body: unknown;
    try {
      body = decodeViidRequest(req, true, viidBodyWidth(this.settings.env.GAT1400_MAX_BATCH));
    } catch (error) {
      this.metrics.refused(door, error instanceof ViidError && error.code === ViidStatusCode.InvalidJsonContent ? 'too_large' : 'json_format');
      throw error;
    }
    const items = find(body);
    if (!items || items.length === 0) {
      this.metrics.refused(door, 'object');
      throw new ViidError(400, ViidStatusCode.InvalidJsonContent, `the body holds no ${listName} records`);
    }
    if (items.length > this.settings.env.GAT1400_MAX_BATCH) {
      this.metrics.refused(door, 'too_large');
      throw new ViidError(413, ViidStatusCode.InvalidJsonContent, `${items.length} records in one request; at most ${this.settings.env.GAT1400_MAX_BATCH}`);
    }
    return items;
  }
}
