import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { sql } from 'slonik';
import { approvalInput } from '../../src/activities/proposals.ts';
import { getAction, insertProposal, transitionAction } from '../../src/db/actions.ts';
import { getAdAccount } from '../../src/db/accounts.ts';
import { scenarios } from '../../src/emulators/simulator/scenarios.ts';
import { approvalWorkflowId } from '../../src/workflows/ids.ts';
import type { MaintenanceResult } from '../../src/workflows/messages.ts';
import { createWorker } from '../../src/worker.ts';
import { createTestDatabase, type TestDatabase } from '../support/db.ts';
import { connectAccount, startMeta, testConfig, type MetaHarness } from '../support/meta.ts';
import { connectTemporal, productWorkflowBundle, type TemporalHarness } from '../support/temporal.ts';

Runtime.install({ logger: new DefaultLogger('WARN') });

const HOUR = 3_600_000;
const demo = scenarios.demo();
let db: TestDatabase;
let temporal: TemporalHarness;
let meta: MetaHarness;
let seq = 0;

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

/** A proposal row last touched an hour ago (older than the repair's grace), on its own entity. */
async function row(entityId: string, expiresAt: number) {
  const r = (await insertProposal(db.pool, {
    idempotencyKey: `test:repair:${++seq}:${Date.now()}`,
    accountId: demo.accountId,
    ruleId: null,
    entityType: 'adset',
    entityId,
    entityName: entityId,
    actionType: 'pause',
    params: {},
    executionMode: 'approval_required',
    evidence: [],
    explanation: 'test',
    expiryPolicy: 'drop',
    expiresAt,
  }))!;
  return r.id;
}
const age = (id: number) =>
  db.pool.query(sql.unsafe`UPDATE intel_automation_action SET updated_at = now() - interval '1 hour' WHERE id = ${id}`);

describe('nightlyMaintenance proposal repair', () => {
  it('restarts, expires or fails the proposals whose workflow is gone, leaves live ones, and reports them', async () => {
    const t = Date.now();
    const neverStarted = await row('as_demo_broad', t + 24 * HOUR);
    const expiredOrphan = await row('as_demo_lookalike', t - HOUR);
    const approvedEnded = await row('as_demo_interest', t + 24 * HOUR);
    await transitionAction(db.pool, approvedEnded, ['proposed'], 'approved', 'U_ALEX', `test:${approvedEnded}`);
    const live = await row('as_demo_visitors', t + 24 * HOUR);
    const account = (await getAdAccount(db.pool, demo.accountId))!;
    const w = await createWorker({
      connection: temporal.nativeConnection,
      namespace: 'default',
      taskQueue: temporal.taskQueue,
      deps: { pool: db.pool, config: testConfig(db.url), meta: meta.access, now: () => Date.now() },
      workflowBundle: await productWorkflowBundle(),
      options: { shutdownGraceTime: '100ms' },
    });
    await w.runUntil(async () => {
      for (const id of [approvedEnded, live]) {
        const r = (await getAction(db.pool, id))!;
        await temporal.client.workflow.start('approvalWorkflow', {
          taskQueue: temporal.taskQueue,
          workflowId: approvalWorkflowId(id),
          args: [approvalInput(r, account.approver_user_ids)],
        });
      }
      // The approved one's workflow ended (an operator terminated it) and left the row open.
      await temporal.client.workflow.getHandle(approvalWorkflowId(approvedEnded)).terminate('lost');
      for (const id of [neverStarted, expiredOrphan, approvedEnded, live]) await age(id);

      const result = (await temporal.client.workflow.execute('nightlyMaintenance', {
        taskQueue: temporal.taskQueue,
        workflowId: `maintenance-repair-${Date.now()}`,
        args: [],
      })) as MaintenanceResult;
      const mine = [neverStarted, expiredOrphan, approvedEnded, live];
      const repair = result.repair!;
      expect(repair.restarted.filter((id) => mine.includes(id))).toEqual([neverStarted]);
      expect(repair.finished.filter((f) => mine.includes(f.proposalId)).map((f) => [f.proposalId, f.status])).toEqual(
        expect.arrayContaining([
          [expiredOrphan, 'expired'],
          [approvedEnded, 'failed'],
        ]),
      );
      expect(repair.finished.map((f) => f.proposalId)).not.toContain(live);
      expect((await getAction(db.pool, expiredOrphan))!.status).toBe('expired');
      const failed = (await getAction(db.pool, approvedEnded))!;
      expect(failed.status).toBe('failed');
      expect(failed.status_reason).toMatch(/workflow ended while the proposal was approved/);
      expect((await getAction(db.pool, live))!.status).toBe('proposed');
      const restarted = await temporal.client.workflow.getHandle(approvalWorkflowId(neverStarted)).describe();
      expect(restarted.status.name).toBe('RUNNING');
      for (const id of [neverStarted, live])
        await temporal.client.workflow.getHandle(approvalWorkflowId(id)).terminate('test done');
    });
  }, 120_000);
});
