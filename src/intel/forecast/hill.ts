/** The Hill saturation curve (Robyn): diminishing returns of daily spend. */

export interface HillCurve {
  /** Outcome per day at infinite spend. */
  vmax: number;
  /** Half-saturation spend: f(k) = vmax/2. */
  k: number;
  /** Shape: 1 is Michaelis–Menten (concave everywhere); above 1 the curve is S-shaped. */
  alpha: number;
}

/** f(x) = vmax·x^α / (x^α + k^α), 0 for x ≤ 0. */
export function hillValue(c: HillCurve, x: number): number {
  if (x <= 0) return 0;
  const xa = x ** c.alpha;
  return (c.vmax * xa) / (xa + c.k ** c.alpha);
}

/** f′(x) = vmax·α·k^α·x^(α−1) / (x^α + k^α)². */
export function hillMarginal(c: HillCurve, x: number): number {
  if (x <= 0) return c.alpha < 1 ? Number.POSITIVE_INFINITY : c.alpha === 1 ? c.vmax / c.k : 0;
  const ka = c.k ** c.alpha;
  const xa = x ** c.alpha;
  return (c.vmax * c.alpha * ka * x ** (c.alpha - 1)) / (xa + ka) ** 2;
}
