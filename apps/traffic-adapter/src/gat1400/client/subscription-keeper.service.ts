import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { Clock } from '@app/platform';
import { Gat1400Settings } from '../gat1400.settings';
import { viidObjectId } from '../mapping/disposition.mapping';
import { ViidStatusCode } from '../viid/viid-status';
import { formatViidTime } from '../viid/viid-time';
import { DispositionsRepository } from './dispositions.repository';
import { PlatformSession, PlatformWorker } from './platform-session.service';
import { StoredSubscription, SubscriptionsRepository } from './subscriptions.repository';
import { ViidAnswer, ViidUnreachableError } from './viid-http.client';

const RETRY_MIN_MS = 30_000;
const RETRY_MAX_MS = 15 * 60_000;

/**
 * Subscription mode: one subscription to the motor-vehicle pass records (SubscribeDetail 13) of
 * the configured tollgates, renewed GAT1400_SUBSCRIBE_RENEW_MINUTES before its EndTime, made
 * anew when the tollgates change or the platform refuses the renewal, cancelled on shutdown when
 * GAT1400_SUBSCRIBE_CANCEL_ON_SHUTDOWN. The records arrive at /VIID/SubscribeNotifications.
 */
@Injectable()
export class SubscriptionKeeper implements PlatformWorker, OnModuleInit {
  private readonly log = new Logger('Gat1400Subscriptions');
  private nextAttemptMs = 0;
  private failures = 0;

  constructor(
    private readonly settings: Gat1400Settings,
    private readonly session: PlatformSession,
    private readonly subscriptions: SubscriptionsRepository,
    private readonly ids: DispositionsRepository,
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.session.addWorker(this);
  }

  private get resource(): string {
    return this.settings.env.GAT1400_SUBSCRIBE_TOLLGATES.join(',');
  }

  async tick(now: Date): Promise<void> {
    if (now.getTime() < this.nextAttemptMs) return;
    const all = await this.subscriptions.current();
    // One that ran out (we could not renew it in time) is over; a new one is made below.
    for (const s of all.filter((x) => x.endAt <= now)) await this.subscriptions.save({ ...s, state: 'cancelled', statusString: 'EndTime passed' }, now);
    const current = all.filter((s) => s.endAt > now);
    const live = current.filter((s) => s.state === 'active');
    const fitting = live.find((s) => s.resourceUri === this.resource);
    // Subscriptions of tollgates no longer configured are cancelled.
    for (const s of current.filter((c) => c !== fitting && c.resourceUri !== this.resource)) await this.cancel([s], now);
    if (!fitting) return this.subscribe(now, current.find((c) => c.resourceUri === this.resource && c.state !== 'active'));
    const renewAt = fitting.endAt.getTime() - this.settings.env.GAT1400_SUBSCRIBE_RENEW_MINUTES * 60_000;
    if (now.getTime() >= renewAt) await this.renew(fitting, now);
  }

  async beforeUnregister(): Promise<void> {
    if (!this.settings.env.GAT1400_SUBSCRIBE_CANCEL_ON_SHUTDOWN) return;
    const current = await this.subscriptions.current();
    if (current.length) await this.cancel(current, this.clock.now());
  }

  private object(id: string, beginAt: Date, endAt: Date, operateType: 0 | 1 = 0): Record<string, unknown> {
    const env = this.settings.env;
    const t = (d: Date) => formatViidTime(d, this.settings.offsetMinutes);
    return {
      SubscribeID: id,
      Title: '法院查封车辆过车订阅',
      SubscribeDetail: env.GAT1400_SUBSCRIBE_DETAIL,
      ResourceURI: this.resource,
      ApplicantName: env.GAT1400_APPLICANT_NAME,
      ApplicantOrg: env.GAT1400_APPLICANT_ORG,
      BeginTime: t(beginAt),
      EndTime: t(endAt),
      ReceiveAddr: `${this.settings.client!.receiveUrl}/VIID/SubscribeNotifications`,
      ReportInterval: 0,
      Reason: '人民法院查控查封车辆',
      OperateType: operateType,
      SubscribeStatus: operateType === 0 ? 0 : 1,
      ResourceClass: Number(env.GAT1400_SUBSCRIBE_RESOURCE_CLASS),
      ResultImageDeclare: '01',
      ResultFeatureDeclare: -1,
    };
  }

