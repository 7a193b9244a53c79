import { BeforeApplicationShutdown, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { Clock, Scheduler } from '@app/platform';
import { Gat1400ClientSettings, Gat1400Settings } from '../gat1400.settings';
import { field, isObject, singleObject } from '../viid/viid-json';
import { ViidStatusCode } from '../viid/viid-status';
import { parseViidTime } from '../viid/viid-time';
import { ClientLeadership } from './client-leadership';
import { LinkHealthService } from './link-health.service';
import { PlatformLinkRepository } from './platform-link.repository';
import { ViidAnswer, ViidHttpClient, ViidUnreachableError } from './viid-http.client';

/** Work that needs a live registration (dispositions, subscriptions); run after each session step. */
export interface PlatformWorker {
  /** Called while registered, every tick; does what is due at `now`. */
  tick(now: Date): Promise<void>;
  /** Called once before we unregister at shutdown. */
  beforeUnregister?(): Promise<void>;
}

const TICK_MS = 1000;
const TIME_CHECK_EVERY_MS = 10 * 60_000;
/** Keepalives that got no answer before the registration is considered gone and made again. */
const KEEPALIVE_TRIES = 3;
const KEEPALIVE_RETRY_MS = 5000;
const REGISTER_BACKOFF_MAX_MS = 60_000;

/**
 * Our registration with the police 视图库: digest-authenticated Register, Keepalive every
 * GAT1400_KEEPALIVE_SECONDS, registering again when the platform forgets us (a lapse, its
 * restart) or stops answering, a time check against /VIID/System/Time, UnRegister on shutdown.
 * Time decisions read the Clock; a one-second job of the app's Scheduler (`gat1400-session`)
 * only asks "is anything due?", and tests call `tick()` themselves after moving the clock.
 */
@Injectable()
export class PlatformSession implements OnModuleInit, BeforeApplicationShutdown {
  private readonly log = new Logger('Gat1400Client');
  private readonly client: ViidHttpClient;
  private readonly config: Gat1400ClientSettings;
  private readonly workers: PlatformWorker[] = [];
  private registered = false;
  private lastKeepaliveMs = 0;
  private nextKeepaliveMs = 0;
  private keepaliveFailures = 0;
  private registerFailures = 0;
  private nextRegisterMs = 0;
  private lastTimeCheckMs = -Infinity;
  /** When the link was last known good (registration or keepalive accepted), and the last problem. */
  private lastGoodMs: number | null = null;
  private problem: string | null = null;
  private skewMs = 0;
  private readonly startedMs: number;
  private running: Promise<void> = Promise.resolve();
  private stopping = false;

  constructor(
    settings: Gat1400Settings,
    private readonly leadership: ClientLeadership,
    private readonly link: PlatformLinkRepository,
    private readonly linkHealth: LinkHealthService,
    private readonly clock: Clock,
    private readonly scheduler: Scheduler,
  ) {
    this.startedMs = clock.now().getTime();
    this.config = settings.client!;
    this.client = new ViidHttpClient(this.config);
  }

  get isRegistered(): boolean {
    return this.registered;
  }

  get http(): ViidHttpClient {
    return this.client;
  }

  addWorker(worker: PlatformWorker): void {
    this.workers.push(worker);
  }

  onModuleInit(): void {
    // tick() never throws (it logs) and never overlaps; the scheduler starts it once the app has started.
    this.scheduler.register({ name: 'gat1400-session', everyMs: TICK_MS, run: () => this.tick() });
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopping = true; // the scheduler's timer stops later (application shutdown); ticks from here on do nothing
    await this.running;
    if (!this.registered || !this.leadership.isLeader) return;
    for (const worker of this.workers) {
      await Promise.race([worker.beforeUnregister?.(), new Promise((resolve) => setTimeout(resolve, 5000).unref())]).catch((e: Error) => this.log.warn(e.message));
    }
    try {
      const answer = await this.client.sendWithDigest('POST', '/VIID/System/UnRegister', { UnRegisterObject: { DeviceID: this.config.deviceId } });
      this.log.log(`unregistered from the police 视图库 (HTTP ${answer.httpStatus})`);
    } catch (error) {
      this.log.warn(`could not unregister: ${(error as Error).message}`);
    }
    this.registered = false;
    await this.link.update({ state: 'unregistered' }, this.clock.now()).catch(() => undefined);
    this.client.close();
  }

  /** Does what is due now; calls never overlap. */
  tick(): Promise<void> {
    const next = this.running.then(() => (this.stopping ? undefined : this.step(this.clock.now()))).catch((e: Error) => this.log.warn(`GA/T 1400 client step failed: ${e.message}`));
    this.running = next;
    return next;
  }

  /** A request of a worker found the platform no longer knows us: register again at once. */
  registrationLost(reason: string): void {
    if (!this.registered) return;
    this.log.warn(`the police 视图库 no longer knows us (${reason}); registering again`);
    this.problem = reason;
    this.registered = false;
    this.nextRegisterMs = 0;
    this.client.resetAuth();
  }

  /** True when an answer means "you are not registered" (401, or StatusCode 4 on a session call). */
  static saysUnregistered(answer: ViidAnswer): boolean {
    return answer.httpStatus === 401 || (answer.httpStatus === 200 && answer.statuses?.length === 1 && answer.statuses[0].code === ViidStatusCode.InvalidOperation && /注册|regist/i.test(answer.statuses[0].text));
  }

  private async step(now: Date): Promise<void> {
    if (!(await this.leadership.ensure())) {
      this.registered = false;
      return;
    }
    const nowMs = now.getTime();
    if (!this.registered && nowMs >= this.nextRegisterMs) await this.register(now);
    if (this.registered && nowMs - this.lastKeepaliveMs >= this.config.keepaliveMs && nowMs >= this.nextKeepaliveMs) await this.keepalive(now);
    if (this.registered && nowMs - this.lastTimeCheckMs >= TIME_CHECK_EVERY_MS) await this.checkTime(now);
    await this.linkHealth.report(this.config.platformId, this.condition(nowMs), now);
    if (!this.registered) return;
    for (const worker of this.workers) {
      if (!this.registered || this.stopping) break;
      await worker.tick(now).catch((e: Error) => this.log.warn(`GA/T 1400 ${worker.constructor.name} failed: ${e.message}`));
    }
  }

  /**
   * Blind when not registered for longer than a short grace (one refused keepalive, answered by
   * registering again at once, is no outage), or when the platform's clock is too far off ours.
   */
  private condition(nowMs: number): { blind: boolean; reason: string | null; lastGoodAt: Date | null } {
    const lastGoodAt = this.lastGoodMs === null ? null : new Date(this.lastGoodMs);
    const graceMs = Math.max(60_000, 2 * this.config.keepaliveMs);
    if (!this.registered && nowMs - (this.lastGoodMs ?? this.startedMs) >= graceMs) {
      return { blind: true, reason: `not registered with the police 视图库: ${this.problem ?? 'no answer'}`, lastGoodAt };
    }
    if (Math.abs(this.skewMs) > this.config.maxSkewMs) {
      return { blind: true, reason: `the police 视图库's clock is ${Math.round(this.skewMs / 1000)} s off ours (at most ${this.config.maxSkewMs / 1000} s)`, lastGoodAt };
    }
    return { blind: false, reason: null, lastGoodAt };
  }

  private async register(now: Date): Promise<void> {
    try {
      this.client.resetAuth();
      const answer = await this.client.sendWithDigest('POST', '/VIID/System/Register', { RegisterObject: { DeviceID: this.config.deviceId } });
      const status = answer.statuses?.[0];
      if (answer.httpStatus !== 200 || (status && status.code !== ViidStatusCode.Ok)) {
        const reason = status ? `StatusCode ${status.code} ${status.text}` : `HTTP ${answer.httpStatus}`;
        return await this.registerFailed(now, `registration refused: ${reason}`, 'unregistered');
      }
      this.registered = true;
      this.registerFailures = 0;
      this.keepaliveFailures = 0;
      this.lastKeepaliveMs = now.getTime();
      this.nextKeepaliveMs = 0;
      this.lastTimeCheckMs = -Infinity;
      this.lastGoodMs = now.getTime();
      this.problem = null;
      this.log.log(`registered with the police 视图库 ${this.config.platformId} as ${this.config.deviceId}`);
      await this.link.update({ state: 'registered', registeredAt: now, lastKeepaliveAt: now, lastError: null }, now);
    } catch (error) {
      if (!(error instanceof ViidUnreachableError)) throw error;
      await this.registerFailed(now, error.message, 'unreachable');
    }
  }

  private async registerFailed(now: Date, reason: string, state: 'unregistered' | 'unreachable'): Promise<void> {
    this.registerFailures++;
    const backoff = Math.min(REGISTER_BACKOFF_MAX_MS, 1000 * 2 ** Math.min(this.registerFailures - 1, 6));
    this.nextRegisterMs = now.getTime() + backoff;
    this.problem = reason;
    this.log.warn(`could not register with the police 视图库 (${reason}); next try in ${backoff / 1000} s`);
    await this.link.update({ state, lastError: reason, lastErrorAt: now }, now);
  }

  private async keepalive(now: Date): Promise<void> {
    let answer: ViidAnswer;
    try {
      answer = await this.client.send('POST', '/VIID/System/Keepalive', { KeepaliveObject: { DeviceID: this.config.deviceId } });
    } catch (error) {
      if (!(error instanceof ViidUnreachableError)) throw error;
      return this.keepaliveFailed(now, error.message);
    }
    if (PlatformSession.saysUnregistered(answer)) {
      this.registrationLost(`keepalive answered ${answer.httpStatus === 401 ? 'HTTP 401' : `StatusCode 4 ${answer.statuses?.[0]?.text ?? ''}`}`);
      await this.link.update({ state: 'unregistered', lastError: 'the platform no longer knew us (keepalive refused)', lastErrorAt: now }, now);
      return this.register(now);
    }
    const status = answer.statuses?.[0];
    if (answer.httpStatus !== 200 || (status && status.code !== ViidStatusCode.Ok)) {
      return this.keepaliveFailed(now, status ? `StatusCode ${status.code} ${status.text}` : `HTTP ${answer.httpStatus}`);
    }
    this.lastKeepaliveMs = now.getTime();
    this.lastGoodMs = this.lastKeepaliveMs;
    this.keepaliveFailures = 0;
    await this.link.update({ state: 'registered', lastKeepaliveAt: now }, now);
  }

  private async keepaliveFailed(now: Date, reason: string): Promise<void> {
    this.keepaliveFailures++;
    this.nextKeepaliveMs = now.getTime() + KEEPALIVE_RETRY_MS;
    this.problem = `keepalive: ${reason}`;
    this.log.warn(`keepalive failed (${reason}), ${this.keepaliveFailures} of ${KEEPALIVE_TRIES}`);
    if (this.keepaliveFailures >= KEEPALIVE_TRIES) {
      this.registrationLost(`${KEEPALIVE_TRIES} keepalives unanswered`);
      await this.link.update({ state: 'unreachable', lastError: `keepalive: ${reason}`, lastErrorAt: now }, now);
      return;
    }
    await this.link.update({ lastError: `keepalive: ${reason}`, lastErrorAt: now }, now);
  }

  /** The platform's clock against ours; a large difference is a feed-health problem (times of reads are the platform's). */
  private async checkTime(now: Date): Promise<void> {
    this.lastTimeCheckMs = now.getTime();
    let answer: ViidAnswer;
    try {
      answer = await this.client.send('GET', '/VIID/System/Time');
    } catch (error) {
      if (error instanceof ViidUnreachableError) return;
      throw error;
    }
    const object = singleObject(answer.body, 'SystemTimeObject');
    const local = object && isObject(object) ? field(object, 'LocalTime') : undefined;
    const parsed = parseViidTime(local, this.config.offsetMinutes);
    if (!parsed.ok) {
      this.log.warn(`/VIID/System/Time answered no usable LocalTime (HTTP ${answer.httpStatus})`);
      return;
    }
    const skewMs = parsed.at.getTime() - now.getTime();
    this.skewMs = skewMs;
    const tooFar = Math.abs(skewMs) > this.config.maxSkewMs;
    if (tooFar) this.log.warn(`the police 视图库's clock is ${Math.round(skewMs / 1000)} s off ours; read times will be off by as much`);
    await this.link.update({ clockSkewMs: skewMs, ...(tooFar ? { lastError: `clock skew ${Math.round(skewMs / 1000)} s`, lastErrorAt: now } : {}) }, now);
  }
}
