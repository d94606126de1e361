import { ApplicationFailure } from '@temporalio/common';
import { recordExecution, recordExecutionIntent, transitionAction, type ActionRow } from '../../db/actions.ts';
import type { SafetyVerdict } from '../../intel/safety.ts';
import { FailureType } from '../failures.ts';
import type { EntityState, MetaWriter } from '../ports.ts';
import { moneyOf, mustGet } from './common.ts';
import type { DecisionDeps } from './deps.ts';

export function createExecutor(deps: DecisionDeps) {
  const now = deps.now ?? Date.now;
  const { pool, config } = deps;
  return {
    /**
     * Writes the approved change to Meta exactly once. The absolute target and the state before are stored first
     * (intent); a retried attempt re-reads the entity and does not write again when it is already at the target.
     */
    async executeAction(
      id: number,
      verdict: Extract<SafetyVerdict, { kind: 'execute' }>,
    ): Promise<{ ok: boolean; detail: string }> {
      if (!config.ENABLE_ACTION_EXECUTOR) {
        throw ApplicationFailure.nonRetryable(
          'the executor is disabled (ENABLE_ACTION_EXECUTOR=false)',
          FailureType.ExecutorDisabled,
        );
      }
      let row = await mustGet(pool, id);
      if (row.executed_at !== null) return { ok: true, detail: 'Already executed.' };
      if (row.status === 'failed') return { ok: false, detail: row.status_reason ?? 'Meta refused the change.' };
      await transitionAction(pool, id, ['approved', 'executing'], 'executing', 'adpilot', `executing:${id}`);
      const writer = await deps.meta.forAccount(row.account_id);
      const before = await writer.getEntity(row.entity_id);
      const minor = await moneyOf(pool, row.account_id);
      const target = {
        ...(row.action_type === 'pause' ? { status: 'PAUSED' } : {}),
        ...(row.action_type === 'activate' ? { status: 'ACTIVE' } : {}),
        ...(row.action_type === 'adjust_bid' ? { bidAmountMinor: verdict.targetValueMinor ?? undefined } : {}),
        ...(row.action_type.endsWith('_budget') ? { dailyBudgetMinor: verdict.targetValueMinor ?? undefined } : {}),
      };
      await recordExecutionIntent(pool, id, before, target);
      row = await mustGet(pool, id);
      const stored = (row.params.target ?? target) as typeof target;
      const beforeState = (row.before_state ?? before) as EntityState;
      let detail: string;
      try {
        detail = await write(writer, row, before, stored, beforeState, minor);
      } catch (error) {
        const reason = metaRefusal(error);
        if (reason === undefined) throw error;
        // A permanent refusal (budget below Meta's minimum, entity deleted, policy block, expired token) is the
        // proposal's final state, not a retry: recorded here so the row never stays 'executing'.
        await transitionAction(pool, id, ['executing'], 'failed', 'adpilot', `failed:${id}`, { reason });
        return { ok: false, detail: reason };
      }
      const after = await writer.getEntity(row.entity_id);
      await recordExecution(pool, id, after, { detail, verdictReasons: verdict.reasons }, now());
      await transitionAction(pool, id, ['executing'], 'executed', 'adpilot', `executed:${id}`, { reason: detail });
      return { ok: true, detail };
    },
  };
}

function isAtTarget(
  state: EntityState,
  row: ActionRow,
  target: { status?: string; dailyBudgetMinor?: number; bidAmountMinor?: number },
): boolean {
  if (row.action_type === 'pause') return state.status === 'PAUSED';
  if (row.action_type === 'activate') return state.status === 'ACTIVE';
  if (row.action_type === 'adjust_bid') return state.bidAmountMinor === target.bidAmountMinor;
  if (row.action_type === 'increase_budget' || row.action_type === 'decrease_budget')
    return state.dailyBudgetMinor === target.dailyBudgetMinor;
  return false;
}

/** The one write to Meta an approved action makes (none when Meta already shows the target). @returns its detail. */
async function write(
  writer: MetaWriter,
  row: ActionRow,
  before: EntityState,
  stored: { status?: string; dailyBudgetMinor?: number; bidAmountMinor?: number },
  beforeState: EntityState,
  minor: (v: number | null | undefined) => string,
): Promise<string> {
  if (isAtTarget(before, row, stored)) {
    return 'Meta already shows the target state; nothing written twice.';
  } else if (row.action_type === 'pause' || row.action_type === 'activate') {
    await writer.setStatus(row.entity_id, row.action_type === 'pause' ? 'PAUSED' : 'ACTIVE');
    return `${row.action_type === 'pause' ? 'Paused' : 'Activated'} ${row.entity_name ?? row.entity_id}.`;
  } else if (row.action_type.endsWith('_budget') && stored.dailyBudgetMinor !== undefined) {
    await writer.setDailyBudget(row.entity_id, stored.dailyBudgetMinor);
    return `Daily budget ${minor(beforeState.dailyBudgetMinor)} → ${minor(stored.dailyBudgetMinor)}.`;
  } else if (row.action_type === 'adjust_bid' && stored.bidAmountMinor !== undefined) {
    await writer.setBidAmount(row.entity_id, stored.bidAmountMinor);
    return `Bid ${minor(beforeState.bidAmountMinor)} → ${minor(stored.bidAmountMinor)}.`;
  } else if (row.action_type === 'duplicate') {
    const copy = await writer.duplicate(row.entity_id);
    return `Duplicated as ${copy.copiedId}.`;
  } else {
    throw ApplicationFailure.nonRetryable(`action ${row.action_type} cannot be executed`, FailureType.InvalidAction);
  }
}

const META_REFUSALS: readonly string[] = [
  FailureType.MetaAuth,
  FailureType.MetaPermission,
  FailureType.MetaInvalidParameter,
  FailureType.MetaPermanent,
];

/** The card's reason when Meta refused a write for good; undefined for what is worth retrying. */
function metaRefusal(error: unknown): string | undefined {
  if (!(error instanceof ApplicationFailure) || !error.nonRetryable) return undefined;
  return META_REFUSALS.includes(error.type ?? '') ? `Meta refused: ${error.message}` : undefined;
}
