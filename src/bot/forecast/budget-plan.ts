/** The stored recommendation as an Allocation, and the same curves re-split for another daily total (/budget). */
import type { BudgetRecommendationRow } from '../../db/budget-recommendations.ts';
import {
  allocationBounds,
  evaluateSplit,
  recommendAllocation,
  type Allocation,
  type AllocationUnit,
  type Totals,
} from '../../intel/forecast/index.ts';

const units = (rows: readonly BudgetRecommendationRow[]): AllocationUnit[] =>
  rows.map((r) => ({
    id: r.unit_id,
    name: r.unit_name,
    currentDailyBudget: r.current_budget,
    curve: { vmax: r.curve_vmax, k: r.curve_k, alpha: r.curve_alpha },
    // A unit without conversions has no AOV: value its conversions at 0 rather than guessing.
    valuePerOutcome: r.value_per_conversion,
    locked: r.locked,
  }));

/** What the stored rows say, as an Allocation (for the chart and the API). */
export function storedAllocation(rows: readonly BudgetRecommendationRow[]): Allocation {
  const sum = (f: (r: BudgetRecommendationRow) => number) => rows.reduce((a, r) => a + f(r), 0);
  const current = {
    spend: sum((r) => r.current_budget),
    outcome: sum((r) => r.expected_conversions_current),
    value: sum((r) => r.expected_revenue_current),
    profit: 0,
  };
  const recommended = {
    spend: sum((r) => r.recommended_budget),
    outcome: sum((r) => r.expected_conversions_recommended),
    value: sum((r) => r.expected_revenue_recommended),
    profit: 0,
  };
  current.profit = current.value - current.spend;
  recommended.profit = recommended.value - recommended.spend;
  return {
    units: rows.map((r) => ({
      id: r.unit_id,
      name: r.unit_name,
      currentBudget: r.current_budget,
      recommendedBudget: r.recommended_budget,
      changePercent: r.change_percent,
      lowerBound: r.lower_bound,
      upperBound: r.upper_bound,
      expectedOutcomeCurrent: r.expected_conversions_current,
      expectedOutcomeRecommended: r.expected_conversions_recommended,
      expectedValueCurrent: r.expected_revenue_current,
      expectedValueRecommended: r.expected_revenue_recommended,
      marginalReturn: 0,
    })),
    current,
    recommended,
    unallocated: 0,
  };
}

export type BudgetPlan =
  | {
      ok: true;
      allocation: Allocation;
      /** The same total split in today's proportions: what "keep the current split" would bring. */
      currentSplit: Totals;
      maxChangePercent: number;
    }
  | { ok: false; reason: string; min: number; max: number };

/**
 * Splits `total` across the stored units on their fitted curves, each unit within ±maxChangePercent of its current
 * budget (and ≥ 1). A total the bounds cannot reach is refused with the reachable range.
 */
export function planBudget(
  rows: readonly BudgetRecommendationRow[],
  total: number,
  maxChangePercent: number,
): BudgetPlan {
  const u = units(rows);
  const bounds = u.map((x) => allocationBounds(x, maxChangePercent, 1));
  const lo = bounds.reduce((a, b) => a + b.lo, 0);
  const hi = bounds.reduce((a, b) => a + b.hi, 0);
  const reason = (what: string) =>
    `${what}: one step moves each unit at most ${maxChangePercent}% (MAX_BUDGET_CHANGE_PERCENT), so today's units can take ${lo.toFixed(0)}–${hi.toFixed(0)} a day.`;
  if (total < lo - 1e-6)
    return { ok: false, reason: reason(`${total} is below what the units can be cut to`), min: lo, max: hi };
  if (total > hi + 1e-6)
    return { ok: false, reason: reason(`${total} is more than the units can absorb`), min: lo, max: hi };
  const current = u.reduce((a, x) => a + x.currentDailyBudget, 0);
  const scaled = new Map(u.map((x) => [x.id, current > 0 ? (x.currentDailyBudget * total) / current : 0]));
  return {
    ok: true,
    allocation: recommendAllocation({ units: u, totalBudget: total, maxChangePercent }),
    currentSplit: evaluateSplit(u, scaled),
    maxChangePercent,
  };
}
