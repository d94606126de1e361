import { z } from 'zod';

/** Meta sends numbers as strings, and leaves metrics out rather than sending zeros. */
const num = z.union([z.string(), z.number()]).transform((v, ctx) => {
  const n = typeof v === 'number' ? v : Number(v);
  if (!Number.isFinite(n)) {
    ctx.addIssue({ code: 'custom', message: `expected a numeric string, got ${JSON.stringify(v)}` });
    return z.NEVER;
  }
  return n;
});
const optNum = num.optional().transform((v) => v ?? null);

export const actionValueSchema = z.object({ action_type: z.string(), value: num });
export type ActionValue = z.infer<typeof actionValueSchema>;

export const insightRowSchema = z
  .object({
    account_id: z.string().optional(),
    campaign_id: z.string().optional(),
    campaign_name: z.string().optional(),
    adset_id: z.string().optional(),
    adset_name: z.string().optional(),
    ad_id: z.string().optional(),
    ad_name: z.string().optional(),
    date_start: z.string(),
    date_stop: z.string(),
    hourly_stats_aggregated_by_advertiser_time_zone: z.string().optional(),
    impressions: optNum,
    reach: optNum,
    clicks: optNum,
    spend: optNum,
    cpm: optNum,
    ctr: optNum,
    cpc: optNum,
    frequency: optNum,
    actions: z.array(actionValueSchema).optional(),
    action_values: z.array(actionValueSchema).optional(),
    purchase_roas: z.array(actionValueSchema).optional(),
  })
  .transform((r) => ({
    accountId: r.account_id ?? null,
    campaignId: r.campaign_id ?? null,
    campaignName: r.campaign_name ?? null,
    adsetId: r.adset_id ?? null,
    adsetName: r.adset_name ?? null,
    adId: r.ad_id ?? null,
    adName: r.ad_name ?? null,
    dateStart: r.date_start,
    dateStop: r.date_stop,
    hour: r.hourly_stats_aggregated_by_advertiser_time_zone
      ? Number(r.hourly_stats_aggregated_by_advertiser_time_zone.slice(0, 2))
      : null,
    impressions: r.impressions ?? 0,
    reach: r.reach,
    clicks: r.clicks ?? 0,
    spend: r.spend ?? 0,
    cpm: r.cpm,
    /** Meta's ctr is a percentage (1.2 means 1.2%). */
    ctrPercent: r.ctr,
    cpc: r.cpc,
    frequency: r.frequency,
    actions: r.actions ?? [],
    actionValues: r.action_values ?? [],
    purchaseRoas: r.purchase_roas ?? [],
  }));
export type InsightRow = z.output<typeof insightRowSchema>;

/**
 * The same purchase is reported under several action types (pixel, omni, onsite). Adding them up counts one
 * purchase two or three times, so each row is read under one type, in this order of preference.
 */
export const PURCHASE_TYPE_PREFERENCE = [
  'omni_purchase',
  'purchase',
  'offsite_conversion.fb_pixel_purchase',
  'onsite_web_purchase',
  'onsite_web_app_purchase',
  'app_custom_event.fb_mobile_purchase',
] as const;

type PurchaseFields = Pick<InsightRow, 'actions' | 'actionValues'>;

const purchaseTypesIn = (row: PurchaseFields): Set<string> =>
  new Set([...row.actions, ...row.actionValues].map((a) => a.action_type));

/**
 * The account's preferred purchase action type: the most preferred type present in any row (in `actions` or in
 * `action_values`), or null. Rows that lack it are still read under their own type (see `purchasesOf`).
 */
export function canonicalPurchaseType(rows: readonly PurchaseFields[]): string | null {
  const seen = new Set<string>();
  for (const r of rows) for (const t of purchaseTypesIn(r)) seen.add(t);
  return PURCHASE_TYPE_PREFERENCE.find((t) => seen.has(t)) ?? null;
}

/**
 * Purchases and their value in a row, read from one type only (never summed across types). The type is chosen per
 * row: the account's preferred type when the row reports it, else the row's most preferred one (an ad reporting only
 * `offsite_conversion.fb_pixel_purchase` in an `omni_purchase` account still counts). Conversions come from
 * `actions` and the value from `action_values`, each 0 when that list lacks the type.
 */
export function purchasesOf(row: PurchaseFields, preferredType: string | null): { conversions: number; value: number } {
  const type = rowPurchaseType(row, preferredType);
  if (!type) return { conversions: 0, value: 0 };
  return {
    conversions: row.actions.find((a) => a.action_type === type)?.value ?? 0,
    value: row.actionValues.find((a) => a.action_type === type)?.value ?? 0,
  };
}

