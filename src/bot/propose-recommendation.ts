import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { approvalInput } from '../activities/proposals.ts';
import { getAccountScore } from '../db/account-scores.ts';
import { getAdAccount } from '../db/accounts.ts';
import { getAction, insertProposal, setWorkflowId } from '../db/actions.ts';
import { getEntityRow } from '../db/entities.ts';
import { existingProposalId } from '../db/recommendation-proposals.ts';
import { recommendationProposal } from '../intel/recommendation-proposal.ts';
import { approvalWorkflowId } from '../temporal/ids.ts';
import type { BotDeps } from './commands/index.ts';

const HOUR = 3_600_000;

export type ProposeResult = { ok: true; proposalId: number; created: boolean } | { ok: false; reason: string };

/**
 * Turns recommendation `index` of stored score `scoreId` into a proposal and starts its approval workflow.
 * Idempotent: the proposal's key is the score and index, the open-proposal index allows one per entity and
 * action, and the workflow id is the proposal's, so a second click (or a Slack retry) reports the first proposal.
 * @throws what is not a refusal (database or Temporal unreachable).
 */
export async function proposeRecommendation(
  deps: BotDeps,
  scoreId: number,
  index: number,
  userId: string,
): Promise<ProposeResult> {
  const score = await getAccountScore(deps.pool, scoreId);
  const rec = score?.recommendations[index];
  if (!score || !rec) return { ok: false, reason: 'This recommendation is no longer available; run /score again.' };
  const account = await getAdAccount(deps.pool, score.account_id);
  if (!account?.approver_user_ids.includes(userId))
    return { ok: false, reason: "Only this account's approvers can turn recommendations into proposals." };
  const entity = await getEntityRow(deps.pool, account.id, rec.entityId);
  if (!entity) return { ok: false, reason: `${rec.entityName} is no longer known to adpilot.` };
  const plan = recommendationProposal(rec, deps.config.MAX_BUDGET_CHANGE_PERCENT);
  const key = `recommendation:${scoreId}:${index}`;
  const now = (deps.now ?? Date.now)();
  const row =
    (await insertProposal(deps.pool, {
      idempotencyKey: key,
      accountId: account.id,
      ruleId: null,
      source: 'recommendation',
      entityType: entity.entity_type,
      entityId: rec.entityId,
      entityName: rec.entityName,
      actionType: plan.actionType,
      params: {
        ...plan.params,
        observed_state: {
          status: entity.status,
          dailyBudgetMinor: entity.daily_budget_minor,
          bidAmountMinor: entity.bid_amount_minor,
        },
        requested_by: userId,
      },
      executionMode: plan.executionMode,
      evidence: [{ source: 'account_score', score_id: scoreId, priority: rec.priority, model: rec.source }],
      explanation: rec.reason,
      expectedImpact: { summary: rec.expectedImpact.description, daily_value: rec.expectedImpact.dailyValue },
      confidence: rec.source === 'model' ? 0.7 : 0.5,
      propensity: 1,
      expiryPolicy: 'drop',
      expiresAt: now + 24 * HOUR,
      slackChannelId: account.slack_channel_id,
    })) ??
    (await getAction(
      deps.pool,
      (await existingProposalId(deps.pool, key, account.id, rec.entityId, plan.actionType)) ?? -1,
    ));
  if (!row) return { ok: false, reason: 'The proposal could not be recorded; try again.' };
  // A row that already has its workflow was handled by an earlier click (or is a rule's): report it, start nothing.
  if (row.workflow_id !== null) return { ok: true, proposalId: row.id, created: false };
  await setWorkflowId(deps.pool, row.id, approvalWorkflowId(row.id));
  try {
    await deps.temporal.workflow.start('approvalWorkflow', {
      taskQueue: deps.config.TASK_QUEUE,
      workflowId: approvalWorkflowId(row.id),
      // A finished approval must never run again for the same proposal.
      workflowIdReusePolicy: 'REJECT_DUPLICATE',
      args: [approvalInput(row, account.approver_user_ids)],
    });
  } catch (error) {
    // Two clicks racing: the other one started it.
    if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
    return { ok: true, proposalId: row.id, created: false };
  }
  return { ok: true, proposalId: row.id, created: true };
}
