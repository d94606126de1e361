import { sql, type DatabaseConnection } from 'slonik';
import { z } from 'zod';

export interface SufficiencyPolicy {
  /** At least this many ads… */
  minAds: number;
  /** …each with data on at least this many distinct days. */
  minDays: number;
}
export const DEFAULT_SUFFICIENCY: SufficiencyPolicy = { minAds: 5, minDays: 3 };

export interface SufficiencyCheck {
  level: 'sufficient' | 'thin' | 'none';
  adsWithHistory: number;
  daysOfHistory: number;
  message: string;
}

const statsSchema = z.object({ ads_with_history: z.number(), ads_with_any: z.number(), days_of_history: z.number() });

/**
 * Whether an account has enough history for the analyses that need it (seed: "ML optimisation with automatic
 * data collection"): by default at least 5 ads with 3+ days of data, counting hourly snapshots and daily rows.
 */
export async function checkSufficiency(
  db: DatabaseConnection,
  accountId: string,
  policy: SufficiencyPolicy = DEFAULT_SUFFICIENCY,
): Promise<SufficiencyCheck> {
  const stats = await db.one(sql.type(statsSchema)`
    WITH days AS (
      SELECT h.entity_id, (h.snapshot_hour AT TIME ZONE a.timezone)::date AS day
      FROM intel_performance_snapshot h JOIN ad_account a ON a.id = h.account_id
      WHERE h.account_id = ${accountId} AND h.entity_type = 'ad' AND h.impressions > 0
      UNION
      SELECT entity_id, day FROM insight_daily WHERE account_id = ${accountId} AND entity_type = 'ad' AND impressions > 0
    ), per_ad AS (SELECT entity_id, count(DISTINCT day) AS n FROM days GROUP BY entity_id)
    SELECT count(*) FILTER (WHERE n >= ${policy.minDays})::int AS ads_with_history, count(*)::int AS ads_with_any,
           COALESCE((SELECT count(DISTINCT day) FROM days), 0)::int AS days_of_history
    FROM per_ad`);
  const level = stats.ads_with_history >= policy.minAds ? 'sufficient' : stats.ads_with_any > 0 ? 'thin' : 'none';
  const message =
    level === 'sufficient'
      ? `${stats.ads_with_history} ads have ${policy.minDays}+ days of data.`
      : level === 'thin'
        ? `Only ${stats.ads_with_history} of ${policy.minAds} needed ads have ${policy.minDays}+ days of data (${stats.days_of_history} days collected); recommendations use rules until more history arrives.`
        : 'No performance data yet: connect an ad account with active ads and run /sync-now.';
  return { level, adsWithHistory: stats.ads_with_history, daysOfHistory: stats.days_of_history, message };
}

export async function recordSufficiency(
  db: DatabaseConnection,
  accountId: string,
  check: SufficiencyCheck,
  backfilled: boolean,
): Promise<void> {
  await db.query(sql.unsafe`
    INSERT INTO intel_data_sufficiency (account_id, level, ads_with_history, days_of_history, backfilled, detail)
    VALUES (${accountId}, ${check.level}, ${check.adsWithHistory}, ${check.daysOfHistory}, ${backfilled},
            ${sql.jsonb({ message: check.message })})`);
}

const lastSchema = z.object({
  level: z.enum(['sufficient', 'thin', 'none']),
  ads_with_history: z.number(),
  days_of_history: z.number(),
  backfilled: z.boolean(),
  checked_at: z.number(),
  detail: z.object({ message: z.string() }),
});
export async function lastSufficiency(db: DatabaseConnection, accountId: string) {
  return db.maybeOne(sql.type(lastSchema)`
    SELECT level, ads_with_history, days_of_history, backfilled, checked_at, detail FROM intel_data_sufficiency
    WHERE account_id = ${accountId} ORDER BY checked_at DESC, id DESC LIMIT 1`);
}
