import { describe, expect, it } from '@jest/globals';
import { dayStartOf, insightRows, resolveRange } from '../../../src/emulators/meta/insights.ts';
import { scenarios } from '../../../src/emulators/simulator/scenarios.ts';
import { Simulator } from '../../../src/emulators/simulator/simulator.ts';

// New York leaves daylight saving time on 2026-11-01: that local day has 25 hours, and 2026-03-08 has 23.
describe('daily insights across a daylight-saving change', () => {
  it.each([
    ['autumn (a 25-hour day)', Date.UTC(2026, 10, 6, 22), '2026-10-29', '2026-11-04'],
    ['spring (a 23-hour day)', Date.UTC(2026, 2, 12, 22), '2026-03-05', '2026-03-11'],
  ])('gives one row per local day in %s, adding up to the whole range', (_, start, since, until) => {
    const sim = new Simulator(scenarios.demo(), { seed: 3, startTime: start });
    const range = resolveRange(sim, null, JSON.stringify({ since, until }));
    const daily = insightRows(sim, { level: 'account', ...range, daily: true, hourly: false });
    const total = insightRows(sim, { level: 'account', ...range, daily: false, hourly: false });
    const days = daily.map((r) => r.date_start);
    expect(days).toEqual([...new Set(days)]);
    expect(days).toHaveLength(7);
    expect(days[0]).toBe(since);
    expect(days.at(-1)).toBe(until);
    expect(daily.every((r) => r.date_stop === r.date_start)).toBe(true);
    const sum = (rows: Record<string, unknown>[], k: string) => rows.reduce((a, r) => a + Number(r[k]), 0);
    expect(sum(daily, 'impressions')).toBe(Number(total[0]!.impressions));
    expect(sum(daily, 'spend')).toBeCloseTo(Number(total[0]!.spend), 1);
    expect(total[0]!.date_start).toBe(since);
    expect(total[0]!.date_stop).toBe(until);
  });

  const upTo23 = (from: number) => Array.from({ length: 24 - from }, (_, i) => from + i);
  it.each([
    ['2026-03-08', 23, [0, 1, ...upTo23(3)]], // 02:00 never happens
    ['2026-11-01', 25, [0, 1, 1, ...upTo23(2)]], // 01:00 happens twice
  ])("has the simulator's local day %s last %i hours, each named by its wall clock", (date, hours, wallHours) => {
    const sim = new Simulator(scenarios.demo(), { seed: 3, startTime: Date.UTC(2026, 10, 6, 22) });
    const start = dayStartOf(sim, date);
    const end = sim.shiftLocalDays(start, 1);
    expect((end - start) / 3_600_000).toBe(hours);
    expect(Array.from({ length: hours }, (_, i) => sim.localTime(start + i * 3_600_000).hour)).toEqual(wallHours);
    expect(sim.localDayIndex(end - 1)).toBe(sim.localDayIndex(start));
    expect(sim.localDayIndex(end)).toBe(sim.localDayIndex(start) + 1);
  });
});
