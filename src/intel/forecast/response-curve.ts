/**
 * Diminishing-returns response curves per unit (channel or ad set), fitted from daily (spend, outcome) points and
 * shrunk toward a pooled prior when the unit's data cannot identify its own curve (few days, or spend that barely
 * moved: with a spend CV under ~15% saturation is not identified, Jin et al. 2017).
 */
import { levenbergMarquardt } from 'ml-levenberg-marquardt';
import { median } from 'simple-statistics';
import { hillValue } from './hill.ts';
import type { HillCurve } from './hill.ts';

export const RESPONSE_MODEL_FAMILY = 'hill-lm-shrunk@1';

export interface ResponsePoint {
  spend: number;
  /** Conversions or revenue on that day. */
  outcome: number;
}

/** Shape prior for thin units: k = kRatio × the unit's median spend, and α. */
export interface CurvePrior {
  kRatio: number;
  alpha: number;
}

export interface ResponseCurve extends HillCurve {
  modelVersion: string;
  /** Days with spend used. */
  n: number;
  spendCv: number;
  medianSpend: number;
  maxSpend: number;
  /** Weight of the unit's own fit against the prior, w = n/(n + priorDays) · min(1, cv/fullCv). */
  dataWeight: number;
  r2: number;
}

export interface ResponseFitOptions {
  /** Default {kRatio: 1.5, alpha: 1}: saturation half-way a little above today's spend (ML.md §3.2). */
  prior?: CurvePrior;
  /** Days at which the unit's own fit and the prior weigh the same (default 14). */
  priorDays?: number;
  /** Spend CV at and above which spread does not limit the data weight (default 0.2). */
  fullCv?: number;
}

const ALPHAS = [0.5, 0.75, 1, 1.25, 1.5, 1.75, 2, 2.5, 3];
const K_MULTIPLES = Array.from({ length: 25 }, (_, i) => 0.1 * 1.25 ** i); // 0.1× … ~21× max spend

/** Least-squares scale for fixed shape: V = Σyᵢhᵢ / Σhᵢ² with hᵢ = Hill(xᵢ; V=1, k, α); clipped at 0. */
function bestScale(
  x: readonly number[],
  y: readonly number[],
  k: number,
  alpha: number,
): { vmax: number; sse: number } {
  let hy = 0;
  let hh = 0;
  const h = x.map((xi) => hillValue({ vmax: 1, k, alpha }, xi));
  h.forEach((hi, i) => ((hy += hi * y[i]!), (hh += hi * hi)));
  const vmax = hh > 0 ? Math.max(0, hy / hh) : 0;
  const sse = y.reduce((a, yi, i) => a + (yi - vmax * h[i]!) ** 2, 0);
  return { vmax, sse };
}

/**
 * Fits outcome/day = Hill(spend) = V·x^α/(x^α + k^α): a deterministic grid over (α, k) with V in closed form,
 * refined by bounded Levenberg–Marquardt (α ∈ [0.5, 3], k ∈ [0.05, 25]× max spend), then shrunk toward the prior:
 * α = w·α̂ + (1−w)·α₀, ln k = w·ln k̂ + (1−w)·ln(kRatio₀·median spend), and V refitted for that shape.
 * Throws RangeError when no point has positive spend.
 */
export function fitResponseCurve(points: readonly ResponsePoint[], options: ResponseFitOptions = {}): ResponseCurve {
  const prior = options.prior ?? { kRatio: 1.5, alpha: 1 };
  const used = points.filter((p) => p.spend > 0 && Number.isFinite(p.outcome));
  if (used.length === 0) throw new RangeError('a response curve needs days with spend');
  const x = used.map((p) => p.spend);
  const y = used.map((p) => Math.max(0, p.outcome));
  const xMax = Math.max(...x);
  const mean = x.reduce((a, b) => a + b, 0) / x.length;
  const cv = Math.sqrt(x.reduce((a, v) => a + (v - mean) ** 2, 0) / x.length) / mean;
  let best = { alpha: 1, k: xMax, vmax: 0, sse: Number.POSITIVE_INFINITY };
  for (const alpha of ALPHAS)
    for (const m of K_MULTIPLES) {
      const s = bestScale(x, y, m * xMax, alpha);
      if (s.sse < best.sse) best = { alpha, k: m * xMax, ...s };
    }
  if (used.length >= 4 && best.vmax > 0) {
    const r = levenbergMarquardt(
      { x, y },
      ([v, k, a]) =>
        (xi: number) =>
          hillValue({ vmax: v!, k: k!, alpha: a! }, xi),
      {
        initialValues: [best.vmax, best.k, best.alpha],
        minValues: [0, 0.05 * xMax, 0.5],
        maxValues: [best.vmax * 100, 25 * xMax, 3],
        // The library stops only at an absolute error of 1e-7, which count data never reach: cap the iterations.
        maxIterations: 30,
        damping: 1e-2,
      },
    );
    const [v, k, a] = r.parameterValues;
    const c = { vmax: v!, k: k!, alpha: a! };
    const sse = y.reduce((acc, yi, i) => acc + (yi - hillValue(c, x[i]!)) ** 2, 0);
    if (Number.isFinite(sse) && sse < best.sse) best = { ...c, sse };
  }
  const medianSpend = median(x);
  const w = (used.length / (used.length + (options.priorDays ?? 14))) * Math.min(1, cv / (options.fullCv ?? 0.2));
  const alpha = w * best.alpha + (1 - w) * prior.alpha;
  const k = Math.exp(w * Math.log(best.k) + (1 - w) * Math.log(prior.kRatio * medianSpend));
  const { vmax, sse } = bestScale(x, y, k, alpha);
  const yMean = y.reduce((a, b) => a + b, 0) / y.length;
  const sst = y.reduce((a, v) => a + (v - yMean) ** 2, 0);
  return {
    vmax,
    k,
    alpha,
    modelVersion: `${RESPONSE_MODEL_FAMILY}(w=${w.toFixed(2)})/n=${used.length}`,
    n: used.length,
    spendCv: cv,
    medianSpend,
    maxSpend: xMax,
    dataWeight: w,
    r2: sst > 0 ? 1 - sse / sst : 0,
  };
}

/**
 * A pooled shape prior from fitted curves: the data-weighted median of k/median spend and of α over the curves
 * (falls back to {1.5, 1} without weight). Fit every unit once without a prior, pool, then refit thin units.
 */
export function pooledPrior(curves: readonly ResponseCurve[]): CurvePrior {
  const informative = curves.filter((c) => c.dataWeight >= 0.5);
  if (informative.length === 0) return { kRatio: 1.5, alpha: 1 };
  return {
    kRatio: median(informative.map((c) => c.k / c.medianSpend)),
    alpha: median(informative.map((c) => c.alpha)),
  };
}
