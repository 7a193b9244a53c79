import { CallHandler, ExecutionContext, Injectable, NestInterceptor, OnModuleInit } from '@nestjs/common';
import { FeedScope, FeedState } from '@app/contracts';
import { Metrics, SqlGaugeSpec } from '@app/platform';
import { Counter, Gauge } from 'prom-client';
import { Observable, tap } from 'rxjs';
import { TRAFFIC_SCHEMA } from '../config/traffic-adapter.env';
import { ConfidenceCalibration } from '../matching/confidence-calibration';
import { PrefixTraffic } from '../matching/prefix-traffic';
import { SpareBudget } from '../matching/spare-budget';
import { SightingsService } from '../sightings/sightings.service';
import { WatchlistMetrics } from '../watchlist/watchlist.metrics';

const values = (name: string, column: string, list: readonly string[]) => `(VALUES ${list.map((v) => `('${v}')`).join(', ')}) AS ${name}(${column})`;

/**
 * traffic-adapter's figures read from its tables at scrape time (the same on every instance:
 * use max() across instances). Every label value is listed, so each series starts at 0.
 */
export const TRAFFIC_SQL_GAUGES: SqlGaugeSpec[] = [
  {
    name: 'traffic_watchlist',
    help: 'Watchlist entries by status',
    labelNames: ['status'],
    sql: `SELECT s.status, count(w.seizure_id)::int AS value FROM ${values('s', 'status', ['active', 'released', 'expired'])} LEFT JOIN ${TRAFFIC_SCHEMA}.watchlist w ON w.status = s.status GROUP BY s.status`,
  },
  {
    name: 'traffic_hits_stored',
    help: 'Hits kept now (deleted after HIT_RETENTION_DAYS, so this falls as well as rises): not a counter; hits per second come from traffic_intake_reads_total{outcome="hits"}',
    sql: `SELECT count(*)::int AS value FROM ${TRAFFIC_SCHEMA}.hits`,
  },
  {
    name: 'traffic_feed_quiet',
    help: 'Where the watch is blind now: cameras, checkpoint groups and the whole feed (1 or 0) reported quiet',
    labelNames: ['scope'],
    sql: `SELECT s.scope, count(f.subject_id)::int AS value FROM ${values('s', 'scope', Object.values(FeedScope))}
            LEFT JOIN ${TRAFFIC_SCHEMA}.feed_health_state f ON f.scope = s.scope AND f.state = '${FeedState.Quiet}' GROUP BY s.scope`,
  },
  {
    name: 'traffic_interceptions',
    help: 'Interception requests (拦停) to the traffic system by delivery status: pending ones are being retried, failed ones gave up',
    labelNames: ['status'],
    sql: `SELECT s.status, count(i.interception_id)::int AS value FROM ${values('s', 'status', ['pending', 'delivered', 'failed'])} LEFT JOIN ${TRAFFIC_SCHEMA}.interceptions i ON i.status = s.status GROUP BY s.status`,
  },
];

export type IntakeDoor = 'http' | 'kafka';
const OUTCOMES = ['received', 'hits', 'duplicates'] as const;

/** Reads taken in and hits they made, by the door they came in by (GA/T 1400 counts its own: gat1400_records_total). */
@Injectable()
export class IntakeDoorMetrics {
  private readonly reads: Counter<string>;

  constructor(metrics: Metrics) {
    this.reads = metrics.counter('traffic_intake_reads_total', 'Reads taken in by door (http, kafka) and outcome: received, hits (published), duplicates (eventId seen before)', ['door', 'outcome']);
    for (const door of ['http', 'kafka']) for (const outcome of OUTCOMES) this.reads.inc({ door, outcome }, 0);
  }

  count(door: IntakeDoor, result: { received: number; hits: number; duplicates?: number }): void {
    this.reads.inc({ door, outcome: 'received' }, result.received);
    this.reads.inc({ door, outcome: 'hits' }, result.hits);
    this.reads.inc({ door, outcome: 'duplicates' }, result.duplicates ?? 0);
  }
}

/**
 * Counts reads taken in over HTTP from what the intake answers (`{ received, hits, duplicates }`),
 * so the intake code stays free of metrics.
 */
@Injectable()
export class IntakeMetricsInterceptor implements NestInterceptor {
  constructor(private readonly doors: IntakeDoorMetrics) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    return next.handle().pipe(
      tap((body) => {
        if (context.getType() !== 'http' || typeof body !== 'object' || body === null) return;
        const { received, hits, duplicates } = body as Record<string, unknown>;
        if (typeof received !== 'number' || typeof hits !== 'number') return;
        this.doors.count('http', { received, hits, duplicates: typeof duplicates === 'number' ? duplicates : 0 });
      }),
    );
  }
}

