import { Controller, Get, HttpCode, Post, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Clock, NoAudit, Public } from '@app/platform';
import type { Response } from 'express';
import { Gat1400Metrics } from '../gat1400.metrics';
import { Gat1400Settings } from '../gat1400.settings';
import { field, isObject, singleObject } from '../viid/viid-json';
import { sendViid, userIdentifyOf, ViidError, ViidExceptionFilter, ViidRequest } from '../viid/viid-http';
import { singleStatusBody, viidStatus, ViidStatusCode } from '../viid/viid-status';
import { formatUtcOffset, formatViidTime } from '../viid/viid-time';
import { ViidTransportGuard } from '../viid/viid-transport.guard';
import { decodeViidRequest } from './viid-request';
import { DeviceSessionsService } from './device-sessions.service';

/**
 * /VIID/System of our 视图库: lower devices and platforms register (digest), keep alive and
 * unregister; anyone may read our time.
 */
@ApiExcludeController()
@Public()
@NoAudit()
@UseGuards(ViidTransportGuard)
@UseFilters(ViidExceptionFilter)
@Controller('VIID/System')
export class ViidSystemController {
  constructor(
    private readonly settings: Gat1400Settings,
    private readonly sessions: DeviceSessionsService,
    private readonly metrics: Gat1400Metrics,
    private readonly clock: Clock,
  ) {}

  @Post('Register')
  async register(@Req() req: ViidRequest, @Res() res: Response): Promise<void> {
    const username = this.authenticate(req);
    const deviceId = deviceIdIn(decodeViidRequest(req), 'RegisterObject') ?? userIdentifyOf(req);
    if (!deviceId) throw new ViidError(400, ViidStatusCode.InvalidJsonContent, 'RegisterObject.DeviceID is required');
    const verdict = await this.sessions.register(username, deviceId, req.ip ?? null);
    if (!verdict.ok) {
      this.metrics.refused('session', 'not_allowed');
      throw new ViidError(403, ViidStatusCode.InvalidOperation, verdict.reason);
    }
    this.ok(req, res, deviceId);
  }

  @Post('Keepalive')
  async keepalive(@Req() req: ViidRequest, @Res() res: Response): Promise<void> {
    const deviceId = userIdentifyOf(req) ?? deviceIdIn(decodeViidRequest(req), 'KeepaliveObject');
    const verdict = await this.sessions.keepalive(deviceId, req.ip ?? null);
    if (!verdict.ok) {
      this.metrics.refused('session', 'unregistered');
      // 401 with a fresh challenge: the device registers again.
      throw new ViidError(401, ViidStatusCode.InvalidOperation, verdict.reason, { 'WWW-Authenticate': this.sessions.digest.challenge() });
    }
    this.ok(req, res, verdict.session.deviceId);
  }

  @Post('UnRegister')
  async unregister(@Req() req: ViidRequest, @Res() res: Response): Promise<void> {
    const username = this.authenticate(req);
    const deviceId = deviceIdIn(decodeViidRequest(req), 'UnRegisterObject') ?? userIdentifyOf(req);
    if (!deviceId) throw new ViidError(400, ViidStatusCode.InvalidJsonContent, 'UnRegisterObject.DeviceID is required');
    const verdict = await this.sessions.unregister(username, deviceId);
    if (!verdict.ok) throw new ViidError(403, ViidStatusCode.InvalidOperation, verdict.reason);
    this.ok(req, res, deviceId);
  }

  @Get('Time')
  @HttpCode(200)
  time(@Res() res: Response): void {
    sendViid(res, 200, {
      SystemTimeObject: {
        VIIDServerID: this.settings.ownId,
        TimeMode: '1',
        LocalTime: formatViidTime(this.clock.now(), this.settings.offsetMinutes),
        TimeZone: formatUtcOffset(this.settings.offsetMinutes) === '+08:00' ? 'Asia/Shanghai' : `UTC${formatUtcOffset(this.settings.offsetMinutes)}`,
      },
    });
  }

  /** The digest user of this request, or a 401 with a challenge (the normal first answer to Register). */
  private authenticate(req: ViidRequest): string {
    const header = req.headers.authorization;
    const verdict = this.sessions.digest.verify(header, req.method, req.originalUrl, (u) => this.sessions.passwordOf(u));
    if (verdict.ok) return verdict.username;
    if (header) this.metrics.refused('session', 'digest');
    throw new ViidError(401, ViidStatusCode.InvalidOperation, header ? verdict.reason : 'digest authentication required', {
      'WWW-Authenticate': this.sessions.digest.challenge(verdict.stale ?? false),
    });
  }

  private ok(req: ViidRequest, res: Response, id: string): void {
    sendViid(res, 200, singleStatusBody(viidStatus(req.originalUrl, ViidStatusCode.Ok, '正常', id, this.clock.now(), this.settings.offsetMinutes)));
  }
}

function deviceIdIn(body: unknown, objectName: string): string | undefined {
  const object = singleObject(body, objectName);
  const id = object && isObject(object) ? field(object, 'DeviceID') : undefined;
  return typeof id === 'string' && id.trim() ? id.trim() : typeof id === 'number' && Number.isSafeInteger(id) ? String(id) : undefined;
}
