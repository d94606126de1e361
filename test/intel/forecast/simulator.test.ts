/** Ground truth from the ad-account simulator (src/emulators/simulator): forecasts and allocation judged by its laws. */
import { describe, expect, test } from '@jest/globals';
import {
  backtestMase,
  channelOf,
  channelSeries,
  fitResponseCurve,
  pooledPrior,
  recommendAllocation,
} from '../../../src/intel/forecast/index.ts';
import { scenarios } from '../../../src/emulators/simulator/scenarios.ts';
import { oracleSplit } from './support/oracle.ts';
import { simulateAccount } from './support/simulated-account.ts';

const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;

describe('forecasts on the simulator', () => {
  // Ad sets start in Meta's learning phase (−15% conversions) when a simulation starts: drop two weeks of warm-up.
  const mases = { roas: [] as number[], conversions: [] as number[] };
  for (const seed of [1, 2, 3, 4, 5, 6]) {
    const acc = simulateAccount(scenarios.healthy(), { seed, days: 56 });
    const rows = acc.adDays.filter((r) => r.date >= '2026-01-19');
    const byChannel = new Map(acc.entities.map((e) => [e.id, channelOf(e, 'objective')]));
    for (const m of channelSeries(rows, byChannel).values()) {
      mases.roas.push(backtestMase(m.roas).mase);
      mases.conversions.push(backtestMase(m.conversions).mase);
    }
  }

  test('beats seasonal naive for ROAS per channel (mean MASE < 1 over 6 seeds × 2 channels)', () => {
    console.log(
      `simulator ROAS MASE: ${mases.roas.map((m) => m.toFixed(2)).join(' ')} (mean ${mean(mases.roas).toFixed(3)})`,
    );
    expect(mean(mases.roas)).toBeLessThan(1);
  });

  test('beats seasonal naive for conversions per channel (mean MASE < 1 over 6 seeds × 2 channels)', () => {
    console.log(
      `simulator conversions MASE: ${mases.conversions.map((m) => m.toFixed(2)).join(' ')} (mean ${mean(mases.conversions).toFixed(3)})`,
    );
    expect(mean(mases.conversions)).toBeLessThan(1);
  });
});

describe('allocation on the simulator, judged under its true response curves', () => {
  const acc = simulateAccount(scenarios.healthy(), { seed: 7, days: 56, budgetSwing: true });
  const raw = acc.adsets.map((s) => fitResponseCurve(s.history));
  const prior = pooledPrior(raw);
  const units = acc.adsets.map((s, i) => ({
    id: s.id,
    name: s.name,
    currentDailyBudget: s.baseBudget,
    valuePerOutcome: s.aov,
    curve: raw[i]!.dataWeight >= 0.5 ? raw[i]! : fitResponseCurve(s.history, { prior }),
  }));
  const total = units.reduce((a, u) => a + u.currentDailyBudget, 0);
  const rec = recommendAllocation({ units, totalBudget: total, maxChangePercent: 30 });
  const truth = acc.adsets.map((s) => acc.sim.truth.responseCurve(s.id));
  const profit = (x: readonly number[]) => x.reduce((a, xi, i) => a + truth[i]!.revenueAt(xi) - xi, 0);
  const oracle = oracleSplit(
    rec.units.map((u, i) => ({
      curve: {
        vmax: truth[i]!.maxDailyImpressions * truth[i]!.ctr * truth[i]!.cvr,
        k: truth[i]!.halfSaturationBudget,
        alpha: 1,
      },
      value: truth[i]!.aov,
      lo: u.lowerBound,
      hi: u.upperBound,
    })),
    total,
  );

  test('earns at least 95% of the oracle profit under the same ±30% bounds', () => {
    const share = profit(rec.units.map((u) => u.recommendedBudget)) / profit(oracle);
    console.log(`simulator allocation: ${(share * 100).toFixed(1)}% of oracle profit`);
    expect(share).toBeGreaterThanOrEqual(0.95);
  });

  test('earns more than the current split', () => {
    expect(profit(rec.units.map((u) => u.recommendedBudget))).toBeGreaterThan(
      profit(units.map((u) => u.currentDailyBudget)),
    );
  });
});
