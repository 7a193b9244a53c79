import { Inject, Injectable, Logger } from '@nestjs/common';
import { maskPlate } from '@app/contracts';
import { Clock, deliverLeased, LeasedDeliveryOptions, SingleFlight, Transactions } from '@app/platform';
import { CourtGatewayEnv } from '../config/court-gateway.env';
import { Officer } from '../roster/team.entity';
import { NOTIFICATION_CHANNELS, NotificationChannel, PermanentDeliveryError } from './notification.channel';
import { AlertNotification, NotificationStatus } from './notification.entity';
import { NotificationRepository } from './notification.repository';

export const DESK_CHANNEL = 'sse';
const MAX_BACKOFF_SECONDS = 3600;
/**
 * A send gets 30 s (web-push and the webhook give up after 10 s, but a DNS lookup that hangs
 * is outside their timeouts); a claim keeps other passes away for longer than a pass of
 * 20 rows, 4 at a time, can take.
 */
const DELIVERY: LeasedDeliveryOptions = { sendDeadlineMs: 30_000, sendsAtOnce: 4, leaseMs: 180_000 };

/** What a page says about its alert. */
export interface PageSubject {
  id: string;
  priority: string;
  teamId: string;
  lastCameraId: string;
  openedAt: Date;
}

/** One page to record: about which alert, the seal's plate (masked in the payload), whom, why. */
export interface PageRequest {
  alert: PageSubject;
  plate: string;
  officers: Officer[];
  reason: string;
}

/** Told, in the delivering transaction, when a page reached someone. */
export type DeliveryListener = (delivered: { alertId: string; channel: string; recipient: string }, now: Date) => Promise<void>;

/**
 * Pages people about alerts. Rows are written in the transaction of the change that causes
 * them and delivered afterwards by `deliverDue`, so a crash between the two loses nothing and
 * a failed delivery is retried with exponential backoff.
 */
@Injectable()
export class NotificationsService {
  private readonly log = new Logger(NotificationsService.name);
  private readonly listeners: DeliveryListener[] = [];
  private readonly kicked = new SingleFlight(
    () => this.deliverDue(this.clock.now()),
    (error) => this.log.warn(`notification delivery failed: ${error}`),
  );

  constructor(
    @Inject(CourtGatewayEnv) private readonly env: CourtGatewayEnv,
    @Inject(NOTIFICATION_CHANNELS) private readonly channels: NotificationChannel[],
    private readonly notifications: NotificationRepository,
    private readonly tx: Transactions,
    private readonly clock: Clock,
  ) {}

  /** The alerts module moves an alert to notified from here; kept as a listener so notifications need not know alerts. */
  onDelivered(listener: DeliveryListener): void {
    this.listeners.push(listener);
  }

  /** Delivers what is due now without waiting for the scheduler; one pass at a time (a kick during a pass asks for one more); errors only logged (rows stay pending). */
  kick(): void {
    if (this.outbound.length) this.kicked.kick();
  }

  /** Resolves when no kicked delivery pass is running (tests, shutdown). */
  idle(): Promise<void> {
    return this.kicked.idle();
  }

  /** The channels configured here, in order of preference. */
  private get outbound(): NotificationChannel[] {
    return this.channels.filter((c) => c.enabled);
  }

  /**
   * Records pages (in the current transaction): the desk stream always, plus for each officer the
   * first outbound channel that reaches them (push to an enabled phone, else the SMS webhook).
   */
  async page(requests: PageRequest | PageRequest[], now: Date): Promise<void> {
    const list = Array.isArray(requests) ? requests : [requests];
    const channelOf = await this.channelsFor([...new Set(list.flatMap((r) => r.officers.map((o) => o.id)))]);
    const rows: Omit<AlertNotification, 'id'>[] = [];
    for (const { alert, plate, officers, reason } of list) {
      const payload = { plate: maskPlate(plate), priority: alert.priority, teamId: alert.teamId, lastCameraId: alert.lastCameraId, openedAt: alert.openedAt.toISOString() };
      rows.push({
        alertId: alert.id, createdAt: now, channel: DESK_CHANNEL, recipient: 'dispatch-desk', officerId: null, reason, payload,
        status: NotificationStatus.Delivered, attempts: 1, nextAttemptAt: null, lastError: null, deliveredAt: now,
      });
      for (const officer of officers) {
        const channel = channelOf.get(officer.id);
        if (!channel) continue;
        // The phone goes to the gateway in the payload, not into the alert's record that every reader sees.
        rows.push(pendingRow(alert.id, channel.name, officer, reason, { ...payload, phone: officer.phone ?? undefined }, now));
      }
    }
    await this.notifications.insert(rows);
  }

