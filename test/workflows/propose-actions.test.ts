import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Context } from '@temporalio/activity';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { sql } from 'slonik';
import { z } from 'zod';
import { createActivities } from '../../src/activities/index.ts';
import type { RunSummary } from '../../src/db/collection-runs.ts';
import { listOpenProposals } from '../../src/db/actions.ts';
import { scenarios } from '../../src/emulators/simulator/scenarios.ts';
import { approvalWorkflowId } from '../../src/workflows/ids.ts';
import { createWorker } from '../../src/worker.ts';
import { createTestDatabase, type TestDatabase } from '../support/db.ts';
import { eventually } from '../support/eventually.ts';
import { connectAccount, startMeta, testConfig, type MetaHarness } from '../support/meta.ts';
import { connectTemporal, productWorkflowBundle, type TemporalHarness } from '../support/temporal.ts';

Runtime.install({ logger: new DefaultLogger('WARN') });

const demo = scenarios.demo();
let db: TestDatabase;
let temporal: TemporalHarness;
let meta: MetaHarness;

beforeAll(async () => {
  db = await createTestDatabase();
  temporal = await connectTemporal();
  meta = await startMeta([demo]);
  await connectAccount(db.pool, demo, { approvers: ['U_ALEX'] });
}, 120_000);
afterAll(async () => {
  await meta?.close();
  await temporal?.close();
  await db?.drop();
});

const cards = (id: number) =>
  db.pool.oneFirst(sql.type(z.object({ n: z.number() }))`
    SELECT count(*)::int AS n FROM intel_notification WHERE action_id = ${id}`);

describe('proposeActions', () => {
  it('gives every proposal its approval workflow and card when the attempt that inserted them fails', async () => {
    const deps = { pool: db.pool, config: testConfig(db.url), meta: meta.access, now: meta.now };
    const real = createActivities(deps);
    let attempts = 0;
    const w = await createWorker({
      connection: temporal.nativeConnection,
      namespace: 'default',
      taskQueue: temporal.taskQueue,
      deps,
      workflowBundle: await productWorkflowBundle(),
      options: {
        shutdownGraceTime: '100ms',
        activities: {
          ...real,
          // The rows are written, then the attempt is lost (a worker crash or the activity's timeout).
          async proposeActions(accountId: string) {
            const out = await real.proposeActions(accountId);
            attempts++;
            if (Context.current().info.attempt === 1) throw new Error('worker lost after the inserts');
            return out;
          },
        },
      },
    });
    await w.runUntil(async () => {
      const summary = (await temporal.client.workflow.execute('collectAccount', {
        taskQueue: temporal.taskQueue,
        workflowId: `collect-retry-${Date.now()}`,
        args: [demo.accountId, 'test'],
      })) as RunSummary;
      expect(attempts).toBe(2);
      const open = (await listOpenProposals(db.pool, demo.accountId)).filter(
        (p) => p.execution_mode !== 'suggestion_only',
      );
      expect(open.length).toBeGreaterThan(0);
      expect(summary.proposalsCreated).toBe(open.length);
      for (const p of open) {
        const run = await temporal.client.workflow.getHandle(approvalWorkflowId(p.id)).describe();
        expect(run.status.name).toBe('RUNNING');
        await eventually(async () => ((await cards(p.id)) > 0 ? true : undefined));
        await temporal.client.workflow.getHandle(approvalWorkflowId(p.id)).terminate('test done');
      }
    });
  }, 120_000);
});
