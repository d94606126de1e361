import { describe, expect, test } from '@jest/globals';
import { actualValues, addDays, backtestMase, fitForecaster, forecast } from '../../../src/intel/forecast/index.ts';
import type { DailyValue } from '../../../src/intel/forecast/index.ts';
import { START_DATE, syntheticChannel, WEEKLY } from './support/synthetic.ts';

const exact = (days: number): DailyValue[] =>
  Array.from({ length: days }, (_, d) => ({ date: addDays(START_DATE, d), value: 100 * WEEKLY[d % 7]! * 1.01 ** d }));

describe('fitForecaster / forecast', () => {
  test('forecasts the horizon days after the last day, each carrying the model version', () => {
    const model = fitForecaster(exact(28));
    const points = forecast(model, 7);
    expect(points.map((p) => p.date)).toEqual(Array.from({ length: 7 }, (_, h) => addDays(START_DATE, 28 + h)));
    expect(new Set(points.map((p) => p.modelVersion))).toEqual(new Set([model.modelVersion]));
    expect(model.modelVersion).toMatch(/^ridge-dow@1\(dow,log1p,.*\/n=28\/to=2026-02-01$/);
  });

  test('recovers a noise-free weekly pattern with trend to within 2%', () => {
    const truth = exact(35);
    const points = forecast(fitForecaster(truth.slice(0, 28), { ridgeLambda: 1e-6 }), 7);
    points.forEach((p, h) => expect(p.value / truth[28 + h]!.value).toBeCloseTo(1, 1.7));
  });

  test('keeps every point inside its interval', () => {
    const c = syntheticChannel({ seed: 3, days: 42 });
    for (const p of forecast(fitForecaster(c.conversions), 7)) {
      expect(p.lower).toBeLessThanOrEqual(p.value);
      expect(p.value).toBeLessThanOrEqual(p.upper);
    }
  });

  test('forecasts a ratio as the ratio of its two forecasts', () => {
    const c = syntheticChannel({ seed: 4, days: 42 });
    const r = forecast(fitForecaster({ numerator: c.revenue, denominator: c.spend }), 3);
    const n = forecast(fitForecaster(c.revenue), 3);
    const d = forecast(fitForecaster(c.spend), 3);
    r.forEach((p, i) => expect(p.value).toBeCloseTo(n[i]!.value / d[i]!.value, 9));
  });

  test('falls back to trend + level below three weeks of history', () => {
    expect(fitForecaster(exact(14)).modelVersion).toContain('(trend,');
  });

  test('refuses to forecast from fewer than 7 days', () => {
    expect(() => fitForecaster(exact(6))).toThrow(RangeError);
  });

  test('80% intervals cover 70–90% of held-out days (30 seeds, conversions and ROAS)', () => {
    let hit = 0;
    let n = 0;
    for (let seed = 1; seed <= 30; seed++) {
      const c = syntheticChannel({ seed, days: 56 });
      for (const input of [c.conversions, { numerator: c.revenue, denominator: c.spend }]) {
        const actual = new Map(actualValues(input).map((p) => [p.date, p.value]));
        for (const p of backtestMase(input).predictions) {
          const a = actual.get(p.date)!;
          n++;
          if (a >= p.lower && a <= p.upper) hit++;
        }
      }
    }
    expect(hit / n).toBeGreaterThanOrEqual(0.7);
    expect(hit / n).toBeLessThanOrEqual(0.9);
  });
});
