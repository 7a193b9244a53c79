import { Module } from '@nestjs/common';
import { WatchlistReconciliationService } from './watchlist-reconciliation.service';
import { WatchlistConsumer } from './watchlist.consumer';
import { WatchlistController } from './watchlist.controller';
import { WatchlistIndex } from './watchlist.index';
import { WatchlistMetrics } from './watchlist.metrics';
import { WatchlistService } from './watchlist.service';

@Module({
  controllers: [WatchlistConsumer, WatchlistController],
  providers: [WatchlistIndex, WatchlistMetrics, WatchlistService, WatchlistReconciliationService],
  exports: [WatchlistIndex, WatchlistService, WatchlistReconciliationService, WatchlistMetrics],
})
export class WatchlistModule {}
