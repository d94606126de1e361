import { sql, type DatabaseConnection } from 'slonik';
import { z } from 'zod';
import type { ProposalStatus } from '../intel/approval.ts';

const json = z.unknown();

export const actionSchema = z.object({
  id: z.number(),
  idempotency_key: z.string(),
  account_id: z.string(),
  rule_id: z.string().nullable(),
  source: z.string(),
  entity_type: z.enum(['account', 'campaign', 'adset', 'ad']),
  entity_id: z.string(),
  entity_name: z.string().nullable(),
  action_type: z.string(),
  params: z.record(z.string(), json),
  execution_mode: z.enum(['approval_required', 'automatic', 'suggestion_only']),
  status: z.string() as z.ZodType<ProposalStatus>,
  status_reason: z.string().nullable(),
  evidence: json,
  explanation: z.string(),
  expected_impact: json,
  confidence: z.number().nullable(),
  propensity: z.number().nullable(),
  model_version: z.string().nullable(),
  feature_values: json.nullable(),
  expiry_policy: z.enum(['drop', 'escalate']),
  expires_at: z.number(),
  human_decision: z.string().nullable(),
  human_decided_by: z.string().nullable(),
  human_decided_at: z.number().nullable(),
  human_feedback_reason: z.string().nullable(),
  before_state: json.nullable(),
  after_state: json.nullable(),
  execution_result: json.nullable(),
  executed_at: z.number().nullable(),
  undo_until: z.number().nullable(),
  undone_at: z.number().nullable(),
  outcome_measured_at: z.number().nullable(),
  outcome_metrics: json.nullable(),
  outcome_score: z.number().nullable(),
  workflow_id: z.string().nullable(),
  slack_channel_id: z.string().nullable(),
  slack_message_ts: z.string().nullable(),
  created_at: z.number(),
  updated_at: z.number(),
});
export type ActionRow = z.infer<typeof actionSchema>;

const columns = sql.fragment`id, idempotency_key, account_id, rule_id::text, source, entity_type, entity_id, entity_name,
  action_type, params, execution_mode, status, status_reason, evidence, explanation, expected_impact, confidence,
  propensity, model_version, feature_values, expiry_policy, expires_at, human_decision, human_decided_by,
  human_decided_at, human_feedback_reason, before_state, after_state, execution_result, executed_at, undo_until,
  undone_at, outcome_measured_at, outcome_metrics, outcome_score, workflow_id, slack_channel_id, slack_message_ts,
  created_at, updated_at`;

export interface NewProposal {
  idempotencyKey: string;
  accountId: string;
  ruleId: string | null;
  source?: 'rule' | 'model' | 'human' | 'recommendation' | 'budget';
  entityType: 'campaign' | 'adset' | 'ad' | 'account';
  entityId: string;
  entityName: string | null;
  actionType: string;
  params: Record<string, unknown>;
  executionMode: 'approval_required' | 'automatic' | 'suggestion_only';
  evidence: unknown;
  explanation: string;
  expectedImpact?: unknown;
  confidence?: number | null;
  propensity?: number | null;
  featureValues?: unknown;
  expiryPolicy: 'drop' | 'escalate';
  expiresAt: number;
  slackChannelId?: string | null;
}

/**
 * Inserts a proposal unless one with the same idempotency key exists, or an open one for the same entity and
 * action (partial unique index): evaluation after every collection must not pile up duplicates.
 * @returns the new row, or null when it was a duplicate.
 */
