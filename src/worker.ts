import path from 'node:path';
import { Runtime, Worker, type NativeConnection, type WorkerOptions } from '@temporalio/worker';
import { createActivities, type ActivityDeps } from './activities/index.ts';
import type { Logger } from './log.ts';
import { temporalLogger } from './temporal/logger.ts';

export const WORKFLOWS_PATH = path.resolve(import.meta.dirname, 'workflows/index.ts');

export interface WorkerSetup {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  deps: ActivityDeps;
  /** A pre-built bundle (tests build one per run); otherwise the workflows are bundled at start. */
  workflowBundle?: WorkerOptions['workflowBundle'];
  /** Extra worker options (tests shorten timeouts). */
  options?: Partial<WorkerOptions>;
}

/** Creates the adpilot worker: every workflow, and activities built from their dependencies. */
export async function createWorker(setup: WorkerSetup): Promise<Worker> {
  return Worker.create({
    connection: setup.connection,
    namespace: setup.namespace,
    taskQueue: setup.taskQueue,
    ...(setup.workflowBundle ? { workflowBundle: setup.workflowBundle } : { workflowsPath: WORKFLOWS_PATH }),
    activities: createActivities(setup.deps),
    ...setup.options,
  });
}

/**
 * Sends everything Temporal logs in this process through `log`: the SDK's own messages, workflow and activity logs,
 * and the native core's warnings (forwarded instead of printed apart). The Runtime is process-wide and installed once,
 * before the first connection; a composition root calls this first.
 */
export function installWorkerLogging(log: Logger): void {
  Runtime.install({
    logger: temporalLogger(log),
    telemetryOptions: { logging: { forward: {}, filter: { core: 'WARN', other: 'ERROR' } } },
  });
}
