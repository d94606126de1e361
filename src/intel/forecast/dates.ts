/**
 * Calendar-day arithmetic on `YYYY-MM-DD` strings. Days are counted in UTC so the result never depends on the
 * host's timezone (workflow determinism); the strings themselves are the account's local days.
 */
import { DAY as DAY_MS } from '../time.ts';

/** Days since 1970-01-01 of a `YYYY-MM-DD` date. Throws RangeError on anything else. */
export function dayNumber(date: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) throw new RangeError(`not a YYYY-MM-DD date: ${date}`);
  return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) / DAY_MS;
}

/** The `YYYY-MM-DD` date of a day number. */
export function dateOf(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

export const addDays = (date: string, days: number): string => dateOf(dayNumber(date) + days);

/** Weekday with Monday = 0 … Sunday = 6 (1970-01-01 was a Thursday, weekday 3). */
export const weekday = (date: string): number => (((dayNumber(date) + 3) % 7) + 7) % 7;

/** Epoch ms at which a day ends, reading the date as UTC (off by the account's UTC offset, at most 14 h). */
export const dayEndMs = (date: string): number => (dayNumber(date) + 1) * DAY_MS;

export { DAY_MS };