/** Whether the per-camera confidence calibration takes part (this instance's cameras: use sum() across instances for a fleet). */
@Injectable()
export class ConfidenceCalibrationExporter implements OnModuleInit {
  constructor(
    private readonly metrics: Metrics,
    private readonly calibration: ConfidenceCalibration,
  ) {}

  onModuleInit(): void {
    const calibration = this.calibration;
    new Gauge({
      name: 'traffic_confidence_cameras',
      help: "Cameras whose reads' confidence this instance counts, by state: calibrated (1,000 valid reads of their own or more), pooled (fewer: weighed by the whole fleet's counts meanwhile) or learning (fewer, and the fleet too: their confidence weighs nothing yet)",
      labelNames: ['state'],
      registers: [this.metrics.registry],
      collect() {
        const { calibrated, pooled } = calibration;
        this.set({ state: 'calibrated' }, calibrated);
        this.set({ state: 'pooled' }, pooled);
        this.set({ state: 'learning' }, calibration.size - calibrated - pooled);
      },
    });
  }
}

/** Whether reads are weighed by prefix now, and for how many cameras this instance counts a prefix mix. */
@Injectable()
export class PrefixTrafficExporter implements OnModuleInit {
  constructor(
    private readonly metrics: Metrics,
    private readonly prefixTraffic: PrefixTraffic,
    private readonly sightings: SightingsService,
  ) {}

  onModuleInit(): void {
    const { prefixTraffic, sightings } = this;
    new Gauge({
      name: 'traffic_prefix_weighting',
      help: "Reads weighed by how seldom their camera reads their prefix (MATCH_TRAFFIC_WEIGHTING, else on above 20,000 seals): on (1 or 0), and cameras whose prefix mix this instance counts",
      labelNames: ['state'],
      registers: [this.metrics.registry],
      collect() {
        this.set({ state: 'on' }, sightings.weighsByPrefix ? 1 : 0);
        this.set({ state: 'cameras' }, prefixTraffic.size);
      },
    });
  }
}

/** What valid reads' share of the false-hit budget is multiplied by, from what reads no plate can be leave. */
@Injectable()
export class SpareBudgetExporter implements OnModuleInit {
  constructor(
    private readonly metrics: Metrics,
    private readonly spareBudget: SpareBudget,
  ) {}

  onModuleInit(): void {
    const spareBudget = this.spareBudget;
    new Gauge({
      name: 'traffic_spare_budget_weight',
      help: 'What a valid read may spend of its share of the false-hit budget, with what reads no plate can be leave of theirs (MATCH_SPARE_BUDGET; 1: nothing lent)',
      registers: [this.metrics.registry],
      collect() {
        this.set(spareBudget.validWeight);
      },
    });
  }
}

/** The watchlist reconciliation's figures (kept in WatchlistMetrics for /api/v1/watchlist/stats) as Prometheus series. */
@Injectable()
export class WatchlistMetricsExporter implements OnModuleInit {
  constructor(
    private readonly metrics: Metrics,
    private readonly watchlist: WatchlistMetrics,
  ) {}

  onModuleInit(): void {
    const w = this.watchlist;
    const registers = [this.metrics.registry];
    new Counter({
      name: 'traffic_watchlist_reconciliations_total',
      help: 'Watchlist reconciliations against the court export, by outcome (ok, failed)',
      labelNames: ['outcome'],
      registers,
      collect() {
        this.reset();
        this.inc({ outcome: 'ok' }, w.reconciliations);
        this.inc({ outcome: 'failed' }, w.reconciliationFailures);
      },
    });
    new Counter({
      name: 'traffic_watchlist_drift_repaired_total',
      help: 'Watchlist entries the reconciliation had to repair, by kind (added, removed, changed): anything but 0 means events were lost or late',
      labelNames: ['kind'],
      registers,
      collect() {
        this.reset();
        for (const [kind, n] of Object.entries(w.driftRepaired)) this.inc({ kind }, n);
      },
    });
    new Gauge({
      name: 'traffic_watchlist_last_drift',
      help: 'Drift the last reconciliation found, by kind (added, removed, changed)',
      labelNames: ['kind'],
      registers,
      collect() {
        this.reset();
        const last = w.lastReconciliation;
        for (const kind of ['added', 'removed', 'changed'] as const) this.set({ kind }, last && !last.error ? last[kind] : 0);
      },
    });
  }
}
