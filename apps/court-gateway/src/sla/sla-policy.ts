import { HitSource } from '@app/contracts';
import { Inject, Injectable } from '@nestjs/common';
import { AlertPriority, atRiskAt, deadlinesFrom, parseSlaTargets, SlaAtRisk, SlaDeadlines, SlaMinutes, SlaTarget } from '../alerts/domain/sla';
import { CourtGatewayEnv } from '../config/court-gateway.env';

export { AlertPriority, parseSlaTargets };
export type { SlaAtRisk, SlaDeadlines, SlaMinutes, SlaTarget };

/** Response-time targets: the one place that turns an alert's opening and priority into its deadlines. */
@Injectable()
export class SlaPolicy {
  private readonly targets: Record<AlertPriority, SlaMinutes>;

  constructor(@Inject(CourtGatewayEnv) private readonly env: CourtGatewayEnv) {
    const normal = { ack: env.SLA_ACK_MINUTES, onScene: env.SLA_ON_SCENE_MINUTES, resolve: env.SLA_RESOLVE_MINUTES };
    const overrides = parseSlaTargets(env.SLA_TARGETS);
    // Green channel: faster than normal by default; inspection hits leave the car parked for a while.
    const defaults: Record<AlertPriority, SlaMinutes> = {
      [AlertPriority.Livelihood]: { ack: Math.min(3, normal.ack), onScene: Math.min(20, normal.onScene), resolve: normal.resolve },
      [AlertPriority.Inspection]: { ack: normal.ack * 2, onScene: normal.onScene * 2, resolve: normal.resolve },
      [AlertPriority.Normal]: normal,
    };
    this.targets = Object.fromEntries(
      Object.values(AlertPriority).map((p) => [p, { ...defaults[p], ...overrides[p] }]),
    ) as Record<AlertPriority, SlaMinutes>;
  }

  /** Share of each target's time after which it is at risk (SLA_AT_RISK_SHARE). */
  get atRiskShare(): number {
    return this.env.SLA_AT_RISK_SHARE;
  }

  minutesFor(priority: AlertPriority): SlaMinutes {
    return this.targets[priority];
  }

  deadlines(openedAt: Date, priority: AlertPriority = AlertPriority.Normal): SlaDeadlines {
    return deadlinesFrom(openedAt, this.targets[priority]);
  }

  /** When each target turns "at risk": the configured share of the way from opening to the deadline. */
  atRisk(openedAt: Date, deadlines: SlaDeadlines): SlaAtRisk {
    const share = this.env.SLA_AT_RISK_SHARE;
    const at = (due: Date) => atRiskAt(openedAt, due, share);
    return { ackAtRiskAt: at(deadlines.ackDueAt), onSceneAtRiskAt: at(deadlines.onSceneDueAt), resolveAtRiskAt: at(deadlines.resolveDueAt) };
  }

  /** Livelihood seals first (green channel), then inspection hits, then everything else. */
  priorityOf(seal: { livelihood: boolean }, source: HitSource = HitSource.Checkpoint): AlertPriority {
    if (seal.livelihood) return AlertPriority.Livelihood;
    return source === HitSource.Inspection ? AlertPriority.Inspection : AlertPriority.Normal;
  }
}
