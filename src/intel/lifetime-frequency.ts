/**
 * Lifetime frequency of an ad from what the collector stores: daily impressions and one (impressions, reach) pair
 * over a longer window. Meta reports reach only per queried range (it is not additive across days), so lifetime
 * reach is estimated with the random-exposure reach curve reach(I) = A·(1 − e^(−I/A)), where A is the reachable
 * audience: A is solved from the observed pair, then applied to the lifetime impressions. The curve is the
 * standard Poisson model of repeated exposure (and the one the simulator uses).
 */

/**
 * The audience A with A·(1 − e^(−I/A)) = reach, by bisection. Infinity when reach ≥ impressions (everyone was
 * seen once: the pair says nothing about saturation); null when the pair is unusable (no impressions or reach).
 */
export function audienceFromReach(impressions: number, reach: number): number | null {
  if (!(impressions > 0) || !(reach > 0)) return null;
  if (reach >= impressions * 0.9999) return Infinity;
  const g = (a: number) => a * -Math.expm1(-impressions / a);
  // g increases from 0 towards `impressions`; g(reach) < reach, so the root lies above reach.
  let lo = reach;
  let hi = reach * 2;
  while (g(hi) < reach) {
    lo = hi;
    hi *= 2;
    if (hi > 1e15) return Infinity;
  }
  for (let i = 0; i < 100 && hi - lo > 1e-6 * lo; i++) {
    const mid = (lo + hi) / 2;
    if (g(mid) < reach) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

/** Frequency after `cumulative` impressions to an audience of `audience` (1 with no saturation, 0 with none). */
export function frequencyAt(cumulative: number, audience: number): number {
  if (!(cumulative > 0)) return 0;
  if (!Number.isFinite(audience)) return 1;
  const reach = audience * -Math.expm1(-cumulative / audience);
  return reach > 0 ? Math.max(1, cumulative / reach) : 0;
}

export interface ReachPair {
  impressions: number;
  reach: number | null;
}

/**
 * The ad's audience from the most informative pair: the longer window's (7-day) pair first, else the daily pair
 * with the highest impressions/reach ratio (the flatter the curve, the less a pair says about A).
 */
export function estimateAudience(window: ReachPair | null, days: readonly ReachPair[]): number | null {
  if (window?.reach) {
    const a = audienceFromReach(window.impressions, window.reach);
    if (a !== null) return a;
  }
  let best: ReachPair | null = null;
  for (const d of days)
    if (d.reach && d.impressions > 0 && (!best || d.impressions / d.reach > best.impressions / best.reach!)) best = d;
  return best ? audienceFromReach(best.impressions, best.reach!) : null;
}