export async function insertProposal(db: DatabaseConnection, p: NewProposal): Promise<ActionRow | null> {
  return db.maybeOne(sql.type(actionSchema)`
    INSERT INTO intel_automation_action (idempotency_key, account_id, rule_id, source, entity_type, entity_id, entity_name,
      action_type, params, execution_mode, evidence, explanation, expected_impact, confidence, propensity, feature_values,
      expiry_policy, expires_at, slack_channel_id, status)
    VALUES (${p.idempotencyKey}, ${p.accountId}, ${p.ruleId}, ${p.source ?? 'rule'}, ${p.entityType}, ${p.entityId},
      ${p.entityName}, ${p.actionType}, ${sql.jsonb(p.params as never)}, ${p.executionMode}, ${sql.jsonb((p.evidence ?? []) as never)},
      ${p.explanation}, ${sql.jsonb((p.expectedImpact ?? {}) as never)}, ${p.confidence ?? null}, ${p.propensity ?? null},
      ${p.featureValues === undefined ? null : sql.jsonb(p.featureValues as never)}, ${p.expiryPolicy},
      ${sql.timestamp(new Date(p.expiresAt))}, ${p.slackChannelId ?? null}, 'proposed')
    ON CONFLICT DO NOTHING
    RETURNING ${columns}`);
}

export async function getAction(db: DatabaseConnection, id: number): Promise<ActionRow | null> {
  return db.maybeOne(sql.type(actionSchema)`SELECT ${columns} FROM intel_automation_action WHERE id = ${id}`);
}

export interface TransitionExtra {
  reason?: string | null;
  decision?: { kind: string; userId: string; reason?: string | null; at: number };
  params?: Record<string, unknown>;
}

/**
 * Compare-and-set status change with its audit event in one statement. `eventKey` makes a retried activity a
 * no-op. @returns true when this call changed the status (or had already done so).
 */
export async function transitionAction(
  db: DatabaseConnection,
  id: number,
  from: readonly ProposalStatus[],
  to: ProposalStatus,
  actor: string,
  eventKey: string,
  extra: TransitionExtra = {},
): Promise<boolean> {
  const already = await db.exists(sql.unsafe`SELECT 1 FROM intel_action_event WHERE event_key = ${eventKey}`);
  if (already) return true;
  const d = extra.decision;
  const changed = await db.maybeOne(sql.type(z.object({ id: z.number() }))`
    WITH prev AS (
      SELECT id, status FROM intel_automation_action
      WHERE id = ${id} AND status = ANY(${sql.array([...from], 'text')}) FOR UPDATE
    ), updated AS (
      UPDATE intel_automation_action a SET status = ${to}, updated_at = now(),
        status_reason = COALESCE(${extra.reason ?? null}, a.status_reason),
        human_decision = COALESCE(${d?.kind ?? null}, a.human_decision),
        human_decided_by = COALESCE(${d?.userId ?? null}, a.human_decided_by),
        human_decided_at = COALESCE(${d ? sql.timestamp(new Date(d.at)) : null}, a.human_decided_at),
        human_feedback_reason = COALESCE(${d?.reason ?? null}, a.human_feedback_reason),
        params = a.params || ${sql.jsonb((extra.params ?? {}) as never)}
      FROM prev WHERE a.id = prev.id
      RETURNING a.id, prev.status AS prev_status
    )
    INSERT INTO intel_action_event (action_id, event_key, from_status, to_status, actor, detail)
    SELECT id, ${eventKey}, prev_status, ${to}, ${actor}, ${sql.jsonb({ reason: extra.reason ?? null })} FROM updated
    RETURNING action_id AS id`);
  return changed !== null;
}

export async function setWorkflowId(db: DatabaseConnection, id: number, workflowId: string): Promise<void> {
  await db.query(sql.unsafe`UPDATE intel_automation_action SET workflow_id = ${workflowId} WHERE id = ${id}`);
}

export async function setSlackMessage(
  db: DatabaseConnection,
  id: number,
  channelId: string,
  ts: string,
): Promise<void> {
  await db.query(sql.unsafe`
    UPDATE intel_automation_action SET slack_channel_id = ${channelId}, slack_message_ts = ${ts} WHERE id = ${id}`);
}

/** Records the intent to write (the state before, the absolute target) before Meta is called. */
export async function recordExecutionIntent(
  db: DatabaseConnection,
  id: number,
  beforeState: unknown,
  target: Record<string, unknown>,
): Promise<void> {
  await db.query(sql.unsafe`
    UPDATE intel_automation_action SET before_state = COALESCE(before_state, ${sql.jsonb(beforeState as never)}),
      params = params || jsonb_build_object('target', COALESCE(params->'target', ${sql.jsonb(target as never)})),
      updated_at = now()
    WHERE id = ${id}`);
}

