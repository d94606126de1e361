/**
 * Calendar math in an account's IANA time zone, with Luxon's tz database rules: a local day that daylight
 * saving time makes 23 or 25 hours long starts at its real midnight and has its real length, and half-hour
 * offsets (Asia/Kolkata) keep their local minutes. Pure and deterministic: the zone rules come from Intl.
 */
import { DateTime } from 'luxon';

const DAY_MS = 86_400_000;

/** @throws RangeError when `timeZone` is not an IANA zone this runtime knows. */
function zoned(instant: number, timeZone: string): DateTime {
  const dt = DateTime.fromMillis(instant, { zone: timeZone });
  if (!dt.isValid)
    throw new RangeError(`Invalid time zone: ${timeZone} (${dt.invalidExplanation ?? dt.invalidReason})`);
  return dt;
}

/** Start of the local hour containing `instant`, as epoch ms. @throws RangeError for an unknown zone. */
export function localHourStart(instant: number, timeZone: string): number {
  return zoned(instant, timeZone).startOf('hour').toMillis();
}

/** Start of the local day containing `instant` (local midnight), as epoch ms. @throws RangeError for an unknown zone. */
export function localMidnight(instant: number, timeZone: string): number {
  return zoned(instant, timeZone).startOf('day').toMillis();
}

/** The local calendar day (YYYY-MM-DD) of `instant`. @throws RangeError for an unknown zone. */
export function localDay(instant: number, timeZone: string): string {
  return zoned(instant, timeZone).toISODate()!;
}

/** Local midnight of the calendar day `date` (YYYY-MM-DD). @throws RangeError for an unknown zone or a bad date. */
export function midnightOfLocalDay(date: string, timeZone: string): number {
  const dt = DateTime.fromISO(date, { zone: timeZone });
  if (!dt.isValid) throw new RangeError(`Invalid date or time zone: ${date} ${timeZone}`);
  return dt.startOf('day').toMillis();
}

/** Local midnight `n` calendar days after (or before) the local day containing `instant`. */
export function shiftLocalDays(instant: number, n: number, timeZone: string): number {
  return zoned(instant, timeZone).startOf('day').plus({ days: n }).toMillis();
}

/** Whole calendar days from the local day of `from` to the local day of `to` (exact, whatever their lengths). */
export function localDaysBetween(from: number, to: number, timeZone: string): number {
  const ordinal = (t: number) => {
    const d = zoned(t, timeZone);
    return Date.UTC(d.year, d.month - 1, d.day) / DAY_MS;
  };
  return ordinal(to) - ordinal(from);
}

/** Local hour of day (0–23) and weekday (0 = Monday) of `instant`. */
export function localHourAndWeekday(instant: number, timeZone: string): { hour: number; weekday: number } {
  const d = zoned(instant, timeZone);
  return { hour: d.hour, weekday: d.weekday - 1 };
}
