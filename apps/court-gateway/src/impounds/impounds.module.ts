import { Module } from '@nestjs/common';
import { AlertsModule } from '../alerts/alerts.module';
import { AlertCallers } from '../alerts/alert-callers';
import { CourtGatewayEnv } from '../config/court-gateway.env';
import { RosterModule } from '../roster/roster.module';
import { SeizuresModule } from '../seizures/seizures.module';
import { ImpoundRepository } from './impound.repository';
import { ImpoundsController, ImpoundsListController, PhotoUploads } from './impounds.controller';
import { ImpoundsScheduler } from './impounds.scheduler';
import { ImpoundsService } from './impounds.service';
import { PAPERS_FONT, STORAGE_YARDS } from './impounds.tokens';
import { loadPapersFont } from './papers';
import { loadYards } from './yards';

/**
 * 扣押 (impounding the car on scene) and the custody that follows — not the seal (查封, ../seizures).
 * The yards and the papers' font are checked when the module is built: a wrong list or a missing
 * font stops the app at start.
 */
@Module({
  imports: [AlertsModule, SeizuresModule, RosterModule],
  controllers: [ImpoundsController, ImpoundsListController],
  providers: [
    ImpoundsService, ImpoundRepository, ImpoundsScheduler, PhotoUploads, AlertCallers,
    { provide: STORAGE_YARDS, useFactory: (env: CourtGatewayEnv) => loadYards(env), inject: [CourtGatewayEnv] },
    { provide: PAPERS_FONT, useFactory: (env: CourtGatewayEnv) => loadPapersFont(env.PAPERS_FONT_PATH), inject: [CourtGatewayEnv] },
  ],
  exports: [ImpoundsService],
})
export class ImpoundsModule {}
