import { Injectable } from '@nestjs/common';
import { Metrics, SqlGaugeSpec } from '@app/platform';
import { Counter } from 'prom-client';
import { TRAFFIC_SCHEMA } from '../config/traffic-adapter.env';

/** Which door a GA/T 1400 record came in by. */
export type Gat1400Door = 'device' | 'subscription' | 'alarm';

/** Figures of the connector read from its tables at scrape time (shared by every instance). */
export const GAT1400_SQL_GAUGES: SqlGaugeSpec[] = [
  {
    name: 'gat1400_dispositions',
    help: 'GA/T 1400 dispositions (布控) by state: requested, confirmed, failed, revoking, revoked',
    labelNames: ['state'],
    sql: `SELECT state, count(*)::int AS value FROM ${TRAFFIC_SCHEMA}.gat1400_dispositions GROUP BY state`,
  },
  {
    name: 'gat1400_platform_registered',
    help: '1 while this deployment is registered with the police 视图库 (GAT1400_PLATFORM_URL), 0 otherwise',
    sql: `SELECT (state = 'registered')::int AS value FROM ${TRAFFIC_SCHEMA}.gat1400_link WHERE link = 'platform'`,
  },
  {
    name: 'gat1400_platform_last_keepalive_seconds',
    help: 'Seconds since the last keepalive the police 视图库 accepted',
    sql: `SELECT extract(epoch FROM now() - last_keepalive_at)::float AS value FROM ${TRAFFIC_SCHEMA}.gat1400_link WHERE link = 'platform' AND last_keepalive_at IS NOT NULL`,
  },
  {
    name: 'gat1400_platform_last_notification_seconds',
    help: 'Seconds since the last alarm or notification from the police 视图库',
    sql: `SELECT extract(epoch FROM now() - last_notification_at)::float AS value FROM ${TRAFFIC_SCHEMA}.gat1400_link WHERE link = 'platform' AND last_notification_at IS NOT NULL`,
  },
  {
    name: 'gat1400_platform_clock_skew_seconds',
    help: "The police 视图库's clock minus ours, from /VIID/System/Time",
    sql: `SELECT (clock_skew_ms / 1000.0)::float AS value FROM ${TRAFFIC_SCHEMA}.gat1400_link WHERE link = 'platform' AND clock_skew_ms IS NOT NULL`,
  },
  {
    name: 'gat1400_subscriptions',
    help: 'GA/T 1400 subscriptions by state',
    labelNames: ['state'],
    sql: `SELECT state, count(*)::int AS value FROM ${TRAFFIC_SCHEMA}.gat1400_subscriptions GROUP BY state`,
  },
  {
    name: 'gat1400_devices_registered',
    help: 'Lower devices and platforms registered with our 视图库 (not unregistered; lapsed ones included)',
    sql: `SELECT count(*)::int AS value FROM ${TRAFFIC_SCHEMA}.gat1400_device_sessions WHERE unregistered_at IS NULL`,
  },
];

/** This instance's counters of records taken and refused, by door and reason. */
@Injectable()
export class Gat1400Metrics {
  private readonly records: Counter<string>;
  private readonly refusals: Counter<string>;
  /** The same figures for the feed-health view (this instance since start). */
  readonly refusedByReason = new Map<string, number>();
  readonly takenByDoor = new Map<string, number>();

  constructor(metrics: Metrics) {
    this.records = metrics.counter('gat1400_records_total', 'GA/T 1400 pass records by door (device, subscription, alarm) and outcome (taken, no_plate, duplicate, refused, failed)', ['door', 'outcome']);
    this.refusals = metrics.counter('gat1400_refusals_total', 'GA/T 1400 records and requests refused, by door and reason (the field at fault, or unregistered, json_format, too_large, not_allowed)', ['door', 'reason']);
  }

  record(door: Gat1400Door | 'tollgate', outcome: 'taken' | 'no_plate' | 'duplicate' | 'refused' | 'failed', n = 1): void {
    if (n === 0) return;
    this.records.inc({ door, outcome }, n);
    if (outcome === 'taken' || outcome === 'no_plate') this.takenByDoor.set(door, (this.takenByDoor.get(door) ?? 0) + n);
  }

  refused(door: Gat1400Door | 'tollgate' | 'session' | 'notification', reason: string): void {
    this.refusals.inc({ door, reason });
    const key = `${door}:${reason}`;
    this.refusedByReason.set(key, (this.refusedByReason.get(key) ?? 0) + 1);
  }
}

/** A refusal's reason label: the field its message starts with ("PassTime must …" → PassTime). */
export function reasonOf(problem: string): string {
  const word = /^([A-Za-z][A-Za-z0-9]*)/.exec(problem)?.[1];
  return !word || word === 'each' || word === 'the' ? 'object' : word;
}
