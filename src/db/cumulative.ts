import { sql, type DatabaseConnection } from 'slonik';
import { z } from 'zod';
import type { Cumulative } from '../intel/hourly-delta.ts';

export interface CumulativeRow extends Cumulative {
  accountId: string;
  entityType: 'account' | 'campaign' | 'adset' | 'ad';
  entityId: string;
  /** Local day YYYY-MM-DD. */
  day: string;
  asOfHour: number;
}

const prevSchema = z.object({
  entity_type: z.string(),
  entity_id: z.string(),
  impressions: z.number(),
  reach: z.number().nullable(),
  clicks: z.number(),
  spend: z.number(),
  conversions: z.number(),
  conversion_value: z.number(),
});

/** The latest cumulative pull before `asOfHour` of each entity on a local day, keyed `type:id`. */
export async function previousCumulative(
  db: DatabaseConnection,
  accountId: string,
  day: string,
  asOfHour: number,
): Promise<Map<string, Cumulative>> {
  const rows = await db.any(sql.type(prevSchema)`
    SELECT DISTINCT ON (entity_type, entity_id) entity_type::text, entity_id, impressions::float8, reach::float8, clicks::float8,
           spend::float8, conversions::float8, conversion_value::float8
    FROM intel_cumulative_pull
    WHERE account_id = ${accountId} AND day = ${day}::date AND as_of_hour < ${sql.timestamp(new Date(asOfHour))}
    ORDER BY entity_type, entity_id, as_of_hour DESC`);
  return new Map(
    rows.map((r) => [
      `${r.entity_type}:${r.entity_id}`,
      {
        impressions: r.impressions,
        reach: r.reach,
        clicks: r.clicks,
        spend: r.spend,
        conversions: r.conversions,
        conversionValue: r.conversion_value,
      },
    ]),
  );
}

/** Idempotent bulk upsert of cumulative pulls (one statement per call; callers page). */
export async function upsertCumulative(db: DatabaseConnection, rows: readonly CumulativeRow[]): Promise<void> {
  if (rows.length === 0) return;
  const records = [...rows]
    .sort((a, b) => (a.entityId < b.entityId ? -1 : a.entityId > b.entityId ? 1 : 0))
    .map((r) => ({
      account_id: r.accountId,
      entity_type: r.entityType,
      entity_id: r.entityId,
      day: r.day,
      as_of_hour: new Date(r.asOfHour).toISOString(),
      impressions: r.impressions,
      reach: r.reach,
      clicks: r.clicks,
      spend: r.spend,
      conversions: r.conversions,
      conversion_value: r.conversionValue,
    }));
  await db.query(sql.unsafe`
    INSERT INTO intel_cumulative_pull AS c (account_id, entity_type, entity_id, day, as_of_hour, impressions, reach, clicks, spend,
                                            conversions, conversion_value)
    SELECT * FROM jsonb_to_recordset(${sql.jsonb(records)}) AS t(account_id text, entity_type entity_level, entity_id text,
      day date, as_of_hour timestamptz, impressions bigint, reach bigint, clicks bigint, spend numeric, conversions numeric,
      conversion_value numeric)
    ON CONFLICT (account_id, entity_type, entity_id, day, as_of_hour) DO UPDATE SET impressions = EXCLUDED.impressions,
      reach = EXCLUDED.reach, clicks = EXCLUDED.clicks, spend = EXCLUDED.spend, conversions = EXCLUDED.conversions,
      conversion_value = EXCLUDED.conversion_value`);
}

/** Daily rows written straight from Meta's daily insights (backfill of history older than the hourly data). */
export async function upsertApiDaily(
  db: DatabaseConnection,
  rows: readonly {
    accountId: string;
    entityType: 'campaign' | 'adset' | 'ad';
    entityId: string;
    day: string;
    impressions: number;
    reach: number | null;
    clicks: number;
    spend: number;
    conversions: number;
    conversionValue: number;
  }[],
): Promise<number> {
  if (rows.length === 0) return 0;
  const records = rows.map((r) => ({
    account_id: r.accountId,
    entity_type: r.entityType,
    entity_id: r.entityId,
    day: r.day,
    impressions: r.impressions,
    reach: r.reach,
    clicks: r.clicks,
    spend: r.spend,
    conversions: r.conversions,
    conversion_value: r.conversionValue,
  }));
  const result = await db.query(sql.unsafe`
    INSERT INTO insight_daily AS d (account_id, entity_type, entity_id, day, impressions, reach, clicks, spend, conversions,
                                    conversion_value, hours_covered, source)
    SELECT account_id, entity_type, entity_id, day, impressions, reach, clicks, spend, conversions, conversion_value, 24, 'api_daily'
    FROM jsonb_to_recordset(${sql.jsonb(records)}) AS t(account_id text, entity_type entity_level, entity_id text, day date,
      impressions bigint, reach bigint, clicks bigint, spend numeric, conversions numeric, conversion_value numeric)
    ON CONFLICT (account_id, entity_type, entity_id, day) DO UPDATE SET impressions = EXCLUDED.impressions,
      reach = EXCLUDED.reach, clicks = EXCLUDED.clicks, spend = EXCLUDED.spend, conversions = EXCLUDED.conversions,
      conversion_value = EXCLUDED.conversion_value, updated_at = now()
    WHERE d.source = 'api_daily'`);
  return result.rowCount;
}
