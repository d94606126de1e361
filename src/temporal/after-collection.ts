import type { Client } from '@temporalio/client';
import { collectScheduleId } from '../workflows/ids.ts';

/**
 * A fresh start should not wait until tomorrow for its first score, nor half an hour for its first forecasts:
 * waits for the account's collection that is running (or just ran) to end, successfully or not (a failed
 * collection still leaves earlier data), then runs `next`. Gives up quietly after `timeoutMs`.
 * @returns whether `next` ran.
 */
export async function afterCollection(
  client: Client,
  accountId: string,
  next: () => Promise<void>,
  timeoutMs = 15 * 60_000,
): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  const handle = client.schedule.getHandle(collectScheduleId(accountId));
  while (Date.now() < deadline) {
    const { info } = await handle.describe();
    const run = info.runningActions[0]?.workflow ?? info.recentActions.at(-1)?.action.workflow;
    if (run) {
      await client.workflow
        .getHandle(run.workflowId, run.firstExecutionRunId)
        .result()
        .catch(() => undefined);
      await next();
      return true;
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  return false;
}
