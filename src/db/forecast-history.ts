/**
 * What the forecasts read from PostgreSQL: ad-level daily rows (complete local days only) summed per campaign, the
 * campaigns' names and objectives (the channel groupings), and the budget units (ad sets, or campaigns with a
 * campaign budget) with their daily history summed from their ads.
 */
import { sql, type DatabaseConnection } from 'slonik';
import { z } from 'zod';
import type { ChannelEntity, EntityDay, ResponsePoint } from '../intel/forecast/index.ts';
import { minorToMajor } from '../intel/money.ts';

const dayRow = z.object({
  entity_id: z.string(),
  date: z.string(),
  spend: z.number(),
  impressions: z.number(),
  clicks: z.number(),
  conversions: z.number(),
  revenue: z.number(),
  reach: z.number(),
});
const groupRow = z.object({
  id: z.string(),
  name: z.string().nullable(),
  campaign_name: z.string().nullable(),
  objective: z.string().nullable(),
});
// `whole` = 1: a campaign's day (entity_id set); 0: an ad set's day (adset set, entity_id null).
const setRow = dayRow.extend({ entity_id: z.string().nullable(), adset: z.string().nullable(), whole: z.number() });
const toEntityDay = ({ entity_id, ...r }: z.infer<typeof setRow>): EntityDay => ({
  date: r.date,
  entityId: entity_id ?? '',
  spend: r.spend,
  impressions: r.impressions,
  clicks: r.clicks,
  conversions: r.conversions,
  revenue: r.revenue,
  reach: r.reach,
});
const unitRow = z.object({
  id: z.string(),
  type: z.enum(['campaign', 'adset']),
  name: z.string().nullable(),
  daily_budget_minor: z.number(),
  learning_stage: z.string().nullable(),
  campaign_name: z.string().nullable(),
  objective: z.string().nullable(),
});

export interface StoredBudgetUnit {
  id: string;
  type: 'campaign' | 'adset';
  name: string;
  /** Major units of the account currency (Meta stores minor units, per currency: see intel/money.ts). */
  currentDailyBudget: number;
  /** In Meta's learning phase: its budget stays put (an edit restarts learning). */
  locked: boolean;
  /** The unit as a channel entity, so it gets the same channel as its ads. */
  entity: ChannelEntity;
  history: ResponsePoint[];
  /** Revenue per conversion over the history (0 without conversions). */
  valuePerOutcome: number;
}

export interface ForecastHistory {
  timezone: string;
  /** The account's local today, excluded from the rows (a partial day would drag every forecast down). */
  today: string;
  /** Daily sums per campaign (the unit every channel grouping is a function of); ads without one stand alone. */
  rows: EntityDay[];
  /** The campaigns (and campaign-less ads) of `rows`, with what the channel groupings read. */
  entities: ChannelEntity[];
  units: StoredBudgetUnit[];
}

/**
 * Loads `days` complete local days before the account's today. Units are active entities with a daily budget
 * (skipped with `units: false`, e.g. for the accuracy check).
 * @throws NotFoundError (slonik) when the account does not exist.
 */
