import { sql, type DatabaseConnection } from 'slonik';
import { z } from 'zod';

export const entityRowSchema = z.object({
  account_id: z.string(),
  entity_type: z.enum(['account', 'campaign', 'adset', 'ad']),
  entity_id: z.string(),
  name: z.string().nullable(),
  parent_id: z.string().nullable(),
  campaign_id: z.string().nullable(),
  status: z.string().nullable(),
  effective_status: z.string().nullable(),
  daily_budget_minor: z.number().nullable(),
  lifetime_budget_minor: z.number().nullable(),
  bid_strategy: z.string().nullable(),
  bid_amount_minor: z.number().nullable(),
  optimization_goal: z.string().nullable(),
  learning_stage: z.string().nullable(),
  learning_conversions: z.number().nullable(),
  /** Epoch ms of the last significant edit Meta reported in learning_stage_info. */
  last_significant_edit_at: z.number().nullable(),
  creative_id: z.string().nullable(),
  created_time: z.number().nullable(),
  updated_time: z.number().nullable(),
  fetched_at: z.number(),
  reach_7d: z.number().nullable(),
  frequency_7d: z.number().nullable(),
});
export type EntityRow = z.infer<typeof entityRowSchema>;

export interface EntityInput {
  accountId: string;
  entityType: 'campaign' | 'adset' | 'ad';
  entityId: string;
  name: string | null;
  parentId: string | null;
  campaignId: string | null;
  status: string | null;
  effectiveStatus: string | null;
  dailyBudgetMinor: number | null;
  lifetimeBudgetMinor: number | null;
  bidStrategy: string | null;
  bidAmountMinor: number | null;
  optimizationGoal: string | null;
  learningStage: string | null;
  /** From learning_stage_info (ad sets): events toward leaving learning, and the last significant edit (ISO time). */
  learningConversions?: number | null;
  lastSignificantEditAt?: string | null;
  issues: unknown[];
  creativeId: string | null;
  createdTime: string | null;
  updatedTime: string | null;
  /** Campaign objective (campaigns only), for the forecasts' objective grouping. */
  objective?: string | null;
}

const columns = sql.fragment`account_id, entity_type, entity_id, name, parent_id, campaign_id, status, effective_status,
  daily_budget_minor, lifetime_budget_minor, bid_strategy, bid_amount_minor, optimization_goal, learning_stage,
  learning_conversions, last_significant_edit_at, creative_id, created_time, updated_time, fetched_at, reach_7d, frequency_7d`;

/** Idempotent bulk upsert of entity state: one statement per page, rows sorted by key (no deadlocks). */
export async function upsertEntities(db: DatabaseConnection, rows: readonly EntityInput[]): Promise<number> {
  if (rows.length === 0) return 0;
  const unique = [...new Map(rows.map((r) => [`${r.accountId}\u0000${r.entityId}`, r])).values()].sort((a, b) =>
    a.entityId < b.entityId ? -1 : a.entityId > b.entityId ? 1 : 0,
  );
  const records = unique.map((r) => ({
    account_id: r.accountId,
    entity_type: r.entityType,
    entity_id: r.entityId,
    name: r.name,
    parent_id: r.parentId,
    campaign_id: r.campaignId,
    status: r.status,
    effective_status: r.effectiveStatus,
    daily_budget_minor: r.dailyBudgetMinor,
    lifetime_budget_minor: r.lifetimeBudgetMinor,
    bid_strategy: r.bidStrategy,
    bid_amount_minor: r.bidAmountMinor,
    optimization_goal: r.optimizationGoal,
    learning_stage: r.learningStage,
    learning_conversions: r.learningConversions ?? null,
    last_significant_edit_at: r.lastSignificantEditAt ?? null,
    issues: r.issues,
    creative_id: r.creativeId,
    created_time: r.createdTime,
    updated_time: r.updatedTime,
    objective: r.objective ?? null,
  }));
  const result = await db.query(sql.unsafe`
    INSERT INTO intel_entity AS e (account_id, entity_type, entity_id, name, parent_id, campaign_id, status,
      effective_status, daily_budget_minor, lifetime_budget_minor, bid_strategy, bid_amount_minor, optimization_goal,
      learning_stage, learning_conversions, last_significant_edit_at, issues, creative_id, created_time, updated_time,
      objective)
    SELECT * FROM jsonb_to_recordset(${sql.jsonb(records)}) AS t(account_id text, entity_type entity_level,
      entity_id text, name text, parent_id text, campaign_id text, status text, effective_status text,
      daily_budget_minor bigint, lifetime_budget_minor bigint, bid_strategy text, bid_amount_minor bigint,
      optimization_goal text, learning_stage text, learning_conversions integer, last_significant_edit_at timestamptz,
      issues jsonb, creative_id text, created_time timestamptz,
      updated_time timestamptz, objective text)
    ON CONFLICT (account_id, entity_id) DO UPDATE SET entity_type = EXCLUDED.entity_type, name = EXCLUDED.name,
      parent_id = EXCLUDED.parent_id, campaign_id = EXCLUDED.campaign_id, status = EXCLUDED.status,
      effective_status = EXCLUDED.effective_status, daily_budget_minor = EXCLUDED.daily_budget_minor,
      lifetime_budget_minor = EXCLUDED.lifetime_budget_minor, bid_strategy = EXCLUDED.bid_strategy,
      bid_amount_minor = EXCLUDED.bid_amount_minor, optimization_goal = EXCLUDED.optimization_goal,
      learning_stage = EXCLUDED.learning_stage, learning_conversions = EXCLUDED.learning_conversions,
      last_significant_edit_at = EXCLUDED.last_significant_edit_at, issues = EXCLUDED.issues, creative_id = EXCLUDED.creative_id,
      created_time = EXCLUDED.created_time, updated_time = EXCLUDED.updated_time, objective = EXCLUDED.objective, fetched_at = now()`);
  return result.rowCount;
}

export async function getEntityRow(
  db: DatabaseConnection,
  accountId: string,
  entityId: string,
): Promise<EntityRow | null> {
  return db.maybeOne(sql.type(entityRowSchema)`
    SELECT ${columns} FROM intel_entity WHERE account_id = ${accountId} AND entity_id = ${entityId}`);
}

export async function listEntities(db: DatabaseConnection, accountId: string): Promise<readonly EntityRow[]> {
  return db.any(
    sql.type(entityRowSchema)`SELECT ${columns} FROM intel_entity WHERE account_id = ${accountId} ORDER BY entity_id`,
  );
}

/** Stores Meta's 7-day reach and frequency per entity (one statement per page). */
export async function updateReach7d(
  db: DatabaseConnection,
  accountId: string,
  rows: readonly { entityId: string; reach: number | null; frequency: number | null }[],
): Promise<void> {
  if (rows.length === 0) return;
  await db.query(sql.unsafe`
    UPDATE intel_entity e SET reach_7d = t.reach, frequency_7d = t.frequency
    FROM jsonb_to_recordset(${sql.jsonb(rows.map((r) => ({ entity_id: r.entityId, reach: r.reach, frequency: r.frequency })))}) AS t(entity_id text, reach bigint, frequency numeric)
    WHERE e.account_id = ${accountId} AND e.entity_id = t.entity_id`);
}