  /** Each officer's first enabled channel that reaches them. */
  private async channelsFor(officerIds: string[]): Promise<Map<string, NotificationChannel>> {
    const chosen = new Map<string, NotificationChannel>();
    for (const channel of this.outbound) {
      const left = officerIds.filter((id) => !chosen.has(id));
      if (!left.length) break;
      for (const id of await channel.reachable(left)) chosen.set(id, channel);
    }
    return chosen;
  }

  /**
   * Delivers pending notifications that are due, holding no database connection while a push
   * service or the SMS gateway is slow to answer (deliverLeased). Rows are claimed FOR UPDATE
   * SKIP LOCKED and leased, so several instances share the work and none sends a row twice at
   * once; an instance that dies mid-send leaves the row to be sent again when its lease ends.
   */
  async deliverDue(now: Date, batch = 20): Promise<number> {
    return deliverLeased(this.tx, this.log, now, DELIVERY, {
      claim: (leaseUntil) => this.notifications.claimDue(now, batch, leaseUntil),
      send: async (n) => {
        const channel = this.outbound.find((c) => c.name === n.channel);
        if (!channel) throw new PermanentDeliveryError(`channel ${n.channel} is not configured`);
        await channel.deliver({ id: n.id, alertId: n.alertId, recipient: n.recipient, officerId: n.officerId, reason: n.reason, payload: n.payload }, now);
      },
      record: (n, error) => this.record(n, error, now),
      describe: (n) => `notification ${n.id} (${n.channel}) for alert ${n.alertId}`,
    });
  }

  private async record(n: AlertNotification, error: Error | null, now: Date): Promise<boolean> {
    if (!error) {
      n.status = NotificationStatus.Delivered;
      n.deliveredAt = now;
      n.nextAttemptAt = null;
      n.lastError = null;
      if (!(await this.notifications.recordAttempt(n))) return false;
      for (const listener of this.listeners) await listener({ alertId: n.alertId, channel: n.channel, recipient: n.recipient }, now);
      return true;
    }
    n.lastError = String(error.message ?? error).slice(0, 500);
    if (error instanceof PermanentDeliveryError || n.attempts >= this.env.NOTIFY_MAX_ATTEMPTS) {
      n.status = NotificationStatus.Failed;
      n.nextAttemptAt = null;
      if (!(await this.notifications.recordAttempt(n))) return false;
      this.log.warn(`notification ${n.id} for alert ${n.alertId} failed for good after ${n.attempts} attempts: ${n.lastError}`);
      await this.fallBack(n, now);
      return true;
    }
    const backoff = Math.min(this.env.NOTIFY_BACKOFF_SECONDS * 2 ** (n.attempts - 1), MAX_BACKOFF_SECONDS);
    n.nextAttemptAt = new Date(now.getTime() + backoff * 1000);
    return this.notifications.recordAttempt(n);
  }

  /** A page one channel gave up on goes to the next enabled channel (push → SMS webhook), at once. */
  private async fallBack(n: AlertNotification, now: Date): Promise<void> {
    const outbound = this.outbound;
    const next = outbound.slice(outbound.findIndex((c) => c.name === n.channel) + 1)[0];
    if (!next || !n.officerId) return;
    await this.notifications.insert([
      { ...pendingRow(n.alertId, next.name, null, n.reason, n.payload, now), recipient: n.recipient, officerId: n.officerId, reason: `${n.reason} (${n.channel} failed: ${n.lastError})`.slice(0, 500) },
    ]);
    this.tx.afterCommit(() => this.kick());
  }

  forAlert(alertId: string): Promise<AlertNotification[]> {
    return this.notifications.forAlert(alertId);
  }
}

function pendingRow(alertId: string, channel: string, officer: Officer | null, reason: string, payload: Record<string, unknown>, now: Date): Omit<AlertNotification, 'id'> {
  return {
    alertId, createdAt: now, channel, recipient: officer ? `${officer.name} (${officer.badge})` : '', officerId: officer?.id ?? null, reason, payload,
    status: NotificationStatus.Pending, attempts: 0, nextAttemptAt: now, lastError: null, deliveredAt: null,
  };
}
