/** The simulated account's entities, and the laws (curves) its traffic follows. */

/** Share of an hour's conversions reported after `ageHours`: 60% at once, the rest over ~2 days. */
export const reportedShare = (ageHours: number) =>
  ageHours >= 48 ? 1 : 1 - 0.4 * Math.exp(-Math.max(0, ageHours) / 8);

/** Traffic by local hour of day (mean 1): low at night, peak in the evening. */
export const trafficByHour = Array.from({ length: 24 }, (_, h) => 1 + 0.55 * Math.cos((2 * Math.PI * (h - 20)) / 24));
/** Conversion rate by local hour (mean 1): the true best hour is 21:00, the worst 09:00. */
export const cvrByHour = Array.from({ length: 24 }, (_, h) => 1 + 0.35 * Math.cos((2 * Math.PI * (h - 21)) / 24));
/** Conversion rate by local weekday, Monday first: weekends convert better. */
export const cvrByWeekday = [0.95, 0.95, 1.0, 1.0, 1.05, 1.15, 1.1];

export type Status = 'ACTIVE' | 'PAUSED';
export type LearningStage = 'LEARNING' | 'SUCCESS' | 'FAIL';

export interface SimAd {
  idx: number;
  id: string;
  name: string;
  creativeId: string;
  adset: SimAdSet;
  status: Status;
  baseCtr: number;
  fatigueOnsetFrequency: number;
  fatigueRate: number;
  createdAt: number;
  updatedAt: number;
  /** Hour (epoch ms) at which the ad's frequency first crossed its fatigue onset, if it has. */
  fatigueOnsetAt: number | null;
}

export interface SimAdSet {
  idx: number;
  id: string;
  name: string;
  campaign: SimCampaign;
  status: Status;
  dailyBudgetMinor: number | null;
  bidAmountMinor: number | null;
  optimizationGoal: string;
  cvr: number;
  aov: number;
  audienceSize: number;
  maxDailyImpressions: number;
  halfSaturationBudget: number;
  ads: SimAd[];
  createdAt: number;
  updatedAt: number;
  lastSignificantEditAt: number;
  /** Purchases since the last significant edit, by hour, for the learning window. */
  learningEvents: number[];
  learningStage: LearningStage;
}

export interface SimCampaign {
  idx: number;
  id: string;
  name: string;
  objective: string;
  status: Status;
  dailyBudgetMinor: number | null;
  adsets: SimAdSet[];
  createdAt: number;
  updatedAt: number;
}

export interface Totals {
  impressions: number;
  clicks: number;
  spend: number;
  conversions: number;
  value: number;
  reach: number;
}

export interface SimulatorOptions {
  seed: number;
  /** The simulation's "now" at creation; history is simulated up to it. */
  startTime: number;
}

/** True CTR of an ad at a frequency: flat until the onset, then exponential decay (creative fatigue). */
export function ctrAt(ad: Pick<SimAd, 'baseCtr' | 'fatigueOnsetFrequency' | 'fatigueRate'>, frequency: number): number {
  return frequency <= ad.fatigueOnsetFrequency
    ? ad.baseCtr
    : ad.baseCtr * Math.exp(-ad.fatigueRate * (frequency - ad.fatigueOnsetFrequency));
}
