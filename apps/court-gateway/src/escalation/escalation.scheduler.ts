import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { Clock, Scheduler } from '@app/platform';
import { CourtGatewayEnv } from '../config/court-gateway.env';
import { NotificationsService } from '../notifications/notifications.service';
import { EscalationService } from './escalation.service';

/**
 * The on-call pass, a job of the app's Scheduler (SCHEDULER_CRON); each run reads "now" from the Clock once. Running on every
 * instance is safe: the services claim their rows (see EscalationService).
 */
@Injectable()
export class EscalationScheduler implements OnModuleInit {
  private readonly log = new Logger(EscalationScheduler.name);

  constructor(
    @Inject(CourtGatewayEnv) private readonly env: CourtGatewayEnv,
    private readonly escalations: EscalationService,
    private readonly notifications: NotificationsService,
    private readonly clock: Clock,
    private readonly scheduler: Scheduler,
  ) {}

  onModuleInit(): void {
    this.scheduler.register({ name: 'oncall', cron: this.env.SCHEDULER_CRON, run: () => this.tick() });
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
