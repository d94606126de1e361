import { readBudgetRecommendation } from '../../db/budget-recommendations.ts';
import { budgetAllocationChart as allocationData } from '../../intel/forecast/index.ts';
import { budgetAllocationChart, renderChartPng } from '../../charts/index.ts';
import { errorMessage, noForecastMessage } from '../../slack/blocks/index.ts';
import { planBudget } from '../forecast/budget-plan.ts';
import { planId, planMessage } from '../forecast/propose-budget.ts';
import type { Handler } from './types.ts';

/**
 * /budget <total>: the recommended split of a daily total on the stored response curves, current vs recommended
 * per unit, as a chart in the channel and a reply with an Approve button (approvers turn it into proposals).
 */
export const budget: Handler<'budget'> = async (cmd, { account, channelId, deps, client }) => {
  const rows = await readBudgetRecommendation(deps.pool, account.id);
  if (rows.length === 0)
    return noForecastMessage(
      account.name,
      'There is no budget recommendation: no active ad set or campaign with a daily budget and history has been forecast yet.',
    );
  const max = deps.config.MAX_BUDGET_CHANGE_PERCENT;
  const plan = planBudget(rows, cmd.total, max);
  if (!plan.ok) return errorMessage(plan.reason);
  const a = plan.allocation;
  const chart = allocationData(a, 20, `Budget plan: ${cmd.total} ${account.currency} a day`);
  const png = await renderChartPng(
    budgetAllocationChart({
      title: chart.title,
      labels: chart.labels,
      current: chart.current,
      recommended: chart.recommended,
      currency: account.currency,
    }),
    { width: 900, height: Math.max(450, 120 + 28 * chart.labels.length) },
  );
  await client.files.uploadV2({
    channel_id: channelId,
    file: png,
    filename: 'budget-plan.png',
    title: `${account.name}: budget plan ${cmd.total}/day`,
    initial_comment: `Budget plan for ${cmd.total} ${account.currency}/day: expected ${a.recommended.outcome.toFixed(1)} conversions vs ${plan.currentSplit.outcome.toFixed(1)} with the current split.`,
  });
  return planMessage(account, plan, cmd.total, max, planId(rows));
};
