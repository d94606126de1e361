import { sql, type DatabaseConnection, type FragmentSqlToken } from 'slonik';
import { z } from 'zod';
import type { EntityMetrics, MetricValues } from '../intel/rules/evaluate.ts';
import type { Window } from '../intel/rules/schema.ts';
import { HOUR } from '../intel/time.ts';

interface Sums {
  spend: number;
  impressions: number;
  clicks: number;
  conversions: number;
  conversion_value: number;
  reach: number | null;
}

/** Ratios derived from sums (never averaged): absent when their denominator is zero. */
export function deriveMetrics(s: Sums): MetricValues {
  return {
    spend: s.spend,
    impressions: s.impressions,
    clicks: s.clicks,
    conversions: s.conversions,
    conversion_value: s.conversion_value,
    reach: s.reach,
    cpa: s.conversions > 0 ? s.spend / s.conversions : null,
    roas: s.spend > 0 ? s.conversion_value / s.spend : null,
    ctr: s.impressions > 0 ? s.clicks / s.impressions : null,
    cpc: s.clicks > 0 ? s.spend / s.clicks : null,
    cpm: s.impressions > 0 ? (s.spend / s.impressions) * 1000 : null,
    frequency: s.reach && s.reach > 0 ? s.impressions / s.reach : null,
  };
}

const num = z.number();
const hourlyWindows = z.object({
  entity_type: z.enum(['account', 'campaign', 'adset', 'ad']),
  entity_id: z.string(),
  w: z.string(),
  spend: num,
  impressions: num,
  clicks: num,
  conversions: num,
  conversion_value: num,
  reach: num.nullable(),
  last_conversion: num.nullable(),
});
const dailyRow = z.object({
  entity_id: z.string(),
  day: z.string(),
  spend: num,
  impressions: num,
  clicks: num,
  conversions: num,
  conversion_value: num,
  reach: num.nullable(),
});
const entityRow = z.object({
  entity_type: z.enum(['campaign', 'adset', 'ad']),
  entity_id: z.string(),
  name: z.string().nullable(),
  effective_status: z.string().nullable(),
  learning_stage: z.string().nullable(),
  created_time: num.nullable(),
  reach_7d: num.nullable(),
  frequency_7d: num.nullable(),
  fatigue_forecast: z.string().nullable(),
});

type EntityRow = z.infer<typeof entityRow>;
type DailySums = { day: string; s: Sums };
interface EntityWindows {
  windows: Partial<Record<Window, MetricValues>>;
  lastConversion: number | null;
  daily: DailySums[];
}

/**
 * What the rules engine needs of every entity of an account, from stored snapshots: metrics per window (today,
 * 24/48/72 h from hourly rows; 7 days and lifetime from daily rows), attributes and 8 days of daily series.
 */
export async function buildEntityMetrics(
  db: DatabaseConnection,
  accountId: string,
  now: number,
  onlyEntity?: string,
): Promise<EntityMetrics[]> {
  const filter = onlyEntity ? sql.fragment`AND entity_id = ${onlyEntity}` : sql.fragment``;
  const entities = await loadEntities(db, accountId, now, filter);
  const hourly = await loadHourlyWindows(db, accountId, now, filter);
  const daily = await loadDailyRows(db, accountId, filter);
  const byEntity = groupByEntity(hourly, daily);
  return entities.map((e) => toEntityMetrics(e, byEntity.get(e.entity_id) ?? emptyWindows(), now));
}

function loadEntities(db: DatabaseConnection, accountId: string, now: number, filter: FragmentSqlToken) {
  return db.any(sql.type(entityRow)`
    SELECT entity_type::text AS entity_type, entity_id, name, effective_status, learning_stage, created_time,
           reach_7d::float8 AS reach_7d, frequency_7d::float8 AS frequency_7d,
           -- the fatigue detector's verdict, while it is fresh (the account is scored daily)
           (SELECT f.status FROM intel_fatigue_forecast f
            WHERE f.account_id = intel_entity.account_id AND f.ad_id = intel_entity.entity_id
              AND f.scored_at > ${sql.timestamp(new Date(now - 3 * 24 * HOUR))}) AS fatigue_forecast
    FROM intel_entity WHERE account_id = ${accountId} AND entity_type <> 'account' ${filter}`);
}

/**
 * Hourly snapshots, plus whole days backfilled from Meta's daily insights where no hourly rows exist yet (a
 * collector that started today still judges "48 h" on yesterday's full day, not on a few hours).
 */
