/**
 * The oracle split for concave true curves, by a method independent of the greedy under test: water-filling.
 * At the optimum vᵢ·fᵢ′(xᵢ) = λ for interior units (KKT); xᵢ(λ) is found by bisection on the decreasing
 * marginal, and λ by bisection on Σxᵢ(λ) = budget.
 */
import { hillMarginal } from '../../../../src/intel/forecast/hill.ts';
import type { HillCurve } from '../../../../src/intel/forecast/hill.ts';

export interface OracleUnit {
  curve: HillCurve;
  value: number;
  lo: number;
  hi: number;
}

function spendAt(u: OracleUnit, lambda: number): number {
  const m = (x: number) => u.value * hillMarginal(u.curve, x);
  if (m(u.lo) <= lambda) return u.lo;
  if (m(u.hi) >= lambda) return u.hi;
  let a = u.lo;
  let b = u.hi;
  for (let i = 0; i < 100; i++) {
    const c = (a + b) / 2;
    if (m(c) > lambda) a = c;
    else b = c;
  }
  return (a + b) / 2;
}

export function oracleSplit(units: readonly OracleUnit[], budget: number): number[] {
  let lo = 0;
  let hi = Math.max(...units.map((u) => u.value * hillMarginal(u.curve, u.lo))) + 1;
  for (let i = 0; i < 200; i++) {
    const mid = (lo + hi) / 2;
    const total = units.reduce((a, u) => a + spendAt(u, mid), 0);
    if (total > budget) lo = mid;
    else hi = mid;
  }
  return units.map((u) => spendAt(u, hi));
}
