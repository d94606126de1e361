import { describe, expect, test } from '@jest/globals';
import { buildForecastDashboards } from '../../../src/intel/forecast/index.ts';
import { scenarios } from '../../../src/emulators/simulator/scenarios.ts';
import { simulateAccount } from './support/simulated-account.ts';

describe('buildForecastDashboards', () => {
  const acc = simulateAccount(scenarios.healthy(), { seed: 3, days: 42, budgetSwing: true });
  const out = buildForecastDashboards({
    rows: acc.adDays,
    entities: acc.entities,
    grouping: 'objective',
    budgetUnits: acc.adsets.map((s) => ({
      id: s.id,
      name: s.name,
      currentDailyBudget: s.baseBudget,
      history: s.history,
      valuePerOutcome: s.aov,
    })),
  });
  const d = out.dashboards;

  test('charts ROAS forecasts with intervals for every channel', () => {
    expect(d.roiByChannel.labels.sort()).toEqual(['sales', 'traffic']);
    d.roiByChannel.value.forEach((v, i) => {
      expect(d.roiByChannel.lower[i]!).toBeLessThanOrEqual(v);
      expect(d.roiByChannel.upper[i]!).toBeGreaterThanOrEqual(v);
    });
  });

  test('draws 28 days of actuals and 7 forecast days on the over-time charts', () => {
    for (const c of [d.roiOverTime, d.conversionsOverTime, d.reachOverTime, d.ctrOverTime]) {
      expect(c.dates).toHaveLength(35);
      expect(c.actual.filter((v) => v !== null)).toHaveLength(28);
      expect(c.predicted.filter((v) => v !== null)).toHaveLength(7);
    }
  });

  test('shows current and recommended budgets with the same total', () => {
    const sum = (v: number[]) => v.reduce((a, b) => a + b, 0);
    expect(sum(d.budgetAllocation.recommended)).toBeCloseTo(sum(d.budgetAllocation.current), 0);
    expect(d.budgetAllocation.totals.recommended.value).toBeGreaterThanOrEqual(d.budgetAllocation.totals.current.value);
  });

  test('returns every new forecast as a prediction to store, with its model version', () => {
    expect(out.newPredictions).toHaveLength(2 * 7 + 4 * 7);
    for (const p of out.newPredictions) expect(p.modelVersion).toMatch(/ridge-dow@1/);
  });

  test('is plain JSON', () => {
    expect(JSON.parse(JSON.stringify(d))).toEqual(d);
  });
});
