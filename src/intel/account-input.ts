/**
 * Builds the analytics' inputs from stored rows (the loader's SQL returns them; this part is pure so the mapping
 * is unit-tested): money in major units, learning stages in the analytics' words, campaign budgets split over
 * their active ad sets, and each ad's lifetime frequency at every day's end (see lifetime-frequency.ts).
 */
import type { AccountInput, AdInput, AdSetInput, EntityStatus, LearningStage, MetricPoint } from './analytics/index.ts';
import { minorToMajor } from './money.ts';
import { estimateAudience, frequencyAt } from './lifetime-frequency.ts';

export interface EntityRow {
  entity_type: 'campaign' | 'adset' | 'ad';
  entity_id: string;
  name: string | null;
  parent_id: string | null;
  campaign_id: string | null;
  effective_status: string | null;
  learning_stage: string | null;
  daily_budget_minor: number | null;
  reach_7d: number | null;
  frequency_7d: number | null;
}

export interface DailyRow {
  entity_id: string;
  /** Start of the local day (epoch ms). */
  t: number;
  impressions: number;
  clicks: number;
  spend: number;
  conversions: number;
  value: number;
  reach: number | null;
}

export interface AccountRow {
  id: string;
  currency: string;
  target_cpa: number | null;
  target_roas: number | null;
}

// Kept as an export of this module for its callers; the conversion itself is money.ts's.
export { minorToMajor } from './money.ts';

/** Meta's stage names to the analytics': FAIL is "learning limited"; unknown (no stage reported) counts as SUCCESS. */
export function learningStage(stage: string | null): LearningStage {
  if (stage === 'LEARNING') return 'LEARNING';
  if (stage === 'FAIL' || stage === 'LEARNING_LIMITED') return 'LEARNING_LIMITED';
  return 'SUCCESS';
}

/** Only what Meta delivers counts as active; every other effective status (paused upstream, in review…) as paused. */
export const entityStatus = (effective: string | null): EntityStatus => (effective === 'ACTIVE' ? 'ACTIVE' : 'PAUSED');

export interface InputRows {
  account: AccountRow;
  entities: readonly EntityRow[];
  /** Ad-level days, oldest first per ad. */
  adDaily: readonly DailyRow[];
  /** Impressions of each ad before the first loaded day (lifetime frequency needs the whole history). */
  priorImpressions: ReadonlyMap<string, number>;
  sufficiency: { level: 'sufficient' | 'thin' | 'none'; message: string } | null;
  now: number;
}

export function buildAccountInput(r: InputRows): AccountInput {
  const currency = r.account.currency;
  const byType = (t: EntityRow['entity_type']) => r.entities.filter((e) => e.entity_type === t);
  const campaigns = byType('campaign');
  const adsets = byType('adset');
  const ads = byType('ad');
  const daysByAd = new Map<string, DailyRow[]>();
  for (const d of r.adDaily) {
    const list = daysByAd.get(d.entity_id);
    if (list) list.push(d);
    else daysByAd.set(d.entity_id, [d]);
  }

  const adInputs: AdInput[] = ads.map((a) => {
    const days = daysByAd.get(a.entity_id) ?? [];
    const window =
      a.reach_7d && a.frequency_7d ? { impressions: a.reach_7d * a.frequency_7d, reach: a.reach_7d } : null;
    const audience = estimateAudience(window, days);
    let cumulative = r.priorImpressions.get(a.entity_id) ?? 0;
    return {
      id: a.entity_id,
      name: a.name ?? a.entity_id,
      adsetId: a.parent_id ?? '',
      status: entityStatus(a.effective_status),
      daily: days.map((d) => {
        cumulative += d.impressions;
        return { ...point(d), frequency: audience === null ? 0 : frequencyAt(cumulative, audience) };
      }),
    };
  });

  // Ad set days are the sums of their ads' days, so an ad set's series always agrees with its ads' series (ad sets'
  // own daily rows may start later than their ads', e.g. on accounts backfilled before ad sets were).
  const adsetDays = adSetDaysFromAds(adInputs);
  const campaignBudget = new Map(campaigns.map((c) => [c.entity_id, c.daily_budget_minor]));
  const activeInCampaign = new Map<string, number>();
  for (const s of adsets)
    if (entityStatus(s.effective_status) === 'ACTIVE' && s.campaign_id)
      activeInCampaign.set(s.campaign_id, (activeInCampaign.get(s.campaign_id) ?? 0) + 1);

  const adsetInputs: AdSetInput[] = adsets.map((s) => {
    const campaignId = s.campaign_id ?? s.parent_id ?? '';
    const status = entityStatus(s.effective_status);
    // A campaign budget (CBO) is shared: each active ad set gets an even share, as Meta gives no split.
    const cbo = campaignBudget.get(campaignId);
    const minor =
      s.daily_budget_minor ?? (cbo && status === 'ACTIVE' ? cbo / (activeInCampaign.get(campaignId) ?? 1) : null);
    return {
      id: s.entity_id,
      name: s.name ?? s.entity_id,
      campaignId,
      status,
      learningStage: learningStage(s.learning_stage),
      ...(minor ? { dailyBudget: minorToMajor(minor, currency) } : {}),
      daily: adsetDays.get(s.entity_id) ?? [],
    };
  });
  const budget = adsetInputs.reduce((a, s) => a + (s.status === 'ACTIVE' ? (s.dailyBudget ?? 0) : 0), 0);
  const suff = r.sufficiency;
  return {
    accountId: r.account.id,
    now: r.now,
    targets: {
      ...(r.account.target_roas ? { roas: r.account.target_roas } : {}),
      ...(r.account.target_cpa ? { cpa: r.account.target_cpa } : {}),
      ...(budget > 0 ? { dailyBudget: budget } : {}),
    },
    sufficiency: suff
      ? { sufficient: suff.level === 'sufficient', ...(suff.level === 'sufficient' ? {} : { reason: suff.message }) }
      : { sufficient: false, reason: 'no data-sufficiency check yet (no collection has finished)' },
    campaigns: campaigns.map((c) => ({ id: c.entity_id, name: c.name ?? c.entity_id })),
    adsets: adsetInputs,
    ads: adInputs,
  };
}

const point = (d: DailyRow): MetricPoint => ({
  t: d.t,
  impressions: d.impressions,
  clicks: d.clicks,
  spend: d.spend,
  conversions: d.conversions,
  value: d.value,
});

/** Each ad set's days (oldest first) as the sums of its ads' days: money, delivery and results add up exactly. */
export function adSetDaysFromAds(ads: readonly Pick<AdInput, 'adsetId' | 'daily'>[]): Map<string, MetricPoint[]> {
  const byAdset = new Map<string, Map<number, MetricPoint>>();
  for (const ad of ads) {
    let days = byAdset.get(ad.adsetId);
    if (!days) byAdset.set(ad.adsetId, (days = new Map<number, MetricPoint>()));
    for (const p of ad.daily) {
      const d = days.get(p.t) ?? { t: p.t, impressions: 0, clicks: 0, spend: 0, conversions: 0, value: 0 };
      d.impressions += p.impressions;
      d.clicks += p.clicks;
      d.spend += p.spend;
      d.conversions += p.conversions;
      d.value += p.value;
      days.set(p.t, d);
    }
  }
  return new Map([...byAdset].map(([id, days]) => [id, [...days.values()].sort((a, b) => a.t - b.t)]));
}
