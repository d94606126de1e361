import { sql, type DatabaseConnection } from 'slonik';
import { z } from 'zod';

export const windowTotalsSchema = z.object({
  spend: z.number(),
  impressions: z.number(),
  clicks: z.number(),
  conversions: z.number(),
  conversion_value: z.number(),
  hours: z.number(),
});
export type WindowTotals = z.infer<typeof windowTotalsSchema>;

/** Sums of an entity's hourly snapshots in [from, to): exact totals; ratios are derived from them by callers. */
export async function entityWindowTotals(
  db: DatabaseConnection,
  accountId: string,
  entityId: string,
  from: number,
  to: number,
): Promise<WindowTotals> {
  return db.one(sql.type(windowTotalsSchema)`
    SELECT COALESCE(sum(spend), 0)::float8 AS spend, COALESCE(sum(impressions), 0)::float8 AS impressions,
           COALESCE(sum(clicks), 0)::float8 AS clicks, COALESCE(sum(conversions), 0)::float8 AS conversions,
           COALESCE(sum(conversion_value), 0)::float8 AS conversion_value, count(*)::int AS hours
    FROM intel_performance_snapshot
    WHERE account_id = ${accountId} AND entity_id = ${entityId}
      AND snapshot_hour >= ${sql.timestamp(new Date(from))} AND snapshot_hour < ${sql.timestamp(new Date(to))}`);
}
