/** The account's campaigns, ad sets and ads as the simulator holds them, built from a scenario's specs. */
import type { SimAd, SimAdSet, SimCampaign } from './model.ts';
import type { AdSetSpec, CampaignSpec, ScenarioSpec } from './scenario.ts';

export interface SimEntities {
  campaigns: SimCampaign[];
  adsets: SimAdSet[];
  ads: SimAd[];
  byId: Map<string, SimCampaign | SimAdSet | SimAd>;
}

/** Every entity starts at `origin`, active unless its spec says otherwise, its ad sets in the learning phase. */
export function buildEntities(spec: ScenarioSpec, origin: number): SimEntities {
  const e: SimEntities = { campaigns: [], adsets: [], ads: [], byId: new Map() };
  for (const c of spec.campaigns) addCampaign(e, c, origin);
  return e;
}

function addCampaign(e: SimEntities, c: CampaignSpec, origin: number): void {
  const campaign: SimCampaign = {
    idx: e.campaigns.length,
    id: c.id,
    name: c.name,
    objective: c.objective,
    status: c.status ?? 'ACTIVE',
    dailyBudgetMinor: c.dailyBudgetMinor ?? null,
    adsets: [],
    createdAt: origin,
    updatedAt: origin,
  };
  e.campaigns.push(campaign);
  e.byId.set(c.id, campaign);
  for (const s of c.adsets) campaign.adsets.push(addAdSet(e, s, campaign, origin));
}

function addAdSet(e: SimEntities, s: AdSetSpec, campaign: SimCampaign, origin: number): SimAdSet {
  const adset: SimAdSet = {
    idx: e.adsets.length,
    id: s.id,
    name: s.name,
    campaign,
    status: s.status ?? 'ACTIVE',
    dailyBudgetMinor: campaign.dailyBudgetMinor === null ? s.dailyBudgetMinor : null,
    bidAmountMinor: s.bidAmountMinor ?? null,
    optimizationGoal: s.optimizationGoal ?? 'OFFSITE_CONVERSIONS',
    cvr: s.cvr,
    aov: s.aov,
    audienceSize: s.audienceSize,
    maxDailyImpressions: s.maxDailyImpressions,
    halfSaturationBudget: s.halfSaturationBudget,
    ads: [],
    createdAt: origin,
    updatedAt: origin,
    lastSignificantEditAt: origin,
    learningEvents: [],
    learningStage: 'LEARNING',
  };
  e.adsets.push(adset);
  e.byId.set(s.id, adset);
  for (const a of s.ads) {
    const ad: SimAd = {
      idx: e.ads.length,
      id: a.id,
      name: a.name,
      creativeId: a.creativeId,
      adset,
      status: a.status ?? 'ACTIVE',
      baseCtr: a.baseCtr,
      fatigueOnsetFrequency: a.fatigueOnsetFrequency,
      fatigueRate: a.fatigueRate,
      createdAt: origin,
      updatedAt: origin,
      fatigueOnsetAt: null,
    };
    adset.ads.push(ad);
    e.ads.push(ad);
    e.byId.set(a.id, ad);
  }
  return adset;
}
