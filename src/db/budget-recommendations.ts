/** ml_budget_recommendation: the latest recommended split per budget unit, with the curve that produced it. */
import { sql, type DatabaseConnection } from 'slonik';
import { z } from 'zod';

export const budgetRecommendationSchema = z.object({
  unit_id: z.string(),
  unit_type: z.enum(['campaign', 'adset']),
  unit_name: z.string(),
  channel: z.string(),
  current_budget: z.number(),
  recommended_budget: z.number(),
  lower_bound: z.number(),
  upper_bound: z.number(),
  change_percent: z.number(),
  expected_conversions_current: z.number(),
  expected_conversions_recommended: z.number(),
  expected_revenue_current: z.number(),
  expected_revenue_recommended: z.number(),
  value_per_conversion: z.number(),
  curve_vmax: z.number(),
  curve_k: z.number(),
  curve_alpha: z.number(),
  locked: z.boolean(),
  max_change_percent: z.number(),
  model_name: z.string(),
  model_version: z.string(),
  generated_at: z.number(),
  run_id: z.string(),
});
export type BudgetRecommendationRow = z.infer<typeof budgetRecommendationSchema>;
export type BudgetRecommendationInput = Omit<BudgetRecommendationRow, 'generated_at' | 'run_id'>;

const columns = sql.fragment`unit_id, unit_type::text AS unit_type, unit_name, channel, current_budget,
  recommended_budget, lower_bound, upper_bound, change_percent, expected_conversions_current,
  expected_conversions_recommended, expected_revenue_current, expected_revenue_recommended, value_per_conversion,
  curve_vmax, curve_k, curve_alpha, locked, max_change_percent, model_name, model_version, generated_at, run_id`;

/**
 * Replaces the account's recommendation with this run's: upserts every unit, then drops units this run no longer
 * has (paused, deleted). Idempotent for a retried run.
 */
export async function storeBudgetRecommendation(
  db: DatabaseConnection,
  o: { accountId: string; runId: string; generatedAt: number; rows: readonly BudgetRecommendationInput[] },
): Promise<void> {
  const records = [...o.rows].sort((a, b) => (a.unit_id < b.unit_id ? -1 : 1));
  if (records.length > 0)
    await db.query(sql.unsafe`
      INSERT INTO ml_budget_recommendation AS b (account_id, unit_id, unit_type, unit_name, channel, current_budget,
        recommended_budget, lower_bound, upper_bound, change_percent, expected_conversions_current,
        expected_conversions_recommended, expected_revenue_current, expected_revenue_recommended, value_per_conversion,
        curve_vmax, curve_k, curve_alpha, locked, max_change_percent, model_name, model_version, generated_at, run_id)
      SELECT ${o.accountId}, unit_id, unit_type, unit_name, channel, current_budget, recommended_budget, lower_bound,
        upper_bound, change_percent, expected_conversions_current, expected_conversions_recommended,
        expected_revenue_current, expected_revenue_recommended, value_per_conversion, curve_vmax, curve_k, curve_alpha,
        locked, max_change_percent, model_name, model_version, ${sql.timestamp(new Date(o.generatedAt))}, ${o.runId}
      FROM jsonb_to_recordset(${sql.jsonb(records as never)}) AS t(unit_id text, unit_type entity_level,
        unit_name text, channel text, current_budget float8, recommended_budget float8, lower_bound float8,
        upper_bound float8, change_percent float8, expected_conversions_current float8,
        expected_conversions_recommended float8, expected_revenue_current float8, expected_revenue_recommended float8,
        value_per_conversion float8, curve_vmax float8, curve_k float8, curve_alpha float8, locked boolean,
        max_change_percent float8, model_name text, model_version text)
      ON CONFLICT (account_id, unit_id) DO UPDATE SET unit_type = EXCLUDED.unit_type, unit_name = EXCLUDED.unit_name,
        channel = EXCLUDED.channel, current_budget = EXCLUDED.current_budget,
        recommended_budget = EXCLUDED.recommended_budget, lower_bound = EXCLUDED.lower_bound,
        upper_bound = EXCLUDED.upper_bound, change_percent = EXCLUDED.change_percent,
        expected_conversions_current = EXCLUDED.expected_conversions_current,
        expected_conversions_recommended = EXCLUDED.expected_conversions_recommended,
        expected_revenue_current = EXCLUDED.expected_revenue_current,
        expected_revenue_recommended = EXCLUDED.expected_revenue_recommended,
        value_per_conversion = EXCLUDED.value_per_conversion, curve_vmax = EXCLUDED.curve_vmax,
        curve_k = EXCLUDED.curve_k, curve_alpha = EXCLUDED.curve_alpha, locked = EXCLUDED.locked,
        max_change_percent = EXCLUDED.max_change_percent, model_name = EXCLUDED.model_name,
        model_version = EXCLUDED.model_version, generated_at = EXCLUDED.generated_at, run_id = EXCLUDED.run_id`);
  await db.query(sql.unsafe`
    DELETE FROM ml_budget_recommendation WHERE account_id = ${o.accountId} AND run_id <> ${o.runId}`);
}

/** The account's stored recommendation, by unit id. */
export async function readBudgetRecommendation(
  db: DatabaseConnection,
  accountId: string,
): Promise<readonly BudgetRecommendationRow[]> {
  return db.any(sql.type(budgetRecommendationSchema)`
    SELECT ${columns} FROM ml_budget_recommendation WHERE account_id = ${accountId} ORDER BY unit_id`);
}
