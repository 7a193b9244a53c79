import { Inject, Injectable } from '@nestjs/common';
import { CourtGatewayEnv } from '../config/court-gateway.env';

export enum AlertPriority {
  /** 涉民生 seals and other green-channel cases. */
  Livelihood = 'livelihood',
  Normal = 'normal',
}

export interface SlaDeadlines {
  ackDueAt: Date;
  onSceneDueAt: Date;
  resolveDueAt: Date;
}

const MINUTE = 60_000;

/** Response-time targets: the one place that turns an alert's opening into its deadlines. */
@Injectable()
export class SlaPolicy {
  constructor(@Inject(CourtGatewayEnv) private readonly env: CourtGatewayEnv) {}

  deadlines(openedAt: Date): SlaDeadlines {
    const at = (minutes: number) => new Date(openedAt.getTime() + minutes * MINUTE);
    return {
      ackDueAt: at(this.env.SLA_ACK_MINUTES),
      onSceneDueAt: at(this.env.SLA_ON_SCENE_MINUTES),
      resolveDueAt: at(this.env.SLA_RESOLVE_MINUTES),
    };
  }

  priorityOf(seal: { livelihood: boolean }): AlertPriority {
    return seal.livelihood ? AlertPriority.Livelihood : AlertPriority.Normal;
  }

  /** Whole seconds from `from` to `to`: SLA figures are reported to the second. */
  static seconds(from: Date, to: Date): number {
    return Math.round((to.getTime() - from.getTime()) / 1000);
  }
}
