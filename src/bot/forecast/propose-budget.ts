/**
 * Turns an approved budget plan into budget-change proposals through the proposeBudgetPlan workflow: it records one
 * proposal per unit that moves and starts each approval workflow with the approver's decision; that workflow
 * re-validates, the safety gate clamps and the executor writes (only with ENABLE_ACTION_EXECUTOR=true).
 */
import type { AdAccount } from '../../db/accounts.ts';
import type { Allocation } from '../../intel/forecast/index.ts';
import { proposeBudgetWorkflowId } from '../../workflows/ids.ts';
import type { PlanRef, ProposeBudgetResult } from '../../workflows/messages.ts';
import type { proposeBudgetPlan as proposeWorkflow } from '../../workflows/propose-budget.ts';
import type { BotDeps } from '../commands/types.ts';
import { startOrJoin } from '../../temporal/start-or-join.ts';
import { PROPOSE_WAIT_MS } from '../proposals-pending.ts';

export type ProposeResult = ProposeBudgetResult | 'pending';

/**
 * Starts (or joins) the plan's run under an id from the plan's key, so a double click makes its proposals once.
 * @throws what Temporal throws (unreachable, or the run failed).
 */
export async function proposeBudgetPlan(
  deps: BotDeps,
  account: AdAccount,
  plan: Allocation,
  ref: PlanRef,
  userId: string,
  unitTypes: ReadonlyMap<string, 'campaign' | 'adset'>,
): Promise<ProposeResult> {
  const units = plan.units.map((u) => ({
    id: u.id,
    name: u.name,
    currentBudget: u.currentBudget,
    recommendedBudget: u.recommendedBudget,
    changePercent: u.changePercent,
    expectedOutcomeCurrent: u.expectedOutcomeCurrent,
    expectedOutcomeRecommended: u.expectedOutcomeRecommended,
    entityType: unitTypes.get(u.id) ?? ('adset' as const),
  }));
  const r = await startOrJoin<typeof proposeWorkflow>(deps.temporal, 'proposeBudgetPlan', {
    workflowId: proposeBudgetWorkflowId(ref),
    taskQueue: deps.config.TASK_QUEUE,
    args: [{ ref: { ...ref, accountId: account.id }, units, userId }],
    waitMs: PROPOSE_WAIT_MS,
  });
  return r.state === 'running' ? 'pending' : r.result;
}
