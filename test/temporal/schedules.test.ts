import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ScheduleNotFoundError } from '@temporalio/client';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { listSnapshots } from '../../src/db/snapshots.ts';
import { generatedScenario } from '../../src/emulators/simulator/scenarios.ts';
import { collectScheduleId, forecastScheduleId, intelScheduleId } from '../../src/workflows/ids.ts';
import {
  ACCOUNT_SCHEDULES,
  deleteAccountSchedules,
  ensureAccountSchedule,
  ensureAccountSchedules,
  ensureMaintenanceSchedule,
  MAINTENANCE_SCHEDULE_ID,
  type ScheduleConfig,
} from '../../src/temporal/schedules.ts';
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
// Schedules only, no collection: its runs would go to a task queue no worker polls.
const other = `act_schedother${Date.now()}`;
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
  await deleteAccountSchedules(temporal.client, accountId);
  await deleteAccountSchedules(temporal.client, other);
  await temporal.client.schedule
    .getHandle(MAINTENANCE_SCHEDULE_ID)
    .delete()
    .catch(() => undefined);
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

const config = (o: Partial<ScheduleConfig> = {}): ScheduleConfig => ({
  ...testConfig(db.url, { TASK_QUEUE: temporal.taskQueue }),
  ...o,
});
const idle = () => config({ TASK_QUEUE: `${temporal.taskQueue}-idle` });
const kinds = Object.keys(ACCOUNT_SCHEDULES) as (keyof typeof ACCOUNT_SCHEDULES)[];

describe('collection schedules', () => {
  it('creates one schedule with overlap SKIP and updates it in place when called again', async () => {
    await ensureAccountSchedule(temporal.client, 'collection', config({ INSIGHTS_COLLECTION_INTERVAL: 60 }), accountId);
    await ensureAccountSchedule(temporal.client, 'collection', config({ INSIGHTS_COLLECTION_INTERVAL: 15 }), accountId);
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

describe('per-account schedules', () => {
  it('creates the collection, intelligence and forecast Schedules of an account, each for its workflow', async () => {
    await ensureAccountSchedules(temporal.client, idle(), other);
    const expected = [
      [collectScheduleId(other), 'collectAccount', `collect-${other}`, [other]],
      [intelScheduleId(other), 'accountIntelligence', `intel-${other}`, [other, {}]],
      [forecastScheduleId(other), 'regenerateForecasts', `forecast-${other}`, [other, 'schedule']],
    ] as const;
    for (const [scheduleId, workflowType, workflowId, args] of expected) {
      const d = await temporal.client.schedule.getHandle(scheduleId).describe();
      expect(d.action).toMatchObject({ workflowType, workflowId, args, taskQueue: `${temporal.taskQueue}-idle` });
      expect(d.policies.overlap).toBe('SKIP');
      expect(d.state.paused).toBe(false);
    }
  });

  it('deletes every Schedule of an account, and deleting again is fine', async () => {
    await ensureAccountSchedules(temporal.client, idle(), other);
    await deleteAccountSchedules(temporal.client, other);
    for (const kind of kinds)
      await expect(
        temporal.client.schedule.getHandle(ACCOUNT_SCHEDULES[kind].scheduleId(other)).describe(),
      ).rejects.toBeInstanceOf(ScheduleNotFoundError);
    await expect(deleteAccountSchedules(temporal.client, other)).resolves.toBeUndefined();
  });

  it('pauses existing Schedules when their feature is switched off in the config, and resumes them when on', async () => {
    const on = { ENABLE_INSIGHTS_COLLECTION: true, ENABLE_INTELLIGENCE: true, ENABLE_ML_PREDICTIONS: true };
    const off = { ENABLE_INSIGHTS_COLLECTION: false, ENABLE_INTELLIGENCE: false, ENABLE_ML_PREDICTIONS: false };
    const paused = async () => {
      const states: Record<string, boolean> = {};
      for (const kind of kinds) {
        const d = await temporal.client.schedule.getHandle(ACCOUNT_SCHEDULES[kind].scheduleId(other)).describe();
        states[kind] = d.state.paused;
      }
      return states;
    };
    await ensureAccountSchedules(temporal.client, { ...idle(), ...on }, other);
    expect(await paused()).toEqual({ collection: false, intelligence: false, forecast: false });
    await ensureAccountSchedules(temporal.client, { ...idle(), ...off, INSIGHTS_COLLECTION_INTERVAL: 30 }, other);
    expect(await paused()).toEqual({ collection: true, intelligence: true, forecast: true });
    const collection = await temporal.client.schedule.getHandle(collectScheduleId(other)).describe();
    expect(collection.spec.intervals?.[0]?.every).toBe(30 * 60_000);
    await ensureAccountSchedules(temporal.client, { ...idle(), ...on }, other);
    expect(await paused()).toEqual({ collection: false, intelligence: false, forecast: false });
    // Each flag pauses its own Schedule only.
    await ensureAccountSchedules(temporal.client, { ...idle(), ...on, ENABLE_INSIGHTS_COLLECTION: false }, other);
    expect(await paused()).toEqual({ collection: true, intelligence: false, forecast: false });
  });
});

describe('the maintenance schedule', () => {
  it('is unpaused again at the next start after someone paused it by hand', async () => {
    const handle = temporal.client.schedule.getHandle(MAINTENANCE_SCHEDULE_ID);
    await ensureMaintenanceSchedule(temporal.client, `${temporal.taskQueue}-idle`);
    await handle.pause('paused by hand');
    expect((await handle.describe()).state.paused).toBe(true);
    await ensureMaintenanceSchedule(temporal.client, `${temporal.taskQueue}-idle`);
    expect((await handle.describe()).state.paused).toBe(false);
  });
});
