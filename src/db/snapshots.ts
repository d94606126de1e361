import { sql, type DatabaseConnection } from 'slonik';
import { z } from 'zod';

export const entityLevels = ['account', 'campaign', 'adset', 'ad'] as const;
export type EntityLevel = (typeof entityLevels)[number];

/** One entity's metrics for one hour, as the collector stores it. Money is a decimal string or number. */
export const snapshotRowSchema = z.object({
  accountId: z.string(),
  entityType: z.enum(entityLevels),
  entityId: z.string(),
  entityName: z.string().nullable().default(null),
  parentId: z.string().nullable().default(null),
  /** Epoch milliseconds of the hour's start. */
  snapshotHour: z.number().int(),
  impressions: z.number().int().nonnegative(),
  reach: z.number().int().nonnegative().nullable().default(null),
  clicks: z.number().int().nonnegative(),
  spend: z.number().nonnegative(),
  conversions: z.number().nonnegative().default(0),
  conversionValue: z.number().nonnegative().default(0),
  actions: z.array(z.object({ action_type: z.string(), value: z.string() })).default([]),
  actionValues: z.array(z.object({ action_type: z.string(), value: z.string() })).default([]),
  cpm: z.number().nullable().default(null),
  ctr: z.number().nullable().default(null),
  cpc: z.number().nullable().default(null),
  frequency: z.number().nullable().default(null),
  effectiveStatus: z.string().nullable().default(null),
  learningPhase: z.string().nullable().default(null),
  dailyBudgetMinor: z.number().int().nullable().default(null),
  attributionSetting: z.string().nullable().default(null),
  purchaseActionType: z.string().nullable().default(null),
});
export type SnapshotRow = z.output<typeof snapshotRowSchema>;
export type SnapshotInput = z.input<typeof snapshotRowSchema>;

const keyOf = (r: SnapshotRow) => `${r.accountId}\u0000${r.entityType}\u0000${r.entityId}\u0000${r.snapshotHour}`;

/**
 * Idempotent bulk upsert of hourly snapshots: one statement for the whole batch. Rows that repeat a key keep
 * the last occurrence (a multi-row ON CONFLICT may not touch a row twice); rows are sorted by key so
 * concurrent writers lock in the same order. Unchanged rows are not rewritten.
 * @returns how many rows were inserted or changed.
 */
