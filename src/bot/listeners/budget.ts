import type { App } from '@slack/bolt';
import { z } from 'zod';
import { getAdAccount } from '../../db/accounts.ts';
import { readBudgetRecommendation } from '../../db/budget-recommendations.ts';
import { BUDGET_APPROVE_ACTION, errorMessage } from '../../slack/blocks/index.ts';
import type { BotDeps } from '../commands/index.ts';
import { planBudget } from '../forecast/budget-plan.ts';
import { planId, proposeBudgetPlan, stalePlanReply } from '../forecast/propose-budget.ts';
import { PROPOSALS_PENDING } from '../proposals-pending.ts';
import { replySafely, slackIds } from './reply.ts';
import { teamOf } from './proposals.ts';
import { approverRefusal } from '../access.ts';

const planValue = z.object({ a: z.string(), t: z.number().positive(), g: z.number() });

/**
 * Approve on a /budget plan: only the account's approvers; the plan is rebuilt from the stored curves it was shown
 * from (the button's plan id; a plan no longer the latest is shown again, not applied) and becomes one budget
 * proposal per unit, each decided by this approver in its approval workflow.
 */
export function registerBudgetActions(app: App, deps: BotDeps): void {
  app.action(BUDGET_APPROVE_ACTION, async ({ ack, body, action, respond }) => {
    await ack();
    const logContext = { action: BUDGET_APPROVE_ACTION, ...slackIds(body) };
    await replySafely(respond, deps.log, logContext, async () => {
      let value: z.infer<typeof planValue>;
      try {
        value = planValue.parse(JSON.parse((action as { value?: string }).value ?? ''));
      } catch {
        return errorMessage('This button lost its plan; run /budget again.');
      }
      Object.assign(logContext, { accountId: value.a });
      const account = await getAdAccount(deps.pool, value.a);
      const refused = approverRefusal(account, { teamId: teamOf(body), userId: body.user.id });
      if (!account || refused) return errorMessage(refused ?? `${value.a} is not connected to adpilot.`);
      const rows = await readBudgetRecommendation(deps.pool, account.id);
      // Apply exactly the plan the person saw: after a regeneration the same total splits differently.
      if (rows.length === 0 || planId(rows) !== value.g) {
        const reply = stalePlanReply(account, rows, value.t, deps.config.MAX_BUDGET_CHANGE_PERCENT);
        return typeof reply === 'string' ? errorMessage(reply) : reply;
      }
      const plan = planBudget(rows, value.t, deps.config.MAX_BUDGET_CHANGE_PERCENT);
      if (!plan.ok) return errorMessage(plan.reason);
      const types = new Map(rows.map((r) => [r.unit_id, r.unit_type]));
      const r = await proposeBudgetPlan(
        deps,
        account,
        plan.allocation,
        { accountId: account.id, total: value.t, generatedAt: value.g },
        body.user.id,
        types,
      );
      if (r === 'pending') return { text: PROPOSALS_PENDING };
      const parts = [
        r.created.length
          ? `Approved ${r.created.length} budget change${r.created.length === 1 ? '' : 's'}; adpilot checks each against fresh data and the safety limits before applying it.`
          : r.existing
            ? `This plan was already approved (${r.existing} proposal${r.existing === 1 ? '' : 's'}); nothing new was created.`
            : 'No unit moves by 1% or more in this plan: nothing to change.',
        ...(r.blocked.length ? [`Skipped (an open proposal exists): ${r.blocked.join(', ')}.`] : []),
      ];
      return { text: parts.join(' ') };
    });
  });
}
