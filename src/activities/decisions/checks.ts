import { ApplicationFailure } from '@temporalio/common';
import { getAdAccount } from '../../db/accounts.ts';
import { countExecutedSince, entityExecutionsSince } from '../../db/actions.ts';
import { getEntityRow } from '../../db/entities.ts';
import { checkSafety as decideSafety, type ActionKind, type SafetyVerdict } from '../../intel/safety.ts';
import { HOUR } from '../../intel/time.ts';
import { FailureType } from '../failures.ts';
import { mustGet, requestedChangePercent, sameState } from './common.ts';
import type { DecisionDeps } from './deps.ts';

/** The checks between an approval and the write: fresh data and the safety gate. */
export function createDecisionChecks(deps: DecisionDeps) {
  const now = deps.now ?? Date.now;
  const { pool, config } = deps;
  return {
    /**
     * Before executing an approved action: the entity must be as the proposal saw it and the rule must still hold;
     * otherwise the workflow asks again instead of acting on a situation the approver did not see.
     */
    async revalidateProposal(id: number): Promise<{ ok: true } | { ok: false; reason: string }> {
      const row = await mustGet(pool, id);
      const writer = await deps.meta.forAccount(row.account_id);
      const live = await writer.getEntity(row.entity_id);
      const seen = row.params.observed_state ?? null;
      if (seen && !sameState(live, seen)) {
        return {
          ok: false,
          reason: `The ${row.entity_type} was changed since the proposal was made (now ${live.status ?? '?'}, budget ${live.dailyBudgetMinor ?? '-'}); please confirm again.`,
        };
      }
      if (row.action_type === 'pause' && live.status === 'PAUSED')
        return { ok: false, reason: 'It is already paused.' };
      if (row.action_type === 'activate' && live.status === 'ACTIVE')
        return { ok: false, reason: 'It is already active.' };
      if (deps.reevaluate) {
        const check = await deps.reevaluate(row);
        if (!check.holds) return { ok: false, reason: `The rule no longer matches on fresh data: ${check.reason}` };
      }
      return { ok: true };
    },

    async checkSafety(id: number, mode: 'approved' | 'automatic'): Promise<SafetyVerdict> {
      const row = await mustGet(pool, id);
      const account = await getAdAccount(pool, row.account_id);
      if (!account)
        throw ApplicationFailure.nonRetryable(`ad account ${row.account_id} is not connected`, FailureType.NotFound);
      const t = now();
      const executions = await entityExecutionsSince(pool, row.entity_id, t - 24 * HOUR);
      const entity = await getEntityRow(pool, row.account_id, row.entity_id);
      const currentValue = row.action_type === 'adjust_bid' ? entity?.bid_amount_minor : entity?.daily_budget_minor;
      return decideSafety(
        {
          action: row.action_type as ActionKind,
          changePercent: requestedChangePercent(row),
          currentValueMinor: currentValue ?? null,
          mode,
          confidence: row.confidence,
          learningPhase: entity?.learning_stage ?? null,
          lastEntityActionAt: executions[0] ?? null,
          actionsLastHour: await countExecutedSince(pool, row.account_id, t - HOUR),
          entityChangesLast24h: executions.length,
          accountConnectedAt: account.created_at,
          now: t,
        },
        {
          intelligenceEnabled: config.ENABLE_INTELLIGENCE,
          executorEnabled: config.ENABLE_ACTION_EXECUTOR,
          maxActionsPerHour: config.MAX_AUTO_ACTIONS_PER_HOUR,
          maxBudgetChangePercent: config.MAX_BUDGET_CHANGE_PERCENT,
          cooldownHours: config.ACTION_COOLDOWN_HOURS,
          requireApprovalForDays: config.REQUIRE_APPROVAL_FOR_DAYS,
          minConfidenceForAuto: config.MIN_CONFIDENCE_FOR_AUTO,
        },
      );
    },
  };
}