  private async subscribe(now: Date, previous: StoredSubscription | undefined): Promise<void> {
    // A subscription the platform refused is sent again under its id; a new one gets a new id.
    const id = previous?.subscribeId ?? viidObjectId(this.settings.client!.deviceId, '02', now, await this.ids.nextSerial(), this.settings.offsetMinutes);
    const endAt = new Date(now.getTime() + this.settings.env.GAT1400_SUBSCRIBE_HOURS * 3_600_000);
    await this.subscriptions.save({ subscribeId: id, resourceUri: this.resource, state: 'requested', beginAt: now, endAt, statusCode: null, statusString: null }, now);
    const answer = await this.call('POST', '/VIID/Subscribes', { SubscribeListObject: { SubscribeObject: [this.object(id, now, endAt)] } }, now);
    if (!answer) return;
    const status = answer.statuses?.find((s) => s.id === id) ?? answer.statuses?.[0];
    const ok = answer.httpStatus === 200 && (!status || status.code === ViidStatusCode.Ok);
    await this.subscriptions.save({ subscribeId: id, resourceUri: this.resource, state: ok ? 'active' : 'failed', beginAt: now, endAt, statusCode: status?.code ?? null, statusString: status?.text ?? (ok ? null : `HTTP ${answer.httpStatus}`) }, now);
    if (ok) {
      this.failures = 0;
      this.log.log(`subscribed (${id}) to the pass records of ${this.settings.env.GAT1400_SUBSCRIBE_TOLLGATES.length} tollgate(s) until ${endAt.toISOString()}`);
    } else {
      this.failed(now, `subscription ${id} refused: ${status ? `StatusCode ${status.code} ${status.text}` : `HTTP ${answer.httpStatus}`}`);
    }
  }

  private async renew(s: StoredSubscription, now: Date): Promise<void> {
    const endAt = new Date(now.getTime() + this.settings.env.GAT1400_SUBSCRIBE_HOURS * 3_600_000);
    const answer = await this.call('PUT', '/VIID/Subscribes', { SubscribeListObject: { SubscribeObject: [this.object(s.subscribeId, s.beginAt, endAt)] } }, now);
    if (!answer) return;
    const status = answer.statuses?.find((x) => x.id === s.subscribeId) ?? answer.statuses?.[0];
    if (answer.httpStatus === 200 && (!status || status.code === ViidStatusCode.Ok)) {
      await this.subscriptions.save({ ...s, endAt, statusCode: status?.code ?? 0, statusString: status?.text ?? null }, now);
      this.log.log(`subscription ${s.subscribeId} renewed until ${endAt.toISOString()}`);
      return;
    }
    // The platform would not extend it: subscribe anew before this one ends.
    this.log.warn(`subscription ${s.subscribeId} not renewed (${status ? `StatusCode ${status.code} ${status.text}` : `HTTP ${answer.httpStatus}`}); subscribing anew`);
    await this.subscriptions.save({ ...s, state: 'cancelled', statusCode: status?.code ?? null, statusString: status?.text ?? `HTTP ${answer.httpStatus}` }, now);
    await this.subscribe(now, undefined);
  }

  private async cancel(subscriptions: StoredSubscription[], now: Date): Promise<void> {
    const ids = subscriptions.map((s) => s.subscribeId);
    const answer = await this.call('DELETE', `/VIID/Subscribes?IDList=${ids.join(',')}`, undefined, now);
    // Platforms without DELETE take a PUT with OperateType 1.
    const refused = !answer || answer.httpStatus === 404 || answer.httpStatus === 405;
    const viaPut = refused ? await this.call('PUT', '/VIID/Subscribes', { SubscribeListObject: { SubscribeObject: subscriptions.map((s) => this.object(s.subscribeId, s.beginAt, s.endAt, 1)) } }, now) : null;
    if (!answer && !viaPut) return;
    for (const s of subscriptions) await this.subscriptions.save({ ...s, state: 'cancelled' }, now);
    this.log.log(`cancelled subscription(s) ${ids.join(', ')}`);
  }

  private async call(method: string, path: string, body: unknown, now: Date): Promise<ViidAnswer | null> {
    try {
      const answer = await this.session.http.send(method, path, body);
      if (PlatformSession.saysUnregistered(answer)) {
        this.session.registrationLost(`${method} ${path} answered ${answer.httpStatus}`);
        return null;
      }
      return answer;
    } catch (error) {
      if (!(error instanceof ViidUnreachableError)) throw error;
      this.failed(now, error.message);
      return null;
    }
  }

  private failed(now: Date, reason: string): void {
    this.failures++;
    const wait = Math.min(RETRY_MAX_MS, RETRY_MIN_MS * 2 ** Math.min(this.failures - 1, 8));
    this.nextAttemptMs = now.getTime() + wait;
    this.log.warn(`${reason}; trying again in ${Math.round(wait / 1000)} s`);
  }
}
