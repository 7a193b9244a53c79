import { Controller, Get, Post, Put, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { SkipThrottle } from '@nestjs/throttler';
import { Clock, NoAudit, Public } from '@app/platform';
import type { Response } from 'express';
import { Gat1400Metrics } from '../gat1400.metrics';
import { Gat1400Settings } from '../gat1400.settings';
import { motorVehicleItems } from '../mapping/motor-vehicle.mapping';
import { PassRecordIntake } from '../pass-record.intake';
import { sendViid, userIdentifyOf, ViidError, ViidExceptionFilter, ViidRequest } from '../viid/viid-http';
import { statusListBody, ViidStatusCode } from '../viid/viid-status';
import { ViidTransportGuard } from '../viid/viid-transport.guard';
import { DeviceSessionsService } from './device-sessions.service';
import { TollgateRegistry } from './tollgate.registry';
import { decodeViidRequest } from './viid-request';

/**
 * What lower devices and platforms push to our 视图库: pass records (MotorVehicles) and their
 * tollgates. Only registered, live devices; one ResponseStatusObject per record.
 */
@ApiExcludeController()
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

  @Post('MotorVehicles')
  async motorVehicles(@Req() req: ViidRequest, @Res() res: Response): Promise<void> {
    await this.requireDevice(req, 'device');
    const items = this.itemsOf(req, motorVehicleItems, 'MotorVehicleListObject.MotorVehicleObject', 'device');
    const batch = await this.intake.take(items, 'device', req.originalUrl);
    sendViid(res, batch.failed ? 503 : batch.taken === 0 ? 400 : 200, statusListBody(batch.statuses));
  }

  @Post('Tollgates')
  async addTollgates(@Req() req: ViidRequest, @Res() res: Response): Promise<void> {
    await this.putTollgates(req, res);
  }

  @Put('Tollgates')
  async updateTollgates(@Req() req: ViidRequest, @Res() res: Response): Promise<void> {
    await this.putTollgates(req, res);
  }

  @Get('Tollgates')
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
      body = decodeViidRequest(req, true);
    } catch (error) {
      this.metrics.refused(door, 'json_format');
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
