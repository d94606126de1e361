import { describe, expect, test } from '@jest/globals';
import {
  addDays,
  comparePredictions,
  dailyErrorSeries,
  dayEndMs,
  detectDrift,
  fitForecaster,
  forecast,
} from '../../../src/intel/forecast/index.ts';
import type { ActualDay, StoredPrediction } from '../../../src/intel/forecast/index.ts';
import { START_DATE, syntheticChannel } from './support/synthetic.ts';

const errors = (v: number[]) => v.map((error, d) => ({ date: addDays(START_DATE, d), error }));

describe('detectDrift', () => {
  test('fires on the Nth consecutive day above the threshold', () => {
    const r = detectDrift(errors([0.1, 0.3, 0.3, 0.3, 0.1]), { threshold: 0.2, days: 3 });
    expect(r).toEqual({
      drifted: true,
      alertDate: addDays(START_DATE, 3),
      runStart: addDays(START_DATE, 1),
      currentRun: 0,
      retrain: false,
    });
  });

  test('does not fire on shorter runs', () => {
    expect(detectDrift(errors([0.3, 0.3, 0.1, 0.3, 0.3]), { threshold: 0.2, days: 3 }).drifted).toBe(false);
  });

  test('breaks a run on a missing day', () => {
    const e = errors([0.3, 0.3, 0.3]);
    e[2]!.date = addDays(START_DATE, 3);
    expect(detectDrift(e, { threshold: 0.2, days: 3 }).drifted).toBe(false);
  });

  test('asks for retraining while the run lasts', () => {
    expect(detectDrift(errors([0.1, 0.3, 0.3, 0.3]), { threshold: 0.2, days: 3 }).retrain).toBe(true);
  });
});

describe('drift on a regime change (conversion rate × 0.6 from day 42)', () => {
  // A model fitted on days 0–27 keeps predicting days 28–55; actuals are compared as they settle.
  const regimeDay = 42;
  const c = syntheticChannel({ seed: 5, days: 56, spend: 2000, regime: { day: regimeDay, cvrFactor: 0.6 } });
  const model = fitForecaster(c.conversions.slice(0, 28));
  const predictions: StoredPrediction[] = forecast(model, 28).map((p) => ({
    id: p.date,
    key: 'sales',
    metric: 'conversions',
    ...p,
  }));
  const actuals: ActualDay[] = c.conversions.map((p, d) => ({
    key: 'sales',
    date: p.date,
    spend: c.spend[d]!.value,
    impressions: c.impressions[d]!.value,
    clicks: c.clicks[d]!.value,
    conversions: p.value,
    revenue: c.revenue[d]!.value,
    reach: c.reach[d]!.value,
  }));
  const now = dayEndMs(addDays(START_DATE, 55)) + 25 * 3_600_000;
  const daily = dailyErrorSeries(comparePredictions(predictions, actuals, now).comparisons, 'conversions');
  const rule = { threshold: 0.25, days: 3 };

  test('does not fire before the change', () => {
    expect(
      detectDrift(
        daily.filter((e) => e.date < addDays(START_DATE, regimeDay)),
        rule,
      ).drifted,
    ).toBe(false);
  });

  test('fires within a week of the change and marks the model for retraining', () => {
    const r = detectDrift(daily, rule);
    expect(r.drifted).toBe(true);
    expect(r.alertDate! >= addDays(START_DATE, regimeDay)).toBe(true);
    expect(r.alertDate! <= addDays(START_DATE, regimeDay + 6)).toBe(true);
    expect(r.retrain).toBe(true);
  });
});
