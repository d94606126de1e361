import type { Workflow } from '@temporalio/common';
import type { BotDeps } from './commands/types.ts';

/** How long a click waits for the proposals to be recorded before answering that adpilot is on it. */
export const PROPOSE_WAIT_MS = 5_000;
/** The answer when that wait runs out: the run goes on in Temporal and the cards follow. */
export const PROPOSALS_PENDING =
  'adpilot is creating the proposals; their cards will be posted for approval in a moment.';

/**
 * Starts `workflowType` under `workflowId`, or joins the run already going under that id (a double click, a Slack
 * retry), and waits up to `waitMs` for its result. @returns the result, or 'pending' when the run takes longer.
 * @throws what Temporal throws (unreachable, or the run failed).
 */
export async function startAndWait<W extends Workflow>(
  deps: Pick<BotDeps, 'temporal' | 'config'>,
  workflowType: string,
  workflowId: string,
  args: Parameters<W>,
  waitMs = PROPOSE_WAIT_MS,
): Promise<Awaited<ReturnType<W>> | 'pending'> {
  const handle = await deps.temporal.workflow.start<Workflow>(workflowType, {
    taskQueue: deps.config.TASK_QUEUE,
    workflowId,
    args: args as unknown[],
    workflowIdConflictPolicy: 'USE_EXISTING',
  });
  const result = handle.result() as Promise<Awaited<ReturnType<W>>>;
  // A run that fails after the person got "pending" is visible in Temporal; it must not become an unhandled rejection.
  result.catch(() => undefined);
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'pending'>((resolve) => {
    timer = setTimeout(() => resolve('pending'), waitMs);
  });
  try {
    return await Promise.race([result, late]);
  } finally {
    clearTimeout(timer);
  }
}
