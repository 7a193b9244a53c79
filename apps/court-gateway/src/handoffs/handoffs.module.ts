import { Module } from '@nestjs/common';
import { AlertsModule } from '../alerts/alerts.module';
import { RosterModule } from '../roster/roster.module';
import { HandoffNoteRepository } from './handoff-note.repository';
import { HandoffsController } from './handoffs.controller';
import { HandoffsService } from './handoffs.service';

/** Shift handoff notes on open alerts. */
@Module({ imports: [AlertsModule, RosterModule], controllers: [HandoffsController], providers: [HandoffsService, HandoffNoteRepository] })
export class HandoffsModule {}
