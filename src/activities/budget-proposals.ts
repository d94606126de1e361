import type { DatabasePool } from 'slonik';
import { getAdAccount } from '../db/accounts.ts';
import { insertProposal, setWorkflowId, type ActionRow } from '../db/actions.ts';
import { proposalsByKeyPrefix } from '../db/budget-proposals.ts';
import { getAction } from '../db/actions.ts';
import { getEntityRow } from '../db/entities.ts';
import { approvalWorkflowId } from '../workflows/ids.ts';
import type { ApprovalInput, BudgetPlanRequest, PlanRef } from '../workflows/messages.ts';
import { approvalInput } from './proposals.ts';
import { HOUR } from '../intel/time.ts';

/** Changes under this are not worth a Meta edit (and a possible learning-phase reset). */
export const MIN_CHANGE_PERCENT = 1;

export interface RecordedBudgetPlan {
  /** One per unit that moves and has this plan's proposal, new or recorded by an earlier attempt or click. */
  inputs: ApprovalInput[];
  /** Units with an open proposal of the same kind from elsewhere (a rule). */
  blocked: string[];
}

export const planKeyPrefix = (p: PlanRef) => `budget:${p.accountId}:${p.generatedAt}:${p.total}:`;

/** Percent toward zero at 0.1 precision, so rounding can never step past the allowed maximum. */
const towardZero = (v: number) => Math.trunc(v * 10) / 10;

/** Records the proposals an approved /budget plan becomes; the proposeBudgetPlan workflow starts their approvals. */
export function createBudgetProposalActivities(deps: { pool: DatabasePool; now?: () => number }) {
  const now = deps.now ?? Date.now;
  const { pool } = deps;
  return {
    /**
     * Inserts one budget-change proposal per unit that moves by MIN_CHANGE_PERCENT or more (key
     * `budget:<account>:<generatedAt>:<total>:<unit>`) and marks its workflow id. Idempotent: a retry, or a second
     * click, finds the rows by key and returns them again, so no proposal is left without its approval input.
     */
    async recordBudgetProposals(req: BudgetPlanRequest): Promise<RecordedBudgetPlan> {
      const { ref, userId } = req;
      const account = await getAdAccount(pool, ref.accountId);
      if (!account) return { inputs: [], blocked: [] };
      const prefix = planKeyPrefix(ref);
      const known = new Map((await proposalsByKeyPrefix(pool, prefix)).map((r) => [r.idempotency_key, r.id]));
      const out: RecordedBudgetPlan = { inputs: [], blocked: [] };
      for (const u of req.units) {
        const pct = towardZero(u.changePercent);
        if (Math.abs(pct) < MIN_CHANGE_PERCENT) continue;
        const key = `${prefix}${u.id}`;
        const knownId = known.get(key);
        let row: ActionRow | null = knownId === undefined ? null : await getAction(pool, knownId);
        if (!row) {
          const entity = await getEntityRow(pool, account.id, u.id);
          row = await insertProposal(pool, {
            idempotencyKey: key,
            accountId: account.id,
            ruleId: null,
            source: 'budget',
            entityType: u.entityType,
            entityId: u.id,
            entityName: u.name,
            actionType: pct > 0 ? 'increase_budget' : 'decrease_budget',
            params: {
              change_percent: Math.abs(pct),
              plan_total: ref.total,
              recommended_budget: u.recommendedBudget,
              observed_state: entity
                ? {
                    status: entity.status,
                    dailyBudgetMinor: entity.daily_budget_minor,
                    bidAmountMinor: entity.bid_amount_minor,
                  }
                : null,
            },
            executionMode: 'approval_required',
            evidence: [
              { field: 'daily_budget', actual: u.currentBudget, recommended: u.recommendedBudget },
              {
                field: 'expected_conversions',
                current: u.expectedOutcomeCurrent,
                recommended: u.expectedOutcomeRecommended,
              },
            ],
            explanation:
              `Budget plan of ${ref.total}/day: daily budget of '${u.name}' ${u.currentBudget.toFixed(2)} → ` +
              `${u.recommendedBudget.toFixed(2)} (${pct > 0 ? '+' : ''}${pct}%), approved by <@${userId}>.`,
            expectedImpact: {
              summary: `Expected conversions ${u.expectedOutcomeCurrent.toFixed(1)} → ${u.expectedOutcomeRecommended.toFixed(1)} a day on the fitted response curve.`,
              change_percent: pct,
            },
            propensity: 1,
            expiryPolicy: 'drop',
            expiresAt: now() + 24 * HOUR,
            slackChannelId: account.slack_channel_id,
          });
        }
        if (!row) {
          // Either a concurrent attempt won the race for this key, or an open proposal for the unit exists already.
          const again = (await proposalsByKeyPrefix(pool, key)).find((r) => r.idempotency_key === key);
          row = again ? await getAction(pool, again.id) : null;
        }
        if (!row) {
          out.blocked.push(u.name);
          continue;
        }
        if (row.workflow_id === null) await setWorkflowId(pool, row.id, approvalWorkflowId(row.id));
        out.inputs.push(approvalInput(row, account.approver_user_ids));
      }
      return out;
    },
  };
}
