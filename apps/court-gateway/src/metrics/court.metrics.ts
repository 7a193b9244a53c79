import { SqlGaugeSpec } from '@app/platform';

/** court-gateway's own figures, read from its tables at scrape time (hits are counted by the consumer metrics). */
export const COURT_SQL_GAUGES: SqlGaugeSpec[] = [
  {
    name: 'court_alerts',
    help: 'Alerts by state',
    labelNames: ['state'],
    sql: `SELECT state, count(*)::int AS value FROM court.alerts GROUP BY state`,
  },
  {
    name: 'court_alerts_acknowledged_late',
    help: 'Alerts acknowledged after their acknowledgement deadline (SLA breaches on acknowledgement)',
    sql: `SELECT count(*)::int AS value FROM court.alerts WHERE acknowledged_at > ack_due_at`,
  },
  {
    name: 'court_sla_breaches',
    help: 'SLA breaches recorded by the SLA watcher, by target (ack, on_scene, resolve)',
    labelNames: ['target'],
    table: 'court.sla_breaches',
    sql: `SELECT target, count(*)::int AS value FROM court.sla_breaches GROUP BY target`,
  },
  {
    name: 'court_notifications',
    help: 'Notifications by channel and delivery status (pending ones are being retried)',
    labelNames: ['channel', 'status'],
    table: 'court.notifications',
    sql: `SELECT channel, status, count(*)::int AS value FROM court.notifications GROUP BY channel, status`,
  },
  {
    name: 'court_alerts_escalated_open',
    help: 'Open alerts that have escalated, by escalation level',
    labelNames: ['level'],
    sql: `SELECT escalation_level::text AS level, count(*)::int AS value FROM court.alerts
           WHERE escalation_level > 0 AND state NOT IN ('resolved', 'cancelled') GROUP BY escalation_level`,
  },
  {
    name: 'court_seizures',
    help: 'Seals by status',
    labelNames: ['status'],
    sql: `SELECT status, count(*)::int AS value FROM court.seizures GROUP BY status`,
  },
];
