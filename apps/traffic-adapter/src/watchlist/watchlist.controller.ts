import { DomainError, ErrorCode } from '@app/contracts';
import { Controller, Get, HttpCode, Post } from '@nestjs/common';
import { Allow, AuditTarget } from '@app/platform';
import { ApiBadGatewayResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { WatchlistReconciliationService } from './watchlist-reconciliation.service';
import { WatchlistIndex } from './watchlist.index';
import { ReconciliationReport, WatchlistMetrics } from './watchlist.metrics';

export class ReconciliationReportView implements ReconciliationReport {
  startedAt: string;
  durationMs: number;
  fetchMs: number;
  exported: number;
  added: number;
  removed: number;
  changed: number;
  tombstonesKept: number;
  error?: string;
}

export class WatchlistStatsView {
  /** Seals in this instance's in-memory index. */
  size: number;
  /** The last watchlist version this instance's index reflects. */
  indexVersion: string;
  lastRefreshAt: string | null;
  reconciliation: {
    runs: number;
    failures: number;
    driftRepaired: { added: number; removed: number; changed: number };
    last: ReconciliationReportView | null;
  };
}

@ApiTags('watchlist')
/** Operations: admins only. */
@Allow()
@AuditTarget('watchlist')
@Controller('api/v1/watchlist')
export class WatchlistController {
  constructor(
    private readonly reconciliation: WatchlistReconciliationService,
    private readonly index: WatchlistIndex,
    private readonly metrics: WatchlistMetrics,
  ) {}

  /** Reads court-gateway's watchlist export (COURT_GATEWAY_URL with COURT_GATEWAY_API_KEY) whole and validates it before changing anything; adds, removes and changes entries to match. 502 when court-gateway cannot be read. Also run on RECONCILE_CRON. */
  @Post('reconcile')
  @HttpCode(200)
  @ApiOperation({ summary: "Rebuild the watchlist from court-gateway's seals in force now and repair any drift; reports what was repaired" })
  @ApiOkResponse({ type: ReconciliationReportView })
  @ApiBadGatewayResponse({ description: 'court-gateway could not be read; nothing was changed' })
  async reconcile(): Promise<ReconciliationReportView> {
    const report = await this.reconciliation.reconcile();
    if (report.error) throw new DomainError(ErrorCode.WatchlistSourceUnreachable, { params: { reason: report.error } });
    return report;
  }

  /** Index size and version, when it was last refreshed, reconciliation runs and failures, drift repaired and the last report. */
  @Get('stats')
  @ApiOperation({ summary: "This instance's watchlist: index size and version, reconciliation runs and drift repaired" })
  @ApiOkResponse({ type: WatchlistStatsView })
  stats(): WatchlistStatsView {
    return {
      size: this.index.size,
      indexVersion: this.metrics.indexVersion.toString(),
      lastRefreshAt: this.metrics.lastRefreshAt?.toISOString() ?? null,
      reconciliation: {
        runs: this.metrics.reconciliations,
        failures: this.metrics.reconciliationFailures,
        driftRepaired: { ...this.metrics.driftRepaired },
        last: this.metrics.lastReconciliation,
      },
    };
  }
}
