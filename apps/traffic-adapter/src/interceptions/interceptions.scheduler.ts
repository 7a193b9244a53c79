import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { Clock, CRON_OFF, Scheduler } from '@app/platform';
import { TrafficAdapterEnv } from '../config/traffic-adapter.env';
import { InterceptionsService } from './interceptions.service';

/** Retries undelivered interception requests, a job of the app's Scheduler (safe on several instances). */
@Injectable()
export class InterceptionsScheduler implements OnModuleInit {
  constructor(
    @Inject(TrafficAdapterEnv) private readonly env: TrafficAdapterEnv,
    private readonly interceptions: InterceptionsService,
    private readonly clock: Clock,
    private readonly scheduler: Scheduler,
  ) {}

  onModuleInit(): void {
    // Without a traffic webhook there is nowhere to deliver to.
    const cron = this.env.TRAFFIC_WEBHOOK_URL ? this.env.INTERCEPT_DELIVERY_CRON : CRON_OFF;
    this.scheduler.register({ name: 'interception-delivery', cron, run: () => this.interceptions.deliverDue(this.clock.now()) });
  }
}
