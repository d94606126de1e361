import { recordUndo } from '../../db/actions.ts';
import type { EntityState } from '../ports.ts';
import { moneyOf, mustGet, sameState } from './common.ts';
import type { DecisionDeps } from './deps.ts';

export function createUndo(deps: DecisionDeps) {
  const { pool, config } = deps;
  return {
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
      const minor = await moneyOf(pool, row.account_id);
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
  };
}
