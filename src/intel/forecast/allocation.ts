/**
 * Budget allocation across units (channels or ad sets) on fitted response curves, Meridian style: start every unit
 * at its lower bound and repeatedly fund the next increment with the best incremental return until the budget is
 * spent. On concave curves this ends where marginal returns are equal (KKT), up to one increment.
 */
import { hillValue } from './hill.ts';
import type { HillCurve } from './hill.ts';
import { MaxHeap } from './max-heap.ts';

/** MAX_BUDGET_CHANGE_PERCENT's default: no unit moves more than this per step (Meridian's ±30%). */
export const DEFAULT_MAX_CHANGE_PERCENT = 30;

export interface AllocationUnit {
  id: string;
  name: string;
  currentDailyBudget: number;
  /** Outcome (e.g. conversions) per day as a function of daily spend. */
  curve: HillCurve;
  /** Value of one outcome (AOV for conversions; 1 when the curve is already revenue). Default 1. */
  valuePerOutcome?: number;
  /** Keep the current budget (e.g. an ad set in Meta's learning phase). */
  locked?: boolean;
}

export interface AllocationRequest {
  units: readonly AllocationUnit[];
  totalBudget: number;
  /** Per-unit cap on |recommended − current| / current, in percent (default 30). */
  maxChangePercent?: number;
  /** Per-unit minimum daily budget (Meta enforces one; default 1). */
  minBudget?: number;
  /** Increments per unit across its [lower, upper] range (default 200). */
  gridSteps?: number;
}

export interface UnitAllocation {
  id: string;
  name: string;
  currentBudget: number;
  recommendedBudget: number;
  changePercent: number;
  lowerBound: number;
  upperBound: number;
  expectedOutcomeCurrent: number;
  expectedOutcomeRecommended: number;
  expectedValueCurrent: number;
  expectedValueRecommended: number;
  /** Value per extra currency unit at the recommended budget (marginal ROAS), by a small finite difference. */
  marginalReturn: number;
}

export interface Totals {
  spend: number;
  outcome: number;
  value: number;
  /** value − spend. */
  profit: number;
}

export interface Allocation {
  units: UnitAllocation[];
  current: Totals;
  recommended: Totals;
  /** Budget the bounds left unspent (every unit at its upper bound). */
  unallocated: number;
}

interface Bounds {
  lo: number;
  hi: number;
}

/** Lower/upper bounds: current·(1 ∓ p), lower at least `minBudget`; a locked unit stays put. */
export function allocationBounds(unit: AllocationUnit, maxChangePercent: number, minBudget: number): Bounds {
  const c = unit.currentDailyBudget;
  if (unit.locked) return { lo: c, hi: c };
  const lo = Math.max(minBudget, c * (1 - maxChangePercent / 100));
  return { lo, hi: Math.max(lo, c * (1 + maxChangePercent / 100)) };
}

/** Expected outcome and value of a budget split (a missing id counts as 0 spend). */
export function evaluateSplit(units: readonly AllocationUnit[], budgets: ReadonlyMap<string, number>): Totals {
  const t: Totals = { spend: 0, outcome: 0, value: 0, profit: 0 };
  for (const u of units) {
    const x = budgets.get(u.id) ?? 0;
    const o = hillValue(u.curve, x);
    t.spend += x;
    t.outcome += o;
    t.value += o * (u.valuePerOutcome ?? 1);
  }
  t.profit = t.value - t.spend;
  return t;
}

/**
 * Greedy marginal-return allocation of `totalBudget` within per-unit bounds: increments δᵢ = (hiᵢ − loᵢ)/gridSteps
 * go, one at a time, to the unit with the largest vᵢ·(fᵢ(xᵢ + δᵢ) − fᵢ(xᵢ))/δᵢ (a binary heap keeps this
 * O(steps·log units)). Throws RangeError when the lower bounds alone exceed the budget.
 */
export function recommendAllocation(request: AllocationRequest): Allocation {
  const p = request.maxChangePercent ?? DEFAULT_MAX_CHANGE_PERCENT;
  const minBudget = request.minBudget ?? 1;
  const steps = request.gridSteps ?? 200;
  const units = request.units;
  const bounds = units.map((u) => allocationBounds(u, p, minBudget));
  const x = bounds.map((b) => b.lo);
  let remaining = request.totalBudget - x.reduce((a, b) => a + b, 0);
  if (remaining < -1e-9) throw new RangeError('the total budget is below the sum of the units’ lower bounds');
  const value = (i: number, s: number) => hillValue(units[i]!.curve, s) * (units[i]!.valuePerOutcome ?? 1);
  const delta = bounds.map((b) => (b.hi - b.lo) / steps);
  const gain = (i: number) => {
    const d = Math.min(delta[i]!, bounds[i]!.hi - x[i]!, remaining);
    return d > 1e-12 ? (value(i, x[i]! + d) - value(i, x[i]!)) / d : Number.NEGATIVE_INFINITY;
  };
  const heap = new MaxHeap();
  units.forEach((_, i) => delta[i]! > 0 && heap.push(i, gain(i)));
  while (remaining > 1e-9 && heap.size > 0) {
    const i = heap.pop()!;
    // The key may be stale if `remaining` shrank below this unit's step since it was pushed: recompute and requeue.
    const d = Math.min(delta[i]!, bounds[i]!.hi - x[i]!, remaining);
    if (d <= 1e-12) continue;
    x[i]! += d;
    remaining -= d;
    if (bounds[i]!.hi - x[i]! > 1e-9) heap.push(i, gain(i));
  }
  const cur = new Map(units.map((u) => [u.id, u.currentDailyBudget]));
  const rec = new Map(units.map((u, i) => [u.id, x[i]!]));
  return {
    units: units.map((u, i) => {
      const v = u.valuePerOutcome ?? 1;
      const c = u.currentDailyBudget;
      const eps = Math.max(1e-6, x[i]! * 1e-4);
      return {
        id: u.id,
        name: u.name,
        currentBudget: c,
        recommendedBudget: x[i]!,
        changePercent: c > 0 ? ((x[i]! - c) / c) * 100 : 0,
        lowerBound: bounds[i]!.lo,
        upperBound: bounds[i]!.hi,
        expectedOutcomeCurrent: hillValue(u.curve, c),
        expectedOutcomeRecommended: hillValue(u.curve, x[i]!),
        expectedValueCurrent: hillValue(u.curve, c) * v,
        expectedValueRecommended: hillValue(u.curve, x[i]!) * v,
        marginalReturn: (value(i, x[i]! + eps) - value(i, x[i]!)) / eps,
      };
    }),
    current: evaluateSplit(units, cur),
    recommended: evaluateSplit(units, rec),
    unallocated: Math.max(0, remaining),
  };
}
