import { Injectable } from '@nestjs/common';
import { EventEnvelope, VehicleSightedPayload } from '@app/contracts';
import { Clock, Metrics, SqlGaugeSpec } from '@app/platform';
import { Histogram } from 'prom-client';
import { AlertState } from '../alerts/domain/alert-lifecycle';
import { COURT_SCHEMA, CourtGatewayEnv } from '../config/court-gateway.env';
import { CustodyState } from '../impounds/custody';
import { NotificationStatus } from '../notifications/notification.entity';
import { SeizureStatus } from '../seizures/seizure.entity';

/** `(VALUES ('a'), ('b')) AS name(column)`: every label value, so a series starts at 0 instead of missing. */
function valuesOf(name: string, column: string, values: readonly (string | number)[]): string {
  return `(VALUES ${values.map((v) => `('${String(v).replace(/'/g, "''")}')`).join(', ')}) AS ${name}(${column})`;
}

const SLA_TARGETS = ['ack', 'on_scene', 'resolve'] as const;
const OPEN = `state NOT IN ('${AlertState.Resolved}', '${AlertState.Cancelled}')`;
const MET_AT: Record<(typeof SLA_TARGETS)[number], string> = { ack: 'acknowledged_at', on_scene: 'on_scene_at', resolve: 'resolved_at' };

/**
 * court-gateway's figures read from its tables at scrape time. They are the same on every
 * instance (they come from the shared database): use max(), not sum(), across instances.
 * Every label value is listed, so each series exists from the start, at 0.
 */
export function courtSqlGauges(env: Pick<CourtGatewayEnv, 'ESCALATION_MAX_LEVEL'>): SqlGaugeSpec[] {
  const levels = Array.from({ length: env.ESCALATION_MAX_LEVEL }, (_, i) => i + 1);
  return [
    {
      name: 'court_alerts',
      help: 'Alerts by state',
      labelNames: ['state'],
      sql: `SELECT s.state, count(a.id)::int AS value FROM ${valuesOf('s', 'state', Object.values(AlertState))} LEFT JOIN ${COURT_SCHEMA}.alerts a ON a.state = s.state GROUP BY s.state`,
    },
    {
      name: 'court_alerts_acknowledged_late',
      help: 'Alerts acknowledged after their acknowledgement deadline (SLA breaches on acknowledgement)',
      sql: `SELECT count(*)::int AS value FROM ${COURT_SCHEMA}.alerts WHERE acknowledged_at > ack_due_at`,
    },
    {
      name: 'court_sla_breaches',
      help: 'SLA breaches recorded, by target (ack, on_scene, resolve); only ever grows, so increase() gives breaches per period',
      labelNames: ['target'],
      sql: `SELECT t.target, count(b.alert_id)::int AS value FROM ${valuesOf('t', 'target', SLA_TARGETS)} LEFT JOIN ${COURT_SCHEMA}.sla_breaches b ON b.target = t.target GROUP BY t.target`,
    },
    {
      name: 'court_alerts_at_risk',
      help: 'Open alerts flagged at risk on a target (past SLA_AT_RISK_SHARE of its time) that is neither met nor breached yet, by target',
      labelNames: ['target'],
      sql: `SELECT t.target, count(w.alert_id)::int AS value FROM ${valuesOf('t', 'target', SLA_TARGETS)}
              LEFT JOIN ${COURT_SCHEMA}.sla_warnings w ON w.target = t.target
               AND EXISTS (SELECT 1 FROM ${COURT_SCHEMA}.alerts a WHERE a.id = w.alert_id AND a.${OPEN}
                           AND CASE t.target ${SLA_TARGETS.map((target) => `WHEN '${target}' THEN a.${MET_AT[target]} IS NULL`).join(' ')} END)
               AND NOT EXISTS (SELECT 1 FROM ${COURT_SCHEMA}.sla_breaches b WHERE b.alert_id = w.alert_id AND b.target = t.target)
             GROUP BY t.target`,
    },
    {
      name: 'court_notifications',
      help: 'Pages by channel and delivery status (pending ones are being retried)',
      labelNames: ['channel', 'status'],
      sql: `SELECT c.channel, s.status, count(n.id)::int AS value
              FROM (SELECT 'sse' AS channel UNION SELECT 'webhook' UNION SELECT DISTINCT channel FROM ${COURT_SCHEMA}.notifications) c
              CROSS JOIN ${valuesOf('s', 'status', Object.values(NotificationStatus))}
              LEFT JOIN ${COURT_SCHEMA}.notifications n ON n.channel = c.channel AND n.status = s.status
             GROUP BY c.channel, s.status`,
    },
    {
      name: 'court_alerts_escalated_open',
      help: 'Open alerts that have escalated, by escalation level reached (1 = team lead, 2+ = command center)',
      labelNames: ['level'],
      sql: `SELECT l.level, count(a.id)::int AS value FROM ${valuesOf('l', 'level', levels)}
              LEFT JOIN ${COURT_SCHEMA}.alerts a ON a.escalation_level::text = l.level AND a.${OPEN} GROUP BY l.level`,
    },
    {
      name: 'court_impounds',
      help: 'Cars seized on scene (扣押 records) by custody state: in_custody, released, handed_to_auction',
      labelNames: ['custody'],
      sql: `SELECT c.custody, count(i.id)::int AS value FROM ${valuesOf('c', 'custody', Object.values(CustodyState))} LEFT JOIN ${COURT_SCHEMA}.impounds i ON i.custody_state = c.custody GROUP BY c.custody`,
    },
    {
      name: 'court_impounds_fee_warning',
      help: 'Cars in custody whose yard fees reached IMPOUND_FEE_WARNING_SHARE of their estimated value (raised hourly)',
      sql: `SELECT count(*)::int AS value FROM ${COURT_SCHEMA}.impounds WHERE custody_state = '${CustodyState.InCustody}' AND fee_warned_at IS NOT NULL`,
    },
    {
      name: 'court_interceptions',
      help: 'Interception requests (拦停) by result reported by the traffic police: pending (no answer yet), stopped, lost, refused',
      labelNames: ['result'],
      sql: `SELECT r.result, count(i.id)::int AS value FROM ${valuesOf('r', 'result', ['pending', 'stopped', 'lost', 'refused'])}
              LEFT JOIN ${COURT_SCHEMA}.interceptions i ON coalesce(i.result, 'pending') = r.result GROUP BY r.result`,
    },
    {
      name: 'court_seizures',
      help: 'Seals by status',
      labelNames: ['status'],
      sql: `SELECT s.status, count(z.id)::int AS value FROM ${valuesOf('s', 'status', Object.values(SeizureStatus))} LEFT JOIN ${COURT_SCHEMA}.seizures z ON z.status = s.status GROUP BY s.status`,
    },
  ];
}

