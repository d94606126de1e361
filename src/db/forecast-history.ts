/**
 * What the forecasts read from PostgreSQL: ad-level daily rows (complete local days only), the ads with their
 * campaign's name and objective (the channel groupings), and the budget units (ad sets, or campaigns with a
 * campaign budget) with their daily history summed from their ads.
 */
import { sql, type DatabaseConnection } from 'slonik';
import { z } from 'zod';
import type { ChannelEntity, EntityDay, ResponsePoint } from '../intel/forecast/index.ts';

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
const adRow = z.object({
  id: z.string(),
  name: z.string().nullable(),
  parent_id: z.string().nullable(),
  campaign_id: z.string().nullable(),
  campaign_name: z.string().nullable(),
  objective: z.string().nullable(),
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
  /** Major currency units (Meta stores minor units: cents). */
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
  rows: EntityDay[];
  entities: ChannelEntity[];
  units: StoredBudgetUnit[];
}

/**
 * Loads `days` complete local days before the account's today. Units are active entities with a daily budget.
 * @throws NotFoundError (slonik) when the account does not exist.
 */
export async function loadForecastHistory(
  db: DatabaseConnection,
  accountId: string,
  now: number,
  days: number,
): Promise<ForecastHistory> {
  const { timezone, today } = await db.one(sql.type(z.object({ timezone: z.string(), today: z.string() }))`
    SELECT timezone, ((${sql.timestamp(new Date(now))} AT TIME ZONE timezone)::date)::text AS today
    FROM ad_account WHERE id = ${accountId}`);
  const rows = await db.any(sql.type(dayRow)`
    SELECT entity_id, day::text AS date, spend::float8 AS spend, impressions::float8 AS impressions,
           clicks::float8 AS clicks, conversions::float8 AS conversions, conversion_value::float8 AS revenue,
           coalesce(reach, 0)::float8 AS reach
    FROM insight_daily
    WHERE account_id = ${accountId} AND entity_type = 'ad'
      AND day < ${today}::date AND day >= ${today}::date - ${days}::int
    ORDER BY day, entity_id`);
  const ads = await db.any(sql.type(adRow)`
    SELECT a.entity_id AS id, a.name, a.parent_id, a.campaign_id, c.name AS campaign_name, c.objective
    FROM intel_entity a LEFT JOIN intel_entity c ON c.account_id = a.account_id AND c.entity_id = a.campaign_id
    WHERE a.account_id = ${accountId} AND a.entity_type = 'ad'`);
  const unitRows = await db.any(sql.type(unitRow)`
    SELECT u.entity_id AS id, u.entity_type::text AS type, u.name, u.daily_budget_minor, u.learning_stage,
           c.name AS campaign_name, c.objective
    FROM intel_entity u LEFT JOIN intel_entity c ON c.account_id = u.account_id AND c.entity_id = u.campaign_id
    WHERE u.account_id = ${accountId} AND u.entity_type IN ('campaign', 'adset')
      AND u.daily_budget_minor IS NOT NULL AND u.daily_budget_minor > 0
      AND coalesce(u.effective_status, u.status, 'ACTIVE') = 'ACTIVE'
    ORDER BY u.entity_id`);

  const entities: ChannelEntity[] = ads.map((a) => ({
    id: a.id,
    ...(a.name ? { name: a.name } : {}),
    ...(a.campaign_name ? { campaignName: a.campaign_name } : {}),
    ...(a.objective ? { objective: a.objective } : {}),
  }));
  // A unit's day = the sum of its ads' rows (ad-level history reaches further back than ad-set rollups).
  const unitOf = new Map<string, string[]>();
  for (const a of ads)
    unitOf.set(
      a.id,
      [a.parent_id, a.campaign_id].filter((x): x is string => x !== null),
    );
  const sums = new Map<string, Map<string, { spend: number; conversions: number; revenue: number }>>();
  for (const r of rows)
    for (const unit of unitOf.get(r.entity_id) ?? []) {
      let byDay = sums.get(unit);
      if (!byDay) sums.set(unit, (byDay = new Map<string, { spend: number; conversions: number; revenue: number }>()));
      const s = byDay.get(r.date) ?? { spend: 0, conversions: 0, revenue: 0 };
      s.spend += r.spend;
      s.conversions += r.conversions;
      s.revenue += r.revenue;
      byDay.set(r.date, s);
    }
  const units = unitRows.map((u): StoredBudgetUnit => {
    const days = [...(sums.get(u.id)?.values() ?? [])];
    const conversions = days.reduce((a, d) => a + d.conversions, 0);
    const revenue = days.reduce((a, d) => a + d.revenue, 0);
    return {
      id: u.id,
      type: u.type,
      name: u.name ?? u.id,
      currentDailyBudget: u.daily_budget_minor / 100,
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
  return { timezone, today, rows: rows.map(({ entity_id, ...r }) => ({ ...r, entityId: entity_id })), entities, units };
}
