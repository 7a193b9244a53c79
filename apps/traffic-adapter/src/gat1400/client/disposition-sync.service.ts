import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { createEnvelope, DispositionState, DispositionStateChangedPayload, EventType, maskPlate } from '@app/contracts';
import { Clock, EventOutbox, Scheduler, Transactions } from '@app/platform';
import { TRAFFIC_PRODUCER } from '../../config/traffic-adapter.env';
import { WatchlistMetrics } from '../../watchlist/watchlist.metrics';
import { Gat1400Settings } from '../gat1400.settings';
import { DispositionContext, dispositionObject, revocationObject, viidObjectId } from '../mapping/disposition.mapping';
import { field, isObject, listItems } from '../viid/viid-json';
import { ReadStatus, ViidStatusCode } from '../viid/viid-status';
import { DispositionsRepository, StaleDisposition, StoredDisposition, WatchedForDisposition } from './dispositions.repository';
import { PlatformSession, PlatformWorker } from './platform-session.service';
import { ViidAnswer, ViidUnreachableError } from './viid-http.client';

/** 布控 sent in one request. */
const SEND_BATCH = 50;
/** A seal whose term has no end on this side gets the longest term a seal can have. */
const MAX_TERM_MS = 2 * 366 * 86_400_000;
const RETRY_MIN_MS = 30_000;
const RETRY_MAX_MS = 3_600_000;

/**
 * Disposition mode (布控, the default): one 布控 on the police 视图库 per active seal. Each pass
 * compares the watchlist with what was sent: creates the missing, withdraws (撤控) those of
 * released and lapsed seals, moves EndTime on renewal, retries what the platform refused or did
 * not answer. A pass runs when the watchlist changed and every GAT1400_SYNC_SECONDS; the
 * platform's own list is compared on start-up and on GAT1400_RECONCILE_CRON. Every state the
 * court sees goes to it as DispositionStateChanged through the outbox.
 */
@Injectable()
export class DispositionSync implements PlatformWorker, OnModuleInit {
  private readonly log = new Logger('Gat1400Dispositions');
  private readonly ctx: DispositionContext;
  private readonly platformId: string;
  private lastPassMs = -Infinity;
  private lastVersion: bigint | null = null;
  private platformCheckDue = true;
  private platformListUnsupported = false;

  constructor(
    private readonly settings: Gat1400Settings,
    private readonly session: PlatformSession,
    private readonly dispositions: DispositionsRepository,
    private readonly watchlist: WatchlistMetrics,
    private readonly outbox: EventOutbox,
    private readonly tx: Transactions,
    private readonly clock: Clock,
    private readonly scheduler: Scheduler,
  ) {
    const client = settings.client!;
    this.platformId = client.platformId;
    this.ctx = { env: settings.env, tables: settings.tables, offsetMinutes: settings.offsetMinutes, receiveAddr: `${client.receiveUrl}/VIID/DispositionNotifications` };
  }

  onModuleInit(): void {
    this.session.addWorker(this);
    this.scheduler.register({ name: 'gat1400-reconcile', cron: this.settings.env.GAT1400_RECONCILE_CRON, run: async () => this.requestFullComparison() });
  }

  /** The next tick compares the platform's list with ours as well as the watchlist (the schedule's job; start-up does it too). */
  requestFullComparison(): void {
    this.platformCheckDue = true;
    this.lastPassMs = -Infinity;
  }

  async tick(now: Date): Promise<void> {
    const version = this.watchlist.indexVersion;
    const changed = version !== this.lastVersion;
    if (!changed && !this.platformCheckDue && now.getTime() - this.lastPassMs < this.settings.env.GAT1400_SYNC_SECONDS * 1000) return;
    this.lastVersion = version;
    this.lastPassMs = now.getTime();
    if (this.platformCheckDue) {
      this.platformCheckDue = false;
      await this.compareWithPlatform(now);
    }
    await this.pass(now);
  }

  /** One comparison of the watchlist with the 布控 sent, acting on every difference. */
  async pass(now: Date): Promise<void> {
    for (const stale of await this.dispositions.stale(now)) {
      if (!this.session.isRegistered) return;
      await this.revoke(stale, now);
    }
    const missing = await this.dispositions.missing(now);
    for (let i = 0; i < missing.length && this.session.isRegistered; i += SEND_BATCH) {
      const targets = await Promise.all(missing.slice(i, i + SEND_BATCH).map(async (w) => this.newTarget(w, now)));
      for (const t of targets) await this.record({ ...t, state: DispositionState.Requested }, now, true);
      await this.send('POST', targets, now);
    }
    const retry = await this.dispositions.dueForRetry(now);
    for (let i = 0; i < retry.length && this.session.isRegistered; i += SEND_BATCH) {
      await this.send('POST', retry.slice(i, i + SEND_BATCH).map((d) => ({ ...d, endAt: this.termEnd(d, now) })), now);
    }
    const renewed = await this.dispositions.renewed(now);
    for (let i = 0; i < renewed.length && this.session.isRegistered; i += SEND_BATCH) {
      await this.send('PUT', renewed.slice(i, i + SEND_BATCH).map((d) => ({ ...d, endAt: d.expiresAt })), now);
    }
  }

