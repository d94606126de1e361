import type { Client } from '@temporalio/client';
import { startOrJoin, type JoinedRun } from '../temporal/start-or-join.ts';
import { intelWorkflowId } from '../workflows/ids.ts';
import type { accountIntelligence } from '../workflows/account-intelligence.ts';
import type { IntelligenceResult } from '../workflows/messages.ts';

export type RunOutcome = JoinedRun<IntelligenceResult>;

/**
 * Runs account intelligence now and waits up to `waitMs` for it. The workflow id is the account's, with
 * USE_EXISTING: a second /score while one computes joins that run instead of starting another.
 * @throws the workflow's failure (e.g. the account is not connected) or Temporal being unreachable.
 */
export async function runIntelligenceNow(
  client: Client,
  taskQueue: string,
  accountId: string,
  options: { refreshPatterns?: boolean } = {},
  waitMs = 60_000,
): Promise<RunOutcome> {
  return startOrJoin<typeof accountIntelligence>(client, 'accountIntelligence', {
    workflowId: intelWorkflowId(accountId),
    taskQueue,
    args: [accountId, options],
    waitMs,
  });
}
