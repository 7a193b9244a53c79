import { Module } from '@nestjs/common';
import { DemoRosterSeeder } from './demo-roster.seeder';
import { RosterAdminService } from './roster-admin.service';
import { RosterController } from './roster.controller';
import { RosterService } from './roster.service';

@Module({
  controllers: [RosterController],
  providers: [RosterService, RosterAdminService, DemoRosterSeeder],
  exports: [RosterService],
})
export class RosterModule {}
