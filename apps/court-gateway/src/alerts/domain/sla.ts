/**
 * The SLA rules every reader of an alert's response times shares: which timestamp each target is
 * measured against and how elapsed time is counted. The desk (through AlertView.sla.targets),
 * the escalation and SLA watch, the breach records and the leadership reports all take them
 * from here, so they cannot disagree on the same breach.
 */

export enum AlertPriority {
  /** 涉民生 seals and other green-channel cases. */
  Livelihood = 'livelihood',
  /** The car is at an annual-inspection station: a known place, a slower but sure catch. */
  Inspection = 'inspection',
  Normal = 'normal',
}

export type SlaTarget = 'ack' | 'on_scene' | 'resolve';

/** The fields of an alert one target reads: when it falls due, when it was met, the figure kept. */
export interface SlaTargetFields {
  due: 'ackDueAt' | 'onSceneDueAt' | 'resolveDueAt';
  met: 'acknowledgedAt' | 'onSceneAt' | 'resolvedAt';
  atRisk: 'ackAtRiskAt' | 'onSceneAtRiskAt' | 'resolveAtRiskAt';
  seconds: 'ackSeconds' | 'onSceneSeconds' | 'resolveSeconds';
  /** The target's key in SLA_TARGETS (minutes per priority). */
  minutes: keyof SlaMinutes;
}

/** The one target → timestamp map. */
export const SLA_TARGET_FIELDS: Readonly<Record<SlaTarget, SlaTargetFields>> = {
  ack: { due: 'ackDueAt', met: 'acknowledgedAt', atRisk: 'ackAtRiskAt', seconds: 'ackSeconds', minutes: 'ack' },
  on_scene: { due: 'onSceneDueAt', met: 'onSceneAt', atRisk: 'onSceneAtRiskAt', seconds: 'onSceneSeconds', minutes: 'onScene' },
  resolve: { due: 'resolveDueAt', met: 'resolvedAt', atRisk: 'resolveAtRiskAt', seconds: 'resolveSeconds', minutes: 'resolve' },
};

export const SLA_TARGETS: readonly SlaTarget[] = ['ack', 'on_scene', 'resolve'];

export interface SlaMinutes {
  ack: number;
  onScene: number;
  resolve: number;
}

export interface SlaDeadlines {
  ackDueAt: Date;
  onSceneDueAt: Date;
  resolveDueAt: Date;
}

export interface SlaAtRisk {
  ackAtRiskAt: Date;
  onSceneAtRiskAt: Date;
  resolveAtRiskAt: Date;
}

const MINUTE = 60_000;

/**
 * The one rounding rule: elapsed time in whole seconds, counted down (a stopwatch shows 59 s
 * until the minute is full). Response times, lateness and the unacknowledged time of an
 * escalation are all this.
 */
export function slaSeconds(from: Date, to: Date): number {
  return Math.floor((to.getTime() - from.getTime()) / 1000);
}

/** The same rule in SQL, for figures PostgreSQL computes over many alerts (reports). */
export function slaSecondsSql(fromExpression: string, toExpression: string): string {
  return `floor(extract(epoch FROM (${toExpression}) - (${fromExpression})))::int`;
}

export function deadlinesFrom(openedAt: Date, minutes: SlaMinutes): SlaDeadlines {
  const at = (m: number) => new Date(openedAt.getTime() + m * MINUTE);
  return { ackDueAt: at(minutes.ack), onSceneDueAt: at(minutes.onScene), resolveDueAt: at(minutes.resolve) };
}

/** When a target turns "at risk": `share` of the way from opening to its deadline, to the millisecond. */
export function atRiskAt(openedAt: Date, dueAt: Date, share: number): Date {
  return new Date(openedAt.getTime() + Math.round((dueAt.getTime() - openedAt.getTime()) * share));
}

/** Parses SLA_TARGETS (minutes per priority and target); throws naming the bad entry. The environment's validation runs it, so a misconfigured deployment fails at start. */
export function parseSlaTargets(json: string | undefined): Partial<Record<AlertPriority, Partial<SlaMinutes>>> {
  if (!json) return {};
  const parsed: unknown = JSON.parse(json);
  if (typeof parsed !== 'object' || parsed === null) throw new Error('SLA_TARGETS must be a JSON object');
  for (const [priority, targets] of Object.entries(parsed)) {
    if (!Object.values(AlertPriority).includes(priority as AlertPriority)) throw new Error(`SLA_TARGETS: unknown priority ${priority}`);
    for (const [k, v] of Object.entries(targets as object)) {
      if (!['ack', 'onScene', 'resolve'].includes(k) || typeof v !== 'number' || v <= 0) throw new Error(`SLA_TARGETS.${priority}.${k} must be a positive number of minutes`);
    }
  }
  return parsed as Partial<Record<AlertPriority, Partial<SlaMinutes>>>;
}