/** The one purchase type `purchasesOf` reads in this row (null when the row reports no purchase type). */
export function rowPurchaseType(row: PurchaseFields, preferredType: string | null): string | null {
  const present = purchaseTypesIn(row);
  if (preferredType !== null && present.has(preferredType)) return preferredType;
  return PURCHASE_TYPE_PREFERENCE.find((t) => present.has(t)) ?? null;
}

/**
 * A budget or bid: a whole number of minor units (see money.ts), sent as a string. Meta writes "0" for "none" (the
 * lifetime budget of an ad set on a daily budget, the daily budget of one on a lifetime budget), so 0 is null; a
 * value that is not a whole number is a parse error rather than NaN reaching a write.
 */
const budget = z
  .union([z.string(), z.number()])
  .optional()
  .transform((v, ctx) => {
    if (v === undefined || v === '') return null;
    const n = typeof v === 'number' ? v : /^\s*\d+\s*$/.test(v) ? Number(v) : NaN;
    if (!Number.isSafeInteger(n) || n < 0) {
      ctx.addIssue({ code: 'custom', message: `expected a whole number of minor units, got ${JSON.stringify(v)}` });
      return z.NEVER;
    }
    return n === 0 ? null : n;
  });

export const entitySchema = z
  .object({
    id: z.string(),
    name: z.string().optional(),
    status: z.string().optional(),
    effective_status: z.string().optional(),
    campaign_id: z.string().optional(),
    adset_id: z.string().optional(),
    daily_budget: budget,
    lifetime_budget: budget,
    bid_strategy: z.string().optional(),
    bid_amount: budget,
    optimization_goal: z.string().optional(),
    objective: z.string().optional(),
    learning_stage_info: z
      .object({ status: z.string(), conversions: num.optional(), last_sig_edit_ts: num.optional() })
      .passthrough()
      .optional(),
    issues_info: z.array(z.unknown()).optional(),
    created_time: z.string().optional(),
    updated_time: z.string().optional(),
    creative: z.object({ id: z.string() }).optional(),
  })
  .transform((e) => ({
    id: e.id,
    name: e.name ?? null,
    status: e.status ?? null,
    effectiveStatus: e.effective_status ?? null,
    campaignId: e.campaign_id ?? null,
    adsetId: e.adset_id ?? null,
    dailyBudgetMinor: e.daily_budget,
    lifetimeBudgetMinor: e.lifetime_budget,
    bidStrategy: e.bid_strategy ?? null,
    bidAmountMinor: e.bid_amount,
    optimizationGoal: e.optimization_goal ?? null,
    objective: e.objective ?? null,
    learningStage: e.learning_stage_info?.status ?? null,
    /** Optimisation events counted toward leaving the learning phase. */
    learningConversions: e.learning_stage_info?.conversions ?? null,
    /** When the last significant edit (one that restarts learning) was made: Meta sends epoch seconds. */
    lastSignificantEditAt:
      e.learning_stage_info?.last_sig_edit_ts === undefined
        ? null
        : new Date(e.learning_stage_info.last_sig_edit_ts * 1000).toISOString(),
    issues: e.issues_info ?? [],
    createdTime: e.created_time ?? null,
    updatedTime: e.updated_time ?? null,
    creativeId: e.creative?.id ?? null,
  }));
export type MetaEntity = z.output<typeof entitySchema>;

export const ENTITY_FIELDS = {
  campaigns:
    'id,name,status,effective_status,objective,daily_budget,lifetime_budget,buying_type,created_time,updated_time',
  adsets:
    'id,name,status,effective_status,campaign_id,daily_budget,lifetime_budget,bid_strategy,bid_amount,optimization_goal,learning_stage_info,issues_info,created_time,updated_time',
  ads: 'id,name,status,effective_status,campaign_id,adset_id,creative{id},issues_info,created_time,updated_time',
} as const;

export const INSIGHT_FIELDS =
  'account_id,campaign_id,campaign_name,adset_id,adset_name,ad_id,ad_name,impressions,reach,clicks,spend,cpm,ctr,cpc,frequency,actions,action_values,purchase_roas';

export const pixelStatsSchema = z.object({
  data: z.array(
    z.object({
      start_time: z.string(),
      aggregation: z.string().optional(),
      data: z.array(z.object({ value: z.string(), count: num })),
    }),
  ),
});
export type PixelStats = z.infer<typeof pixelStatsSchema>['data'];

export const pixelSchema = z.object({
  id: z.string(),
  name: z.string().optional(),
  last_fired_time: z.string().nullable().optional(),
  event_match_quality: num.optional(),
});
export type MetaPixel = z.infer<typeof pixelSchema>;
