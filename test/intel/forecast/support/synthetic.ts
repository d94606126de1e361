/**
 * A seeded generator of daily account data with known truth: weekly seasonality, trend, noise, an optional regime
 * change, and Hill response curves per unit. Independent of the simulator, so the forecast tests control every law.
 */
import { mulberry32 } from '../../../../src/emulators/simulator/random.ts';
import { addDays } from '../../../../src/intel/forecast/dates.ts';
import { hillValue } from '../../../../src/intel/forecast/hill.ts';
import type { HillCurve } from '../../../../src/intel/forecast/hill.ts';
import type { DailyValue } from '../../../../src/intel/forecast/types.ts';

/** A Monday. */
export const START_DATE = '2026-01-05';

/** Weekday multipliers, Monday first (mean 1): weekends sell more. */
export const WEEKLY = [0.9, 0.92, 0.97, 1.0, 1.03, 1.12, 1.06];

export function normal(rnd: () => number): () => number {
  return () => Math.sqrt(-2 * Math.log(Math.max(rnd(), 1e-12))) * Math.cos(2 * Math.PI * rnd());
}

export interface ChannelTruth {
  /** Expected daily spend, conversions and revenue (before noise). */
  spend: DailyValue[];
  conversions: DailyValue[];
  revenue: DailyValue[];
  roas: DailyValue[];
}

export interface SyntheticChannel {
  spend: DailyValue[];
  conversions: DailyValue[];
  revenue: DailyValue[];
  impressions: DailyValue[];
  clicks: DailyValue[];
  reach: DailyValue[];
  truth: ChannelTruth;
}

export interface ChannelOptions {
  seed: number;
  days: number;
  /** Daily spend level and relative trend per day (0.004 = +0.4%/day). */
  spend?: number;
  trendPerDay?: number;
  /** True conversions per unit spend and average order value. */
  cpa?: number;
  aov?: number;
  /** Poisson noise comes from counts; `extraCv` adds multiplicative day-level noise on top. */
  extraCv?: number;
  /** From `day` on, the conversion rate is multiplied by `cvrFactor` (a regime change: tracking, offer, season). */
  regime?: { day: number; cvrFactor: number };
}

/** One channel's daily series: spend with trend, conversions Poisson around spend/CPA·weekday, revenue ≈ AOV·conv. */
export function syntheticChannel(o: ChannelOptions): SyntheticChannel {
  const rnd = mulberry32(o.seed);
  const z = normal(rnd);
  const out: SyntheticChannel = {
    spend: [],
    conversions: [],
    revenue: [],
    impressions: [],
    clicks: [],
    reach: [],
    truth: { spend: [], conversions: [], revenue: [], roas: [] },
  };
  const cv = o.extraCv ?? 0.05;
  for (let d = 0; d < o.days; d++) {
    const date = addDays(START_DATE, d);
    const w = WEEKLY[d % 7]!;
    const spendMean = (o.spend ?? 500) * (1 + (o.trendPerDay ?? 0.003) * d);
    const cvr = o.regime && d >= o.regime.day ? o.regime.cvrFactor : 1;
    const convMean = (spendMean / (o.cpa ?? 20)) * w * cvr;
    const aov = o.aov ?? 60;
    const spend = Math.max(0, spendMean * (1 + 0.03 * z()));
    const conversions = Math.max(0, Math.round(convMean * (1 + cv * z()) + Math.sqrt(convMean) * z()));
    const revenue = conversions * aov * (1 + 0.05 * z());
    const impressions = Math.round(spendMean * 80 * (1 + 0.04 * z()));
    const clicks = Math.max(0, Math.round(impressions * 0.012 * w * (1 + 0.04 * z())));
    out.spend.push({ date, value: spend });
    out.conversions.push({ date, value: conversions });
    out.revenue.push({ date, value: revenue });
    out.impressions.push({ date, value: impressions });
    out.clicks.push({ date, value: clicks });
    out.reach.push({ date, value: Math.round(impressions / (1.3 + 0.05 * z())) });
    out.truth.spend.push({ date, value: spendMean });
    out.truth.conversions.push({ date, value: convMean });
    out.truth.revenue.push({ date, value: convMean * aov });
    out.truth.roas.push({ date, value: (convMean * aov) / spendMean });
  }
  return out;
}

export interface HillUnit {
  id: string;
  name: string;
  currentDailyBudget: number;
  truth: HillCurve;
  aov: number;
  /** Daily (spend, conversions) history around the current budget. */
  history: { spend: number; outcome: number }[];
}

export interface HillUnitsOptions {
  seed: number;
  units: number;
  days: number;
  /** Spread of daily spend around the current budget (coefficient of variation of a log-normal). */
  spendCv: number;
  /** Shape range of the true curves; keep α ≤ 1 when an oracle needs concavity. */
  alpha?: [number, number];
  /** Give every unit this current budget (an account that starts from an equal split). */
  budget?: number;
}

/** Units with true Hill curves (conversions/day) and noisy daily history: the allocation scenario. */
export function hillUnits(o: HillUnitsOptions): HillUnit[] {
  const rnd = mulberry32(o.seed);
  const z = normal(rnd);
  const [a0, a1] = o.alpha ?? [0.7, 1];
  return Array.from({ length: o.units }, (_, i) => {
    const drawn = Math.round(50 + 250 * rnd());
    const budget = o.budget ?? drawn;
    const truth = { vmax: 10 + 60 * rnd(), k: drawn * (0.4 + 2 * rnd()), alpha: a0 + (a1 - a0) * rnd() };
    const history = Array.from({ length: o.days }, (_, d) => {
      const spend = budget * Math.exp(o.spendCv * z() - (o.spendCv * o.spendCv) / 2);
      const mean = hillValue(truth, spend) * WEEKLY[d % 7]!;
      return { spend, outcome: Math.max(0, Math.round(mean + Math.sqrt(mean) * z())) };
    });
    return { id: `u${i}`, name: `Unit ${i}`, currentDailyBudget: budget, truth, aov: 40 + 80 * rnd(), history };
  });
}
