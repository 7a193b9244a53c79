import { Controller, Get, Post, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import { Clock, NoAudit, Public } from '@app/platform';
import type { Response } from 'express';
import { Gat1400Metrics } from '../gat1400.metrics';
import { Gat1400Settings } from '../gat1400.settings';
import { field, isObject, singleObject } from '../viid/viid-json';
import { sendViid, userIdentifyOf, ViidError, ViidExceptionFilter, ViidRequest } from '../viid/viid-http';
import { singleStatusBody, viidStatus, ViidStatusCode } from '../viid/viid-status';
import { formatUtcOffset, formatViidTime } from '../viid/viid-time';
import { DEVICE_DIGEST, REGISTERED_DEVICE, ViidOperation } from '../viid/viid-openapi';
import { ViidRegisterBody, ViidKeepaliveBody, ViidResponseStatusBody, ViidSystemTimeBody, ViidUnRegisterBody } from '../viid/viid-openapi.dto';
import { ServesViidRole, ViidTransportGuard } from '../viid/viid-transport.guard';
import { decodeViidRequest } from './viid-request';
import { DeviceSessionsService } from './device-sessions.service';

/**
 * /VIID/System of our 视图库: lower devices and platforms register (digest), keep alive and
 * unregister; anyone may read our time.
 */
@ServesViidRole('server')
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

  /**
   * Digest registration (RFC 2617, MD5, qop auth) of a device listed in GAT1400_SERVER_DEVICES: the
   * first request without credentials is answered 401 with the challenge, the repeat with the
   * right digest 200. A user may register only its own device id. Nonces last
   * GAT1400_SERVER_NONCE_SECONDS (an expired one is answered `stale=true`); a repeated nonce count is refused.
   */
  @Post('Register')
  @ViidOperation({
    summary: 'A lower device or platform registers (digest)',
    credentials: DEVICE_DIGEST,
    body: ViidRegisterBody,
    identified: false,
    ok: [ViidResponseStatusBody, 'StatusCode 0: registered; keep alive within GAT1400_SERVER_LAPSE_SECONDS'],
    refusals: {
      400: 'StatusCode 7: the body is not JSON; StatusCode 8: no RegisterObject.DeviceID (nor User-Identify)',
      401: 'StatusCode 4 and WWW-Authenticate: Digest realm, qop="auth", nonce, opaque (the normal first answer), or the digest is wrong, stale or replayed',
      403: 'StatusCode 4: this user may not register that device id; or not over TLS / not from an allowed address',
    },
  })
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

  /** Keeps a registration alive; a lapsed or unknown one is answered 401 with a fresh challenge, and the device registers again. */
  @Post('Keepalive')
  @ViidOperation({
    summary: 'A registered device keeps alive',
    credentials: REGISTERED_DEVICE,
    body: ViidKeepaliveBody,
    ok: [ViidResponseStatusBody, 'StatusCode 0: still registered'],
    refusals: {
      400: 'StatusCode 7: the body is not JSON',
      401: 'StatusCode 4 and a fresh digest challenge: not registered, lapsed, or from another address: register again',
    },
  })
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

  /** Ends a registration (digest, like Register); the device's records are refused until it registers again. */
  @Post('UnRegister')
  @ViidOperation({
    summary: 'A device unregisters (digest)',
    credentials: DEVICE_DIGEST,
    body: ViidUnRegisterBody,
    identified: false,
    ok: [ViidResponseStatusBody, 'StatusCode 0: unregistered'],
    refusals: {
      400: 'StatusCode 7: the body is not JSON; StatusCode 8: no UnRegisterObject.DeviceID (nor User-Identify)',
      401: 'StatusCode 4 and a digest challenge: no or wrong credentials',
      403: 'StatusCode 4: this user may not unregister that device id; or not over TLS / not from an allowed address',
    },
  })
  async unregister(@Req() req: ViidRequest, @Res() res: Response): Promise<void> {
    const username = this.authenticate(req);
    const deviceId = deviceIdIn(decodeViidRequest(req), 'UnRegisterObject') ?? userIdentifyOf(req);
    if (!deviceId) throw new ViidError(400, ViidStatusCode.InvalidJsonContent, 'UnRegisterObject.DeviceID is required');
    const verdict = await this.sessions.unregister(username, deviceId);
    if (!verdict.ok) throw new ViidError(403, ViidStatusCode.InvalidOperation, verdict.reason);
    this.ok(req, res, deviceId);
  }

  /** Our clock, for devices to check theirs against (pass times are theirs). */
  @Get('Time')
  @ViidOperation({ summary: 'Our 视图库\'s time', identified: false, ok: [ViidSystemTimeBody, 'Our id, local time and zone'] })
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