  private async newTarget(w: WatchedForDisposition, now: Date): Promise<StoredDisposition & WatchedForDisposition> {
    return {
      ...w,
      dispositionId: viidObjectId(this.settings.client!.deviceId, '03', now, await this.dispositions.nextSerial(), this.settings.offsetMinutes),
      state: DispositionState.Requested,
      beginAt: now,
      endAt: this.termEnd(w, now),
      statusCode: null,
      statusString: null,
      attempts: 0,
      nextAttemptAt: null,
    };
  }

  private termEnd(w: { expiresAt: Date | null }, now: Date): Date {
    return w.expiresAt ?? new Date(now.getTime() + MAX_TERM_MS);
  }

  /**
   * POST (create) or PUT (modify: a renewed term) a batch; each 布控's answer moves its state.
   * No answer leaves them as they are, to be sent again after a backoff.
   */
  private async send(method: 'POST' | 'PUT', batch: (StoredDisposition & Partial<WatchedForDisposition>)[], now: Date): Promise<void> {
    if (batch.length === 0) return;
    const body = {
      DispositionListObject: {
        DispositionObject: batch.map((d) =>
          dispositionObject({ dispositionId: d.dispositionId, plate: d.plate, plateColor: d.plateColor ?? null, livelihood: d.livelihood ?? false, beginAt: d.beginAt, endAt: d.endAt }, this.ctx),
        ),
      },
    };
    let answer: ViidAnswer;
    try {
      answer = await this.session.http.send(method, '/VIID/Dispositions', body);
    } catch (error) {
      if (!(error instanceof ViidUnreachableError)) throw error;
      this.log.warn(`${batch.length} 布控 not sent (${error.message}); sending again later`);
      for (const d of batch) await this.record({ ...d, attempts: d.attempts + 1, nextAttemptAt: this.backoff(d.attempts + 1, now) }, now, false);
      return;
    }
    if (PlatformSession.saysUnregistered(answer)) return this.session.registrationLost(`${method} /VIID/Dispositions answered ${answer.httpStatus}`);
    const statuses = answer.statuses ?? [];
    for (const [index, d] of batch.entries()) {
      const status = statusFor(statuses, d.dispositionId, index, batch.length) ?? { code: answer.httpStatus === 200 ? ViidStatusCode.Ok : ViidStatusCode.OtherError, text: `HTTP ${answer.httpStatus} without a status`, id: d.dispositionId };
      if (status.code === ViidStatusCode.Ok) {
        await this.record({ ...d, state: DispositionState.Confirmed, statusCode: 0, statusString: status.text || null, attempts: 0, nextAttemptAt: null }, now, true);
        this.log.log(`布控 ${d.dispositionId} ${method === 'PUT' ? 'renewed' : 'confirmed'} for ${maskPlate(d.plate)} until ${d.endAt.toISOString()}`);
      } else {
        const attempts = d.attempts + 1;
        const changed = d.state !== DispositionState.Failed || d.statusCode !== status.code || d.statusString !== status.text;
        await this.record({ ...d, state: DispositionState.Failed, statusCode: status.code, statusString: status.text.slice(0, 500), attempts, nextAttemptAt: this.backoff(attempts, now) }, now, changed);
        this.log.warn(`布控 ${d.dispositionId} for ${maskPlate(d.plate)} refused: StatusCode ${status.code} ${status.text}`);
      }
    }
  }

  /** 撤控: PUT /VIID/Dispositions/{id}. A 布控 the platform never confirmed, or no longer knows, is revoked on our side too. */
  private async revoke(d: StaleDisposition, now: Date): Promise<void> {
    const reason = d.watchStatus === 'released' ? '案件解封，撤销布控' : d.watchStatus === 'expired' ? '查封期满，撤销布控' : '查封已撤销，撤销布控';
    await this.record({ ...d, state: 'revoking', revokeReason: reason }, now, false);
    let answer: ViidAnswer;
    try {
      answer = await this.session.http.send('PUT', `/VIID/Dispositions/${d.dispositionId}`, revocationObject(d.dispositionId, reason, now, this.ctx));
    } catch (error) {
      if (!(error instanceof ViidUnreachableError)) throw error;
      await this.record({ ...d, state: 'revoking', attempts: d.attempts + 1, nextAttemptAt: this.backoff(d.attempts + 1, now) }, now, false);
      return;
    }
    if (answer.httpStatus === 401) return this.session.registrationLost(`PUT /VIID/Dispositions/${d.dispositionId} answered 401`);
    const status = answer.statuses?.[0];
    const ok = answer.httpStatus === 200 && (!status || status.code === ViidStatusCode.Ok);
    // "Not found" (StatusCode 4, or 404) means it is not on the platform: withdrawn all the same.
    const unknownThere = answer.httpStatus === 404 || status?.code === ViidStatusCode.InvalidOperation;
    if (ok || unknownThere || d.state !== DispositionState.Confirmed) {
      await this.record(
        { ...d, state: DispositionState.Revoked, statusCode: status?.code ?? null, statusString: status?.text || null, attempts: 0, nextAttemptAt: null, revokeReason: reason },
        now, true,
      );
      this.log.log(`撤控 ${d.dispositionId} (${maskPlate(d.plate)}): ${reason}`);
      return;
    }
    await this.record({ ...d, state: 'revoking', statusCode: status?.code ?? null, statusString: status?.text ?? `HTTP ${answer.httpStatus}`, attempts: d.attempts + 1, nextAttemptAt: this.backoff(d.attempts + 1, now) }, now, false);
    this.log.warn(`撤控 ${d.dispositionId} refused (${status ? `StatusCode ${status.code} ${status.text}` : `HTTP ${answer.httpStatus}`}); trying again later`);
  }