function loadHourlyWindows(db: DatabaseConnection, accountId: string, now: number, filter: FragmentSqlToken) {
  const tz = sql.fragment`(SELECT timezone FROM ad_account WHERE id = ${accountId})`;
  const nowTs = sql.timestamp(new Date(now));
  return db.any(sql.type(hourlyWindows)`
    WITH windows(w, since) AS (VALUES
      ('today', date_trunc('day', ${nowTs}, ${tz})),
      ('24h', ${sql.timestamp(new Date(now - 24 * HOUR))}), ('48h', ${sql.timestamp(new Date(now - 48 * HOUR))}),
      ('72h', ${sql.timestamp(new Date(now - 72 * HOUR))})),
    rows AS (
      SELECT s.entity_type, s.entity_id, windows.w, s.spend, s.impressions, s.clicks, s.conversions, s.conversion_value,
             s.reach, CASE WHEN s.conversions > 0 THEN s.snapshot_hour END AS conversion_hour
      FROM intel_performance_snapshot s JOIN windows ON s.snapshot_hour >= windows.since
      WHERE s.account_id = ${accountId} AND s.snapshot_hour <= ${nowTs} ${filter}
      UNION ALL
      SELECT d.entity_type, d.entity_id, windows.w, d.spend, d.impressions, d.clicks, d.conversions, d.conversion_value,
             d.reach, NULL
      FROM insight_daily d JOIN windows ON (d.day::timestamp AT TIME ZONE ${tz}) >= windows.since
      WHERE d.account_id = ${accountId} AND d.source = 'api_daily' AND windows.w <> 'today'
        AND d.day < (${nowTs} AT TIME ZONE ${tz})::date ${filter}
        -- A range on the primary key, not a local date computed per snapshot: right after a backfill the table's
        -- statistics are stale, and the planner then nests this probe inside a scan of every daily row.
        AND NOT EXISTS (SELECT 1 FROM intel_performance_snapshot x
                        WHERE x.account_id = d.account_id AND x.entity_type = d.entity_type
                          AND x.entity_id = d.entity_id
                          AND x.snapshot_hour >= (d.day::timestamp AT TIME ZONE ${tz})
                          AND x.snapshot_hour < ((d.day + 1)::timestamp AT TIME ZONE ${tz}))
    )
    SELECT entity_type::text AS entity_type, entity_id, w, sum(spend)::float8 AS spend,
           sum(impressions)::float8 AS impressions, sum(clicks)::float8 AS clicks, sum(conversions)::float8 AS conversions,
           sum(conversion_value)::float8 AS conversion_value, max(reach)::float8 AS reach,
           (extract(epoch FROM max(conversion_hour)) * 1000)::float8 AS last_conversion
    FROM rows GROUP BY 1, 2, 3`);
}

function loadDailyRows(db: DatabaseConnection, accountId: string, filter: FragmentSqlToken) {
  return db.any(sql.type(dailyRow)`
    SELECT entity_id, day::text AS day, spend::float8, impressions::float8, clicks::float8, conversions::float8,
           conversion_value::float8, reach::float8
    FROM insight_daily WHERE account_id = ${accountId} ${filter}
    ORDER BY entity_id, day`);
}

const emptyWindows = (): EntityWindows => ({ windows: {}, lastConversion: null, daily: [] });

function groupByEntity(
  hourly: readonly z.infer<typeof hourlyWindows>[],
  daily: readonly z.infer<typeof dailyRow>[],
): Map<string, EntityWindows> {
  const byEntity = new Map<string, EntityWindows>();
  const slot = (id: string) => {
    let v = byEntity.get(id);
    if (!v) byEntity.set(id, (v = emptyWindows()));
    return v;
  };
  for (const h of hourly) {
    const v = slot(h.entity_id);
    v.windows[h.w as Window] = deriveMetrics(h);
    if (h.last_conversion !== null) v.lastConversion = Math.max(v.lastConversion ?? 0, h.last_conversion);
  }
  for (const d of daily) slot(d.entity_id).daily.push({ day: d.day, s: d });
  return byEntity;
}

function sumDays(rows: readonly DailySums[]): Sums {
  return rows.reduce<Sums>(
    (a, { s }) => ({
      spend: a.spend + s.spend,
      impressions: a.impressions + s.impressions,
      clicks: a.clicks + s.clicks,
      conversions: a.conversions + s.conversions,
      conversion_value: a.conversion_value + s.conversion_value,
      reach: Math.max(a.reach ?? 0, s.reach ?? 0) || null,
    }),
    { spend: 0, impressions: 0, clicks: 0, conversions: 0, conversion_value: 0, reach: null },
  );
}

/** Percent change of a ratio from the first to the last day of the series; null under 4 days or from zero. */
function trendPercent(series: readonly { values: MetricValues }[], f: 'ctr' | 'cpa' | 'roas'): number | null {
  const xs = series.map((d) => d.values[f]).filter((x): x is number => typeof x === 'number');
  if (xs.length < 4 || xs[0] === 0) return null;
  return ((xs.at(-1)! - xs[0]!) / Math.abs(xs[0]!)) * 100;
}

function toEntityMetrics(e: EntityRow, v: EntityWindows, now: number): EntityMetrics {
  if (v.daily.length) {
    // Reach is not additive across days: the 7-day window takes Meta's own 7-day reach and frequency.
    const week = sumDays(v.daily.slice(-7));
    v.windows['7d'] = { ...deriveMetrics({ ...week, reach: e.reach_7d }), frequency: e.frequency_7d };
    v.windows.lifetime = deriveMetrics(sumDays(v.daily));
  }
  const series = v.daily.slice(-8).map((d) => ({ day: d.day, values: deriveMetrics(d.s) }));
  return {
    entityId: e.entity_id,
    entityType: e.entity_type,
    name: e.name ?? e.entity_id,
    windows: v.windows,
    attributes: {
      effective_status: e.effective_status,
      learning_phase: e.learning_stage,
      days_active: e.created_time === null ? null : Math.floor((now - e.created_time) / (24 * HOUR)),
      hours_since_conversion:
        v.lastConversion === null ? (v.windows['72h'] ? 72 : null) : Math.floor((now - v.lastConversion) / HOUR),
      ctr_trend_7d: trendPercent(series, 'ctr'),
      cpa_trend_7d: trendPercent(series, 'cpa'),
      roas_trend_7d: trendPercent(series, 'roas'),
      // `unknown` (not missing) without a fresh verdict, so rules fall back to their other conditions.
      fatigue_forecast: e.entity_type === 'ad' ? (e.fatigue_forecast ?? 'unknown') : null,
    },
    daily: series,
  };
}
