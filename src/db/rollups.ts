import { sql, type DatabaseConnection, type DatabasePool } from 'slonik';
import { DAY } from '../intel/time.ts';

export interface RollupResult {
  dailyRows: number;
  weeklyRows: number;
  deletedHourly: number;
  deletedDaily: number;
  deletedWeekly: number;
}

/**
 * Rolls hourly snapshots up to local days (account timezone) and days up to ISO weeks, exactly: sums of additive
 * metrics only; ratios are recomputed from the sums when read, never averaged. Idempotent.
 * Only days whose hours are all still inside hourly retention are recomputed, so a complete daily row is never
 * overwritten by a partial one (and the conflict clause refuses to lower hours_covered as a second guard).
 * Reach is not additive across hours: a day's reach is the maximum hourly cumulative reach seen.
 */
export async function rollupAccount(
  db: DatabaseConnection,
  accountId: string,
  now: number,
  days = 3,
): Promise<Pick<RollupResult, 'dailyRows' | 'weeklyRows'>> {
  const from = new Date(now - days * DAY);
  const daily = await db.query(sql.unsafe`
    INSERT INTO insight_daily AS d (account_id, entity_type, entity_id, day, impressions, reach, clicks, spend, conversions,
                                    conversion_value, hours_covered)
    SELECT h.account_id, h.entity_type, h.entity_id, (h.snapshot_hour AT TIME ZONE a.timezone)::date AS day,
           sum(h.impressions), max(h.reach), sum(h.clicks), sum(h.spend), sum(h.conversions), sum(h.conversion_value), count(*)
    FROM intel_performance_snapshot h JOIN ad_account a ON a.id = h.account_id
    WHERE h.account_id = ${accountId}
      AND h.snapshot_hour >= date_trunc('day', ${sql.timestamp(from)}, a.timezone)
    GROUP BY 1, 2, 3, 4
    ON CONFLICT (account_id, entity_type, entity_id, day) DO UPDATE SET impressions = EXCLUDED.impressions,
      reach = EXCLUDED.reach, clicks = EXCLUDED.clicks, spend = EXCLUDED.spend, conversions = EXCLUDED.conversions,
      conversion_value = EXCLUDED.conversion_value, hours_covered = EXCLUDED.hours_covered, source = 'rollup',
      updated_at = now()
    WHERE d.source = 'rollup' AND EXCLUDED.hours_covered >= d.hours_covered
      AND (d.impressions, d.reach, d.clicks, d.spend, d.conversions, d.conversion_value, d.hours_covered)
          IS DISTINCT FROM (EXCLUDED.impressions, EXCLUDED.reach, EXCLUDED.clicks, EXCLUDED.spend, EXCLUDED.conversions,
                            EXCLUDED.conversion_value, EXCLUDED.hours_covered)`);
  const weekly = await db.query(sql.unsafe`
    INSERT INTO insight_weekly AS w (account_id, entity_type, entity_id, week_start, impressions, clicks, spend,
                                     conversions, conversion_value, days_covered)
    SELECT account_id, entity_type, entity_id, date_trunc('week', day)::date, sum(impressions), sum(clicks), sum(spend),
           sum(conversions), sum(conversion_value), count(*)
    FROM insight_daily
    WHERE account_id = ${accountId}
      AND day >= date_trunc('week', (${sql.timestamp(from)} AT TIME ZONE 'UTC')::date - 7)::date
    GROUP BY 1, 2, 3, 4
    ON CONFLICT (account_id, entity_type, entity_id, week_start) DO UPDATE SET impressions = EXCLUDED.impressions,
      clicks = EXCLUDED.clicks, spend = EXCLUDED.spend, conversions = EXCLUDED.conversions,
      conversion_value = EXCLUDED.conversion_value, days_covered = EXCLUDED.days_covered, updated_at = now()
    WHERE (w.impressions, w.clicks, w.spend, w.conversions, w.conversion_value, w.days_covered)
          IS DISTINCT FROM (EXCLUDED.impressions, EXCLUDED.clicks, EXCLUDED.spend, EXCLUDED.conversions,
                            EXCLUDED.conversion_value, EXCLUDED.days_covered)`);
  return { dailyRows: daily.rowCount, weeklyRows: weekly.rowCount };
}

/** Retention (seed design §7.3): hourly 7 days (+1 day margin), daily 90 days, weekly 1 year. Batched deletes. */
export async function applyRetention(
  pool: DatabasePool,
  now: number,
): Promise<Pick<RollupResult, 'deletedHourly' | 'deletedDaily' | 'deletedWeekly'>> {
  const deleteBatched = async (statement: (limit: number) => ReturnType<typeof sql.unsafe>) => {
    let total = 0;
    for (;;) {
      const { rowCount } = await pool.query(statement(50_000));
      total += rowCount;
      if (rowCount < 50_000) return total;
    }
  };
  const hourCut = sql.timestamp(new Date(now - 8 * DAY));
  const dayCut = sql.date(new Date(now - 91 * DAY));
  const weekCut = sql.date(new Date(now - 371 * DAY));
  return {
    deletedHourly: await deleteBatched(
      (n) => sql.unsafe`
      DELETE FROM intel_performance_snapshot WHERE ctid IN (
        SELECT ctid FROM intel_performance_snapshot WHERE snapshot_hour < ${hourCut} LIMIT ${n})`,
    ),
    deletedDaily: await deleteBatched(
      (n) => sql.unsafe`
      DELETE FROM insight_daily WHERE ctid IN (SELECT ctid FROM insight_daily WHERE day < ${dayCut} LIMIT ${n})`,
    ),
    deletedWeekly: await deleteBatched(
      (n) => sql.unsafe`
      DELETE FROM insight_weekly WHERE ctid IN (SELECT ctid FROM insight_weekly WHERE week_start < ${weekCut} LIMIT ${n})`,
    ),
  };
}