  /**
   * The platform's list of our 布控 against ours: one it holds that we do not (a seal released
   * while we could not reach it) is withdrawn; one we hold that it lost is sent again. Platforms
   * that cannot list dispositions are left to the watchlist comparison alone.
   */
  private async compareWithPlatform(now: Date): Promise<void> {
    if (this.platformListUnsupported) return;
    let answer: ViidAnswer;
    try {
      answer = await this.session.http.send('GET', '/VIID/Dispositions');
    } catch (error) {
      if (error instanceof ViidUnreachableError) return;
      throw error;
    }
    const items = answer.httpStatus === 200 ? listItems(answer.body, 'DispositionListObject', 'DispositionObject') : null;
    if (!items) {
      this.platformListUnsupported = answer.httpStatus === 404 || answer.httpStatus === 405 || answer.httpStatus === 501;
      this.log.warn(`the platform did not list its dispositions (HTTP ${answer.httpStatus}); comparing with the watchlist only`);
      return;
    }
    const ownPrefix = this.settings.client!.deviceId;
    const theirs = new Map<string, Record<string, unknown>>();
    for (const item of items) {
      if (!isObject(item)) continue;
      const id = String(field(item, 'DispositionID') ?? '');
      const operate = String(field(item, 'OperateType') ?? '0');
      const status = String(field(item, 'DispositionStatus') ?? '0');
      if (id.startsWith(ownPrefix) && operate !== '1' && status === '0') theirs.set(id, item);
    }
    const ours = await this.dispositions.live();
    const ourIds = new Set(ours.map((d) => d.dispositionId));
    for (const d of ours) {
      if (d.state === DispositionState.Confirmed && !theirs.has(d.dispositionId)) {
        this.log.warn(`the platform no longer holds 布控 ${d.dispositionId}; sending it again`);
        await this.record({ ...d, state: DispositionState.Requested, attempts: 0, nextAttemptAt: null }, now, true);
      }
    }
    for (const [id] of theirs) {
      if (ourIds.has(id)) continue;
      const known = await this.dispositions.findByDispositionId(id);
      const reason = '查封已撤销，撤销布控';
      this.log.warn(`the platform holds 布控 ${id} of no active seal; withdrawing it`);
      const answerRevoke = await this.session.http.send('PUT', `/VIID/Dispositions/${id}`, revocationObject(id, reason, now, this.ctx)).catch(() => null);
      if (known && answerRevoke?.httpStatus === 200) await this.record({ ...known, state: DispositionState.Revoked, revokeReason: reason }, now, known.state !== DispositionState.Revoked);
    }
  }

  /**
   * Stores the 布控 of a seal and, when the state the court sees changed (`publish`), the
   * DispositionStateChanged telling it, in one transaction; `revoking` is ours alone.
   */
  private record(d: Parameters<DispositionsRepository['save']>[0], now: Date, publish: boolean): Promise<void> {
    return this.tx.run(async () => {
      await this.dispositions.save(d, now);
      if (!publish || d.state === 'revoking') return;
      const payload: DispositionStateChangedPayload = {
        seizureId: d.seizureId,
        dispositionId: d.dispositionId,
        state: d.state,
        statusCode: d.statusCode ?? undefined,
        statusString: d.statusString ?? undefined,
        endsAt: d.endAt.toISOString(),
        changedAt: now.toISOString(),
        platformId: this.platformId,
      };
      await this.outbox.append(createEnvelope(EventType.DispositionStateChanged, payload, { producer: TRAFFIC_PRODUCER, occurredAt: now }));
    });
  }

  private backoff(attempts: number, now: Date): Date {
    return new Date(now.getTime() + Math.min(RETRY_MAX_MS, RETRY_MIN_MS * 2 ** Math.min(attempts - 1, 10)));
  }
}

/** The status of `id` in a batch answer: by Id, else by position, else the one status of a one-status answer. */
function statusFor(statuses: ReadStatus[], id: string, index: number, count: number): ReadStatus | undefined {
  return statuses.find((s) => s.id === id) ?? (statuses.length === count ? statuses[index] : statuses.length === 1 ? statuses[0] : undefined);
}
