import { Module } from '@nestjs/common';
import { WatchlistModule } from '../watchlist/watchlist.module';
import { SightingsController } from './sightings.controller';
import { SightingsService } from './sightings.service';

@Module({
  imports: [WatchlistModule],
  controllers: [SightingsController],
  providers: [SightingsService],
})
export class SightingsModule {}
