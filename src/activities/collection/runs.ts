import { markAccountStatus } from '../../db/accounts.ts';
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

    async markAccountNeedsAttention(accountId: string, reason: string): Promise<void> {
      await markAccountStatus(pool, accountId, 'needs_attention', reason);
    },

    async markAccountHealthy(accountId: string): Promise<void> {
      const a = await account(accountId);
      if (a.status === 'needs_attention') await markAccountStatus(pool, accountId, 'active', null);
    },
  };
}
