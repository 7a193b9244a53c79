import { Transform } from 'class-transformer';
import { problem } from '../errors';
import { FieldProblem, Problem } from '../problems';
import { registerDecorator, ValidationArguments, ValidationOptions } from 'class-validator';

/**
 * The one timestamp rule of every interface (HTTP bodies and queries, Kafka payloads): RFC 3339
 * with a UTC offset or Z, e.g. `2026-03-01T08:15:00+08:00`. ISO 8601 allows much more (week
 * dates `2026-W05-1`, ordinal dates `2026-032`, basic format `20260301T081500Z`, no offset at
 * all) that `Date` either cannot parse or parses as local time; a read with such a time was
 * taken, matched against nothing and silently lost. Validation and parsing are one function
 * here, so what is accepted is exactly what is parsed.
 */
export const TIMESTAMP_EXAMPLE = '2026-03-01T08:15:00+08:00';

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(?:[Zz]|([+-])(\d{2}):(\d{2}))$/;
const CALENDAR_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function daysInMonth(year: number, month: number): number {
  return month === 2 ? (year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28) : [4, 6, 9, 11].includes(month) ? 30 : 31;
}

function utc(year: number, month: number, day: number, hour = 0, minute = 0, second = 0, ms = 0): number {
  const date = new Date(Date.UTC(2000, month - 1, day, hour, minute, second, ms));
  date.setUTCFullYear(year); // Date.UTC maps years 0-99 to 1900-1999
  return date.getTime();
}

/**
 * The instant an RFC 3339 timestamp names, or null when the text is not one (wrong shape, a day
 * the month does not have, hour 24, a leap second, an offset beyond ±23:59). Fractions of a
 * second beyond milliseconds are cut, as `Date` holds milliseconds.
 */
export function parseTimestamp(value: unknown): Date | null {
  if (typeof value !== 'string' || value.length > 40) return null;
  const m = RFC3339.exec(value);
  if (!m) return null;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month) || hour > 23 || minute > 59 || second > 59) return null;
  let offsetMinutes = 0;
  if (m[8]) {
    const [oh, om] = [Number(m[9]), Number(m[10])];
    if (oh > 23 || om > 59) return null;
    offsetMinutes = (m[8] === '-' ? -1 : 1) * (oh * 60 + om);
  }
  const ms = m[7] ? Number(m[7].padEnd(3, '0').slice(0, 3)) : 0;
  return new Date(utc(year, month, day, hour, minute, second, ms) - offsetMinutes * 60_000);
}

/** Whether `value` is an RFC 3339 timestamp this system accepts. */
export function isTimestamp(value: unknown): value is string {
  return parseTimestamp(value) !== null;
}

/** `${field} must be …`: the one wording of the rule, for validators and hand-written checks alike. */
export function timestampMessage(field: string): string {
  return `${field} must be an RFC 3339 timestamp with a UTC offset or Z, such as ${TIMESTAMP_EXAMPLE} (a real date and time)`;
}

/**
 * The text in the canonical form `Date#toISOString` writes (UTC, milliseconds), which every
 * `new Date(…)` downstream parses to the same instant; anything else is returned unchanged for
 * validation to refuse.
 */
export function canonicalTimestamp(value: unknown): unknown {
  const parsed = parseTimestamp(value);
  if (!parsed) return value;
  const year = parsed.getUTCFullYear();
  return year >= 0 && year <= 9999 ? parsed.toISOString() : value;
}

/**
 * On a string property: an RFC 3339 timestamp (see {@link parseTimestamp}), rewritten on
 * transformation to its canonical UTC form so that code reading the property with `new Date()`
 * gets exactly the instant that was validated.
 */
export function IsTimestamp(options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) => {
    Transform(({ value }) => canonicalTimestamp(value))(target, propertyName);
    registerDecorator({
      name: 'isTimestamp',
      target: target.constructor,
      propertyName: propertyName as string,
      options,
      validator: {
        validate: (value: unknown) => isTimestamp(value),
        defaultMessage: (args?: ValidationArguments) => timestampMessage(args?.property ?? 'value'),
      },
    });
  };
}

/** The UTC midnight a `YYYY-MM-DD` calendar date names, or null (wrong shape, 2026-02-30, 0000-00-00). */
export function parseCalendarDate(value: unknown): Date | null {
  if (typeof value !== 'string') return null;
  const m = CALENDAR_DATE.exec(value);
  if (!m) return null;
  const [year, month, day] = m.slice(1).map(Number);
  if (year < 1 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  return new Date(utc(year, month, day));
}

export function calendarDateMessage(field: string): string {
  return `${field} must be a calendar date YYYY-MM-DD that exists, such as 2026-03-01`;
}

/** On a string property: a `YYYY-MM-DD` date that exists in the calendar. */
export function IsCalendarDate(options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'isCalendarDate',
      target: target.constructor,
      propertyName: propertyName as string,
      options,
      validator: {
        validate: (value: unknown) => parseCalendarDate(value) !== null,
        defaultMessage: (args?: ValidationArguments) => calendarDateMessage(args?.property ?? 'value'),
      },
    });
}

/** How far ahead of our clock a sender's clock may run before its reads are refused. */
export const MAX_CLOCK_SKEW_MS = 5 * 60_000;

export interface TimeWindow {
  /** Latest accepted: now plus this (default {@link MAX_CLOCK_SKEW_MS}). */
  maxAheadMs?: number;
  /** Earliest accepted: now minus this. */
  maxAgeMs: number;
  /** What the age limit is, for the message, e.g. `the 90-day hit retention window`. */
  ageLimit: string;
}

function span(ms: number): string {
  const minutes = Math.round(ms / 60_000);
  return minutes % 1440 === 0 ? `${minutes / 1440} day(s)` : `${minutes} minute(s)`;
}

/**
 * Why an instant lies outside the window this system can act on, or null. A read "from 2099"
 * or "from 1970" is a sender's broken clock: refusing it (400, or a dead letter on Kafka) tells
 * the sender, where accepting it would match nothing and lose the read without a word.
 */
export function timeWindowProblem(field: string, at: Date, now: Date, window: TimeWindow): string | null {
  return timeWindowFieldProblem(field, at, now, window)?.message ?? null;
}

/** {@link timeWindowProblem} with its field and code (`time.in_future`, `time.too_old`), for HTTP answers. */
export function timeWindowFieldProblem(field: string, at: Date, now: Date, window: TimeWindow): FieldProblem | null {
  const ahead = window.maxAheadMs ?? MAX_CLOCK_SKEW_MS;
  const params = { at: at.toISOString(), now: now.toISOString() };
  if (at.getTime() - now.getTime() > ahead) {
    return problem(Problem.TimeInFuture, field, `${field} ${params.at} is more than ${span(ahead)} in the future (server time ${params.now}): check the sender's clock`, params);
  }
  if (now.getTime() - at.getTime() > window.maxAgeMs) {
    return problem(Problem.TimeTooOld, field, `${field} ${params.at} is older than ${window.ageLimit} (server time ${params.now})`, params);
  }
  return null;
}
