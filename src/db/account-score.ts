import { sql, type DatabaseConnection } from 'slonik';
import { z } from 'zod';

/**
 * The account's latest overall score (0–100), or undefined when none was computed yet. The score table comes
 * with the intelligence-score migration, which may not be applied in every deployment yet: its absence is
 * "no score", not an error, so App Home and other readers never fail over it.
 */
export async function latestAccountScore(db: DatabaseConnection, accountId: string): Promise<number | undefined> {
  const exists = await db.oneFirst(
    sql.type(z.object({ exists: z.boolean() }))`SELECT to_regclass('intel_account_score') IS NOT NULL AS exists`,
  );
  if (!exists) return undefined;
  const overall = await db.maybeOneFirst(sql.type(z.object({ overall: z.number() }))`
    SELECT overall FROM intel_account_score WHERE account_id = ${accountId} ORDER BY computed_at DESC LIMIT 1`);
  return overall ?? undefined;
}
