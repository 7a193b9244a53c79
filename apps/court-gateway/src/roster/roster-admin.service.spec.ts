import { DomainError, ErrorCode } from '@app/contracts';
import { ManualClock, Transactions } from '@app/platform';
import { RosterAdminService } from './roster-admin.service';
import { RosterRepository } from './roster.repository';
import { DutyShift, Officer } from './team.entity';

/** The repository's part createShift uses, in memory: the rule under test is the service's, not SQL. */
function rosterWith(officers: Officer[]) {
  const shifts: DutyShift[] = [];
  const repo = {
    officer: async (id: string) => officers.find((o) => o.id === id) ?? null,
    shifts: async (teamId?: string) => shifts.filter((s) => !teamId || s.teamId === teamId),
    saveShift: async (shift: DutyShift) => (shifts.push(shift), shift),
    lockShiftsOf: async () => undefined,
  };
  // (The lock that serializes two requests is PostgreSQL's: test/hostile-codes.e2e-spec.ts sends them at once.)
  const tx = { run: <T>(work: () => Promise<T>) => work() };
  return { sut: new RosterAdminService(repo as unknown as RosterRepository, new ManualClock(), tx as unknown as Transactions), shifts };
}

describe(RosterAdminService.name, () => {
  const officer: Officer = { id: '6f1c2a9e-0000-4000-8000-0000000000a1', teamId: 'fangcheng', name: '李警官', badge: 'FC-1001', phone: null, roles: [] };
  const other: Officer = { ...officer, id: '6f1c2a9e-0000-4000-8000-0000000000a2', badge: 'FC-1002' };

  it('refuses a copy of a shift the officer has (same times, a weekday in common) with 409 naming it, as the CSV import refuses a row given twice', async () => {
    const { sut, shifts } = rosterWith([officer, other]);
    const first = await sut.createShift({ officerId: officer.id, weekdays: [1, 2, 3], startLocal: '08:00', endLocal: '20:00', label: 'day' });
    const copy = sut.createShift({ officerId: officer.id, weekdays: [3, 4], startLocal: '08:00', endLocal: '20:00' });
    await expect(copy).rejects.toBeInstanceOf(DomainError);
    await expect(copy).rejects.toMatchObject({ code: ErrorCode.ShiftExists, params: { badge: 'FC-1001', start: '08:00', end: '20:00', id: first.id } });
    // Other days, other times or another officer are other shifts.
    await sut.createShift({ officerId: officer.id, weekdays: [4, 5], startLocal: '08:00', endLocal: '20:00' });
    await sut.createShift({ officerId: officer.id, weekdays: [1], startLocal: '20:00', endLocal: '08:00' });
    await sut.createShift({ officerId: other.id, weekdays: [1, 2, 3], startLocal: '08:00', endLocal: '20:00' });
    expect(shifts.map((s) => [s.officerId, s.weekdays.join('|'), s.startLocal])).toEqual([
      [officer.id, '1|2|3', '08:00'],
      [officer.id, '4|5', '08:00'],
      [officer.id, '1', '20:00'],
      [other.id, '1|2|3', '08:00'],
    ]);
  });
});
