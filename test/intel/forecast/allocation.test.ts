import { describe, expect, test } from '@jest/globals';
import { fitResponseCurve, hillValue, pooledPrior, recommendAllocation } from '../../../src/intel/forecast/index.ts';
import type { AllocationUnit, HillCurve } from '../../../src/intel/forecast/index.ts';
import { oracleSplit } from './support/oracle.ts';
import { hillUnits } from './support/synthetic.ts';
import type { HillUnit } from './support/synthetic.ts';

/** Fitted units: every curve fitted, pooled into a prior, thin ones refitted toward it. */
function fitted(us: readonly HillUnit[]): AllocationUnit[] {
  const raw = us.map((u) => fitResponseCurve(u.history));
  const prior = pooledPrior(raw);
  return us.map((u, i) => ({
    id: u.id,
    name: u.name,
    currentDailyBudget: u.currentDailyBudget,
    valuePerOutcome: u.aov,
    curve: raw[i]!.dataWeight >= 0.5 ? raw[i]! : fitResponseCurve(u.history, { prior }),
  }));
}

const trueProfit = (us: readonly HillUnit[], x: readonly number[]) =>
  x.reduce((a, xi, i) => a + us[i]!.aov * hillValue(us[i]!.truth, xi) - xi, 0);

function scenario(seed: number, equalCurrent = false) {
  const us = hillUnits({ seed, units: 8, days: 42, spendCv: 0.3, ...(equalCurrent ? { budget: 150 } : {}) });
  const units = fitted(us);
  const total = us.reduce((a, u) => a + u.currentDailyBudget, 0);
  const rec = recommendAllocation({ units, totalBudget: total, maxChangePercent: 30, minBudget: 5 });
  const oracle = oracleSplit(
    rec.units.map((u, i) => ({ curve: us[i]!.truth, value: us[i]!.aov, lo: u.lowerBound, hi: u.upperBound })),
    total,
  );
  return {
    us,
    rec,
    total,
    share:
      trueProfit(
        us,
        rec.units.map((u) => u.recommendedBudget),
      ) / trueProfit(us, oracle),
    current: trueProfit(
      us,
      us.map((u) => u.currentDailyBudget),
    ),
    equal: trueProfit(
      us,
      us.map(() => total / us.length),
    ),
    recommended: trueProfit(
      us,
      rec.units.map((u) => u.recommendedBudget),
    ),
  };
}

describe('recommendAllocation on fitted curves, judged under the true curves', () => {
  const seeds = Array.from({ length: 10 }, (_, i) => i + 1);
  const runs = seeds.map((s) => scenario(s));

  test('earns at least 95% of the constrained oracle profit in every seed', () => {
    const shares = runs.map((r) => r.share);
    console.log(
      `allocation share of oracle profit: min ${Math.min(...shares).toFixed(3)}, mean ${(shares.reduce((a, b) => a + b) / shares.length).toFixed(3)}`,
    );
    for (const s of shares) expect(s).toBeGreaterThanOrEqual(0.95);
  });

  test('beats the current split in every seed', () => {
    for (const r of runs) expect(r.recommended).toBeGreaterThan(r.current);
  });

  test('beats the equal split when the equal split is where the account starts', () => {
    for (const seed of seeds.slice(0, 5)) {
      const r = scenario(seed, true);
      expect(r.recommended).toBeGreaterThan(r.equal);
    }
  });

  test('spends the whole budget within every unit’s bounds', () => {
    for (const r of runs) {
      expect(r.rec.units.reduce((a, u) => a + u.recommendedBudget, 0)).toBeCloseTo(r.total, 6);
      for (const u of r.rec.units) {
        expect(Math.abs(u.changePercent)).toBeLessThanOrEqual(30 + 1e-9);
        expect(u.recommendedBudget).toBeGreaterThanOrEqual(5);
      }
    }
  });
});

describe('recommendAllocation mechanics', () => {
  const curve = (vmax: number, k: number): HillCurve => ({ vmax, k, alpha: 1 });
  const units: AllocationUnit[] = [
    { id: 'a', name: 'A', currentDailyBudget: 100, curve: curve(100, 50) },
    { id: 'b', name: 'B', currentDailyBudget: 100, curve: curve(60, 200) },
    { id: 'c', name: 'C', currentDailyBudget: 100, curve: curve(80, 100) },
  ];

  test('equalises marginal returns across units that end inside their bounds', () => {
    const rec = recommendAllocation({ units, totalBudget: 300, maxChangePercent: 100, gridSteps: 2000 });
    const interior = rec.units.filter(
      (u) => u.recommendedBudget > u.lowerBound + 1 && u.recommendedBudget < u.upperBound - 1,
    );
    expect(interior.length).toBeGreaterThanOrEqual(2);
    const m = interior.map((u) => u.marginalReturn);
    expect(Math.max(...m) / Math.min(...m)).toBeLessThan(1.02);
  });

  test('keeps a locked unit at its current budget', () => {
    const rec = recommendAllocation({
      units: units.map((u) => (u.id === 'a' ? { ...u, locked: true } : u)),
      totalBudget: 300,
    });
    expect(rec.units[0]!.recommendedBudget).toBe(100);
  });

  test('reports expected outcome of both splits', () => {
    const rec = recommendAllocation({ units, totalBudget: 300 });
    expect(rec.current.outcome).toBeCloseTo(100 * (100 / 150) + 60 * (100 / 300) + 80 * 0.5, 9);
    expect(rec.recommended.outcome).toBeGreaterThan(rec.current.outcome);
  });

  test('leaves budget unallocated when every unit is at its upper bound', () => {
    expect(recommendAllocation({ units, totalBudget: 1000 }).unallocated).toBeCloseTo(1000 - 390, 6);
  });

  test('refuses a budget below the units’ lower bounds', () => {
    expect(() => recommendAllocation({ units, totalBudget: 100 })).toThrow(RangeError);
  });
});
