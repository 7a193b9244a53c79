import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { Metrics, SqlGaugeSpec } from '@app/platform';
import { Counter } from 'prom-client';
import { Observable, tap } from 'rxjs';

/** traffic-adapter's own figures, read from its tables at scrape time. */
export const TRAFFIC_SQL_GAUGES: SqlGaugeSpec[] = [
  {
    name: 'traffic_watchlist',
    help: 'Watchlist entries by status',
    labelNames: ['status'],
    sql: `SELECT status, count(*)::int AS value FROM traffic.watchlist GROUP BY status`,
  },
  {
    name: 'traffic_hits_stored',
    help: 'Hits found since the start (use rate() for hits per second)',
    sql: `SELECT count(*)::int AS value FROM traffic.hits`,
  },
];

/**
 * Counts reads taken in over HTTP from what the intake answers (`{ received, hits, duplicates }`),
 * so the intake code stays free of metrics. Reads from Kafka intake are counted by the consumer
 * metrics (gateway_events_consumed_total).
 */
@Injectable()
export class IntakeMetricsInterceptor implements NestInterceptor {
  private readonly reads: Counter<string>;

  constructor(metrics: Metrics) {
    this.reads = metrics.counter('traffic_intake_reads_total', 'Reads taken in over HTTP, by outcome (received, hits, duplicates)', ['outcome']);
  }

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    return next.handle().pipe(
      tap((body) => {
        if (context.getType() !== 'http' || typeof body !== 'object' || body === null) return;
        const { received, hits, duplicates } = body as Record<string, unknown>;
        if (typeof received !== 'number' || typeof hits !== 'number') return;
        this.reads.inc({ outcome: 'received' }, received);
        this.reads.inc({ outcome: 'hits' }, hits);
        if (typeof duplicates === 'number') this.reads.inc({ outcome: 'duplicates' }, duplicates);
      }),
    );
  }
}
