import { afterAll, beforeAll } from '@jest/globals';
import type { NativeConnection, Worker, WorkerOptions } from '@temporalio/worker';
import { createCollectionActivities } from '../../src/activities/collection.ts';
import { createActivities } from '../../src/activities/index.ts';
import type { ScenarioSpec } from '../../src/emulators/simulator/scenario.ts';
import { scenarios as catalogue } from '../../src/emulators/simulator/scenarios.ts';
import { createWorker } from '../../src/worker.ts';
import { createTestDatabase, type TestDatabase } from './db.ts';
import { connectAccount, startMeta, testConfig, type MetaHarness } from './meta.ts';
import { connectTemporal, productWorkflowBundle, type TemporalHarness } from './temporal.ts';

/** What a test file runs against; the fields are set in its beforeAll. */
export interface World {
  db: TestDatabase;
  meta: MetaHarness;
  /** Only when the world was asked for Temporal (the default). */
  temporal: TemporalHarness;
}

export interface WorldOptions {
  /** Approvers of every connected account (connectAccount's default when left out). */
  approvers?: string[];
  /** Connect to the Jest run's Temporal dev server (default true). */
  temporal?: boolean;
  /** Store each account's campaigns, ad sets and ads first, for proposals on real entities. */
  collectEntities?: boolean;
  tokenOverrides?: Record<string, string>;
  timeoutMs?: number;
}

/**
 * Registers the file's beforeAll/afterAll: a private database with the scenarios' accounts connected, their Graph
 * API emulator and, unless `temporal: false`, a Temporal connection with a private task queue.
 */
export function useWorld(specs: ScenarioSpec[], o: WorldOptions = {}): World {
  const w = {} as World;
  beforeAll(async () => {
    w.db = await createTestDatabase();
    if (o.temporal !== false) w.temporal = await connectTemporal();
    w.meta = await startMeta(specs, { tokenOverrides: o.tokenOverrides });
    for (const s of specs) await connectAccount(w.db.pool, s, o.approvers ? { approvers: o.approvers } : {});
    const collection = createCollectionActivities({ pool: w.db.pool, meta: w.meta.access });
    if (o.collectEntities) for (const s of specs) await collection.collectEntities(s.accountId);
  }, o.timeoutMs ?? 120_000);
  afterAll(async () => {
    // Optional chaining: a failed beforeAll leaves some of them unset, and its error is the one to see.
    await w.meta?.close();
    await w.temporal?.close();
    await w.db?.drop();
  });
  return w;
}

/** The simulator's demo account, approved by U_ALEX: the world of the proposal and approval tests. */
export const demo = catalogue.demo();
export const useDemoWorld = (o: Omit<WorldOptions, 'approvers'> = {}) =>
  useWorld([demo], { approvers: ['U_ALEX'], ...o });

export type Activities = ReturnType<typeof createActivities>;

/**
 * A worker of the product's workflows and activities on the world's Temporal, with `override` replacing some
 * activities (built from the real ones, so a fake can wrap them).
 */
export async function productWorker(
  w: World,
  o: {
    /** Another server's connection (a time-skipping test server) instead of the world's. */
    connection?: NativeConnection;
    taskQueue?: string;
    env?: Record<string, string>;
    now?: () => number;
    override?: (real: Activities) => Partial<Activities>;
    shutdownGraceTime?: WorkerOptions['shutdownGraceTime'];
  } = {},
): Promise<Worker> {
  const deps = { pool: w.db.pool, config: testConfig(w.db.url, o.env), meta: w.meta.access, now: o.now ?? w.meta.now };
  const real = createActivities(deps);
  return createWorker({
    connection: o.connection ?? w.temporal.nativeConnection,
    namespace: 'default',
    taskQueue: o.taskQueue ?? w.temporal.taskQueue,
    deps,
    workflowBundle: await productWorkflowBundle(),
    options: { shutdownGraceTime: o.shutdownGraceTime ?? '100ms', activities: { ...real, ...o.override?.(real) } },
  });
}
