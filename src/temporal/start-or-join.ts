import type { Client, WorkflowStartOptions } from '@temporalio/client';
import type { Workflow } from '@temporalio/common';

export type JoinedRun<R> = { state: 'done'; workflowId: string; result: R } | { state: 'running'; workflowId: string };

export interface StartOrJoinOptions<W extends Workflow> {
  workflowId: string;
  taskQueue: string;
  args: Parameters<W>;
  /** How long to wait for the result before answering that the run goes on. */
  waitMs: number;
  typedSearchAttributes?: WorkflowStartOptions['typedSearchAttributes'];
}

/**
 * Starts `workflowType` under `o.workflowId`, or joins the run already going under that id (USE_EXISTING: a double
 * click, a Slack retry, a second command while one computes), and waits up to `o.waitMs` for its result.
 * @returns the result, or `running` when the run takes longer (it goes on in Temporal).
 * @throws what Temporal throws: unreachable, or WorkflowFailedError when the run failed within the wait.
 */
export async function startOrJoin<W extends Workflow>(
  client: Client,
  workflowType: string,
  o: StartOrJoinOptions<W>,
): Promise<JoinedRun<Awaited<ReturnType<W>>>> {
  const { workflowId } = o;
  const handle = await client.workflow.start<Workflow>(workflowType, {
    taskQueue: o.taskQueue,
    workflowId,
    args: o.args as unknown[],
    workflowIdConflictPolicy: 'USE_EXISTING',
    ...(o.typedSearchAttributes ? { typedSearchAttributes: o.typedSearchAttributes } : {}),
  });
  const result = handle.result() as Promise<Awaited<ReturnType<W>>>;
  // A run that fails after the caller got `running` is visible in Temporal; it must not become an unhandled rejection.
  result.catch(() => undefined);
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'late'>((resolve) => {
    timer = setTimeout(() => resolve('late'), o.waitMs);
  });
  try {
    const r = await Promise.race([result.then((value) => ({ value })), late]);
    return r === 'late' ? { state: 'running', workflowId } : { state: 'done', workflowId, result: r.value };
  } finally {
    clearTimeout(timer);
  }
}
