import { resolveOnDuty, rotationOfficer, sameShift, TeamRoster } from './duty-roster';

const TZ = 'Asia/Shanghai';
const everyDay = [1, 2, 3, 4, 5, 6, 7];

describe(resolveOnDuty.name, () => {
  const nightRotation = { officerIds: ['a', 'b', 'c'], period: 'day' as const, anchorDate: '2026-03-02', weekdays: everyDay, startLocal: '20:00', endLocal: '08:00' };

  it('cycles a daily rotation from its anchor date', () => {
    const roster: TeamRoster = { shifts: [], rotations: [nightRotation], overrides: [] };
    // 2026-03-02 21:00 local = 13:00Z: anchor day, first officer.
    expect(resolveOnDuty(roster, new Date('2026-03-02T13:00:00Z'), TZ)).toEqual(['a']);
    expect(resolveOnDuty(roster, new Date('2026-03-03T13:00:00Z'), TZ)).toEqual(['b']);
    expect(resolveOnDuty(roster, new Date('2026-03-05T13:00:00Z'), TZ)).toEqual(['a']);
  });

  it('keeps the small hours of an overnight rotation with the officer who started it', () => {
    const roster: TeamRoster = { shifts: [], rotations: [nightRotation], overrides: [] };
    // 2026-03-03 03:00 local (19:00Z on the 2nd) belongs to the night that began on the 2nd.
    expect(resolveOnDuty(roster, new Date('2026-03-02T19:00:00Z'), TZ)).toEqual(['a']);
    // 10:00 local: nobody on this night rotation.
    expect(resolveOnDuty(roster, new Date('2026-03-03T02:00:00Z'), TZ)).toEqual([]);
  });

  it('rotates weekly and counts backwards before the anchor', () => {
    const weekly = { ...nightRotation, period: 'week' as const, startLocal: '08:00', endLocal: '18:00' };
    expect(rotationOfficer(weekly, { weekday: 7, minute: 600, date: '2026-03-08' })).toBe('a');
    expect(rotationOfficer(weekly, { weekday: 1, minute: 600, date: '2026-03-09' })).toBe('b');
    expect(rotationOfficer(weekly, { weekday: 7, minute: 600, date: '2026-03-01' })).toBe('c');
  });

  it('lets an override win over the rotation: a swap replaces, leave removes, cover adds', () => {
    const during = { startsAt: new Date('2026-03-02T12:00:00Z'), endsAt: new Date('2026-03-03T00:00:00Z') };
    const at = new Date('2026-03-02T13:00:00Z');
    const base = { shifts: [{ officerId: 'x', weekdays: everyDay, startLocal: '00:00', endLocal: '00:00' }], rotations: [nightRotation] };
    expect(resolveOnDuty({ ...base, overrides: [{ kind: 'swap', officerId: 'z', replacesOfficerId: 'a', ...during }] }, at, TZ)).toEqual(['x', 'z']);
    expect(resolveOnDuty({ ...base, overrides: [{ kind: 'leave', officerId: 'a', replacesOfficerId: null, ...during }] }, at, TZ)).toEqual(['x']);
    expect(resolveOnDuty({ ...base, overrides: [{ kind: 'cover', officerId: 'y', replacesOfficerId: null, ...during }] }, at, TZ)).toEqual(['x', 'a', 'y']);
    // Outside its period the override changes nothing.
    expect(resolveOnDuty({ ...base, overrides: [{ kind: 'leave', officerId: 'a', replacesOfficerId: null, ...during }] }, new Date('2026-03-03T13:00:00Z'), TZ)).toEqual(['x', 'b']);
  });

  it('covers lunchtime with a short shift', () => {
    const roster: TeamRoster = { shifts: [{ officerId: 'l', weekdays: everyDay, startLocal: '12:00', endLocal: '14:00' }], rotations: [], overrides: [] };
    expect(resolveOnDuty(roster, new Date('2026-03-07T04:30:00Z'), TZ)).toEqual(['l']);
    expect(resolveOnDuty(roster, new Date('2026-03-07T06:30:00Z'), TZ)).toEqual([]);
  });
});

describe(sameShift.name, () => {
  const day = { officerId: 'a', weekdays: [1, 2, 3, 4, 5], startLocal: '08:00', endLocal: '20:00' };

  it('is the same officer in the same window on a weekday both have', () => {
    expect(sameShift(day, { ...day, weekdays: [5, 6] })).toBe(true);
    expect(sameShift(day, { ...day, weekdays: [6, 7] })).toBe(false);
    expect(sameShift(day, { ...day, officerId: 'b' })).toBe(false);
    expect(sameShift(day, { ...day, startLocal: '08:30' })).toBe(false);
    expect(sameShift(day, { ...day, endLocal: '08:00' })).toBe(false);
  });
});
