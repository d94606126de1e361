/**
 * Segmented ("hinge") regression of log CTR on frequency: flat until an onset F₀, then a straight decline.
 *
 *   log CTR(F) = a                 for F ≤ F₀
 *   log CTR(F) = a − b·(F − F₀)    for F > F₀
 *
 * so CTR(F) = CTR₀·exp(−b·(F − F₀)), the shape of creative fatigue (b is the relative CTR lost per unit of
 * frequency). F₀ is found by grid search over the observed frequencies; for each candidate the line is a
 * weighted least-squares fit with weights = clicks, because Var(log CTR) ≈ 1/clicks for Poisson clicks.
 */
import { weightedLine } from '../stats.ts';

export interface HingeFit {
  onset: number;
  /** Decline rate b ≥ 0 (relative CTR lost per unit frequency above the onset). */
  decline: number;
  /** CTR on the plateau, exp(a). */
  plateauCtr: number;
  /** Weighted SSE of the hinge and of a flat line; their difference is ≈ χ²(2) under "no fatigue". */
  sse: number;
  sseFlat: number;
  /** Overdispersion φ = SSE / (n − 3), at least 1. */
  dispersion: number;
  /** (SSEflat − SSE) / φ: the evidence for a decline. */
  evidence: number;
  n: number;
}

export interface HingePoint {
  frequency: number;
  impressions: number;
  clicks: number;
}

/** Fits the hinge; null with fewer than 5 usable points (impressions and clicks > 0). */
export function fitHinge(points: readonly HingePoint[]): HingeFit | null {
  const pts = points.filter((p) => p.impressions > 0 && p.clicks > 0);
  if (pts.length < 5) return null;
  const f = pts.map((p) => p.frequency);
  const y = pts.map((p) => Math.log(p.clicks / p.impressions));
  const w = pts.map((p) => p.clicks);
  const sw = w.reduce((a, b) => a + b, 0);
  const flatMean = y.reduce((a, v, i) => a + v * w[i]!, 0) / sw;
  const sseFlat = y.reduce((a, v, i) => a + w[i]! * (v - flatMean) ** 2, 0);
  // Candidates leave at least 2 points after the onset so the decline has support.
  const candidates = [...new Set(f)].sort((a, b) => a - b).slice(0, -2);
  let best: { onset: number; a: number; b: number; sse: number } | null = null;
  for (const onset of candidates) {
    const x = f.map((v) => Math.max(0, v - onset));
    const line = weightedLine(x, y, w);
    if (!line || line.slope >= 0) continue;
    const sse = y.reduce((acc, v, i) => acc + w[i]! * (v - line.intercept - line.slope * x[i]!) ** 2, 0);
    if (!best || sse < best.sse) best = { onset, a: line.intercept, b: -line.slope, sse };
  }
  const n = pts.length;
  if (!best) {
    const dispersion = Math.max(1, sseFlat / Math.max(1, n - 1));
    return {
      onset: Infinity,
      decline: 0,
      plateauCtr: Math.exp(flatMean),
      sse: sseFlat,
      sseFlat,
      dispersion,
      evidence: 0,
      n,
    };
  }
  const dispersion = Math.max(1, best.sse / Math.max(1, n - 3));
  return {
    onset: best.onset,
    decline: best.b,
    plateauCtr: Math.exp(best.a),
    sse: best.sse,
    sseFlat,
    dispersion,
    evidence: (sseFlat - best.sse) / dispersion,
    n,
  };
}
