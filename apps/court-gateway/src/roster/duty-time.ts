/** Local wall-clock position of an instant in a time zone: ISO weekday (1-7) and minute of day. */
export interface LocalMoment {
  weekday: number;
  minute: number;
  /** Local calendar date YYYY-MM-DD; rotations count days from it. */
  date?: string;
}

const WEEKDAYS: Record<string, number> = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 };
const formatters = new Map<string, Intl.DateTimeFormat>();

export function localMoment(at: Date, timeZone: string): LocalMoment {
  let fmt = formatters.get(timeZone);
  if (!fmt) {
    fmt = new Intl.DateTimeFormat('en-US', {
      timeZone, weekday: 'short', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23',
    });
    formatters.set(timeZone, fmt);
  }
  const parts = Object.fromEntries(fmt.formatToParts(at).map((p) => [p.type, p.value]));
  return { weekday: WEEKDAYS[parts.weekday], minute: Number(parts.hour) * 60 + Number(parts.minute), date: `${parts.year}-${parts.month}-${parts.day}` };
}

/** "HH:MM" to minutes after midnight. */
export function parseLocalTime(hhmm: string): number {
  const match = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(hhmm);
  if (!match) throw new Error(`not a HH:MM time: ${hhmm}`);
  return Number(match[1]) * 60 + Number(match[2]);
}

export interface ShiftWindow {
  weekdays: number[];
  startLocal: string;
  endLocal: string;
}

/** Whether the shift covers the local moment; overnight shifts belong to the weekday they start on. */
export function shiftCovers(shift: ShiftWindow, at: LocalMoment): boolean {
  const start = parseLocalTime(shift.startLocal);
  const end = parseLocalTime(shift.endLocal);
  if (start === end) return shift.weekdays.includes(at.weekday); // all day
  if (start < end) return shift.weekdays.includes(at.weekday) && at.minute >= start && at.minute < end;
  const previousDay = at.weekday === 1 ? 7 : at.weekday - 1;
  return (shift.weekdays.includes(at.weekday) && at.minute >= start) || (shift.weekdays.includes(previousDay) && at.minute < end);
}

/**
 * The local date the covering occurrence of the shift started on: the day itself, or the day
 * before for the small hours of an overnight shift. Null when the shift does not cover `at`.
 */
export function shiftStartDate(shift: ShiftWindow, at: LocalMoment & { date: string }): string | null {
  if (!shiftCovers(shift, at)) return null;
  const start = parseLocalTime(shift.startLocal);
  const end = parseLocalTime(shift.endLocal);
  const startedYesterday = start > end && at.minute < end && !(shift.weekdays.includes(at.weekday) && at.minute >= start);
  return startedYesterday ? addDays(at.date, -1) : at.date;
}

export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** Whole days from `from` to `to` (both YYYY-MM-DD); negative when `to` is earlier. */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}
