import { describe, expect, it } from '@jest/globals';
import type { BudgetRecommendationRow } from '../../../src/db/budget-recommendations.ts';
import { planBudget, storedAllocation } from '../../../src/bot/forecast/budget-plan.ts';
import { hillValue } from '../../../src/intel/forecast/index.ts';

const row = (id: string, current: number, curve: { vmax: number; k: number; alpha: number }, locked = false) =>
  ({
    unit_id: id,
    unit_type: 'adset',
    unit_name: `Ad set ${id}`,
    channel: 'sales',
    current_budget: current,
    recommended_budget: current,
    lower_bound: current * 0.7,
    upper_bound: current * 1.3,
    change_percent: 0,
    expected_conversions_current: hillValue(curve, current),
    expected_conversions_recommended: hillValue(curve, current),
    expected_revenue_current: hillValue(curve, current) * 50,
    expected_revenue_recommended: hillValue(curve, current) * 50,
    value_per_conversion: 50,
    curve_vmax: curve.vmax,
    curve_k: curve.k,
    curve_alpha: curve.alpha,
    locked,
    max_change_percent: 30,
    model_name: `response:act:${id}`,
    model_version: 'v',
    generated_at: 1,
    run_id: 'r',
  }) satisfies BudgetRecommendationRow;

// A strong unit far from saturation, a saturated one, and one in learning (locked).
const rows = [
  row('a', 500, { vmax: 60, k: 900, alpha: 1 }),
  row('b', 600, { vmax: 20, k: 150, alpha: 1 }),
  row('c', 400, { vmax: 30, k: 400, alpha: 1 }, true),
];

describe('planBudget', () => {
  it('spends the total, keeps each unit within ±30% (a locked one put), and beats the current proportions', () => {
    const plan = planBudget(rows, 1600, 30);
    if (!plan.ok) throw new Error(plan.reason);
    const by = new Map(plan.allocation.units.map((u) => [u.id, u]));
    expect(plan.allocation.recommended.spend).toBeCloseTo(1600, 6);
    expect(by.get('c')!.recommendedBudget).toBe(400);
    for (const u of plan.allocation.units) expect(Math.abs(u.changePercent)).toBeLessThanOrEqual(30 + 1e-9);
    // Money moves from the saturated unit to the one with the better marginal return.
    expect(by.get('a')!.recommendedBudget).toBeGreaterThan(500);
    expect(by.get('b')!.recommendedBudget).toBeLessThan(600);
    expect(plan.currentSplit.spend).toBeCloseTo(1600, 6);
    expect(plan.allocation.recommended.value).toBeGreaterThan(plan.currentSplit.value);
  });

  it('refuses a total outside what one step can reach, and says the range', () => {
    const low = planBudget(rows, 500, 30);
    expect(low).toMatchObject({ ok: false, min: 0.7 * 1100 + 400, max: 1.3 * 1100 + 400 });
    if (!low.ok) expect(low.reason).toContain('1170–1830 a day');
    expect(planBudget(rows, 5000, 30).ok).toBe(false);
  });

  it('reads the stored rows back as an allocation with their totals', () => {
    const a = storedAllocation(rows);
    expect(a.current.spend).toBe(1500);
    expect(a.current.value).toBeCloseTo(
      rows.reduce((s, r) => s + r.expected_revenue_current, 0),
      9,
    );
  });
});
