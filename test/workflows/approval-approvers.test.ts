import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { DefaultLogger, Runtime, type Worker } from '@temporalio/worker';
import { sql } from 'slonik';
import { z } from 'zod';
import { createCollectionActivities } from '../../src/activities/collection.ts';
import { approvalInput } from '../../src/activities/proposals.ts';
import { getAction, insertProposal } from '../../src/db/actions.ts';
import { scenarios } from '../../src/emulators/simulator/scenarios.ts';
import { approvalWorkflowId } from '../../src/workflows/ids.ts';
import { decideUpdate, proposalStatusQuery } from '../../src/workflows/messages.ts';
import { createWorker } from '../../src/worker.ts';
import { createTestDatabase, type TestDatabase } from '../support/db.ts';
import { connectAccount, startMeta, testConfig, type MetaHarness } from '../support/meta.ts';
import { connectTemporal, productWorkflowBundle, type TemporalHarness } from '../support/temporal.ts';
import { HOUR } from '../../src/intel/time.ts';

Runtime.install({ logger: new DefaultLogger('WARN') });

let db: TestDatabase;
let meta: MetaHarness;
let temporal: TemporalHarness;
const demo = scenarios.demo();

beforeAll(async () => {
  db = await createTestDatabase();
  meta = await startMeta([demo]);
  temporal = await connectTemporal();
  await connectAccount(db.pool, demo, { approvers: ['U_ALEX', 'U_SAM'] });
  await createCollectionActivities({ pool: db.pool, meta: meta.access }).collectEntities(demo.accountId);
}, 120_000);
afterAll(async () => {
  await temporal?.close();
  await meta?.close();
  await db?.drop();
});

async function worker(taskQueue: string): Promise<Worker> {
  return createWorker({
    connection: temporal.nativeConnection,
    namespace: 'default',
    taskQueue,
    deps: { pool: db.pool, config: testConfig(db.url), meta: meta.access, now: () => Date.now() },
    workflowBundle: await productWorkflowBundle(),
    options: { shutdownGraceTime: '200ms' },
  });
}

const cardsOf = (id: number) =>
  db.pool.oneFirst(
    sql.type(z.object({ n: z.number() }))`SELECT count(*)::int AS n FROM intel_notification WHERE action_id = ${id}`,
  );

async function proposeAndStart(taskQueue: string, approvers: string[]) {
  const row = await insertProposal(db.pool, {
    idempotencyKey: `approvers:${Date.now()}`,
    accountId: demo.accountId,
    ruleId: null,
    entityType: 'adset',
    entityId: 'as_demo_lookalike',
    entityName: 'Lookalike',
    actionType: 'pause',
    params: {},
    executionMode: 'approval_required',
    evidence: [],
    explanation: 'test proposal',
    expiryPolicy: 'drop',
    expiresAt: Date.now() + 24 * HOUR,
  });
  if (!row) throw new Error('duplicate proposal');
  const handle = await temporal.client.workflow.start('approvalWorkflow', {
    taskQueue,
    workflowId: approvalWorkflowId(row.id),
    args: [approvalInput(row, approvers)],
  });
  for (let i = 0; i < 200 && (await cardsOf(row.id)) === 0; i++) await new Promise((r) => setTimeout(r, 25));
  return { id: row.id, handle };
}

describe('approvalWorkflow reads the approver list when a decision arrives', () => {
  it('refuses a decision sent straight to the workflow by an approver removed after the proposal started', async () => {
    const w = await worker(temporal.taskQueue);
    await w.runUntil(async () => {
      const { id, handle } = await proposeAndStart(temporal.taskQueue, ['U_ALEX', 'U_SAM']);
      await connectAccount(db.pool, demo, { approvers: ['U_ALEX', 'U_KIM'] });
      const refused = handle.executeUpdate(decideUpdate, { args: [{ kind: 'approve', userId: 'U_SAM' }] });
      await expect(refused).rejects.toBeInstanceOf(WorkflowUpdateFailedError);
      await expect(refused).rejects.toMatchObject({
        cause: { message: expect.stringContaining("Only this account's approvers") as unknown },
      });
      expect(await handle.query(proposalStatusQuery)).toMatchObject({ status: 'proposed', reasons: [] });
      expect((await getAction(db.pool, id))!.status).toBe('proposed');
      // Read now, not copied at start: an approver added since decides.
      expect(
        await handle.executeUpdate(decideUpdate, { args: [{ kind: 'reject', userId: 'U_KIM', reason: 'no' }] }),
      ).toEqual({ accepted: true, status: 'rejected' });
      await handle.result();
      expect((await getAction(db.pool, id))!).toMatchObject({ status: 'rejected', human_decided_by: 'U_KIM' });
    });
  }, 120_000);
});
