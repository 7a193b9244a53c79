/**
 * GA/T 1400 times: `yyyyMMddHHmmss` in the platform's local time, no zone in the text (China:
 * UTC+08:00, no daylight saving, so a fixed offset is exact). Some platforms add milliseconds
 * (17 digits) or write `yyyy-MM-dd HH:mm:ss`; those are accepted too. Anything else is refused
 * with a reason, never guessed at.
 */

/** "+08:00" → 480. Returns null for anything that is not ±HH:MM. */
export function parseUtcOffset(text: string): number | null {
  const m = /^([+-])(\d{2}):?(\d{2})$/.exec(text.trim());
  if (!m) return null;
  const minutes = Number(m[2]) * 60 + Number(m[3]);
  if (Number(m[2]) > 14 || Number(m[3]) > 59) return null;
  return m[1] === '-' ? -minutes : minutes;
}

export function formatUtcOffset(offsetMinutes: number): string {
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  return `${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

const COMPACT = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{3})?$/;
const SPACED = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(?:\.(\d{3}))?$/;

export type ViidTimeResult = { ok: true; at: Date } | { ok: false; problem: string };

/**
 * Reads a GA/T 1400 time written in the zone `offsetMinutes` east of UTC. The problem, when
 * there is one, completes "<field> ..." for the sender.
 */
export function parseViidTime(value: unknown, offsetMinutes: number): ViidTimeResult {
  const text = typeof value === 'number' && Number.isInteger(value) ? String(value) : value;
  if (typeof text !== 'string') return { ok: false, problem: `must be a yyyyMMddHHmmss string, got ${describe(value)}` };
  const m = COMPACT.exec(text.trim()) ?? SPACED.exec(text.trim());
  if (!m) return { ok: false, problem: `must be yyyyMMddHHmmss (platform local time), got "${text.slice(0, 40)}"` };
  const [year, month, day, hour, minute, second, ms] = m.slice(1).map((p) => (p === undefined ? 0 : Number(p)));
  const utcMs = Date.UTC(year, month - 1, day, hour, minute, second, ms);
  const check = new Date(utcMs);
  // Date.UTC rolls 20260230 over into March; a date that does not exist is refused instead.
  if (
    year < 1970 || check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day ||
    hour > 23 || minute > 59 || second > 59
  ) {
    return { ok: false, problem: `is not a real date and time: "${text.slice(0, 40)}"` };
  }
  return { ok: true, at: new Date(utcMs - offsetMinutes * 60_000) };
}

/** `at` as yyyyMMddHHmmss in the zone `offsetMinutes` east of UTC. */
export function formatViidTime(at: Date, offsetMinutes: number): string {
  const local = new Date(at.getTime() + offsetMinutes * 60_000);
  return (
    `${local.getUTCFullYear()}${pad(local.getUTCMonth() + 1)}${pad(local.getUTCDate())}` +
    `${pad(local.getUTCHours())}${pad(local.getUTCMinutes())}${pad(local.getUTCSeconds())}`
  );
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `${typeof value} ${String(value).slice(0, 40)}`;
}
