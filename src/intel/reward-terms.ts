/** The parts of the reward (see reward.ts for the formula); each is a pure function of window totals. */

export interface WindowMetrics {
  spend: number;
  impressions: number;
  clicks: number;
  conversions: number;
  /** Purchase value. */
  revenue: number;
  /** Hours of data in the window. */
  hours: number;
}

export const clip = (v: number, lo = -1, hi = 1) => Math.min(hi, Math.max(lo, v));
export const cpaOf = (m: WindowMetrics) => (m.conversions > 0 ? m.spend / m.conversions : null);
export const roasOf = (m: WindowMetrics) => (m.spend > 0 ? m.revenue / m.spend : null);
const perHour = (m: WindowMetrics) => m.conversions / Math.max(1, m.hours);

/** Cheaper purchases after than in the reference → positive. Zero purchases after count only on enough spend. */
export function cpaTerm(ref: WindowMetrics, after: WindowMetrics): number {
  const r = cpaOf(ref);
  if (r === null) return 0;
  const a = cpaOf(after);
  if (a !== null) return clip(r / a - 1);
  // No purchase after, on at least one reference CPA of spend: as bad as it gets. Less spend proves nothing yet.
  return after.spend >= r ? -1 : 0;
}

/** Relative ROAS change; a tiny reference ROAS is floored at 0.1 so noise cannot blow it up. */
export function roasTerm(ref: WindowMetrics, after: WindowMetrics): number {
  const r = roasOf(ref);
  const a = roasOf(after);
  return r === null || a === null ? 0 : clip((a - r) / Math.max(r, 0.1));
}

/** Performing at or above the account's targets (either one suffices). */
export function atOrAboveTarget(m: WindowMetrics, targetCpa: number | null, targetRoas: number | null): boolean {
  const r = roasOf(m);
  const c = cpaOf(m);
  return (targetRoas !== null && r !== null && r >= targetRoas) || (targetCpa !== null && c !== null && c <= targetCpa);
}

/**
 * Budget changes: how much of the change reached purchases per hour, per unit of change.
 * increase p: g = after/ref − 1 → clip(g / p), but extra purchases bought above target earn nothing;
 * decrease p: lost = 1 − after/ref → clip(1 − lost / p) (losing less than the cut is good).
 */
export function volumeTerm(
  actionType: string,
  percent: number | undefined,
  ref: WindowMetrics,
  after: WindowMetrics,
  targetCpa: number | null,
  targetRoas: number | null,
): number {
  if (actionType !== 'increase_budget' && actionType !== 'decrease_budget') return 0;
  const r = perHour(ref);
  if (r === 0) return 0;
  const p = (percent ?? 20) / 100;
  const ratio = perHour(after) / r;
  if (actionType === 'decrease_budget') return clip(1 - (1 - ratio) / p);
  const g = ratio - 1;
  const unprofitable =
    (targetCpa !== null && (cpaOf(after) ?? Infinity) > targetCpa) ||
    (targetRoas !== null && (roasOf(after) ?? 0) < targetRoas);
  return g > 0 && unprofitable ? 0 : clip(g / p);
}

/**
 * Evidence-weighted "loser" score of zero-purchase spend: ramps up to 1 at one target CPA (less is too little
 * evidence to call it a loser) and stays 1 up to two target CPAs (the stop-loss threshold), then decays as 2T/spend
 * (the later it is caught, the more was wasted).
 */
export function loserScore(spend: number, targetCpa: number): number {
  if (spend <= 0) return 0;
  return Math.min(1, spend / targetCpa) * Math.min(1, (2 * targetCpa) / spend);
}
