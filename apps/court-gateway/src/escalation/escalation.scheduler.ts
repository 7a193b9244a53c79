import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { Clock } from '@app/platform';
import { schedule, ScheduledTask } from 'node-cron';
import { CourtGatewayEnv } from '../config/court-gateway.env';
import { NotificationsService } from '../notifications/notifications.service';
import { EscalationService } from './escalation.service';

/**
 * node-cron drives the on-call work; each run reads "now" from the Clock once. Running on every
 * instance is safe: the services claim their rows (see EscalationService).
 */
@Injectable()
export class EscalationScheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly log = new Logger(EscalationScheduler.name);
  private task: ScheduledTask | null = null;

  constructor(
    @Inject(CourtGatewayEnv) private readonly env: CourtGatewayEnv,
    private readonly escalations: EscalationService,
    private readonly notifications: NotificationsService,
    private readonly clock: Clock,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.env.SCHEDULER_ENABLED) return;
    this.task = schedule(this.env.SCHEDULER_CRON, () => this.tick(), { noOverlap: true, name: 'court-oncall' });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.task?.destroy();
  }

  /** One pass: escalations, SLA watch, pending notifications. */
  async tick(now: Date = this.clock.now()): Promise<void> {
    try {
      await this.escalations.runDueEscalations(now);
      await this.escalations.runSlaChecks(now);
      await this.notifications.deliverDue(now);
    } catch (error) {
      this.log.error(`on-call pass failed: ${(error as Error).stack ?? error}`);
    }
  }
}