/** Seconds buckets for the time from a camera read to the desk: 1 s to an hour. */
const LATENCY_BUCKETS = [0.25, 0.5, 1, 2, 5, 10, 30, 60, 120, 300, 900, 3600];
/** Seconds buckets for people's reaction: 30 s to 2 h (the acknowledgement target is minutes). */
const REACTION_BUCKETS = [30, 60, 120, 180, 300, 600, 900, 1800, 3600, 7200];

/**
 * Histograms observed as things happen, per instance (sum() across instances): how long a hit
 * takes to become an alert on the desk, and how long people take to acknowledge.
 */
@Injectable()
export class CourtLatencyMetrics {
  private readonly hitToAlert: Histogram<string>;
  private readonly readToAlert: Histogram<string>;
  private readonly timeToAck: Histogram<string>;

  constructor(
    metrics: Metrics,
    private readonly clock: Clock,
  ) {
    this.hitToAlert = new Histogram({
      name: 'court_hit_to_alert_seconds',
      help: 'From a hit leaving traffic-adapter (its envelope occurredAt) to its alert stored here, by hit source',
      labelNames: ['source'],
      buckets: LATENCY_BUCKETS,
      registers: [metrics.registry],
    });
    this.readToAlert = new Histogram({
      name: 'court_read_to_alert_seconds',
      help: 'From the camera read or inspection time (observedAt) to its alert stored here, by hit source: includes the traffic side',
      labelNames: ['source'],
      buckets: LATENCY_BUCKETS,
      registers: [metrics.registry],
    });
    this.timeToAck = new Histogram({
      name: 'court_time_to_acknowledge_seconds',
      help: 'From an alert opening to its acknowledgement, by priority (livelihood, inspection, normal)',
      labelNames: ['priority'],
      buckets: REACTION_BUCKETS,
      registers: [metrics.registry],
    });
    for (const source of ['checkpoint', 'inspection']) {
      this.hitToAlert.zero({ source });
      this.readToAlert.zero({ source });
    }
    for (const priority of ['livelihood', 'inspection', 'normal']) this.timeToAck.zero({ priority });
  }

  /** After a batch of hits is stored (their alerts opened or updated). */
  hitsStored(events: EventEnvelope<VehicleSightedPayload>[]): void {
    const now = this.clock.now().getTime();
    for (const event of events) {
      const source = event.payload.source;
      this.hitToAlert.observe({ source }, Math.max(0, (now - Date.parse(event.occurredAt)) / 1000));
      this.readToAlert.observe({ source }, Math.max(0, (now - Date.parse(event.payload.observedAt)) / 1000));
    }
  }

  acknowledged(priority: string, seconds: number): void {
    this.timeToAck.observe({ priority }, Math.max(0, seconds));
  }
}
