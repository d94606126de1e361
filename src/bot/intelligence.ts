import type { Client } from '@temporalio/client';
import { intelWorkflowId } from '../workflows/ids.ts';
import type { IntelligenceResult } from '../workflows/messages.ts';

export type RunOutcome = { state: 'done'; result: IntelligenceResult } | { state: 'running' };

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
  const handle = await client.workflow.start('accountIntelligence', {
    taskQueue,
    workflowId: intelWorkflowId(accountId),
    workflowIdConflictPolicy: 'USE_EXISTING',
    args: [accountId, options],
  });
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), waitMs);
  });
  try {
    const r = await Promise.race([handle.result() as Promise<IntelligenceResult>, timeout]);
    return r === 'timeout' ? { state: 'running' } : { state: 'done', result: r };
  } finally {
    clearTimeout(timer);
  }
}
