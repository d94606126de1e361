import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { upsertAdAccount } from '../../src/db/accounts.ts';
import { listSnapshots } from '../../src/db/snapshots.ts';
import { collectScheduleId } from '../../src/temporal/ids.ts';
import { ensureCollectionSchedule, removeCollectionSchedule } from '../../src/temporal/schedules.ts';
import { createWorker } from '../../src/worker.ts';
import { createTestDatabase, type TestDatabase } from '../support/db.ts';
import { connectTemporal, productWorkflowBundle, type TemporalHarness } from '../support/temporal.ts';

Runtime.install({ logger: new DefaultLogger('WARN') });

let db: TestDatabase;
let temporal: TemporalHarness;
const accountId = `act_sched_${Date.now()}`;
beforeAll(async () => {
  db = await createTestDatabase();
  temporal = await connectTemporal();
  await upsertAdAccount(db.pool, { id: accountId, workspaceId: 'T1', name: 'Schedule test' });
});
afterAll(async () => {
  await removeCollectionSchedule(temporal.client, accountId);
  await temporal.close();
  await db.drop();
});

describe('ensureCollectionSchedule', () => {
  it('creates one schedule with overlap SKIP and updates it in place when called again', async () => {
    await ensureCollectionSchedule(temporal.client, { accountId, taskQueue: temporal.taskQueue, intervalMinutes: 60 });
    await ensureCollectionSchedule(temporal.client, { accountId, taskQueue: temporal.taskQueue, intervalMinutes: 15 });
    const description = await temporal.client.schedule.getHandle(collectScheduleId(accountId)).describe();
    expect(description.policies.overlap).toBe('SKIP');
    expect(description.spec.intervals).toHaveLength(1);
    expect(description.spec.intervals?.[0]?.every).toBe(15 * 60_000);
  });

  it('starts a collectAccount run that writes the snapshot row when triggered', async () => {
    const worker = await createWorker({
      connection: temporal.nativeConnection,
      namespace: 'default',
      taskQueue: temporal.taskQueue,
      deps: { pool: db.pool },
      workflowBundle: await productWorkflowBundle(),
    });
    await worker.runUntil(async () => {
      const handle = temporal.client.schedule.getHandle(collectScheduleId(accountId));
      await handle.trigger();
      for (let i = 0; i < 100; i++) {
        const last = (await handle.describe()).info.recentActions.at(-1);
        if (last) {
          const result: unknown = await temporal.client.workflow.getHandle(last.action.workflow.workflowId).result();
          expect(result).toEqual({ accountId, rowsWritten: 1 });
          return;
        }
        await new Promise((r) => setTimeout(r, 100));
      }
      throw new Error('the triggered run did not finish');
    });
    expect(await listSnapshots(db.pool, accountId)).toHaveLength(1);
  });
});
