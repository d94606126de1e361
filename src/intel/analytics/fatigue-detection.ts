/**
 * Predictive creative-fatigue detection per ad: flag an ad while its CTR is sliding, before it has collapsed, and
 * say how long until it does.
 */
import { fitHinge } from './patterns/hinge.ts';
import { DAY_MS, HOUR_MS, round, weightedLine } from './stats.ts';
import type { AdPoint } from './types.ts';

export interface AdSeries {
  adId: string;
  adName?: string;
  /** Hourly or daily points, oldest first, each with the lifetime frequency at its end. */
  points: readonly AdPoint[];
}

export interface FatigueOptions {
  /** Clicks the baseline window must hold (a 20–30% drop needs ~100+ events to be seen, ML.md). */
  minBaselineClicks?: number;
  /** Length of the recent window compared with the baseline. */
  recentHours?: number;
  /** One-sided z thresholds on log(CTR recent / CTR baseline). */
  atRiskZ?: number;
  fatiguingZ?: number;
  /** Minimum relative CTR drops, so a tiny but very significant dip on a huge ad is not flagged. */
  atRiskDrop?: number;
  fatiguingDrop?: number;
  /** CTR share of baseline that counts as collapsed (Meta's "creative fatigue" is about a halving). */
  collapseShare?: number;
  /**
   * The at-risk test must also pass on the data as of this many hours earlier. Detection runs every hour or so,
   * and many looks at a noisy CTR would otherwise flag chance dips; a real decline persists.
   */
  confirmHours?: number;
}

export interface FatigueSignal {
  adId: string;
  adName?: string;
  /** `at_risk`: CTR sliding with moderate evidence; `fatiguing`: strong evidence of a large drop. */
  status: 'at_risk' | 'fatiguing';
  ctrBaseline: number;
  ctrRecent: number;
  /** Relative CTR change recent vs baseline (−0.25 = 25% lower). */
  ctrChange: number;
  /** z of log(CTR recent / CTR baseline), se = √(1/clicks₀ + 1/clicks₁). */
  z: number;
  frequency: number;
  /** Frequency velocity dF/dt per day over the last 72 h (least squares). */
  frequencyPerDay: number;
  /** Onset and decline rate from the hinge fit over the ad's history, if it fits. */
  estimatedOnsetFrequency: number | null;
  declineRate: number | null;
  /** Projected hours until CTR ≤ collapseShare·baseline; 0 if already there; null without a projection. */
  hoursToCollapse: number | null;
  detectedAt: number;
  reason: string;
}

const DEFAULTS: Required<FatigueOptions> = {
  minBaselineClicks: 100,
  recentHours: 48,
  atRiskZ: -2.33,
  fatiguingZ: -3.09,
  atRiskDrop: 0.12,
  fatiguingDrop: 0.2,
  collapseShare: 0.5,
  confirmHours: 24,
};

/**
 * Flags ads whose CTR is falling as frequency rises.
 *
 * Baseline = the ad's first days (at least 72 h, extended up to 7 days until it holds `minBaselineClicks`);
 * recent = the last `recentHours`. With r = CTR₁/CTR₀ and z = ln r / √(1/c₀ + 1/c₁) (c = clicks):
 * `fatiguing` if z ≤ fatiguingZ and 1 − r ≥ fatiguingDrop; `at_risk` if z ≤ atRiskZ, 1 − r ≥ atRiskDrop and
 * frequency is still rising. Lead time: with the hinge fit (onset F₀, rate b) the CTR halves at
 * F½ = F₀ + ln(1/collapseShare)/b, reached after (F½ − F)/(dF/dt) days. Only points before `now` are used.
 * Never throws; ads with too little data produce no signal.
 */
export function detectFatigue(
  adSeries: readonly AdSeries[],
  now: number,
  options: FatigueOptions = {},
): FatigueSignal[] {
  const o = { ...DEFAULTS, ...options };
  const out: FatigueSignal[] = [];
  for (const s of adSeries) {
    const signal = detectOne(s, now, o);
    if (signal) out.push(signal);
  }
  return out.sort((a, b) => (a.hoursToCollapse ?? Infinity) - (b.hoursToCollapse ?? Infinity) || a.z - b.z);
}

interface WindowTest {
  ctr0: number;
  ctr1: number;
  z: number;
  drop: number;
}