export async function recordExecution(
  db: DatabaseConnection,
  id: number,
  afterState: unknown,
  result: unknown,
  executedAt: number,
): Promise<void> {
  await db.query(sql.unsafe`
    UPDATE intel_automation_action SET after_state = ${sql.jsonb(afterState as never)},
      execution_result = ${sql.jsonb(result as never)},
      executed_at = COALESCE(executed_at, ${sql.timestamp(new Date(executedAt))}), updated_at = now()
    WHERE id = ${id}`);
}

export async function setUndoUntil(db: DatabaseConnection, id: number, until: number): Promise<void> {
  await db.query(
    sql.unsafe`UPDATE intel_automation_action SET undo_until = ${sql.timestamp(new Date(until))} WHERE id = ${id}`,
  );
}

/** Marks an executed action undone, with its audit event, in one statement (a retried activity is a no-op). */
export async function recordUndo(db: DatabaseConnection, id: number, userId: string): Promise<void> {
  await db.query(sql.unsafe`
    WITH updated AS (
      UPDATE intel_automation_action SET undone_at = COALESCE(undone_at, now()), undone_by = COALESCE(undone_by, ${userId}),
        status = 'undone', updated_at = now()
      WHERE id = ${id} AND status = 'executed'
      RETURNING id
    )
    INSERT INTO intel_action_event (action_id, event_key, from_status, to_status, actor, detail)
    SELECT id, ${`undo:${id}`}, 'executed', 'undone', ${userId}, '{}'::jsonb FROM updated
    ON CONFLICT (event_key) DO NOTHING`);
}

/** How many actions the executor carried out for an account since a time (MAX_AUTO_ACTIONS_PER_HOUR). */
export async function countExecutedSince(db: DatabaseConnection, accountId: string, since: number): Promise<number> {
  return db.oneFirst(sql.type(z.object({ n: z.number() }))`
    SELECT count(*)::int AS n FROM intel_automation_action
    WHERE account_id = ${accountId} AND executed_at >= ${sql.timestamp(new Date(since))}`);
}

/** Executed actions on one entity since a time, newest first (cooldown and "changed more than twice"). */
export async function entityExecutionsSince(
  db: DatabaseConnection,
  entityId: string,
  since: number,
): Promise<readonly number[]> {
  return db.anyFirst(sql.type(z.object({ executed_at: z.number() }))`
    SELECT executed_at FROM intel_automation_action
    WHERE entity_id = ${entityId} AND executed_at >= ${sql.timestamp(new Date(since))}
    ORDER BY executed_at DESC`);
}

export async function listOpenProposals(db: DatabaseConnection, accountId: string): Promise<readonly ActionRow[]> {
  return db.any(sql.type(actionSchema)`
    SELECT ${columns} FROM intel_automation_action
    WHERE account_id = ${accountId} AND status IN ('proposed', 'reconfirm', 'escalated', 'approved', 'executing')
    ORDER BY created_at`);
}

export async function listRecentActions(
  db: DatabaseConnection,
  accountId: string,
  limit: number,
): Promise<readonly ActionRow[]> {
  return db.any(sql.type(actionSchema)`
    SELECT ${columns} FROM intel_automation_action WHERE account_id = ${accountId}
    ORDER BY updated_at DESC LIMIT ${limit}`);
}

export async function recordOutcome(
  db: DatabaseConnection,
  id: number,
  metrics: unknown,
  score: number,
  measuredAt: number,
): Promise<void> {
  await db.query(sql.unsafe`
    UPDATE intel_automation_action SET outcome_metrics = ${sql.jsonb(metrics as never)}, outcome_score = ${score},
      outcome_measured_at = ${sql.timestamp(new Date(measuredAt))}, updated_at = now()
    WHERE id = ${id}`);
}
