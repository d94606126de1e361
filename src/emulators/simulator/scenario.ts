/** Scenario files describe ad accounts for the simulator: structure, budgets and the hidden laws (ground truth). */

export interface AdSpec {
  id: string;
  name: string;
  creativeId: string;
  /** CTR before fatigue, e.g. 0.012. */
  baseCtr: number;
  /** Frequency at which CTR starts to decline (true fatigue onset). Infinity = never fatigues. */
  fatigueOnsetFrequency: number;
  /** Relative CTR lost per unit of frequency above the onset (exponential decay rate). */
  fatigueRate: number;
  status?: 'ACTIVE' | 'PAUSED';
}

export interface AdSetSpec {
  id: string;
  name: string;
  dailyBudgetMinor: number;
  bidAmountMinor?: number;
  optimizationGoal?: string;
  /** True conversion rate per click. */
  cvr: number;
  /** Average order value (major currency units). */
  aov: number;
  /** People the ad set can reach; frequency grows as cumulative impressions approach it. */
  audienceSize: number;
  /** Saturating response: daily impressions = maxDailyImpressions · B / (B + halfSaturationBudget), B in major units. */
  maxDailyImpressions: number;
  halfSaturationBudget: number;
  status?: 'ACTIVE' | 'PAUSED';
  ads: AdSpec[];
}

export interface CampaignSpec {
  id: string;
  name: string;
  objective: string;
  /** Campaign budget optimisation: the budget lives on the campaign. */
  dailyBudgetMinor?: number;
  status?: 'ACTIVE' | 'PAUSED';
  adsets: AdSetSpec[];
}

export interface PixelSpec {
  id: string;
  name: string;
  eventMatchQuality: number;
  /** Hours after the simulation start from which the pixel stops reporting purchases (tracking breakage). */
  breaksAtHour?: number;
}

export interface ScenarioSpec {
  accountId: string;
  name: string;
  currency: string;
  timezone: string;
  token: string;
  /** What the token was granted (GET /me/permissions); default ads_read and ads_management. */
  permissions?: string[];
  /** How the account reports purchases: the same purchase appears under each of these action types. */
  purchaseActionTypes: string[];
  campaigns: CampaignSpec[];
  pixel: PixelSpec;
  /** Days of history simulated before the start time (backfill has something to fetch). */
  historyDays: number;
  /** The Meta business owning the account (default: one of its own), shared by accounts that share rate limits. */
  businessId?: string;
}
