import { ApplicationFailure } from '@temporalio/common';
import type { DatabasePool } from 'slonik';
import type { Config } from '../config.ts';
import { getAdAccount } from '../db/accounts.ts';
import {
  countExecutedSince,
  entityExecutionsSince,
  getAction,
  recordExecution,
  recordExecutionIntent,
  recordUndo,
  setUndoUntil,
  transitionAction,
  type ActionRow,
} from '../db/actions.ts';
import { getEntityRow } from '../db/entities.ts';
import { AWAITING_DECISION, type Decision, type ProposalStatus } from '../intel/approval.ts';
import { checkSafety as decideSafety, type ActionKind, type SafetyVerdict } from '../intel/safety.ts';
import { formatMinor } from '../intel/money.ts';
import { FailureType } from './failures.ts';
import type { EntityState, MetaGateway, MetaWriter, Notifier } from './ports.ts';
import { HOUR } from '../intel/time.ts';

export interface DecisionDeps {
  pool: DatabasePool;
  config: Config;
  meta: MetaGateway;
  notifier: Notifier;
  now?: () => number;
  /** Re-checks the rule behind a proposal against the freshest stored metrics. */
  reevaluate?: (action: ActionRow) => Promise<{ holds: boolean; reason: string }>;
}

async function mustGet(pool: DatabasePool, id: number): Promise<ActionRow> {
  const row = await getAction(pool, id);
  if (!row) throw ApplicationFailure.nonRetryable(`proposal ${id} does not exist`, FailureType.NotFound);
  return row;
}

/** The change in percent a budget/bid action asks for (modify decisions override the rule's). */
export function requestedChangePercent(row: ActionRow): number | undefined {
  const p = row.params;
  const raw = p.change_percent ?? p.percent;
  if (typeof raw !== 'number') return undefined;
  return row.action_type === 'decrease_budget' ? -Math.abs(raw) : raw;
}

function sameState(a: EntityState, b: Partial<EntityState>): boolean {
  return a.status === b.status && a.dailyBudgetMinor === b.dailyBudgetMinor && a.bidAmountMinor === b.bidAmountMinor;
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

export function createDecisionActivities(deps: DecisionDeps) {
  const now = deps.now ?? Date.now;
  const { pool, config } = deps;
  /** Budgets and bids for the audit text, in the account's currency (a JPY budget of 600 is 600 JPY, not 6.00). */
  const moneyOf = async (accountId: string) => {
    const currency = (await getAdAccount(pool, accountId))?.currency ?? 'USD';
    return (v: number | null | undefined) => (v == null ? '-' : formatMinor(v, currency));
  };

  return {
    async recordDecision(id: number, decision: Decision): Promise<void> {
      const to: ProposalStatus = decision.kind === 'reject' ? 'rejected' : 'approved';
      const params =
        decision.kind === 'modify' && decision.changePercent !== undefined
          ? { change_percent: decision.changePercent, modified_by: decision.userId }
          : undefined;
      await transitionAction(
        pool,
        id,
        AWAITING_DECISION,
        to,
        decision.userId,
        `decide:${id}:${decision.userId}:${decision.kind}:${(await mustGet(pool, id)).updated_at}`,
        {
          reason: decision.reason ?? null,
          decision: { kind: decision.kind, userId: decision.userId, reason: decision.reason ?? null, at: now() },
          ...(params ? { params } : {}),
        },
      );
    },

    async recordStatus(id: number, status: ProposalStatus, actor: string, reason: string): Promise<void> {
      const row = await mustGet(pool, id);
      if (row.status === status) return;
      await transitionAction(pool, id, [row.status], status, actor, `status:${id}:${status}:${row.updated_at}`, {
        reason,
      });
    },

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
      const minor = await moneyOf(row.account_id);
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

    async setUndoWindow(id: number, until: number): Promise<void> {
      await setUndoUntil(pool, id, until);
    },

    /** Restores the state before the action, unless someone changed the entity since (then it says so). */
    async undoAction(id: number, userId: string): Promise<{ undone: boolean; detail: string }> {
      // Undo writes to Meta too: the kill switch stops it like any execution, and says so to the person.
      if (!config.ENABLE_ACTION_EXECUTOR)
        return {
          undone: false,
          detail: 'The executor is disabled (ENABLE_ACTION_EXECUTOR=false): nothing was written.',
        };
      const row = await mustGet(pool, id);
      if (row.undone_at !== null) return { undone: true, detail: 'Already undone.' };
      const before = row.before_state as EntityState | null;
      const after = row.after_state as EntityState | null;
      if (!before || !after) return { undone: false, detail: 'Nothing was written, so there is nothing to undo.' };
      const writer = await deps.meta.forAccount(row.account_id);
      const minor = await moneyOf(row.account_id);
      const live = await writer.getEntity(row.entity_id);
      if (!sameState(live, after) && !sameState(live, before)) {
        return {
          undone: false,
          detail: 'The entity was changed after this action; undo would overwrite that change, so it was not done.',
        };
      }
      if (live.status !== before.status && (before.status === 'ACTIVE' || before.status === 'PAUSED'))
        await writer.setStatus(row.entity_id, before.status);
      if (before.dailyBudgetMinor !== null && live.dailyBudgetMinor !== before.dailyBudgetMinor)
        await writer.setDailyBudget(row.entity_id, before.dailyBudgetMinor);
      if (before.bidAmountMinor !== null && live.bidAmountMinor !== before.bidAmountMinor)
        await writer.setBidAmount(row.entity_id, before.bidAmountMinor);
      await recordUndo(pool, id, userId);
      return {
        undone: true,
        detail: `Restored: status ${before.status ?? '-'}, budget ${minor(before.dailyBudgetMinor)}.`,
      };
    },

    async notifyProposal(id: number): Promise<void> {
      await deps.notifier.proposal(id);
    },
    async notifyDecision(id: number): Promise<void> {
      await deps.notifier.decision(id);
    },
    async notifyOutcome(id: number, horizonHours: number): Promise<void> {
      await deps.notifier.outcome(id, horizonHours);
    },
    async notifyEscalation(id: number, reason: string): Promise<void> {
      await deps.notifier.escalation(id, reason);
    },
  };
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
