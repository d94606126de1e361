import { describe, expect, test } from '@jest/globals';
import { fitResponseCurve, hillValue, pooledPrior } from '../../../src/intel/forecast/index.ts';
import { hillUnits } from './support/synthetic.ts';

describe('fitResponseCurve', () => {
  test('predicts the true outcome within 10% across ±30% of the current budget when spend varies', () => {
    for (const u of hillUnits({ seed: 21, units: 6, days: 56, spendCv: 0.3 })) {
      const c = fitResponseCurve(u.history);
      for (const m of [0.7, 1, 1.3]) {
        const x = u.currentDailyBudget * m;
        expect(hillValue(c, x) / hillValue(u.truth, x)).toBeGreaterThan(0.9);
        expect(hillValue(c, x) / hillValue(u.truth, x)).toBeLessThan(1.1);
      }
    }
  });

  test('leans on the prior shape when spend barely moved', () => {
    const u = hillUnits({ seed: 22, units: 1, days: 10, spendCv: 0.03 })[0]!;
    const c = fitResponseCurve(u.history, { prior: { kRatio: 2, alpha: 1 } });
    expect(c.dataWeight).toBeLessThan(0.15);
    expect(Math.abs(c.alpha - 1)).toBeLessThan(0.25);
    expect(c.k / c.medianSpend).toBeGreaterThan(1.4);
  });

  test('still matches the observed level when shrunk', () => {
    const u = hillUnits({ seed: 23, units: 1, days: 10, spendCv: 0.03 })[0]!;
    const c = fitResponseCurve(u.history, { prior: { kRatio: 2, alpha: 1 } });
    const mean = u.history.reduce((a, p) => a + p.outcome, 0) / u.history.length;
    expect(hillValue(c, c.medianSpend) / mean).toBeCloseTo(1, 1);
  });

  test('pools the shapes of well-identified units into a prior', () => {
    const curves = hillUnits({ seed: 24, units: 6, days: 56, spendCv: 0.3 }).map((u) => fitResponseCurve(u.history));
    const prior = pooledPrior(curves);
    expect(prior.alpha).toBeGreaterThanOrEqual(0.5);
    expect(prior.alpha).toBeLessThanOrEqual(3);
    expect(prior.kRatio).toBeGreaterThan(0);
  });

  test('refuses points without spend', () => {
    expect(() => fitResponseCurve([{ spend: 0, outcome: 3 }])).toThrow(RangeError);
  });
});
