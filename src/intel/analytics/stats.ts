/** Small statistics helpers shared by the analytics modules (simple-statistics has no p-values or BH). */
import { errorFunction } from 'simple-statistics';
import type { MetricPoint } from './types.ts';
import { DAY as DAY_MS, HOUR as HOUR_MS } from '../time.ts';

export { HOUR_MS, DAY_MS };

export const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));
export const round = (v: number, digits = 4) => {
  const f = 10 ** digits;
  return Math.round(v * f) / f;
};

export interface Totals {
  impressions: number;
  clicks: number;
  spend: number;
  conversions: number;
  value: number;
}

export function totals(points: readonly MetricPoint[]): Totals {
  const t: Totals = { impressions: 0, clicks: 0, spend: 0, conversions: 0, value: 0 };
  for (const p of points) {
    t.impressions += p.impressions;
    t.clicks += p.clicks;
    t.spend += p.spend;
    t.conversions += p.conversions;
    t.value += p.value;
  }
  return t;
}

/** Points with `from <= t < to`. */
export const within = <T extends { t: number }>(points: readonly T[], from: number, to: number): T[] =>
  points.filter((p) => p.t >= from && p.t < to);

/**
 * Standard normal CDF Φ(z) = ½·(1 + erf(z/√2)). Computed from `errorFunction` rather than simple-statistics'
 * `cumulativeStdNormalProbability`, whose 4-digit table cannot tell p = 1e-4 from p = 1e-9.
 */
export const normalCdf = (z: number) => 0.5 * (1 + errorFunction(z / Math.SQRT2));

/** Two-sided p-value of a z statistic, p = 2·(1 − Φ(|z|)). */
export const twoSidedP = (z: number) => Math.min(1, 2 * (1 - normalCdf(Math.abs(z))));

/**
 * Benjamini–Hochberg: which of m tests are discoveries at false-discovery rate q. Sorts p ascending, finds the
 * largest k with p(k) ≤ k·q/m and rejects the k smallest.
 */
export function benjaminiHochberg(pValues: readonly number[], q: number): boolean[] {
  const m = pValues.length;
  const order = pValues.map((p, i) => ({ p, i })).sort((a, b) => a.p - b.p);
  let k = 0;
  order.forEach((o, rank) => {
    if (o.p <= ((rank + 1) * q) / m) k = rank + 1;
  });
  const out = new Array<boolean>(m).fill(false);
  for (let r = 0; r < k; r++) out[order[r]!.i] = true;
  return out;
}

/**
 * Weighted least-squares line y = a + b·x: b = Σw(x−x̄)(y−ȳ) / Σw(x−x̄)², with x̄, ȳ weighted means. Returns
 * null when x has no spread.
 */
export function weightedLine(
  x: readonly number[],
  y: readonly number[],
  w: readonly number[],
): { intercept: number; slope: number } | null {
  let sw = 0;
  let sx = 0;
  let sy = 0;
  for (let i = 0; i < x.length; i++) {
    sw += w[i]!;
    sx += w[i]! * x[i]!;
    sy += w[i]! * y[i]!;
  }
  if (sw <= 0) return null;
  const mx = sx / sw;
  const my = sy / sw;
  let sxx = 0;
  let sxy = 0;
  for (let i = 0; i < x.length; i++) {
    sxx += w[i]! * (x[i]! - mx) ** 2;
    sxy += w[i]! * (x[i]! - mx) * (y[i]! - my);
  }
  if (sxx <= 1e-12) return null;
  const slope = sxy / sxx;
  return { intercept: my - slope * mx, slope };
}

/** Quantile by linear interpolation between order statistics (type 7). */
export function quantile(values: readonly number[], q: number): number {
  const s = [...values].sort((a, b) => a - b);
  const pos = (s.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return s[lo]! + (s[hi]! - s[lo]!) * (pos - lo);
}

/** P(X ≤ k) for X ~ Poisson(μ), summed in log space (exact for the counts an ad set has in a week). */
export function poissonCdf(k: number, mu: number): number {
  if (mu <= 0) return 1;
  if (k < 0) return 0;
  let term = Math.exp(-mu);
  let sum = term;
  for (let i = 1; i <= Math.floor(k); i++) {
    term *= mu / i;
    sum += term;
    if (term < 1e-16 * sum && i > mu) break;
  }
  // exp(−μ) underflows for μ > ~745; the normal approximation is accurate there.
  if (!Number.isFinite(sum) || sum === 0) return normalCdf((k + 0.5 - mu) / Math.sqrt(mu));
  return Math.min(1, sum);
}
