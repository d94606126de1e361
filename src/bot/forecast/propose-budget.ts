/**
 * Turns an approved budget plan into budget-change proposals, one per unit that moves, each started in its own
 * approval workflow with the approver's decision: the workflow re-validates, the safety gate clamps and the executor
 * writes (only with ENABLE_ACTION_EXECUTOR=true). Idempotency keys per plan and unit make a double click a no-op.
 */
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { approvalInput } from '../../activities/proposals.ts';
import type { AdAccount } from '../../db/accounts.ts';
import { insertProposal, setWorkflowId } from '../../db/actions.ts';
import { proposalsByKeyPrefix } from '../../db/budget-proposals.ts';
import { getEntityRow } from '../../db/entities.ts';
import type { Allocation } from '../../intel/forecast/index.ts';
import { approvalWorkflowId } from '../../temporal/ids.ts';
import type { BotDeps } from '../commands/types.ts';
import { decideProposal } from '../decisions.ts';

const HOUR = 3_600_000;
/** Changes under this are not worth a Meta edit (and a possible learning-phase reset). */
export const MIN_CHANGE_PERCENT = 1;

export interface PlanRef {
  accountId: string;
  total: number;
  /** generated_at of the stored recommendation the plan was computed from. */
  generatedAt: number;
}

export interface ProposeResult {
  created: number[];
  /** This plan's proposals that already existed (a second click). */
  existing: number;
  /** Units with an open proposal of the same kind from elsewhere (a rule). */
  blocked: string[];
  refused: string[];
}

export const planKeyPrefix = (p: PlanRef) => `budget:${p.accountId}:${p.generatedAt}:${p.total}:`;

/** Percent toward zero at 0.1 precision, so rounding can never step past the allowed maximum. */
const towardZero = (v: number) => Math.trunc(v * 10) / 10;

export async function proposeBudgetPlan(
  deps: BotDeps,
  account: AdAccount,
  plan: Allocation,
  ref: PlanRef,
  userId: string,
  unitTypes: ReadonlyMap<string, 'campaign' | 'adset'>,
): Promise<ProposeResult> {
  const now = (deps.now ?? Date.now)();
  const prefix = planKeyPrefix(ref);
  const known = new Set((await proposalsByKeyPrefix(deps.pool, prefix)).map((r) => r.idempotency_key));
  const out: ProposeResult = { created: [], existing: 0, blocked: [], refused: [] };
  for (const u of plan.units) {
    const pct = towardZero(u.changePercent);
    if (Math.abs(pct) < MIN_CHANGE_PERCENT) continue;
    const key = `${prefix}${u.id}`;
    if (known.has(key)) {
      out.existing++;
      continue;
    }
    const entity = await getEntityRow(deps.pool, account.id, u.id);
    const row = await insertProposal(deps.pool, {
      idempotencyKey: key,
      accountId: account.id,
      ruleId: null,
      source: 'budget',
      entityType: unitTypes.get(u.id) ?? 'adset',
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
        { field: 'expected_conversions', current: u.expectedOutcomeCurrent, recommended: u.expectedOutcomeRecommended },
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
      expiresAt: now + 24 * HOUR,
      slackChannelId: account.slack_channel_id,
    });
    if (!row) {
      // Either the other click won the race for this key, or an open proposal for the unit exists already.
      const again = await proposalsByKeyPrefix(deps.pool, key);
      if (again.some((r) => r.idempotency_key === key)) out.existing++;
      else out.blocked.push(u.name);
      continue;
    }
    await setWorkflowId(deps.pool, row.id, approvalWorkflowId(row.id));
    try {
      await deps.temporal.workflow.start('approvalWorkflow', {
        taskQueue: deps.config.TASK_QUEUE,
        workflowId: approvalWorkflowId(row.id),
        args: [approvalInput(row, account.approver_user_ids)],
      });
    } catch (error) {
      if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
    }
    const decided = await decideProposal(deps.temporal, row.id, { kind: 'approve', userId });
    if (decided.ok) out.created.push(row.id);
    else out.refused.push(`${u.name}: ${decided.reason}`);
  }
  return out;
}
