import { Module } from '@nestjs/common';
import { DemoRosterSeeder } from './demo-roster.seeder';
import { RosterService } from './roster.service';

@Module({
  providers: [RosterService, DemoRosterSeeder],
  exports: [RosterService],
})
export class RosterModule {}