export async function loadForecastHistory(
  db: DatabaseConnection,
  accountId: string,
  now: number,
  days: number,
  options: { units?: boolean } = {},
): Promise<ForecastHistory> {
  const { timezone, today, currency } = await db.one(sql.type(
    z.object({ timezone: z.string(), today: z.string(), currency: z.string() }),
  )`
    SELECT timezone, currency, ((${sql.timestamp(new Date(now))} AT TIME ZONE timezone)::date)::text AS today
    FROM ad_account WHERE id = ${accountId}`);
  const withUnits = options.units !== false;
  const range = sql.fragment`d.account_id = ${accountId} AND d.entity_type = 'ad'
    AND d.day < ${today}::date AND d.day >= ${today}::date - ${days}::int`;
  // Channels are a property of the campaign (its objective or name), so the rows are summed per campaign and day in
  // SQL: 10,000 ads × 56 days become a few thousand rows instead of 560,000 parsed ones. With units, one scan also
  // gives each ad set's days (GROUPING SETS), the history of its response curve.
  const sets = await db.any(sql.type(setRow)`
    SELECT coalesce(a.campaign_id, a.entity_id) AS entity_id, ${withUnits ? sql.fragment`a.parent_id` : sql.fragment`NULL::text`} AS adset,
           d.day::text AS date, sum(d.spend)::float8 AS spend,
           sum(d.impressions)::float8 AS impressions, sum(d.clicks)::float8 AS clicks,
           sum(d.conversions)::float8 AS conversions, sum(d.conversion_value)::float8 AS revenue,
           sum(coalesce(d.reach, 0))::float8 AS reach, ${withUnits ? sql.fragment`GROUPING(a.parent_id)` : sql.fragment`1`}::int AS whole
    FROM insight_daily d
    JOIN intel_entity a ON a.account_id = d.account_id AND a.entity_id = d.entity_id AND a.entity_type = 'ad'
    WHERE ${range}
    GROUP BY ${
      withUnits
        ? sql.fragment`GROUPING SETS ((coalesce(a.campaign_id, a.entity_id), d.day), (a.parent_id, d.day))`
        : sql.fragment`1, 3`
    }
    ORDER BY date, entity_id`);
  const rows = sets.filter((r) => r.whole === 1);
  const groups = await db.any(sql.type(groupRow)`
    SELECT DISTINCT coalesce(a.campaign_id, a.entity_id) AS id, coalesce(c.name, a.name) AS name,
           c.name AS campaign_name, c.objective
    FROM intel_entity a LEFT JOIN intel_entity c ON c.account_id = a.account_id AND c.entity_id = a.campaign_id
    WHERE a.account_id = ${accountId} AND a.entity_type = 'ad'`);
  const entities: ChannelEntity[] = groups.map((g) => ({
    id: g.id,
    ...(g.name ? { name: g.name } : {}),
    ...(g.campaign_name ? { campaignName: g.campaign_name } : {}),
    ...(g.objective ? { objective: g.objective } : {}),
  }));
  if (options.units === false) return { timezone, today, rows: rows.map(toEntityDay), entities, units: [] };

  const unitRows = await db.any(sql.type(unitRow)`
    SELECT u.entity_id AS id, u.entity_type::text AS type, u.name, u.daily_budget_minor, u.learning_stage,
           c.name AS campaign_name, c.objective
    FROM intel_entity u LEFT JOIN intel_entity c ON c.account_id = u.account_id AND c.entity_id = u.campaign_id
    WHERE u.account_id = ${accountId} AND u.entity_type IN ('campaign', 'adset')
      AND u.daily_budget_minor IS NOT NULL AND u.daily_budget_minor > 0
      AND coalesce(u.effective_status, u.status, 'ACTIVE') = 'ACTIVE'
    ORDER BY u.entity_id`);
  // A unit's day = the sum of its ads' rows (ad-level history reaches further back than ad-set rollups): ad-set
  // units from the ad-set grouping set, campaign units (campaign budget) from the campaign one.
  const unitIds = new Set(unitRows.map((u) => u.id));
  const unitDays = sets.flatMap((r) => {
    const unit = r.whole === 1 ? r.entity_id : r.adset;
    return unit !== null && unitIds.has(unit) ? [{ unit, ...r }] : [];
  });
  const sums = new Map<string, { spend: number; conversions: number; revenue: number }[]>();
  for (const r of unitDays) {
    const list = sums.get(r.unit) ?? [];
    list.push(r);
    sums.set(r.unit, list);
  }
  const units = unitRows.map((u): StoredBudgetUnit => {
    const days = sums.get(u.id) ?? [];
    const conversions = days.reduce((a, d) => a + d.conversions, 0);
    const revenue = days.reduce((a, d) => a + d.revenue, 0);
    return {
      id: u.id,
      type: u.type,
      name: u.name ?? u.id,
      currentDailyBudget: minorToMajor(u.daily_budget_minor, currency),
      locked: u.learning_stage === 'LEARNING',
      entity: {
        id: u.id,
        ...(u.name ? { name: u.name } : {}),
        ...(u.campaign_name ? { campaignName: u.campaign_name } : {}),
        ...(u.objective ? { objective: u.objective } : {}),
      },
      history: days.filter((d) => d.spend > 0).map((d) => ({ spend: d.spend, outcome: d.conversions })),
      valuePerOutcome: conversions > 0 ? revenue / conversions : 0,
    };
  });
  return { timezone, today, rows: rows.map(toEntityDay), entities, units };
}
