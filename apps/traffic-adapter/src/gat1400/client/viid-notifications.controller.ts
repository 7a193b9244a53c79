import { Controller, Logger, Post, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import { SkipThrottle } from '@nestjs/throttler';
import { Clock, NoAudit, Public } from '@app/platform';
import type { Response } from 'express';
import { Gat1400Door, Gat1400Metrics } from '../gat1400.metrics';
import { Gat1400Settings } from '../gat1400.settings';
import { motorVehicleItems } from '../mapping/motor-vehicle.mapping';
import { PassRecordIntake } from '../pass-record.intake';
import { decodeViidRequest, viidBodyWidth } from '../server/viid-request';
import { field, isObject, listItems, text } from '../viid/viid-json';
import { sendViid, userIdentifyOf, VIID_RETRY_HEADERS, ViidError, ViidExceptionFilter, ViidRequest } from '../viid/viid-http';
import { statusListBody, viidStatus, ViidStatus, ViidStatusCode } from '../viid/viid-status';
import { BODY_REFUSALS, TOO_WIDE_REFUSAL, POLICE_PLATFORM, ViidOperation } from '../viid/viid-openapi';
import { ViidDispositionNotificationListBody, ViidResponseStatusListBody, ViidSubscribeNotificationListBody } from '../viid/viid-openapi.dto';
import { ServesViidRole, ViidTransportGuard } from '../viid/viid-transport.guard';
import { PlatformLinkRepository } from './platform-link.repository';
import { SubscriptionsRepository } from './subscriptions.repository';

/**
 * What the police 视图库 pushes to us: alarms of our 布控 (DispositionNotifications) and the pass
 * records of our subscriptions (SubscribeNotifications). Only the platform itself (its
 * User-Identify, the address allow-list, TLS when required); every record goes through the same
 * intake as every other read, so the court cannot tell the door.
 */
@ServesViidRole('client')
@Public()
@NoAudit()
// The platform only (checked first); a subscription may push every pass record of a city.
@SkipThrottle()
@UseGuards(ViidTransportGuard)
@UseFilters(ViidExceptionFilter)
@Controller('VIID')
export class ViidNotificationsController {
  private readonly log = new Logger('Gat1400Client');

  constructor(
    private readonly settings: Gat1400Settings,
    private readonly intake: PassRecordIntake,
    private readonly link: PlatformLinkRepository,
    private readonly subscriptions: SubscriptionsRepository,
    private readonly metrics: Gat1400Metrics,
    private readonly clock: Clock,
  ) {}

  /**
   * Alarms of our 布控 from the police 视图库 we registered with (only its User-Identify): each
   * alarm's pass record goes through the same intake as every read, so the court cannot tell the
   * door. One status per notification (Id = its NotificationID): 0 when its record was taken, else the first problem.
   */
  @Post('DispositionNotifications')
  @ViidOperation({
    credentials: POLICE_PLATFORM,
    summary: 'The police 视图库 raises 布控 alarms (告警)',
    body: ViidDispositionNotificationListBody,
    ok: [ViidResponseStatusListBody, 'At least one notification taken; one status per notification'],
    refusals: {
      ...BODY_REFUSALS,
      400: 'StatusCode 7: the body is not JSON; StatusCode 8: no notifications where the standard puts them, or none taken (one status per notification)' + TOO_WIDE_REFUSAL,
      403: 'StatusCode 4: User-Identify is not GAT1400_PLATFORM_ID; or not over TLS / not from an address in GAT1400_ALLOW_FROM',
      503: 'StatusCode 1 for the notifications whose records we could not store: send them again after the seconds in Retry-After; a ResponseStatusObject with StatusCode 2 (and Retry-After) when the database was too busy to look at the request at all',
    },
  })
  async dispositionNotifications(@Req() req: ViidRequest, @Res() res: Response): Promise<void> {
    const notifications = this.notificationsOf(req, 'DispositionNotificationListObject', 'DispositionNotificationObject', 'alarm');
    const answer = await this.take(notifications, 'alarm', req.originalUrl, (n) => {
      // An alarm carries one MotorVehicleObject; some platforms send a list.
      const one = field(n, 'MotorVehicleObject');
      return isObject(one) ? [one] : motorVehicleItems(n) ?? (Array.isArray(one) ? one : []);
    });
    sendViid(res, answer.httpStatus, statusListBody(answer.statuses), answer.httpStatus === 503 ? VIID_RETRY_HEADERS : {});
  }

  /**
   * Pass records of our subscriptions (SubscribeDetail 13) from the police 视图库: every record
   * through our matcher; those of no seal are stored nowhere. One status per notification.
   */
  @Post('SubscribeNotifications')
  @ViidOperation({
    credentials: POLICE_PLATFORM,
    summary: 'The police 视图库 pushes subscribed pass records (通知)',
    body: ViidSubscribeNotificationListBody,
    ok: [ViidResponseStatusListBody, 'At least one notification taken; one status per notification'],
    refusals: {
      ...BODY_REFUSALS,
      400: 'StatusCode 7: the body is not JSON; StatusCode 8: no notifications where the standard puts them, or none taken (one status per notification)' + TOO_WIDE_REFUSAL,
      403: 'StatusCode 4: User-Identify is not GAT1400_PLATFORM_ID; or not over TLS / not from an address in GAT1400_ALLOW_FROM',
      503: 'StatusCode 1 for the notifications whose records we could not store: send them again after the seconds in Retry-After; a ResponseStatusObject with StatusCode 2 (and Retry-After) when the database was too busy to look at the request at all',
    },
  })
  async subscribeNotifications(@Req() req: ViidRequest, @Res() res: Response): Promise<void> {
    const notifications = this.notificationsOf(req, 'SubscribeNotificationListObject', 'SubscribeNotificationObject', 'subscription');
    const subscribeIds = new Set(notifications.map((n) => (isObject(n) ? text(n, 'SubscribeID') : undefined)).filter((id): id is string => Boolean(id)));
    const answer = await this.take(notifications, 'subscription', req.originalUrl, (n) => motorVehicleItems(n) ?? []);
    await this.subscriptions.touchNotification([...subscribeIds], this.clock.now()).catch(() => undefined);
    sendViid(res, answer.httpStatus, statusListBody(answer.statuses), answer.httpStatus === 503 ? VIID_RETRY_HEADERS : {});
  }

  private notificationsOf(req: ViidRequest, listName: string, itemName: string, door: Gat1400Door): unknown[] {
    const sender = userIdentifyOf(req);
    if (sender !== this.settings.client!.platformId) {
      this.metrics.refused('notification', 'not_platform');
      throw new ViidError(403, ViidStatusCode.InvalidOperation, sender ? `User-Identify ${sender.slice(0, 64)} is not the platform this deployment is registered with` : 'the User-Identify header is required');
    }
    let body: unknown;
    try {
      body = decodeViidRequest(req, true, viidBodyWidth(this.settings.env.GAT1400_MAX_BATCH));
    } catch (error) {
      this.metrics.refused(door, error instanceof ViidError && error.code === ViidStatusCode.InvalidJsonContent ? 'too_large' : 'json_format');
      throw error;
    }
    const items = listItems(body, listName, itemName);
    if (!items || items.length === 0) {
      this.metrics.refused(door, 'object');
      throw new ViidError(400, ViidStatusCode.InvalidJsonContent, `the body holds no ${listName}.${itemName}`);
    }
    if (items.length > this.settings.env.GAT1400_MAX_BATCH) {
      this.metrics.refused(door, 'too_large');
      throw new ViidError(413, ViidStatusCode.InvalidJsonContent, `${items.length} notifications in one request; at most ${this.settings.env.GAT1400_MAX_BATCH}`);
    }
    return items;
  }

  /**
   * Takes the records of every notification in one intake batch, and answers one status per
   * notification: OK when all its records were taken, else the first problem.
   */
  private async take(notifications: unknown[], door: Gat1400Door, requestUrl: string, recordsOf: (n: Record<string, unknown>) => unknown[]): Promise<{ httpStatus: number; statuses: ViidStatus[] }> {
    const now = this.clock.now();
    const owners: number[] = [];
    const records: unknown[] = [];
    const problems = new Map<number, string>();
    notifications.forEach((n, index) => {
      if (!isObject(n)) return problems.set(index, 'each notification must be a JSON object');
      const found = recordsOf(n);
      if (found.length === 0) return problems.set(index, 'the notification holds no MotorVehicleObject');
      for (const record of found) {
        owners.push(index);
        records.push(record);
      }
    });
    if (records.length > this.settings.env.GAT1400_MAX_BATCH) {
      throw new ViidError(413, ViidStatusCode.InvalidJsonContent, `${records.length} records in one request; at most ${this.settings.env.GAT1400_MAX_BATCH}`);
    }
    const batch = records.length ? await this.intake.take(records, door, requestUrl) : { statuses: [], failed: 0, taken: 0, refused: 0 };
    await this.link.touchNotification(now).catch((e: Error) => this.log.warn(`could not note the notification: ${e.message}`));
    const statuses = notifications.map((n, index) => {
      const id = isObject(n) ? text(n, 'NotificationID') ?? '' : '';
      const problem = problems.get(index);
      if (problem) return viidStatus(requestUrl, ViidStatusCode.InvalidJsonContent, problem, id, now, this.settings.offsetMinutes);
      const own = batch.statuses.filter((_, i) => owners[i] === index);
      const worst = own.find((s) => s.StatusCode === ViidStatusCode.OtherError) ?? own.find((s) => s.StatusCode !== ViidStatusCode.Ok);
      return viidStatus(requestUrl, worst?.StatusCode ?? ViidStatusCode.Ok, worst?.StatusString ?? '正常', id, now, this.settings.offsetMinutes);
    });
    for (const [, problem] of problems) this.metrics.refused(door, problem.startsWith('each') ? 'object' : 'MotorVehicleObject');
    const anyTaken = statuses.some((s) => s.StatusCode === ViidStatusCode.Ok);
    return { httpStatus: batch.failed ? 503 : anyTaken ? 200 : 400, statuses };
  }
}
