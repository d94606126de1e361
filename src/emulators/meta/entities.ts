import type { SimAd, SimAdSet, SimCampaign, Simulator } from '../simulator/simulator.ts';

const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, '+0000');

type Entity = SimCampaign | SimAdSet | SimAd;

export const isAd = (e: Entity): e is SimAd => 'adset' in e;
export const isAdSet = (e: Entity): e is SimAdSet => 'campaign' in e;

function effectiveStatus(e: Entity): string {
  if (e.status === 'PAUSED') return 'PAUSED';
  if (isAd(e)) {
    if (e.adset.campaign.status === 'PAUSED') return 'CAMPAIGN_PAUSED';
    if (e.adset.status === 'PAUSED') return 'ADSET_PAUSED';
  } else if (isAdSet(e) && e.campaign.status === 'PAUSED') return 'CAMPAIGN_PAUSED';
  return 'ACTIVE';
}

/** An entity in Meta's shape: budgets as strings in minor units, learning stage info on ad sets. */
export function entityJson(sim: Simulator, e: Entity): Record<string, unknown> {
  const base: Record<string, unknown> = {
    id: e.id,
    name: e.name,
    status: e.status,
    configured_status: e.status,
    effective_status: effectiveStatus(e),
    created_time: iso(e.createdAt),
    updated_time: iso(e.updatedAt),
    account_id: sim.spec.accountId.replace(/^act_/, ''),
  };
  if (isAd(e)) {
    return {
      ...base,
      adset_id: e.adset.id,
      campaign_id: e.adset.campaign.id,
      creative: { id: e.creativeId },
      issues_info: [],
    };
  }
  if (isAdSet(e)) {
    const stage = e.learningStage;
    return {
      ...base,
      campaign_id: e.campaign.id,
      ...(e.dailyBudgetMinor === null ? {} : { daily_budget: String(e.dailyBudgetMinor) }),
      lifetime_budget: '0',
      bid_strategy: e.bidAmountMinor === null ? 'LOWEST_COST_WITHOUT_CAP' : 'COST_CAP',
      ...(e.bidAmountMinor === null ? {} : { bid_amount: e.bidAmountMinor }),
      optimization_goal: e.optimizationGoal,
      billing_event: 'IMPRESSIONS',
      learning_stage_info: {
        status: stage,
        conversions: e.learningEvents.reduce((a, b) => a + b, 0),
        last_sig_edit_ts: Math.floor(e.lastSignificantEditAt / 1000),
        attribution_windows: ['7d_click', '1d_view'],
      },
      issues_info:
        stage === 'FAIL'
          ? [
              {
                level: 'AD_SET',
                error_code: 1815869,
                error_summary: 'Learning limited',
                error_message: 'This ad set is unlikely to exit the learning phase.',
                error_type: 'SOFT_ERROR',
              },
            ]
          : [],
    };
  }
  return {
    ...base,
    objective: e.objective,
    ...(e.dailyBudgetMinor === null ? {} : { daily_budget: String(e.dailyBudgetMinor) }),
    buying_type: 'AUCTION',
    special_ad_categories: [],
  };
}

/** Keeps only the requested fields (and id), like the Graph API's `fields` parameter. */
export function pick(obj: Record<string, unknown>, fields: string | null): Record<string, unknown> {
  if (!fields) return { id: obj.id, ...(obj.name === undefined ? {} : { name: obj.name }) };
  const wanted = new Set(['id', ...fields.split(',').map((f) => f.trim().replace(/\{.*$/, ''))]);
  return Object.fromEntries(Object.entries(obj).filter(([k]) => wanted.has(k)));
}
