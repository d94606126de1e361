import { describe, expect, test } from '@jest/globals';
import {
  addDays,
  backtestMase,
  backtestMetrics,
  seasonalNaive,
  seasonalNaiveScale,
} from '../../../src/intel/forecast/index.ts';
import type { DailyValue } from '../../../src/intel/forecast/index.ts';
import { START_DATE, syntheticChannel } from './support/synthetic.ts';

const series = (values: number[]): DailyValue[] => values.map((value, d) => ({ date: addDays(START_DATE, d), value }));
const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;

describe('seasonal naive', () => {
  test('repeats the last season for every horizon', () => {
    const h = series([1, 2, 3]);
    const f = seasonalNaive(h, [addDays(START_DATE, 3), addDays(START_DATE, 4), addDays(START_DATE, 6)], 2);
    expect(f.map((p) => p.value)).toEqual([2, 3, 3]);
  });

  test('scales MASE by the in-sample mean |y_t − y_{t−m}|', () => {
    // pairs (m = 2): |3−1|, |2−2|, |7−3| → mean 2
    expect(seasonalNaiveScale(series([1, 2, 3, 2, 7]), 2)).toBe(2);
  });
});

describe('backtestMase on scenarios with known truth', () => {
  const seeds = Array.from({ length: 20 }, (_, i) => i + 1);
  const runs = seeds.map((seed) => {
    const c = syntheticChannel({ seed, days: 56 });
    return backtestMetrics({ roas: { numerator: c.revenue, denominator: c.spend }, conversions: c.conversions });
  });

  test('beats seasonal naive on the held-out week for ROAS (mean MASE < 0.9 over 20 seeds)', () => {
    const m = mean(runs.map((r) => r.roas.mase));
    console.log(`synthetic ROAS MASE mean ${m.toFixed(3)}`);
    expect(m).toBeLessThan(0.9);
  });

  test('beats seasonal naive on the held-out week for conversions (mean MASE < 0.9 over 20 seeds)', () => {
    const m = mean(runs.map((r) => r.conversions.mase));
    console.log(`synthetic conversions MASE mean ${m.toFixed(3)}`);
    expect(m).toBeLessThan(0.9);
  });

  test('has MASE < 1 on at least 70% of the series', () => {
    const all = runs.flatMap((r) => [r.roas.mase, r.conversions.mase]);
    expect(all.filter((m) => m < 1).length / all.length).toBeGreaterThanOrEqual(0.7);
  });

  test('has a lower held-out MAE than the seasonal-naive forecast, summed over seeds', () => {
    const model = runs.reduce((a, r) => a + r.conversions.modelMae, 0);
    const base = runs.reduce((a, r) => a + r.conversions.baselineMae, 0);
    expect(model).toBeLessThan(base);
  });

  test('scores exactly the held-out days', () => {
    const r = backtestMase(syntheticChannel({ seed: 1, days: 35 }).conversions, { holdoutDays: 7 });
    expect(r.days).toBe(7);
    expect(r.predictions[0]!.date).toBe(addDays(START_DATE, 28));
  });
});
