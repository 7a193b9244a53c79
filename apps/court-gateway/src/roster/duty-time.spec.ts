import { localMoment, shiftCovers } from './duty-time';

describe('duty time', () => {
  it('reads the weekday and minute in the court time zone, not UTC', () => {
    // 2026-03-01 is a Sunday; 23:30 UTC is Monday 07:30 in Asia/Shanghai.
    expect(localMoment(new Date('2026-03-01T23:30:00Z'), 'Asia/Shanghai')).toEqual({ weekday: 1, minute: 7 * 60 + 30, date: '2026-03-02' });
  });

  it('covers a day shift only inside its hours and weekdays', () => {
    const weekdaysDay = { weekdays: [1, 2, 3, 4, 5], startLocal: '08:30', endLocal: '17:30' };
    expect(shiftCovers(weekdaysDay, { weekday: 1, minute: 8 * 60 + 30 })).toBe(true);
    expect(shiftCovers(weekdaysDay, { weekday: 1, minute: 17 * 60 + 30 })).toBe(false);
    expect(shiftCovers(weekdaysDay, { weekday: 6, minute: 12 * 60 })).toBe(false);
  });

  it('carries an overnight shift past midnight into the next weekday', () => {
    const fridayNight = { weekdays: [5], startLocal: '20:00', endLocal: '08:00' };
    expect(shiftCovers(fridayNight, { weekday: 5, minute: 23 * 60 })).toBe(true);
    expect(shiftCovers(fridayNight, { weekday: 6, minute: 7 * 60 })).toBe(true);
    expect(shiftCovers(fridayNight, { weekday: 5, minute: 7 * 60 })).toBe(false);
    expect(shiftCovers(fridayNight, { weekday: 6, minute: 9 * 60 })).toBe(false);
  });

  it('treats equal start and end as the whole day', () => {
    expect(shiftCovers({ weekdays: [1, 2, 3, 4, 5, 6, 7], startLocal: '00:00', endLocal: '00:00' }, { weekday: 3, minute: 0 })).toBe(true);
  });
});
