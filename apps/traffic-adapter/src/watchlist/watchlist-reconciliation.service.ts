import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { describeValidationErrors, maskPlate, WatchlistExportItem, WatchlistExportPage } from '@app/contracts';
import { Clock, Scheduler, Transactions } from '@app/platform';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { TrafficAdapterEnv } from '../config/traffic-adapter.env';
import { WatchStatus } from './watch-entry.entity';
import { planReconciliation } from './watchlist-reconciliation';
import { WatchlistRepository } from './watchlist.repository';
import { WatchlistService } from './watchlist.service';
import { ReconciliationReport, WatchlistMetrics } from './watchlist.metrics';

const EXPORT_PAGE_SIZE = 1000;
const EXPORT_TIMEOUT_MS = 15_000;

/**
 * Rebuilds the watchlist from court-gateway's export of seals in force and repairs any drift a
 * lost or out-of-order event left behind: seals missing are added, seals no longer in force are
 * removed, details that differ are corrected. A seal seen released is never re-added.
 */
@Injectable()
export class WatchlistReconciliationService implements OnModuleInit {
  private readonly log = new Logger(WatchlistReconciliationService.name);
  private running: Promise<ReconciliationReport> | null = null;

  constructor(
    private readonly entries: WatchlistRepository,
    private readonly tx: Transactions,
    private readonly watchlist: WatchlistService,
    private readonly metrics: WatchlistMetrics,
    private readonly clock: Clock,
    @Inject(TrafficAdapterEnv) private readonly env: TrafficAdapterEnv,
    private readonly scheduler: Scheduler,
  ) {}

  onModuleInit(): void {
    this.scheduler.register({ name: 'watchlist-reconcile', cron: this.env.RECONCILE_CRON, run: () => this.reconcile() });
  }

  /** Runs one reconciliation (joining one already running in this instance); never throws: failures are in the report. */
  reconcile(): Promise<ReconciliationReport> {
    this.running ??= this.run().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async run(): Promise<ReconciliationReport> {
    const startedAt = this.clock.now();
    const started = performance.now();
    let report: ReconciliationReport;
    try {
      // Versions commit in order (the write lock), so every change up to this one is visible now.
      const snapshotVersion = (await this.entries.head()).version;
      const exported = await this.fetchExport();
      const fetchMs = Math.round(performance.now() - started);
      const counts = await this.apply(exported, snapshotVersion);
      report = { startedAt: startedAt.toISOString(), durationMs: Math.round(performance.now() - started), fetchMs, exported: exported.length, ...counts };
      const line = `watchlist reconciliation: ${exported.length} seals in force at the court; drift repaired: added ${counts.added}, removed ${counts.removed}, changed ${counts.changed}; tombstones kept ${counts.tombstonesKept}`;
      if (counts.added + counts.removed + counts.changed > 0) this.log.warn(line);
      else this.log.log(line);
    } catch (error) {
      report = {
        startedAt: startedAt.toISOString(),
        durationMs: Math.round(performance.now() - started),
        fetchMs: 0,
        exported: 0,
        added: 0,
        removed: 0,
        changed: 0,
        tombstonesKept: 0,
        error: (error as Error).message,
      };
      this.log.warn(`watchlist reconciliation failed, nothing changed: ${report.error}`);
    }
    this.metrics.recordReconciliation(report);
    return report;
  }

  /** Reads every page of the export and validates it whole before anything is changed. */
  private async fetchExport(): Promise<WatchlistExportItem[]> {
    const items: WatchlistExportItem[] = [];
    let cursor: string | null = null;
    do {
      const url = new URL('/api/v1/watchlist-export', this.env.COURT_GATEWAY_URL);
      url.searchParams.set('limit', String(EXPORT_PAGE_SIZE));
      if (cursor) url.searchParams.set('cursor', cursor);
      const headers: Record<string, string> = this.env.COURT_GATEWAY_API_KEY ? { 'x-api-key': this.env.COURT_GATEWAY_API_KEY } : {};
      const response = await fetch(url, { headers, signal: AbortSignal.timeout(EXPORT_TIMEOUT_MS) }).catch((e: Error) => {
        throw new Error(`court-gateway at ${this.env.COURT_GATEWAY_URL} unreachable: ${e.message}`);
      });
      if (!response.ok) throw new Error(`court-gateway answered ${response.status} for ${url.pathname}`);
      const page = plainToInstance(WatchlistExportPage, await response.json());
      const errors = describeValidationErrors(await validate(page, { forbidUnknownValues: true }), '');
      if (errors.length) throw new Error(`court-gateway's watchlist export is invalid: ${errors.slice(0, 3).join('; ')}`);
      items.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    return items;
  }

  private async apply(exported: WatchlistExportItem[], snapshotVersion: bigint): Promise<Omit<ReconciliationReport, 'startedAt' | 'durationMs' | 'fetchMs' | 'exported'>> {
    const now = this.clock.now();
    const plan = await this.tx.run(async () => {
      await this.entries.lockWrites();
      const rows = await this.entries.active();
      // The inactive rows the export could touch: tombstones to respect, expired entries to revive.
      rows.push(...(await this.entries.inactiveOf(exported.map((s) => s.seizureId))));
      const local = rows.map((row) => ({ ...row, version: BigInt(row.version) }));
      const plan = planReconciliation(local, exported, snapshotVersion, now);
      const upserts = [...plan.add, ...plan.change].map((s) => ({
        seizureId: s.seizureId,
        plate: s.plate,
        plateColor: s.plateColor ?? null,
        vehicleColor: s.vehicleColor ?? null,
        vehicleBrand: s.vehicleBrand ?? null,
        vehicleModel: s.vehicleModel ?? null,
        vehicleType: s.vehicleType ?? null,
        caseNumber: s.caseNumber,
        livelihood: s.livelihood,
        sealedAt: new Date(s.sealedAt),
        expiresAt: new Date(s.expiresAt),
        status: WatchStatus.Active,
        updatedAt: now,
      }));
      await this.entries.upsertAll(upserts);
      for (const status of [WatchStatus.Released, WatchStatus.Expired]) {
        await this.entries.setStatus(plan.remove.filter((r) => r.status === status).map((r) => r.seizureId), status, now);
      }
      return plan;
    });
    await this.watchlist.refresh();
    for (const s of plan.add) this.log.warn(`reconciliation added ${maskPlate(s.plate)} (seizure ${s.seizureId}): it was missing from the watchlist`);
    for (const r of plan.remove) this.log.warn(`reconciliation removed ${maskPlate(r.plate)} (seizure ${r.seizureId}): no longer in force at the court (${r.status})`);
    return { added: plan.add.length, removed: plan.remove.length, changed: plan.change.length, tombstonesKept: plan.tombstonesKept };
  }
}