export async function upsertSnapshots(db: DatabaseConnection, input: readonly SnapshotInput[]): Promise<number> {
  if (input.length === 0) return 0;
  const byKey = new Map<string, SnapshotRow>();
  for (const raw of input) {
    const row = snapshotRowSchema.parse(raw);
    byKey.set(keyOf(row), row);
  }
  const rows = [...byKey.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, r]) => r);
  const records = rows.map((r) => ({
    account_id: r.accountId,
    entity_type: r.entityType,
    entity_id: r.entityId,
    entity_name: r.entityName,
    parent_id: r.parentId,
    snapshot_hour: new Date(r.snapshotHour).toISOString(),
    impressions: r.impressions,
    reach: r.reach,
    clicks: r.clicks,
    spend: r.spend,
    conversions: r.conversions,
    conversion_value: r.conversionValue,
    actions: r.actions,
    action_values: r.actionValues,
    cpm: r.cpm,
    ctr: r.ctr,
    cpc: r.cpc,
    frequency: r.frequency,
    effective_status: r.effectiveStatus,
    learning_phase: r.learningPhase,
    daily_budget_minor: r.dailyBudgetMinor,
    attribution_setting: r.attributionSetting,
    purchase_action_type: r.purchaseActionType,
  }));
  const result = await db.query(sql.unsafe`
    INSERT INTO intel_performance_snapshot AS s (
      account_id, entity_type, entity_id, entity_name, parent_id, snapshot_hour, impressions, reach, clicks, spend,
      conversions, conversion_value, actions, action_values, cpm, ctr, cpc, frequency, effective_status,
      learning_phase, daily_budget_minor, attribution_setting, purchase_action_type)
    SELECT account_id, entity_type, entity_id, entity_name, parent_id, snapshot_hour, impressions, reach, clicks, spend,
      conversions, conversion_value, actions, action_values, cpm, ctr, cpc, frequency, effective_status,
      learning_phase, daily_budget_minor, attribution_setting, purchase_action_type
    FROM jsonb_to_recordset(${sql.jsonb(records)}) AS t(
      account_id text, entity_type entity_level, entity_id text, entity_name text, parent_id text,
      snapshot_hour timestamptz, impressions bigint, reach bigint, clicks bigint, spend numeric,
      conversions numeric, conversion_value numeric, actions jsonb, action_values jsonb, cpm numeric, ctr numeric,
      cpc numeric, frequency numeric, effective_status text, learning_phase text, daily_budget_minor bigint,
      attribution_setting text, purchase_action_type text)
    ON CONFLICT ON CONSTRAINT intel_performance_snapshot_pk DO UPDATE SET
      entity_name = EXCLUDED.entity_name, parent_id = EXCLUDED.parent_id, impressions = EXCLUDED.impressions,
      reach = EXCLUDED.reach, clicks = EXCLUDED.clicks, spend = EXCLUDED.spend, conversions = EXCLUDED.conversions,
      conversion_value = EXCLUDED.conversion_value, actions = EXCLUDED.actions, action_values = EXCLUDED.action_values,
      cpm = EXCLUDED.cpm, ctr = EXCLUDED.ctr, cpc = EXCLUDED.cpc, frequency = EXCLUDED.frequency,
      effective_status = EXCLUDED.effective_status, learning_phase = EXCLUDED.learning_phase,
      daily_budget_minor = EXCLUDED.daily_budget_minor, attribution_setting = EXCLUDED.attribution_setting,
      purchase_action_type = EXCLUDED.purchase_action_type, fetched_at = now()
    WHERE (s.entity_name, s.parent_id, s.impressions, s.reach, s.clicks, s.spend, s.conversions, s.conversion_value,
           s.actions, s.action_values, s.cpm, s.ctr, s.cpc, s.frequency, s.effective_status, s.learning_phase,
           s.daily_budget_minor, s.attribution_setting, s.purchase_action_type)
      IS DISTINCT FROM
          (EXCLUDED.entity_name, EXCLUDED.parent_id, EXCLUDED.impressions, EXCLUDED.reach, EXCLUDED.clicks,
           EXCLUDED.spend, EXCLUDED.conversions, EXCLUDED.conversion_value, EXCLUDED.actions, EXCLUDED.action_values,
           EXCLUDED.cpm, EXCLUDED.ctr, EXCLUDED.cpc, EXCLUDED.frequency, EXCLUDED.effective_status,
           EXCLUDED.learning_phase, EXCLUDED.daily_budget_minor, EXCLUDED.attribution_setting,
           EXCLUDED.purchase_action_type)`);
  return result.rowCount;
}

const storedSnapshot = z.object({
  account_id: z.string(),
  entity_type: z.enum(entityLevels),
  entity_id: z.string(),
  snapshot_hour: z.number(),
  impressions: z.number(),
  clicks: z.number(),
  spend: z.number(),
  conversions: z.number(),
  fetched_at: z.number(),
});
export type StoredSnapshot = z.infer<typeof storedSnapshot>;

export async function listSnapshots(db: DatabaseConnection, accountId: string): Promise<readonly StoredSnapshot[]> {
  return db.any(sql.type(storedSnapshot)`
    SELECT account_id, entity_type, entity_id, snapshot_hour, impressions, clicks, spend, conversions, fetched_at
    FROM intel_performance_snapshot WHERE account_id = ${accountId}
    ORDER BY entity_type, entity_id, snapshot_hour`);
}
