import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { canonicalTimestamp, IsCalendarDate, IsTimestamp, parseCalendarDate, parseTimestamp, timeWindowProblem } from './timestamp';

describe(parseTimestamp.name, () => {
  // RFC 3339 section 5.8 (examples) and the instants they name, worked out by hand from the RFC's text.
  it.each([
    ['1985-04-12T23:20:50.52Z', '1985-04-12T23:20:50.520Z'],
    ['1996-12-19T16:39:57-08:00', '1996-12-20T00:39:57.000Z'],
    ['1937-01-01T12:00:27.87+00:20', '1937-01-01T11:40:27.870Z'],
    ['2026-03-01T08:15:00+08:00', '2026-03-01T00:15:00.000Z'],
    ['2026-03-01t08:15:00z', '2026-03-01T08:15:00.000Z'],
    ['2024-02-29T00:00:00Z', '2024-02-29T00:00:00.000Z'],
    ['2000-02-29T23:59:59.123456789+00:00', '2000-02-29T23:59:59.123Z'],
    ['0050-06-01T00:00:00Z', '0050-06-01T00:00:00.000Z'],
  ])('%s is %s', (text, instant) => {
    expect(parseTimestamp(text)?.toISOString()).toBe(instant);
  });

  // The forms the hostile probe sent (ISO 8601, not RFC 3339) and impossible calendar values.
  it.each([
    '2026-W05-1', '20260301T081500Z', '2026-032', '2026-03-01T08:15:00', '2026-03-01', '2026-03-01 08:15:00Z', '2026-02-30T00:00:00Z',
    '2026-02-29T00:00:00Z', '1900-02-29T00:00:00Z', '0000-00-00T00:00:00Z', '2026-13-01T00:00:00Z', '2026-04-31T09:00:00+08:00', '2026-03-01T24:00:00Z',
    '1990-12-31T23:59:60Z', '2026-03-01T08:15:00+24:00', '2026-03-01T08:15:00+08:60', '2026-03-01T08:15:00+0800', '2026-03-01T08:15Z',
    '2026-03-01T08:15:00.Z', '2026-03-01T08:15:00.1234567891Z', '+002026-03-01T08:15:00Z', '-271821-04-20T00:00:00Z', '２０２６-03-01T08:15:00Z',
    ' 2026-03-01T08:15:00Z', '2026-03-01T08:15:00Z\n', 1772416800000, null, undefined, {},
  ])('refuses %p', (text) => {
    expect(parseTimestamp(text)).toBeNull();
  });

  it('agrees with Date for every timestamp it accepts (a sweep of offsets and days)', () => {
    for (let day = 1; day <= 366; day += 7) {
      for (const offset of ['Z', '+08:00', '-05:30', '+14:00', '-12:00']) {
        const date = new Date(Date.UTC(2024, 0, day, day % 24, day % 60, (day * 7) % 60, day % 1000));
        const text = date.toISOString().replace('Z', offset === 'Z' ? 'Z' : offset);
        // Date parses the ES subset of RFC 3339 (uppercase, three fractional digits) natively.
        expect(parseTimestamp(text)?.getTime()).toBe(new Date(text).getTime());
      }
    }
  });
});

describe(canonicalTimestamp.name, () => {
  it('rewrites an accepted timestamp to the UTC form and leaves refused ones for validation', () => {
    expect(canonicalTimestamp('2026-03-01t08:15:00.5+08:00')).toBe('2026-03-01T00:15:00.500Z');
    expect(canonicalTimestamp('2026-W05-1')).toBe('2026-W05-1');
    expect(canonicalTimestamp(42)).toBe(42);
  });
});

describe(parseCalendarDate.name, () => {
  it('accepts dates that exist and refuses the rest', () => {
    expect(parseCalendarDate('2026-03-01')?.toISOString()).toBe('2026-03-01T00:00:00.000Z');
    expect(parseCalendarDate('2024-02-29')?.toISOString()).toBe('2024-02-29T00:00:00.000Z');
    for (const bad of ['2026-02-30', '0000-00-00', '2026-00-10', '2026-1-1', '2026-03-01T00:00:00Z', '20260301', '2026-W05', 7]) expect(parseCalendarDate(bad)).toBeNull();
  });
});

describe(timeWindowProblem.name, () => {
  const now = new Date('2026-03-02T02:00:00Z');
  const window = { maxAgeMs: 90 * 86_400_000, ageLimit: 'the 90-day hit retention window' };
  it('accepts the recent past and a little clock skew, refuses the far future and the distant past saying which', () => {
    expect(timeWindowProblem('observedAt', new Date('2026-03-02T02:04:59Z'), now, window)).toBeNull();
    expect(timeWindowProblem('observedAt', new Date('2025-12-03T02:00:00Z'), now, window)).toBeNull();
    expect(timeWindowProblem('observedAt', new Date('2099-01-01T00:00:00Z'), now, window)).toBe(
      'observedAt 2099-01-01T00:00:00.000Z is more than 5 minute(s) in the future (server time 2026-03-02T02:00:00.000Z): check the sender\'s clock',
    );
    expect(timeWindowProblem('observedAt', new Date('1970-01-01T00:00:00Z'), now, window)).toBe(
      'observedAt 1970-01-01T00:00:00.000Z is older than the 90-day hit retention window (server time 2026-03-02T02:00:00.000Z)',
    );
  });
});

describe(IsTimestamp.name, () => {
  class Dto {
    @IsTimestamp()
    at: string;

    @IsCalendarDate()
    day: string;
  }
  it('validates, names the field, and hands on the canonical instant', () => {
    const good = plainToInstance(Dto, { at: '2026-03-01T08:15:00+08:00', day: '2026-03-01' });
    expect(validateSync(good)).toEqual([]);
    expect(good.at).toBe('2026-03-01T00:15:00.000Z');
    const bad = plainToInstance(Dto, { at: '2026-W05-1', day: '2026-02-30' });
    expect(validateSync(bad).flatMap((e) => Object.values(e.constraints ?? {}))).toEqual([
      'at must be an RFC 3339 timestamp with a UTC offset or Z, such as 2026-03-01T08:15:00+08:00 (a real date and time)',
      'day must be a calendar date YYYY-MM-DD that exists, such as 2026-03-01',
    ]);
  });
});
