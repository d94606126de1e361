/**
 * Plain input types for account intelligence. Everything is numbers and strings so callers can build them from
 * database rows, from the simulator, or by hand in tests; times are epoch milliseconds passed in by the caller.
 */

/** Delivery and results over one period (an hour or a local day). Money is in major currency units. */
export interface MetricPoint {
  /** Start of the period (epoch ms). */
  t: number;
  impressions: number;
  clicks: number;
  spend: number;
  conversions: number;
  /** Conversion value (revenue). */
  value: number;
}

/** A period of an ad, with the ad's lifetime frequency (lifetime impressions / lifetime reach) at its end. */
export interface AdPoint extends MetricPoint {
  frequency: number;
}

/** An hour in the account's local time: `hour` 0–23, `weekday` 0 = Monday … 6 = Sunday. */
export interface HourPoint extends MetricPoint {
  hour: number;
  weekday: number;
}

/** Meta's learning stage; `LEARNING_LIMITED` is Meta's `FAIL` (7 days passed without ~50 events). */
export type LearningStage = 'LEARNING' | 'LEARNING_LIMITED' | 'SUCCESS';

export type EntityStatus = 'ACTIVE' | 'PAUSED';

export interface AdSetInput {
  id: string;
  name: string;
  campaignId: string;
  status: EntityStatus;
  learningStage: LearningStage;
  /** Effective daily budget in major units (a campaign budget split over its ad sets), if known. */
  dailyBudget?: number;
  /** Local days, oldest first. */
  daily: MetricPoint[];
}

export interface AdInput {
  id: string;
  name: string;
  adsetId: string;
  status: EntityStatus;
  /** Local days, oldest first, each with the lifetime frequency at the day's end. */
  daily: AdPoint[];
}

export interface CampaignInput {
  id: string;
  name: string;
}

/** Account targets; either may be missing, and then the account's own history is the yardstick. */
export interface AccountTargets {
  roas?: number;
  cpa?: number;
  /** Planned total daily spend of the account, for pacing. */
  dailyBudget?: number;
}

/** The collector's verdict on history depth (see `src/intel` sufficiency): thin history means rules, not models. */
export interface Sufficiency {
  sufficient: boolean;
  reason?: string;
}

export interface AccountInput {
  accountId: string;
  /** "Now" (epoch ms): the end of the data. */
  now: number;
  targets: AccountTargets;
  sufficiency: Sufficiency;
  campaigns?: CampaignInput[];
  adsets: AdSetInput[];
  ads: AdInput[];
}
