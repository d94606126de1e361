import { hash32, mulberry32 } from './random.ts';
import type { AdSetSpec, CampaignSpec, ScenarioSpec } from './scenario.ts';

const PURCHASE_TYPES = ['offsite_conversion.fb_pixel_purchase', 'omni_purchase', 'purchase'];
const never = Number.POSITIVE_INFINITY;

/** The account `./adpilot start` binds to: small, mostly healthy, with one fatiguing ad and one money sink. */
export const demoScenario: ScenarioSpec = {
  accountId: 'act_demo',
  name: 'Demo Store',
  currency: 'USD',
  timezone: 'America/New_York',
  token: 'demo-token',
  purchaseActionTypes: PURCHASE_TYPES,
  historyDays: 35,
  pixel: { id: 'px_demo', name: 'Demo Store Pixel', eventMatchQuality: 7.8 },
  campaigns: [
    {
      id: 'c_demo_prospecting',
      name: 'Prospecting - Broad',
      objective: 'OUTCOME_SALES',
      adsets: [
        adset('as_demo_broad', 'Broad 25-54', 8_000, { cvr: 0.035, aov: 68, audienceSize: 120_000 }, [
          ad('ad_demo_ugc', 'UGC video - hook A', 0.014, 2.6, 0.45),
          ad('ad_demo_static', 'Static - bestseller', 0.011, never, 0),
        ]),
        adset('as_demo_lookalike', 'Lookalike 1%', 6_000, { cvr: 0.045, aov: 72 }, [
          ad('ad_demo_lal_carousel', 'Carousel - new arrivals', 0.013, never, 0),
          ad('ad_demo_lal_video', 'Video - founder story', 0.012, never, 0),
        ]),
        adset('as_demo_interest', 'Interests - outdoor', 12_000, { cvr: 0.0, aov: 60 }, [
          ad('ad_demo_interest_1', 'Static - discount', 0.009, never, 0),
        ]),
      ],
    },
    {
      id: 'c_demo_retargeting',
      name: 'Retargeting - 30d',
      objective: 'OUTCOME_SALES',
      dailyBudgetMinor: 5_000,
      adsets: [
        adset('as_demo_cart', 'Cart abandoners 7d', 0, { cvr: 0.09, aov: 80, audienceSize: 40_000 }, [
          ad('ad_demo_cart_dpa', 'DPA - cart items', 0.02, never, 0),
        ]),
        adset('as_demo_visitors', 'Site visitors 30d', 0, { cvr: 0.05, aov: 75, audienceSize: 90_000 }, [
          ad('ad_demo_visitors_video', 'Video - reviews', 0.015, 3.2, 0.35),
        ]),
      ],
    },
  ],
};

function ad(id: string, name: string, baseCtr: number, fatigueOnsetFrequency: number, fatigueRate: number) {
  return { id, name, creativeId: `cr_${id}`, baseCtr, fatigueOnsetFrequency, fatigueRate };
}

function adset(
  id: string,
  name: string,
  dailyBudgetMinor: number,
  o: { cvr: number; aov: number; audienceSize?: number; maxDailyImpressions?: number; halfSaturationBudget?: number },
  ads: AdSetSpec['ads'],
): AdSetSpec {
  return {
    id,
    name,
    dailyBudgetMinor,
    cvr: o.cvr,
    aov: o.aov,
    audienceSize: o.audienceSize ?? 600_000,
    maxDailyImpressions: o.maxDailyImpressions ?? 60_000,
    halfSaturationBudget: o.halfSaturationBudget ?? 120,
    ads,
  };
}

/** A generated account: `campaigns × adsetsPerCampaign × adsPerAdset` ads, a share of them fatiguing. */
export function generatedScenario(o: {
  accountId: string;
  token: string;
  campaigns: number;
  adsetsPerCampaign: number;
  adsPerAdset: number;
  seed: number;
  fatigueShare?: number;
  historyDays?: number;
  breaksAtHour?: number;
  /** Audience size range per ad set; small audiences make frequency (and fatigue) rise quickly. */
  audience?: [number, number];
}): ScenarioSpec {
  const rnd = mulberry32(o.seed ^ hash32(o.accountId));
  const campaigns: CampaignSpec[] = [];
  for (let c = 0; c < o.campaigns; c++) {
    const adsets: AdSetSpec[] = [];
    for (let s = 0; s < o.adsetsPerCampaign; s++) {
      const ads = [];
      for (let a = 0; a < o.adsPerAdset; a++) {
        const fatigues = rnd() < (o.fatigueShare ?? 0.3);
        ads.push(
          ad(
            `ad_${o.accountId}_${c}_${s}_${a}`,
            `Ad ${c}.${s}.${a}`,
            0.006 + 0.012 * rnd(),
            fatigues ? 1.8 + 2 * rnd() : never,
            fatigues ? 0.2 + 0.5 * rnd() : 0,
          ),
        );
      }
      adsets.push(
        adset(
          `as_${o.accountId}_${c}_${s}`,
          `Ad set ${c}.${s}`,
          Math.round(2_000 + 18_000 * rnd()),
          {
            cvr: 0.01 + 0.06 * rnd(),
            aov: 30 + 90 * rnd(),
            audienceSize: Math.round(
              (o.audience?.[0] ?? 50_000) + ((o.audience?.[1] ?? 1_000_000) - (o.audience?.[0] ?? 50_000)) * rnd(),
            ),
            maxDailyImpressions: Math.round(10_000 + 80_000 * rnd()),
            halfSaturationBudget: 40 + 200 * rnd(),
          },
          ads,
        ),
      );
    }
    campaigns.push({
      id: `c_${o.accountId}_${c}`,
      name: `Campaign ${c}`,
      objective: c % 3 === 0 ? 'OUTCOME_TRAFFIC' : 'OUTCOME_SALES',
      adsets,
    });
  }
  return {
    accountId: o.accountId,
    name: `Generated ${o.accountId}`,
    currency: 'USD',
    timezone: 'UTC',
    token: o.token,
    purchaseActionTypes: PURCHASE_TYPES,
    historyDays: o.historyDays ?? 35,
    pixel: {
      id: `px_${o.accountId}`,
      name: 'Pixel',
      eventMatchQuality: 6.9,
      ...(o.breaksAtHour === undefined ? {} : { breaksAtHour: o.breaksAtHour }),
    },
    campaigns,
  };
}

export const scenarios = {
  demo: () => demoScenario,
  healthy: () =>
    generatedScenario({
      accountId: 'act_healthy',
      token: 'healthy-token',
      campaigns: 3,
      adsetsPerCampaign: 3,
      adsPerAdset: 3,
      seed: 11,
      fatigueShare: 0,
    }),
  fatigue: () =>
    generatedScenario({
      accountId: 'act_fatigue',
      token: 'fatigue-token',
      campaigns: 2,
      adsetsPerCampaign: 4,
      adsPerAdset: 5,
      seed: 12,
      fatigueShare: 0.7,
      audience: [15_000, 60_000],
    }),
  'broken-pixel': () =>
    generatedScenario({
      accountId: 'act_broken',
      token: 'broken-token',
      campaigns: 2,
      adsetsPerCampaign: 2,
      adsPerAdset: 3,
      seed: 13,
      breaksAtHour: -6,
    }),
  large: () =>
    generatedScenario({
      accountId: 'act_large',
      token: 'large-token',
      campaigns: 50,
      adsetsPerCampaign: 20,
      adsPerAdset: 10,
      seed: 14,
      historyDays: 3,
    }),
} as const;
export type ScenarioName = keyof typeof scenarios;
