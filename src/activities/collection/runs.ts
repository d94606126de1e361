import { markAccountStatus, markNeedsAttention } from '../../db/accounts.ts';
import { finishCollectionRun, startCollectionRun } from '../../db/collection-runs.ts';
import type { CollectionContext } from './context.ts';

/** The run's bookkeeping: its row in collection_runs and the account's attention flag. */
export function createRunActivities(deps: CollectionContext) {
  const { pool, account } = deps;
  return {
    async beginCollectionRun(accountId: string, workflowId: string, runId: string, trigger: string): Promise<void> {
      await startCollectionRun(pool, workflowId, runId, accountId, trigger);
    },

    async finishCollectionRun(
      workflowId: string,
      runId: string,
      outcome: Parameters<typeof finishCollectionRun>[3],
    ): Promise<void> {
      await finishCollectionRun(pool, workflowId, runId, outcome);
    },

    /**
     * Only the transition into needs_attention tells the channel; later failing runs only refresh the reason. A retry
     * after a failed post finds the status already set and stays quiet: one message at most, by design.
     */
    async markAccountNeedsAttention(accountId: string, reason: string): Promise<void> {
      if (await markNeedsAttention(pool, accountId, reason))
        await deps.notifier?.accountNeedsAttention?.(accountId, reason);
    },

    async markAccountHealthy(accountId: string): Promise<void> {
      const a = await account(accountId);
      if (a.status === 'needs_attention') await markAccountStatus(pool, accountId, 'active', null);
    },
  };
}
