import { Module } from '@nestjs/common';
import { DemoRosterSeeder } from './demo-roster.seeder';
import { RosterAdminService } from './roster-admin.service';
import { RosterController } from './roster.controller';
import { RosterRepository } from './roster.repository';
import { RosterService } from './roster.service';

@Module({
  controllers: [RosterController],
  providers: [RosterService, RosterAdminService, RosterRepository, DemoRosterSeeder],
  exports: [RosterService],
})
export class RosterModule {}
