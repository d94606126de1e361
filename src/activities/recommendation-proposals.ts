import type { DatabasePool } from 'slonik';
import type { Config } from '../config.ts';
import { getAccountScore } from '../db/account-scores.ts';
import { getAdAccount } from '../db/accounts.ts';
import { getAction, insertProposal, setWorkflowId } from '../db/actions.ts';
import { getEntityRow } from '../db/entities.ts';
import { existingProposalId } from '../db/recommendation-proposals.ts';
import { recommendationProposal } from '../intel/recommendation-proposal.ts';
import { approvalWorkflowId } from '../workflows/ids.ts';
import type { ApprovalInput, RecommendationRequest } from '../workflows/messages.ts';
import { approvalInput } from './proposals.ts';
import { HOUR } from '../intel/time.ts';

export type RecordedRecommendation = { ok: true; input: ApprovalInput } | { ok: false; reason: string };

/** Records the proposal a score card's "Propose" asks for; the proposeRecommendation workflow starts its approval. */
export function createRecommendationProposalActivities(deps: {
  pool: DatabasePool;
  config: Config;
  now?: () => number;
}) {
  const now = deps.now ?? Date.now;
  const { pool, config } = deps;
  return {
    /**
     * Inserts the proposal for recommendation `index` of score `scoreId` (key `recommendation:<scoreId>:<index>`),
     * or finds the one already made for it (or the open one on the same entity and action), and marks its workflow
     * id. Idempotent, so a retry after the insert returns the same row. @returns its approval input, or a refusal.
     */
    async recordRecommendationProposal(req: RecommendationRequest): Promise<RecordedRecommendation> {
      const { scoreId, index, userId } = req;
      const score = await getAccountScore(pool, scoreId);
      const rec = score?.recommendations[index];
      if (!score || !rec) return { ok: false, reason: 'This recommendation is no longer available; run /score again.' };
      const account = await getAdAccount(pool, score.account_id);
      if (!account) return { ok: false, reason: `${score.account_id} is not connected to adpilot.` };
      const entity = await getEntityRow(pool, account.id, rec.entityId);
      if (!entity) return { ok: false, reason: `${rec.entityName} is no longer known to adpilot.` };
      const plan = recommendationProposal(rec, config.MAX_BUDGET_CHANGE_PERCENT);
      const key = `recommendation:${scoreId}:${index}`;
      const row =
        (await insertProposal(pool, {
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
          expiresAt: now() + 24 * HOUR,
          slackChannelId: account.slack_channel_id,
        })) ??
        (await getAction(pool, (await existingProposalId(pool, key, account.id, rec.entityId, plan.actionType)) ?? -1));
      if (!row) return { ok: false, reason: 'The proposal could not be recorded; try again.' };
      // Every proposal's approval runs under this id; the workflow's start (or its "already started") settles the rest.
      if (row.workflow_id === null) await setWorkflowId(pool, row.id, approvalWorkflowId(row.id));
      return { ok: true, input: approvalInput(row, account.approver_user_ids) };
    },
  };
}
