import { sql, type DatabasePool } from 'slonik';
import { z } from 'zod';

export interface FatigueForecastRow {
  adId: string;
  status: 'fatiguing' | 'at_risk' | 'none';
  hoursToCollapse: number | null;
  reason: string | null;
}

/**
 * Replaces the account's fatigue verdicts with those of this scoring, in one transaction (a retried activity
 * writes the same set again). Ads not listed have no verdict: the rules engine then treats the field as missing.
 */
export async function replaceFatigueForecast(
  pool: DatabasePool,
  accountId: string,
  scoredAt: number,
  rows: readonly FatigueForecastRow[],
): Promise<void> {
  await pool.transaction(async (tx) => {
    await tx.query(sql.unsafe`DELETE FROM intel_fatigue_forecast WHERE account_id = ${accountId}`);
    if (rows.length === 0) return;
    await tx.query(sql.unsafe`
      INSERT INTO intel_fatigue_forecast (account_id, ad_id, status, hours_to_collapse, reason, scored_at)
      SELECT ${accountId}, ad_id, status, hours_to_collapse, reason, ${sql.timestamp(new Date(scoredAt))}
      FROM ${sql.unnest(
        rows.map((r) => [r.adId, r.status, r.hoursToCollapse, r.reason]),
        ['text', 'text', 'float8', 'text'],
      )} AS t(ad_id, status, hours_to_collapse, reason)
      ON CONFLICT (account_id, ad_id) DO UPDATE SET status = EXCLUDED.status,
        hours_to_collapse = EXCLUDED.hours_to_collapse, reason = EXCLUDED.reason, scored_at = EXCLUDED.scored_at`);
  });
}

const row = z.object({ ad_id: z.string(), status: z.enum(['fatiguing', 'at_risk', 'none']) });

export async function fatigueForecast(pool: DatabasePool, accountId: string) {
  return pool.any(sql.type(row)`SELECT ad_id, status FROM intel_fatigue_forecast WHERE account_id = ${accountId}`);
}
