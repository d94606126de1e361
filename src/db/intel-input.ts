/**
 * Set-based reads for account intelligence: a handful of statements per account whatever its size (10,000 ads
 * is a few hundred thousand daily rows in one query, not one query per ad).
 */
import { sql, type DatabaseConnection } from 'slonik';
import { z } from 'zod';
import type { HourPoint, PixelHourPoint } from '../intel/analytics/index.ts';
import type { AccountRow, DailyRow, EntityRow, InputRows } from '../intel/account-input.ts';
import { lastSufficiency } from './sufficiency.ts';
import { DAY } from '../intel/time.ts';

const accountSchema = z.object({
  id: z.string(),
  currency: z.string(),
  target_cpa: z.number().nullable(),
  target_roas: z.number().nullable(),
  midnight: z.number(),
});
const entitySchema = z.object({
  entity_type: z.enum(['campaign', 'adset', 'ad']),
  entity_id: z.string(),
  name: z.string().nullable(),
  parent_id: z.string().nullable(),
  campaign_id: z.string().nullable(),
  effective_status: z.string().nullable(),
  learning_stage: z.string().nullable(),
  daily_budget_minor: z.number().nullable(),
  reach_7d: z.number().nullable(),
  frequency_7d: z.number().nullable(),
}) satisfies z.ZodType<EntityRow>;
// One row per ad with its days as parallel arrays: 10,000 rows to parse instead of 280,000 (3× faster measured).
const nums = z.array(z.number());
const adDaysSchema = z.object({
  entity_id: z.string(),
  t: nums,
  impressions: nums,
  clicks: nums,
  spend: nums,
  conversions: nums,
  value: nums,
  reach: z.array(z.number().nullable()),
});
const priorSchema = z.object({ entity_id: z.string(), impressions: z.number() });

/**
 * The rows behind the account score and the per-ad patterns: entities, `days` complete local days of ad-level
 * insights before today (today is still filling up), each ad's impressions before that window, the account's
 * targets and its last sufficiency check. `now` of the result is today's local midnight: the end of the data.
 * @returns null when the account is not connected.
 */
export async function loadInputRows(
  db: DatabaseConnection,
  accountId: string,
  now: number,
  days = 42,
): Promise<InputRows | null> {
  const account = await db.maybeOne(sql.type(accountSchema)`
    SELECT id, currency, target_cpa::float8, target_roas::float8,
           (extract(epoch FROM date_trunc('day', ${sql.timestamp(new Date(now))}, timezone)) * 1000)::float8 AS midnight
    FROM ad_account WHERE id = ${accountId}`);
  if (!account) return null;
  const today = sql.fragment`(${sql.timestamp(new Date(account.midnight))} AT TIME ZONE a.timezone)::date`;
  const entities = await db.any(sql.type(entitySchema)`
    SELECT entity_type::text AS entity_type, entity_id, name, parent_id, campaign_id, effective_status, learning_stage,
           daily_budget_minor, reach_7d::float8, frequency_7d::float8
    FROM intel_entity WHERE account_id = ${accountId} AND entity_type IN ('campaign', 'adset', 'ad')
    ORDER BY entity_type, entity_id`);
  const adDays = await db.any(sql.type(adDaysSchema)`
    SELECT d.entity_id,
           array_agg((extract(epoch FROM d.day::timestamp AT TIME ZONE a.timezone) * 1000)::float8 ORDER BY d.day) AS t,
           array_agg(d.impressions::float8 ORDER BY d.day) AS impressions, array_agg(d.clicks::float8 ORDER BY d.day) AS clicks,
           array_agg(d.spend::float8 ORDER BY d.day) AS spend, array_agg(d.conversions::float8 ORDER BY d.day) AS conversions,
           array_agg(d.conversion_value::float8 ORDER BY d.day) AS value, array_agg(d.reach::float8 ORDER BY d.day) AS reach
    FROM insight_daily d JOIN ad_account a ON a.id = d.account_id
    WHERE d.account_id = ${accountId} AND d.entity_type = 'ad' AND d.day < ${today} AND d.day >= ${today} - ${days}::int
    GROUP BY d.entity_id ORDER BY d.entity_id`);
  const adDaily: DailyRow[] = adDays.flatMap((a) =>
    a.t.map((t, i) => ({
      entity_id: a.entity_id,
      t,
      impressions: a.impressions[i]!,
      clicks: a.clicks[i]!,
      spend: a.spend[i]!,
      conversions: a.conversions[i]!,
      value: a.value[i]!,
      reach: a.reach[i] ?? null,
    })),
  );
  const prior = await db.any(sql.type(priorSchema)`
    SELECT d.entity_id, sum(d.impressions)::float8 AS impressions
    FROM insight_daily d JOIN ad_account a ON a.id = d.account_id
    WHERE d.account_id = ${accountId} AND d.entity_type = 'ad' AND d.day < ${today} - ${days}::int
    GROUP BY d.entity_id`);
  const suff = await lastSufficiency(db, accountId);
  const row: AccountRow = {
    id: account.id,
    currency: account.currency,
    target_cpa: account.target_cpa,
    target_roas: account.target_roas,
  };
  return {
    account: row,
    entities,
    adDaily,
    priorImpressions: new Map(prior.map((p) => [p.entity_id, p.impressions])),
    sufficiency: suff ? { level: suff.level, message: suff.detail.message } : null,
    now: account.midnight,
  };
}

