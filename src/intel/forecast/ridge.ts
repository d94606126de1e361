/** Weighted ridge least squares, the one solver behind the trend + day-of-week forecaster. */
import { Matrix, solve } from 'ml-matrix';

/**
 * Minimises Σ wᵢ(yᵢ − xᵢ·β)² + Σⱼ λⱼβⱼ², i.e. solves (XᵀWX + Λ)β = XᵀWy.
 * `penalty[j]` is λⱼ (0 leaves the intercept free). With a positive penalty on every column but the intercept
 * the system is non-singular even for collinear designs (e.g. a weekday never seen), which plain OLS is not.
 */
export function ridge(
  rows: readonly (readonly number[])[],
  y: readonly number[],
  weights: readonly number[],
  penalty: readonly number[],
): number[] {
  const p = penalty.length;
  const a = Matrix.zeros(p, p);
  const b = Matrix.zeros(p, 1);
  rows.forEach((x, i) => {
    const w = weights[i]!;
    for (let j = 0; j < p; j++) {
      b.set(j, 0, b.get(j, 0) + w * x[j]! * y[i]!);
      for (let k = 0; k < p; k++) a.set(j, k, a.get(j, k) + w * x[j]! * x[k]!);
    }
  });
  for (let j = 0; j < p; j++) a.set(j, j, a.get(j, j) + penalty[j]!);
  return solve(a, b).getColumn(0);
}
