import { Module } from '@nestjs/common';
import { WatchlistConsumer } from './watchlist.consumer';
import { WatchlistIndex } from './watchlist.index';
import { WatchlistService } from './watchlist.service';

@Module({
  controllers: [WatchlistConsumer],
  providers: [WatchlistIndex, WatchlistService],
  exports: [WatchlistIndex],
})
export class WatchlistModule {}
