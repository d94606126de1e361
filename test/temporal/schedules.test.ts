import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { listSnapshots } from '../../src/db/snapshots.ts';
import { generatedScenario } from '../../src/emulators/simulator/scenarios.ts';
import { collectScheduleId } from '../../src/workflows/ids.ts';
import { ensureCollectionSchedule, removeCollectionSchedule } from '../../src/temporal/schedules.ts';
import { triggerSyncNow } from '../../src/temporal/sync-now.ts';
import { createWorker } from '../../src/worker.ts';
import { createTestDatabase, type TestDatabase } from '../support/db.ts';
import { connectAccount, startMeta, testConfig, type MetaHarness } from '../support/meta.ts';
import { connectTemporal, productWorkflowBundle, type TemporalHarness } from '../support/temporal.ts';

Runtime.install({ logger: new DefaultLogger('WARN') });

let db: TestDatabase;
let temporal: TemporalHarness;
let meta: MetaHarness;
const accountId = `act_sched${Date.now()}`;
const scenario = generatedScenario({
  accountId,
  token: 'sched-token',
  campaigns: 1,
  adsetsPerCampaign: 2,
  adsPerAdset: 3,
  seed: 5,
  historyDays: 35,
});
beforeAll(async () => {
  db = await createTestDatabase();
  temporal = await connectTemporal();
  meta = await startMeta([scenario]);
  await connectAccount(db.pool, scenario);
});
afterAll(async () => {
  await removeCollectionSchedule(temporal.client, accountId);
  await meta.close();
  await temporal.close();
  await db.drop();
});

const worker = async () =>
  createWorker({
    connection: temporal.nativeConnection,
    namespace: 'default',
    taskQueue: temporal.taskQueue,
    deps: { pool: db.pool, config: testConfig(db.url), meta: meta.access, now: meta.now },
    workflowBundle: await productWorkflowBundle(),
  });

describe('collection schedules', () => {
  it('creates one schedule with overlap SKIP and updates it in place when called again', async () => {
    await ensureCollectionSchedule(temporal.client, { accountId, taskQueue: temporal.taskQueue, intervalMinutes: 60 });
    await ensureCollectionSchedule(temporal.client, { accountId, taskQueue: temporal.taskQueue, intervalMinutes: 15 });
    const description = await temporal.client.schedule.getHandle(collectScheduleId(accountId)).describe();
    expect(description.policies.overlap).toBe('SKIP');
    expect(description.spec.intervals).toHaveLength(1);
    expect(description.spec.intervals?.[0]?.every).toBe(15 * 60_000);
  });

  it('runs a scheduled collection that stores the account, and a second trigger meanwhile says "already running"', async () => {
    meta.emulator.faults.inject({ kind: 'slow', ms: 1_500 }, { match: '/campaigns' });
    const w = await worker();
    await w.runUntil(async () => {
      const first = await triggerSyncNow(temporal.client, accountId);
      const second = await triggerSyncNow(temporal.client, accountId);
      expect(first.state).toBe('started');
      expect(second).toMatchObject({
        state: 'already_running',
        workflowId: (first as { workflowId: string }).workflowId,
      });
      await temporal.client.workflow.getHandle((first as { workflowId: string }).workflowId).result();
    });
    const { info } = await temporal.client.schedule.getHandle(collectScheduleId(accountId)).describe();
    expect(info.recentActions).toHaveLength(1);
    expect((await listSnapshots(db.pool, accountId)).length).toBeGreaterThan(0);
  });
});
