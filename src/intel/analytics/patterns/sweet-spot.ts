/** The budget sweet spot of an ad set: where extra spend stops paying, from a fitted saturating curve. */
import { levenbergMarquardt } from 'ml-levenberg-marquardt';
import { clamp, DAY_MS, round } from '../stats.ts';
import type { MetricPoint } from '../types.ts';
import { confidence } from './confidence.ts';
import type { SweetSpotPattern } from './types.ts';

export interface SweetSpotOptions {
  /** Marginal return, as a share of the best marginal return, that marks the sweet spot. */
  marginalShare?: number;
  targetCpa?: number;
  /** Days with spend the fit needs, and the spread of spend (coefficient of variation) it needs (ML.md §3.7). */
  minDays?: number;
  minSpendCv?: number;
}

export interface HillCurve {
  vmax: number;
  k: number;
  alpha: number;
}

/** Hill curve y(s) = vmax·s^α / (k^α + s^α). */
export const hill = (c: HillCurve) => (s: number) =>
  s <= 0 ? 0 : (c.vmax * s ** c.alpha) / (c.k ** c.alpha + s ** c.alpha);

/** Marginal return dy/ds = vmax·α·k^α·s^(α−1) / (k^α + s^α)². */
export const hillMarginal = (c: HillCurve) => (s: number) => {
  const ka = c.k ** c.alpha;
  const sa = s ** c.alpha;
  return (c.vmax * c.alpha * ka * s ** (c.alpha - 1)) / (ka + sa) ** 2;
};

/**
 * Fits conversions/day = Hill(spend) by bounded Levenberg–Marquardt from two starting k values (deterministic),
 * keeping the lowest squared error. α is bounded to [1, 3]: with α < 1 the marginal return is unbounded near
 * zero spend, which daily data cannot support and which leaves "initial return" undefined.
 * Sweet spot: the spend s* > s_peak where dy/ds = marginalShare · max dy/ds (for α = 1, s* = k·(1/√share − 1);
 * share 0.25 gives s* = k, the half-saturation spend). Target spend: where dy/ds = 1 / targetCpa, i.e. the
 * marginal CPA reaches the target. Null without enough days or spend variation to identify a curve.
 */
export function budgetSweetSpot(
  entityId: string,
  daily: readonly MetricPoint[],
  now: number,
  options: SweetSpotOptions = {},
): SweetSpotPattern | null {
  const share = options.marginalShare ?? 0.25;
  const points = daily.filter((p) => p.t < now && p.spend > 0);
  if (points.length < (options.minDays ?? 14)) return null;
  const x = points.map((p) => p.spend);
  const y = points.map((p) => p.conversions);
  const mean = x.reduce((a, b) => a + b, 0) / x.length;
  const cv = Math.sqrt(x.reduce((a, v) => a + (v - mean) ** 2, 0) / x.length) / mean;
  if (cv < (options.minSpendCv ?? 0.15) || y.every((v) => v === 0)) return null;
  const curve = fit(x, y);
  const yMean = y.reduce((a, b) => a + b, 0) / y.length;
  const sst = y.reduce((a, v) => a + (v - yMean) ** 2, 0);
  const f = hill(curve);
  const sse = y.reduce((a, v, i) => a + (v - f(x[i]!)) ** 2, 0);
  const r2 = sst > 0 ? 1 - sse / sst : 0;
  const m = hillMarginal(curve);
  const peakAt = curve.alpha > 1 ? curve.k * ((curve.alpha - 1) / (curve.alpha + 1)) ** (1 / curve.alpha) : 0;
  const peak = curve.alpha > 1 ? m(peakAt) : curve.vmax / curve.k;
  const sweet = solveDecreasing(m, peakAt, share * peak, curve.k);
  const targetSpend =
    options.targetCpa && options.targetCpa > 0 && peak > 1 / options.targetCpa
      ? solveDecreasing(m, peakAt, 1 / options.targetCpa, curve.k)
      : null;
  const currentSpend = points.slice(-7).reduce((a, p) => a + p.spend, 0) / Math.min(7, points.length);
  const xMax = Math.max(...x);
  const conversions = y.reduce((a, b) => a + b, 0);
  return {
    kind: 'budget-sweet-spot',
    entityId,
    curve: { vmax: round(curve.vmax, 3), k: round(curve.k, 2), alpha: round(curve.alpha, 3) },
    sweetSpotSpend: round(sweet, 2),
    marginalShare: share,
    targetCpaSpend: targetSpend === null ? null : round(targetSpend, 2),
    currentSpend: round(currentSpend, 2),
    r2: round(r2, 3),
    summary:
      `Returns fall to ${Math.round(share * 100)}% of the best at ~${sweet.toFixed(0)}/day (now ${currentSpend.toFixed(0)}/day)` +
      (targetSpend === null ? '.' : `; marginal CPA reaches the target at ~${targetSpend.toFixed(0)}/day.`),
    confidence: confidence({
      sampleSize: conversions,
      halfSample: 200,
      // A sweet spot far outside the spend range seen is an extrapolation: trust falls with the distance.
      consistency: clamp(r2, 0, 1) * clamp(xMax / sweet, 0, 1) ** 0.5 * clamp(cv / 0.3, 0, 1),
      spanDays: points.length,
      fullDays: 28,
    }),
    validFrom: now,
    validUntil: now + 14 * DAY_MS,
  };
}

function fit(x: number[], y: number[]): HillCurve {
  const xMax = Math.max(...x);
  const yMax = Math.max(...y);
  let best: { c: HillCurve; err: number } | null = null;
  for (const k0 of [0.3, 1.5].map((q) => q * xMax)) {
    const r = levenbergMarquardt({ x, y }, ([v, k, a]) => hill({ vmax: v!, k: k!, alpha: a! }), {
      initialValues: [yMax * (1 + k0 / xMax), k0, 1],
      minValues: [yMax * 0.2, xMax * 0.01, 1],
      maxValues: [yMax * 50, xMax * 50, 3],
      jacobianFunction: hillJacobian,
      // The library stops only at an absolute error of 1e-7, which count data never reach: cap the iterations.
      maxIterations: 40,
      damping: 1e-2,
    });
    const [v, k, a] = r.parameterValues;
    const c = { vmax: v!, k: k!, alpha: a! };
    const f = hill(c);
    const err = y.reduce((acc, yi, i) => acc + (yi - f(x[i]!)) ** 2, 0);
    if (!best || err < best.err) best = { c, err };
  }
  return best!.c;
}

/** ∂y/∂(vmax, k, α) of the Hill curve: exact, and cheaper than finite differences over 1,000 ad sets. */
const hillJacobian =
  ([v, k, a]: number[]) =>
  (s: number): number[] => {
    if (s <= 0) return [0, 0, 0];
    const sa = s ** a!;
    const ka = k! ** a!;
    const d = ka + sa;
    return [sa / d, (-v! * sa * a! * ka) / (k! * d * d), (v! * sa * ka * Math.log(s / k!)) / (d * d)];
  };

/** Bisection for the s > from where the (decreasing beyond `from`) marginal m(s) = level; capped at 100·scale. */
function solveDecreasing(m: (s: number) => number, from: number, level: number, scale: number): number {
  let lo = Math.max(from, 1e-9 * scale);
  let hi = Math.max(lo * 2, scale);
  while (m(hi) > level && hi < 100 * scale) hi *= 2;
  if (m(hi) > level) return hi;
  for (let i = 0; i < 80; i++) {
    const mid = (lo + hi) / 2;
    if (m(mid) > level) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}
