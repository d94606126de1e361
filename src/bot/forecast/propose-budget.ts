/**
 * Turns an approved budget plan into budget-change proposals through the proposeBudgetPlan workflow: it records one
 * proposal per unit that moves and starts each approval workflow with the approver's decision; that workflow
 * re-validates, the safety gate clamps and the executor writes (only with ENABLE_ACTION_EXECUTOR=true).
 */
import type { AdAccount } from '../../db/accounts.ts';
import type { BudgetRecommendationRow } from '../../db/budget-recommendations.ts';
import { budgetPlanMessage, section, type Message } from '../../slack/blocks/index.ts';
import type { Allocation } from '../../intel/forecast/index.ts';
import { proposeBudgetWorkflowId } from '../../workflows/ids.ts';
import type { PlanRef, ProposeBudgetResult } from '../../workflows/messages.ts';
import type { proposeBudgetPlan as proposeWorkflow } from '../../workflows/propose-budget.ts';
import type { BotDeps } from '../commands/types.ts';
import { startOrJoin } from '../../temporal/start-or-join.ts';
import { PROPOSE_WAIT_MS } from '../proposals-pending.ts';
import { planBudget, type BudgetPlan } from './budget-plan.ts';

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

/**
 * The /budget reply for a plan: current vs recommended per unit, and an Approve button that carries the plan id
 * (so a click applies exactly this plan, or is shown the newer one).
 */
export function planMessage(
  account: Pick<AdAccount, 'id' | 'name' | 'currency'>,
  plan: Extract<BudgetPlan, { ok: true }>,
  total: number,
  maxChangePercent: number,
  id: number,
): Message {
  const a = plan.allocation;
  return budgetPlanMessage({
    accountName: account.name,
    currency: account.currency,
    total,
    maxChangePercent,
    units: a.units.map((u) => ({
      name: u.name,
      currentBudget: u.currentBudget,
      recommendedBudget: u.recommendedBudget,
      changePercent: u.changePercent,
    })),
    current: plan.currentSplit,
    recommended: a.recommended,
    unallocated: a.unallocated,
    approveValue: JSON.stringify({ a: account.id, t: total, g: id }),
  });
}

/** The plan id an Approve button carries: generated_at of the newest stored recommendation the plan was built on. */
export const planId = (rows: readonly BudgetRecommendationRow[]): number =>
  Math.max(...rows.map((r) => r.generated_at));

/**
 * The answer to an Approve whose plan is no longer the latest (the forecast was regenerated after it was shown): the
 * plan on the new forecast, with its own Approve button, and nothing applied. A message when no plan fits any more.
 */
export function stalePlanReply(
  account: AdAccount,
  rows: readonly BudgetRecommendationRow[],
  total: number,
  maxChangePercent: number,
): Message | string {
  const note = 'The forecast was updated after this plan was shown, so it was not applied.';
  if (rows.length === 0) return `${note} No unit has a budget recommendation now; run /budget again later.`;
  const plan = planBudget([...rows], total, maxChangePercent);
  if (!plan.ok) return `${note} ${plan.reason}`;
  const message = planMessage(account, plan, total, maxChangePercent, planId(rows));
  return {
    ...message,
    text: `${note} ${message.text}`,
    blocks: [
      section(`${note} Here is the plan on the new forecast: approve it if it still suits.`),
      ...(message.blocks ?? []),
    ],
  };
}
