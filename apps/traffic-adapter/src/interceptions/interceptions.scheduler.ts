import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { Clock } from '@app/platform';
import { schedule, ScheduledTask } from 'node-cron';
import { TrafficAdapterEnv } from '../config/traffic-adapter.env';
import { InterceptionsService } from './interceptions.service';

/** Retries undelivered interception requests (node-cron; safe on several instances). */
@Injectable()
export class InterceptionsScheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly log = new Logger(InterceptionsScheduler.name);
  private task: ScheduledTask | null = null;

  constructor(
    @Inject(TrafficAdapterEnv) private readonly env: TrafficAdapterEnv,
    private readonly interceptions: InterceptionsService,
    private readonly clock: Clock,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.env.TRAFFIC_WEBHOOK_URL) return;
    this.task = schedule(this.env.INTERCEPT_DELIVERY_CRON, () => this.interceptions.deliverDue(this.clock.now()).catch((e) => this.log.error(`${e}`)).then(() => undefined), {
      noOverlap: true,
      name: 'traffic-interceptions',
    });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.task?.destroy();
  }
}
