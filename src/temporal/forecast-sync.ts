import type { Client } from '@temporalio/client';
import type { ForecastRunResult } from '../workflows/messages.ts';
import { forecastWorkflowId } from '../workflows/ids.ts';
import { AdAccountId } from '../workflows/search-attributes.ts';

export type ForecastSyncResult =
  { state: 'done'; workflowId: string; result: ForecastRunResult } | { state: 'still_running'; workflowId: string };

/**
 * /forecast sync: runs regenerateForecasts now and waits for it. The workflow id is fixed per account with
 * USE_EXISTING, so a second /forecast sync while one runs joins it instead of starting another.
 * @throws WorkflowFailedError when the run fails (the message says why); Temporal connection errors.
 */
export async function regenerateForecastsNow(
  client: Client,
  o: { accountId: string; taskQueue: string; waitMs?: number },
): Promise<ForecastSyncResult> {
  const workflowId = `${forecastWorkflowId(o.accountId)}-sync`;
  const handle = await client.workflow.start('regenerateForecasts', {
    workflowId,
    taskQueue: o.taskQueue,
    args: [o.accountId, 'sync'],
    workflowIdConflictPolicy: 'USE_EXISTING',
    typedSearchAttributes: [{ key: AdAccountId, value: o.accountId }],
  });
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), o.waitMs ?? 120_000);
  });
  try {
    const r = await Promise.race([handle.result() as Promise<ForecastRunResult>, timeout]);
    return r === 'timeout' ? { state: 'still_running', workflowId } : { state: 'done', workflowId, result: r };
  } finally {
    clearTimeout(timer);
  }
}
