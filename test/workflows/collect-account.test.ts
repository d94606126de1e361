import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Context } from '@temporalio/activity';
import { Runtime, DefaultLogger } from '@temporalio/worker';
import { createActivities } from '../../src/activities/index.ts';
import { upsertAdAccount } from '../../src/db/accounts.ts';
import { listSnapshots } from '../../src/db/snapshots.ts';
import { createWorker } from '../../src/worker.ts';
import { collectWorkflowId } from '../../src/temporal/ids.ts';
import { createTestDatabase, type TestDatabase } from '../support/db.ts';
import { connectTemporal, productWorkflowBundle, type TemporalHarness } from '../support/temporal.ts';

Runtime.install({ logger: new DefaultLogger('WARN') });

let db: TestDatabase;
let temporal: TemporalHarness;
beforeAll(async () => {
  db = await createTestDatabase();
  temporal = await connectTemporal();
  await upsertAdAccount(db.pool, { id: 'act_restart', workspaceId: 'T1', name: 'Restart test' });
});
afterAll(async () => {
  await temporal.close();
  await db.drop();
});

describe('collectAccount', () => {
  it('completes with its row written after the worker is stopped while the activity is pending', async () => {
    const workflowBundle = await productWorkflowBundle();
    let activityStarted!: () => void;
    const started = new Promise<void>((resolve) => (activityStarted = resolve));
    // First worker: the activity hangs (as if the process were stuck mid-write) until the worker shuts down.
    const stuck = await createWorker({
      connection: temporal.nativeConnection,
      namespace: 'default',
      taskQueue: temporal.taskQueue,
      deps: { pool: db.pool },
      workflowBundle,
      options: {
        activities: {
          ...createActivities({ pool: db.pool }),
          async collectSampleSnapshot(): Promise<number> {
            activityStarted();
            await Context.current().cancelled;
            throw new Error('unreachable: cancelled above');
          },
        },
        shutdownGraceTime: '100ms',
      },
    });
    const firstRun = stuck.run();
    const handle = await temporal.client.workflow.start('collectAccount', {
      taskQueue: temporal.taskQueue,
      workflowId: `${collectWorkflowId('act_restart')}-${Date.now()}`,
      args: ['act_restart'],
    });
    await started;
    stuck.shutdown();
    await firstRun;
    expect(await listSnapshots(db.pool, 'act_restart')).toHaveLength(0);

    // A new worker with the real activities picks the run up where it stopped.
    const fresh = await createWorker({
      connection: temporal.nativeConnection,
      namespace: 'default',
      taskQueue: temporal.taskQueue,
      deps: { pool: db.pool },
      workflowBundle,
    });
    const result: unknown = await fresh.runUntil(handle.result());
    expect(result).toEqual({ accountId: 'act_restart', rowsWritten: 1 });
    expect(await listSnapshots(db.pool, 'act_restart')).toHaveLength(1);
    // The pending attempt was cancelled with the first worker and retried by the second: attempt 2 completed.
    const history = await handle.fetchHistory();
    const startedEvent = history.events?.find(
      (e) => e.activityTaskStartedEventAttributes,
    )?.activityTaskStartedEventAttributes;
    expect(startedEvent?.attempt).toBe(2);
  });
});
