import type { Client } from '@temporalio/client';
import type { ForecastRunResult } from '../workflows/messages.ts';
import type { regenerateForecasts } from '../workflows/regenerate-forecasts.ts';
import { forecastWorkflowId } from '../workflows/ids.ts';
import { AdAccountId } from '../workflows/search-attributes.ts';
import { startOrJoin, type JoinedRun } from './start-or-join.ts';

export type ForecastSyncResult = JoinedRun<ForecastRunResult>;

/**
 * /forecast sync: runs regenerateForecasts now and waits for it. The workflow id is fixed per account with
 * USE_EXISTING, so a second /forecast sync while one runs joins it instead of starting another.
 * @throws WorkflowFailedError when the run fails (the message says why); Temporal connection errors.
 */
export async function regenerateForecastsNow(
  client: Client,
  o: { accountId: string; taskQueue: string; waitMs?: number },
): Promise<ForecastSyncResult> {
  return startOrJoin<typeof regenerateForecasts>(client, 'regenerateForecasts', {
    workflowId: `${forecastWorkflowId(o.accountId)}-sync`,
    taskQueue: o.taskQueue,
    args: [o.accountId, 'sync'],
    waitMs: o.waitMs ?? 120_000,
    typedSearchAttributes: [{ key: AdAccountId, value: o.accountId }],
  });
}
