import { Injectable } from '@nestjs/common';

export interface ReconciliationReport {
  startedAt: string;
  durationMs: number;
  /** Of durationMs, the time spent reading and validating the court's export. */
  fetchMs: number;
  /** Seals in force at the court. */
  exported: number;
  added: number;
  removed: number;
  changed: number;
  /** Seals the court still listed that the adapter had seen released and kept off the list. */
  tombstonesKept: number;
  /** Set when the run failed (court-gateway unreachable, invalid export); nothing was changed then. */
  error?: string;
}

/** In-process watchlist figures for `GET /api/v1/watchlist/stats` (a Prometheus exporter can read the same object). */
@Injectable()
export class WatchlistMetrics {
  indexVersion = 0n;
  lastRefreshAt: Date | null = null;
  reconciliations = 0;
  reconciliationFailures = 0;
  readonly driftRepaired = { added: 0, removed: 0, changed: 0 };
  lastReconciliation: ReconciliationReport | null = null;

  recordReconciliation(report: ReconciliationReport): void {
    this.lastReconciliation = report;
    if (report.error) {
      this.reconciliationFailures++;
      return;
    }
    this.reconciliations++;
    this.driftRepaired.added += report.added;
    this.driftRepaired.removed += report.removed;
    this.driftRepaired.changed += report.changed;
  }
}
