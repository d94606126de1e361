import { describe, expect, it } from '@jest/globals';
import { hourlyDelta, localDay, localHourStart } from '../../src/intel/hourly-delta.ts';

describe('hourlyDelta', () => {
  it('is the difference between consecutive cumulative pulls', () => {
    const prev = { impressions: 1000, clicks: 20, spend: 10.1, conversions: 1, conversionValue: 50, reach: 800 };
    const cur = { impressions: 1600, clicks: 31, spend: 16.3, conversions: 3, conversionValue: 149.9, reach: 1200 };
    expect(hourlyDelta(prev, cur)).toEqual({
      impressions: 600,
      clicks: 11,
      spend: 6.2,
      conversions: 2,
      conversionValue: 99.9,
      reach: 1200,
    });
  });

  it('gives the first pull of a day its whole cumulative total', () => {
    const cur = { impressions: 500, clicks: 5, spend: 4, conversions: 0, conversionValue: 0, reach: 400 };
    expect(hourlyDelta(null, cur)).toEqual(cur);
  });

  it('keeps a downward revision as a negative delta so the day still adds up', () => {
    const prev = { impressions: 1000, clicks: 30, spend: 10, conversions: 2, conversionValue: 80, reach: null };
    const cur = { impressions: 1100, clicks: 28, spend: 11, conversions: 2, conversionValue: 80, reach: null };
    expect(hourlyDelta(prev, cur).clicks).toBe(-2);
  });
});

describe('local time', () => {
  it('finds the local hour start in a half-hour-offset zone', () => {
    const instant = Date.UTC(2026, 10, 24, 4, 50, 12); // 10:20:12 in Asia/Kolkata (+05:30)
    expect(new Date(localHourStart(instant, 'Asia/Kolkata')).toISOString()).toBe('2026-11-24T04:30:00.000Z');
    expect(new Date(localHourStart(instant, 'UTC')).toISOString()).toBe('2026-11-24T04:00:00.000Z');
  });

  it('names the local day across midnight', () => {
    const instant = Date.UTC(2026, 10, 24, 3, 0); // 22:00 on the 23rd in New York
    expect(localDay(instant, 'America/New_York')).toBe('2026-11-23');
    expect(localDay(instant, 'UTC')).toBe('2026-11-24');
  });
});
