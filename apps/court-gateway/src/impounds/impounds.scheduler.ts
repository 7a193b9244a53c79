import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import * as cron from 'node-cron';
import { CourtGatewayEnv } from '../config/court-gateway.env';
import { ImpoundsService } from './impounds.service';

/** Raises custody fee warnings every hour (fees grow by the day); tests call ImpoundsService.raiseFeeWarnings on the manual clock. */
@Injectable()
export class ImpoundsScheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly log = new Logger(ImpoundsScheduler.name);
  private task: cron.ScheduledTask | null = null;

  constructor(
    private readonly impounds: ImpoundsService,
    @Inject(CourtGatewayEnv) private readonly env: CourtGatewayEnv,
  ) {}

  onApplicationBootstrap(): void {
    this.task = cron.schedule('17 * * * *', () => void this.run(), { timezone: this.env.COURT_TIMEZONE, noOverlap: true });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.task?.stop();
  }

  private async run(): Promise<void> {
    try {
      await this.impounds.raiseFeeWarnings();
    } catch (error) {
      this.log.error(`custody fee warnings failed: ${(error as Error).message}`);
    }
  }
}
