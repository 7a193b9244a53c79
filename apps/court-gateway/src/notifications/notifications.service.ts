import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { maskPlate } from '@app/contracts';
import { Clock } from '@app/platform';
import { DataSource, EntityManager } from 'typeorm';
import { Alert, AlertNotification, NotificationStatus, TimelineEntry, TimelineKind } from '../alerts/alert.entity';
import { AlertState } from '../alerts/alert-lifecycle';
import { CourtGatewayEnv } from '../config/court-gateway.env';
import { Officer } from '../roster/team.entity';
import { AlertEventsBus } from './alert-events.bus';
import { NotificationChannel } from './notification.channel';

export const DESK_CHANNEL = 'sse';
const MAX_BACKOFF_SECONDS = 3600;

/**
 * Pages people about alerts. Rows are written in the transaction of the change that causes
 * them and delivered afterwards by `deliverDue`, so a crash between the two loses nothing and
 * a failed delivery is retried with exponential backoff.
 */
@Injectable()
export class NotificationsService {
  private readonly log = new Logger(NotificationsService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(CourtGatewayEnv) private readonly env: CourtGatewayEnv,
    private readonly channel: NotificationChannel,
    private readonly bus: AlertEventsBus,
    private readonly clock: Clock,
  ) {}

  /** Delivers what is due now without waiting for the scheduler; errors only logged (rows stay pending). */
  kick(): void {
    if (!this.channel.enabled) return;
    void this.deliverDue(this.clock.now()).catch((error) => this.log.warn(`notification delivery failed: ${error}`));
  }

  /** Records the page: the desk stream always, plus the outbound channel for each officer. */
  async page(manager: EntityManager, alert: Alert, plate: string, officers: Officer[], reason: string, now: Date): Promise<void> {
    const repo = manager.getRepository(AlertNotification);
    const payload = { plate: maskPlate(plate), priority: alert.priority, teamId: alert.teamId, lastCameraId: alert.lastCameraId, openedAt: alert.openedAt.toISOString() };
    await repo.insert({ alertId: alert.id, createdAt: now, channel: DESK_CHANNEL, recipient: 'dispatch-desk', officerId: null, reason, payload: payload as never, status: NotificationStatus.Delivered, attempts: 1, nextAttemptAt: null, deliveredAt: now });
    if (!this.channel.enabled) return;
    for (const officer of officers) {
      await repo.insert({
        alertId: alert.id,
        createdAt: now,
        channel: this.channel.name,
        // The phone goes to the gateway in the payload, not into the alert's record that every reader sees.
        recipient: `${officer.name} (${officer.badge})`,
        officerId: officer.id,
        reason,
        payload: { ...payload, phone: officer.phone ?? undefined } as never,
        status: NotificationStatus.Pending,
        attempts: 0,
        nextAttemptAt: now,
      });
    }
  }

  /**
   * Delivers pending notifications that are due. Rows are claimed FOR UPDATE SKIP LOCKED, so
   * several instances share the work and none sends a row twice.
   */
  async deliverDue(now: Date, batch = 20): Promise<number> {
    let delivered = 0;
    await this.dataSource.transaction(async (manager) => {
      const due: AlertNotification[] = await manager
        .getRepository(AlertNotification)
        .createQueryBuilder('n')
        .where('n.status = :status AND n.next_attempt_at <= :now', { status: NotificationStatus.Pending, now })
        .orderBy('n.next_attempt_at', 'ASC')
        .limit(batch)
        .setLock('pessimistic_write')
        .setOnLocked('skip_locked')
        .getMany();
      for (const n of due) {
        n.attempts += 1;
        try {
          await this.channel.deliver({ id: n.id, alertId: n.alertId, recipient: n.recipient, officerId: n.officerId, reason: n.reason, payload: n.payload }, now);
          n.status = NotificationStatus.Delivered;
          n.deliveredAt = now;
          n.nextAttemptAt = null;
          n.lastError = null;
          delivered += 1;
          await this.markNotified(manager, n, now);
        } catch (error) {
          n.lastError = String((error as Error).message ?? error).slice(0, 500);
          if (n.attempts >= this.env.NOTIFY_MAX_ATTEMPTS) {
            n.status = NotificationStatus.Failed;
            n.nextAttemptAt = null;
            this.log.warn(`notification ${n.id} for alert ${n.alertId} failed for good after ${n.attempts} attempts: ${n.lastError}`);
          } else {
            const backoff = Math.min(this.env.NOTIFY_BACKOFF_SECONDS * 2 ** (n.attempts - 1), MAX_BACKOFF_SECONDS);
            n.nextAttemptAt = new Date(now.getTime() + backoff * 1000);
          }
        }
        await manager.getRepository(AlertNotification).save(n);
      }
    });
    return delivered;
  }

  /** The first page that reaches someone moves an open alert to notified. */
  private async markNotified(manager: EntityManager, n: AlertNotification, now: Date): Promise<void> {
    const rows: { id: string }[] = await manager.query(
      `UPDATE court.alerts SET state = $2, updated_at = $3 WHERE id = $1 AND state = $4 RETURNING id`,
      [n.alertId, AlertState.Notified, now, AlertState.Open],
    );
    const updated = Array.isArray(rows[0]) ? (rows[0] as unknown as { id: string }[]) : rows;
    if (updated.length === 0) return;
    await manager.getRepository(TimelineEntry).insert({ alertId: n.alertId, at: now, kind: TimelineKind.Notified, actor: 'system', details: { channel: n.channel, recipient: n.recipient } as never });
    await this.bus.announce(manager, n.alertId);
  }
}
