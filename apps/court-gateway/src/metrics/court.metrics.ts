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
    help: 'SLA breaches recorded by the SLA watcher, by kind',
    labelNames: ['kind'],
    table: 'court.sla_breaches',
    sql: `SELECT kind, count(*)::int AS value FROM court.sla_breaches GROUP BY kind`,
  },
  {
    name: 'court_seizures',
    help: 'Seals by status',
    labelNames: ['status'],
    sql: `SELECT status, count(*)::int AS value FROM court.seizures GROUP BY status`,
  },
];