const hourSchema = z.object({
  t: z.number(),
  hour: z.number(),
  weekday: z.number(),
  impressions: z.number(),
  clicks: z.number(),
  spend: z.number(),
  conversions: z.number(),
  value: z.number(),
});

/**
 * Account-level local hours (the sum over campaigns, the smallest level every pull stores) of the hourly
 * snapshots kept, with the local hour and weekday (0 = Monday) for the time-of-day patterns.
 */
export async function loadAccountHours(db: DatabaseConnection, accountId: string, now: number): Promise<HourPoint[]> {
  const rows = await db.any(sql.type(hourSchema)`
    SELECT (extract(epoch FROM s.snapshot_hour) * 1000)::float8 AS t,
           extract(hour FROM s.snapshot_hour AT TIME ZONE a.timezone)::int AS hour,
           (extract(isodow FROM s.snapshot_hour AT TIME ZONE a.timezone)::int - 1) AS weekday,
           sum(s.impressions)::float8 AS impressions, sum(s.clicks)::float8 AS clicks, sum(s.spend)::float8 AS spend,
           sum(s.conversions)::float8 AS conversions, sum(s.conversion_value)::float8 AS value
    FROM intel_performance_snapshot s JOIN ad_account a ON a.id = s.account_id
    WHERE s.account_id = ${accountId} AND s.entity_type = 'campaign' AND s.snapshot_hour < ${sql.timestamp(new Date(now))}
    GROUP BY 1, 2, 3, a.timezone ORDER BY 1`);
  return [...rows];
}

const pixelSchema = z.object({
  pixel_id: z.string(),
  hourly: z.array(z.object({ hour: z.number(), count: z.number() })),
  emq: z.array(z.object({ t: z.number(), q: z.number() })),
});

/**
 * Per pixel, the latest hourly purchase counts (8 days, as the collector keeps them) with the event match
 * quality recorded at each collection of the last 15 days attached to its hour: the tracking breaker's input.
 */
export async function loadPixelHours(
  db: DatabaseConnection,
  accountId: string,
  now: number,
): Promise<Map<string, PixelHourPoint[]>> {
  const rows = await db.any(sql.type(pixelSchema)`
    SELECT p.pixel_id, latest.hourly_purchases AS hourly,
           COALESCE((SELECT jsonb_agg(jsonb_build_object('t', (extract(epoch FROM h.checked_hour) * 1000)::float8,
                                                         'q', h.event_match_quality::float8) ORDER BY h.checked_hour)
                     FROM intel_pixel_health h
                     WHERE h.account_id = p.account_id AND h.pixel_id = p.pixel_id AND h.event_match_quality IS NOT NULL
                       AND h.checked_hour >= ${sql.timestamp(new Date(now - 15 * DAY))}), '[]'::jsonb) AS emq
    FROM (SELECT DISTINCT account_id, pixel_id FROM intel_pixel_health WHERE account_id = ${accountId}) p
    CROSS JOIN LATERAL (SELECT hourly_purchases FROM intel_pixel_health x
                        WHERE x.account_id = p.account_id AND x.pixel_id = p.pixel_id
                        ORDER BY x.checked_hour DESC LIMIT 1) latest`);
  const out = new Map<string, PixelHourPoint[]>();
  for (const r of rows) {
    const emq = new Map(r.emq.map((e) => [e.t, e.q]));
    const points: PixelHourPoint[] = r.hourly.map((h) => {
      const q = emq.get(h.hour);
      return { t: h.hour, purchases: h.count, ...(q === undefined ? {} : { eventMatchQuality: q }) };
    });
    // Match quality of hours the latest purchase series does not cover (older collections) still counts.
    const covered = new Set(points.map((p) => p.t));
    for (const [t, q] of emq) if (!covered.has(t)) points.push({ t, purchases: 0, eventMatchQuality: q });
    out.set(
      r.pixel_id,
      points.sort((a, b) => a.t - b.t),
    );
  }
  return out;
}
