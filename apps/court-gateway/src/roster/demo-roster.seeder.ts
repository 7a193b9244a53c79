import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { Transactions } from '@app/platform';
import { randomUUID } from 'node:crypto';
import { CourtGatewayEnv } from '../config/court-gateway.env';
import { RosterRepository } from './roster.repository';
import { DutyShift, OfficerRole } from './team.entity';

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
    private readonly tx: Transactions,
    private readonly roster: RosterRepository,
    @Inject(CourtGatewayEnv) private readonly env: CourtGatewayEnv,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.env.SEED_DEMO_ROSTER) return;
    await this.tx.run(async () => {
      await this.roster.lockDemoSeeding();
      if ((await this.roster.countOfficers()) > 0) return;
      for (const o of DEMO_ROSTER) {
        // No officer exists yet (checked under the lock): no badge can be taken.
        const officerId = randomUUID();
        await this.roster.saveOfficer({ id: officerId, teamId: o.teamId, name: o.name, badge: o.badge, phone: null, roles: o.roles });
        for (const shift of o.shifts) {
          await this.roster.saveShift({ id: randomUUID(), teamId: o.teamId, officerId, label: null, ...shift });
        }
      }
      new Logger(DemoRosterSeeder.name).log(`seeded demo roster: ${DEMO_ROSTER.length} officers`);
    });
  }
}
