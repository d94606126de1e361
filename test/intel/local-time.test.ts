import { describe, expect, it } from '@jest/globals';
import {
  localDay,
  localDaysBetween,
  localHourAndWeekday,
  localMidnight,
  midnightOfLocalDay,
  shiftLocalDays,
} from '../../src/intel/local-time.ts';

const NY = 'America/New_York';
const HOUR = 3_600_000;
const iso = (t: number) => new Date(t).toISOString();

// New York springs forward on 2026-03-08 (02:00 EST → 03:00 EDT) and falls back on 2026-11-01 (02:00 EDT → 01:00 EST).
describe('local days across daylight-saving changes', () => {
  it('gives 2026-03-08 in New York its real midnight and 23 hours', () => {
    const lateEvening = Date.UTC(2026, 2, 9, 3, 30); // 23:30 EDT on the 8th
    const midnight = localMidnight(lateEvening, NY);
    expect(iso(midnight)).toBe('2026-03-08T05:00:00.000Z'); // 00:00 EST
    expect((shiftLocalDays(midnight, 1, NY) - midnight) / HOUR).toBe(23);
    expect(localDay(lateEvening, NY)).toBe('2026-03-08');
  });

  it('gives 2026-11-01 in New York its real midnight and 25 hours', () => {
    const lateEvening = Date.UTC(2026, 10, 2, 4, 30); // 23:30 EST on the 1st
    const midnight = localMidnight(lateEvening, NY);
    expect(iso(midnight)).toBe('2026-11-01T04:00:00.000Z'); // 00:00 EDT
    expect((shiftLocalDays(midnight, 1, NY) - midnight) / HOUR).toBe(25);
    expect(midnightOfLocalDay('2026-11-01', NY)).toBe(midnight);
  });

  it('names the hours of the short and the long day by their wall clock', () => {
    // 02:00 does not exist on the spring day; 01:00 happens twice on the autumn day.
    expect(localHourAndWeekday(Date.UTC(2026, 2, 8, 7, 30), NY).hour).toBe(3);
    expect(localHourAndWeekday(Date.UTC(2026, 10, 1, 5, 30), NY).hour).toBe(1);
    expect(localHourAndWeekday(Date.UTC(2026, 10, 1, 6, 30), NY)).toEqual({ hour: 1, weekday: 6 }); // a Sunday
  });

  it('counts calendar days and steps whole days back and forth over both changes', () => {
    const before = midnightOfLocalDay('2026-03-01', NY);
    const after = midnightOfLocalDay('2026-11-10', NY);
    expect(localDaysBetween(before, after, NY)).toBe(254);
    expect(shiftLocalDays(before, 254, NY)).toBe(after);
    expect(shiftLocalDays(after, -254, NY)).toBe(before);
  });

  it('throws on an unknown time zone', () => {
    expect(() => localMidnight(0, 'Mars/Olympus_Mons')).toThrow(RangeError);
  });
});
