import { ScheduleNotFoundError, ScheduleOverlapPolicy, type Client } from '@temporalio/client';
import { collectScheduleId } from '../workflows/ids.ts';

export type SyncNowResult =
  | { state: 'started' | 'already_running'; workflowId: string; runId: string }
  | { state: 'no_schedule' }
  | { state: 'not_started' };

/**
 * /sync-now: runs the account's collection now through its Schedule, so manual and scheduled runs share one
 * overlap policy (SKIP) and never run at once. A run already going is reported instead of started again.
 */
export async function triggerSyncNow(client: Client, accountId: string, waitMs = 5_000): Promise<SyncNowResult> {
  const handle = client.schedule.getHandle(collectScheduleId(accountId));
  let before;
  try {
    before = await handle.describe();
  } catch (error) {
    if (error instanceof ScheduleNotFoundError) return { state: 'no_schedule' };
    throw error;
  }
  const running = before.info.runningActions[0];
  if (running)
    return {
      state: 'already_running',
      workflowId: running.workflow.workflowId,
      runId: running.workflow.firstExecutionRunId,
    };
  const known = new Set(before.info.recentActions.map((a) => a.action.workflow.workflowId));
  await handle.trigger(ScheduleOverlapPolicy.SKIP);
  const deadline = Date.now() + waitMs;
  while (Date.now() < deadline) {
    const { info } = await handle.describe();
    const fresh = [
      ...info.runningActions.map((a) => a.workflow),
      ...info.recentActions.map((a) => a.action.workflow),
    ].find((w) => !known.has(w.workflowId));
    if (fresh) return { state: 'started', workflowId: fresh.workflowId, runId: fresh.firstExecutionRunId };
    const other = info.runningActions[0];
    if (other)
      return {
        state: 'already_running',
        workflowId: other.workflow.workflowId,
        runId: other.workflow.firstExecutionRunId,
      };
    await new Promise((r) => setTimeout(r, 100));
  }
  return { state: 'not_started' };
}