/** Baseline (first days) vs the last `recentHours` before `now`; null when either window is too thin. */
function windowTest(points: readonly AdPoint[], now: number, o: Required<FatigueOptions>): WindowTest | null {
  const before = points.filter((p) => p.t < now);
  if (before.length === 0) return null;
  const first = before[0]!.t;
  const recentFrom = now - o.recentHours * HOUR_MS;
  let base = { impressions: 0, clicks: 0 };
  let baseEnd = first + 3 * DAY_MS;
  for (; baseEnd <= first + 7 * DAY_MS; baseEnd += DAY_MS) {
    base = sum(before.filter((p) => p.t < baseEnd));
    if (base.clicks >= o.minBaselineClicks) break;
  }
  if (base.clicks < o.minBaselineClicks || baseEnd > recentFrom) return null;
  const recent = sum(before.filter((p) => p.t >= recentFrom));
  if (recent.impressions <= 0) return null;
  const ctr0 = base.clicks / base.impressions;
  // Half a click keeps ln(0) finite when an ad gets no clicks at all in the recent window.
  const c1 = Math.max(recent.clicks, 0.5);
  const z = Math.log(c1 / recent.impressions / ctr0) / Math.sqrt(1 / base.clicks + 1 / c1);
  const ctr1 = recent.clicks / recent.impressions;
  return { ctr0, ctr1, z, drop: 1 - ctr1 / ctr0 };
}

function detectOne(s: AdSeries, now: number, o: Required<FatigueOptions>): FatigueSignal | null {
  const points = s.points.filter((p) => p.t < now);
  const w = windowTest(points, now, o);
  if (!w) return null;
  const { ctr0, ctr1, z, drop } = w;
  const velocity = frequencyVelocity(points, now);
  const fatiguing = z <= o.fatiguingZ && drop >= o.fatiguingDrop;
  const passes = (t: WindowTest | null) => t !== null && t.z <= o.atRiskZ && t.drop >= o.atRiskDrop;
  const atRisk =
    passes(w) && velocity > 0 && (o.confirmHours <= 0 || passes(windowTest(points, now - o.confirmHours * HOUR_MS, o)));
  if (!fatiguing && !atRisk) return null;
  const frequency = points.at(-1)!.frequency;
  const fit = fitHinge(dailyBuckets(points, now));
  const hasFit = fit !== null && Number.isFinite(fit.onset) && fit.decline > 0;
  let hoursToCollapse: number | null = null;
  if (drop >= 1 - o.collapseShare) hoursToCollapse = 0;
  else if (hasFit && velocity > 0) {
    const fHalf = fit.onset + Math.log(1 / o.collapseShare) / fit.decline;
    hoursToCollapse = Math.max(0, ((fHalf - frequency) / velocity) * 24);
  }
  const status = fatiguing ? 'fatiguing' : 'at_risk';
  return {
    adId: s.adId,
    ...(s.adName === undefined ? {} : { adName: s.adName }),
    status,
    ctrBaseline: round(ctr0, 6),
    ctrRecent: round(ctr1, 6),
    ctrChange: round(-drop),
    z: round(z, 2),
    frequency: round(frequency, 3),
    frequencyPerDay: round(velocity, 4),
    estimatedOnsetFrequency: hasFit ? round(fit.onset, 3) : null,
    declineRate: hasFit ? round(fit.decline, 4) : null,
    hoursToCollapse: hoursToCollapse === null ? null : Math.round(hoursToCollapse),
    detectedAt: now,
    reason:
      `CTR ${(drop * 100).toFixed(0)}% below its first days (z = ${z.toFixed(1)}) at frequency ${frequency.toFixed(2)}` +
      (velocity > 0 ? `, rising ${velocity.toFixed(2)}/day` : '') +
      (hoursToCollapse === null
        ? ''
        : hoursToCollapse === 0
          ? '; CTR has halved'
          : `; halves in ~${Math.round(hoursToCollapse)} h`),
  };
}

const sum = (ps: readonly AdPoint[]) =>
  ps.reduce((a, p) => ({ impressions: a.impressions + p.impressions, clicks: a.clicks + p.clicks }), {
    impressions: 0,
    clicks: 0,
  });

/** dF/dt per day: least-squares slope of frequency on time over the last 72 h (needs two points). */
function frequencyVelocity(points: readonly AdPoint[], now: number): number {
  const last = points.filter((p) => p.t >= now - 3 * DAY_MS);
  const line = weightedLine(
    last.map((p) => (p.t - now) / DAY_MS),
    last.map((p) => p.frequency),
    last.map(() => 1),
  );
  return line ? line.slope : 0;
}

/** Trailing 24 h buckets ending at `now`: hourly noise averages out and hour-of-day CTR swings cancel. */
export function dailyBuckets(points: readonly AdPoint[], now: number) {
  const buckets = new Map<number, { impressions: number; clicks: number; frequency: number; t: number }>();
  for (const p of points) {
    const k = Math.floor((now - 1 - p.t) / DAY_MS);
    const b = buckets.get(k) ?? { impressions: 0, clicks: 0, frequency: 0, t: p.t };
    b.impressions += p.impressions;
    b.clicks += p.clicks;
    // Impression-weighted mean frequency of the bucket, so it sits mid-day like the CTR it is paired with.
    b.frequency += p.frequency * p.impressions;
    buckets.set(k, b);
  }
  return [...buckets.entries()]
    .sort((a, b) => b[0] - a[0])
    .map(([, b]) => ({ ...b, frequency: b.impressions > 0 ? b.frequency / b.impressions : 0 }));
}
