import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { CourtGatewayEnv } from '../config/court-gateway.env';
import { DutyShift, Officer, OfficerRole } from './team.entity';

const EVERY_DAY = [1, 2, 3, 4, 5, 6, 7];
const WEEKDAYS = [1, 2, 3, 4, 5];

/** Demo officers and shifts so that every hour of the week has someone on duty. */
export const DEMO_ROSTER: { teamId: string; name: string; badge: string; roles: OfficerRole[]; shifts: Omit<DutyShift, 'id' | 'teamId' | 'officerId' | 'label'>[] }[] = [
  { teamId: 'command-center', name: '张指挥', badge: 'FC-0001', roles: [OfficerRole.DutyDirector], shifts: [{ weekdays: EVERY_DAY, startLocal: '00:00', endLocal: '00:00' }] },
  { teamId: 'fangcheng', name: '李法官', badge: 'FC-1001', roles: [OfficerRole.TeamLead, OfficerRole.Officer], shifts: [{ weekdays: EVERY_DAY, startLocal: '08:00', endLocal: '20:00' }] },
  { teamId: 'fangcheng', name: '陈法警', badge: 'FC-1002', roles: [OfficerRole.Officer], shifts: [{ weekdays: EVERY_DAY, startLocal: '20:00', endLocal: '08:00' }] },
  { teamId: 'dazhai', name: '黄法官', badge: 'FC-2001', roles: [OfficerRole.TeamLead, OfficerRole.Officer], shifts: [{ weekdays: WEEKDAYS, startLocal: '08:30', endLocal: '17:30' }] },
  { teamId: 'naliang', name: '韦法官', badge: 'FC-3001', roles: [OfficerRole.TeamLead, OfficerRole.Officer], shifts: [{ weekdays: WEEKDAYS, startLocal: '08:30', endLocal: '17:30' }] },
];

@Injectable()
export class DemoRosterSeeder implements OnApplicationBootstrap {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(CourtGatewayEnv) private readonly env: CourtGatewayEnv,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.env.SEED_DEMO_ROSTER) return;
    await this.dataSource.transaction(async (manager) => {
      await manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', ['court:demo-roster']);
      if ((await manager.getRepository(Officer).count()) > 0) return;
      for (const o of DEMO_ROSTER) {
        const officer = await manager.getRepository(Officer).save({ id: randomUUID(), teamId: o.teamId, name: o.name, badge: o.badge, phone: null, roles: o.roles });
        for (const shift of o.shifts) {
          await manager.getRepository(DutyShift).save({ id: randomUUID(), teamId: o.teamId, officerId: officer.id, label: null, ...shift });
        }
      }
      new Logger(DemoRosterSeeder.name).log(`seeded demo roster: ${DEMO_ROSTER.length} officers`);
    });
  }
}
