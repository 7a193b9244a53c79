import { Module } from '@nestjs/common';
import { WatchlistReconciliationService } from './watchlist-reconciliation.service';
import { WatchlistConsumer } from './watchlist.consumer';
import { WatchlistController } from './watchlist.controller';
import { WatchlistIndex } from './watchlist.index';
import { WatchlistMetrics } from './watchlist.metrics';
import { WatchlistRepository } from './watchlist.repository';
import { WatchlistService } from './watchlist.service';

@Module({
  controllers: [WatchlistConsumer, WatchlistController],
  providers: [WatchlistIndex, WatchlistMetrics, WatchlistRepository, WatchlistService, WatchlistReconciliationService],
  exports: [WatchlistIndex, WatchlistRepository, WatchlistService, WatchlistReconciliationService, WatchlistMetrics],
})
export class WatchlistModule {}
