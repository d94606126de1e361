import { sql, type DatabaseConnection } from 'slonik';
import { z } from 'zod';
import type { AccountScore, Recommendation, TrackingHealth } from '../intel/analytics/index.ts';

const component = z.number().nullable();
const scoreSchema = z.object({
  id: z.number(),
  account_id: z.string(),
  computed_at: z.number(),
  overall: z.number(),
  learning: component,
  performance: component,
  budget: component,
  creative: component,
  components: z.record(z.string(), z.unknown()) as unknown as z.ZodType<AccountScore['components']>,
  breakdown: z.object({
    dataSufficiency: z.object({ sufficient: z.boolean(), reason: z.string(), mode: z.enum(['model', 'rules']) }),
    issues: z.array(z.unknown()) as unknown as z.ZodType<AccountScore['breakdown']['issues']>,
  }),
  recommendations: z.array(
    z.looseObject({
      priority: z.enum(['high', 'medium', 'low']),
      action: z.string(),
      entityId: z.string(),
      entityName: z.string(),
      reason: z.string(),
      expectedImpact: z.object({ dailyValue: z.number(), description: z.string() }),
      source: z.enum(['model', 'rules']),
    }),
  ) as unknown as z.ZodType<Recommendation[]>,
  sufficiency_mode: z.enum(['model', 'rules']),
  tracking: z
    .object({ status: z.enum(['ok', 'broken']), reason: z.string(), observed: z.number(), expected: z.number() })
    .nullable(),
});
export type StoredScore = z.infer<typeof scoreSchema>;

const columns = sql.fragment`id, account_id, computed_at, overall, learning::float8, performance::float8, budget::float8,
  creative::float8, components, breakdown, recommendations, sufficiency_mode, tracking`;

/**
 * Stores one computation of the account score. `runKey` (the workflow run) makes a retried activity a no-op.
 * @returns the stored row (the earlier one on a retry).
 */
export async function insertAccountScore(
  db: DatabaseConnection,
  runKey: string,
  computedAt: number,
  s: AccountScore,
  tracking: TrackingHealth | null,
): Promise<StoredScore> {
  const c = s.components;
  return db.one(sql.type(scoreSchema)`
    WITH ins AS (
      INSERT INTO intel_account_score (account_id, run_key, computed_at, overall, learning, performance, budget, creative,
        components, breakdown, recommendations, sufficiency_mode, tracking)
      VALUES (${s.accountId}, ${runKey}, ${sql.timestamp(new Date(computedAt))}, ${s.overall}, ${c.learning.score},
        ${c.performance.score}, ${c.budget.score}, ${c.creative.score}, ${sql.jsonb(c as never)},
        ${sql.jsonb(s.breakdown as never)}, ${sql.jsonb(s.recommendations as never)}, ${s.breakdown.dataSufficiency.mode},
        ${tracking ? sql.jsonb(tracking as never) : null})
      ON CONFLICT DO NOTHING
      RETURNING ${columns}
    )
    SELECT * FROM ins
    UNION ALL
    SELECT ${columns} FROM intel_account_score WHERE run_key = ${runKey} AND NOT EXISTS (SELECT 1 FROM ins)`);
}

export async function latestAccountScore(db: DatabaseConnection, accountId: string): Promise<StoredScore | null> {
  return db.maybeOne(sql.type(scoreSchema)`
    SELECT ${columns} FROM intel_account_score WHERE account_id = ${accountId} ORDER BY computed_at DESC, id DESC LIMIT 1`);
}

export async function getAccountScore(db: DatabaseConnection, id: number): Promise<StoredScore | null> {
  return db.maybeOne(sql.type(scoreSchema)`SELECT ${columns} FROM intel_account_score WHERE id = ${id}`);
}

/** The latest score computed at or before `at` (the card's "vs last week"), or null. */
export async function accountScoreAsOf(
  db: DatabaseConnection,
  accountId: string,
  at: number,
): Promise<StoredScore | null> {
  return db.maybeOne(sql.type(scoreSchema)`
    SELECT ${columns} FROM intel_account_score
    WHERE account_id = ${accountId} AND computed_at <= ${sql.timestamp(new Date(at))}
    ORDER BY computed_at DESC, id DESC LIMIT 1`);
}

const historySchema = z.object({
  day: z.string(),
  overall: z.number(),
  learning: component,
  performance: component,
  budget: component,
  creative: component,
});

/** One point per UTC day since `since` (the day's last computation), oldest first: the score chart's series. */
export async function accountScoreHistory(db: DatabaseConnection, accountId: string, since: number) {
  return db.any(sql.type(historySchema)`
    SELECT DISTINCT ON (day) day, overall, learning, performance, budget, creative FROM (
      SELECT (computed_at AT TIME ZONE 'UTC')::date::text AS day, computed_at, id, overall, learning::float8,
             performance::float8, budget::float8, creative::float8
      FROM intel_account_score WHERE account_id = ${accountId} AND computed_at >= ${sql.timestamp(new Date(since))}
    ) s ORDER BY day, computed_at DESC, id DESC`);
}
