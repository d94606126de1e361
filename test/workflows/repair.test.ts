import { describe, expect, it } from '@jest/globals';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { sql } from 'slonik';
import { approvalInput } from '../../src/activities/proposals.ts';
import { getAction, insertProposal, transitionAction } from '../../src/db/actions.ts';
import { getAdAccount } from '../../src/db/accounts.ts';
import { approvalWorkflowId } from '../../src/workflows/ids.ts';
import type { MaintenanceResult } from '../../src/workflows/messages.ts';
import { testProposal } from '../support/proposals.ts';
import { demo, productWorker, useDemoWorld } from '../support/world.ts';

Runtime.install({ logger: new DefaultLogger('WARN') });

const HOUR = 3_600_000;
const world = useDemoWorld();

/** A proposal row last touched an hour ago (older than the repair's grace), on its own entity. */
async function row(entityId: string, expiresAt: number) {
  const r = (await insertProposal(world.db.pool, testProposal({ accountId: demo.accountId, entityId, expiresAt })))!;
  return r.id;
}
const age = (id: number) =>
  world.db.pool.query(
    sql.unsafe`UPDATE intel_automation_action SET updated_at = now() - interval '1 hour' WHERE id = ${id}`,
  );

describe('nightlyMaintenance proposal repair', () => {
  it('restarts, expires or fails the proposals whose workflow is gone, leaves live ones, and reports them', async () => {
    const t = Date.now();
    const neverStarted = await row('as_demo_broad', t + 24 * HOUR);
    const expiredOrphan = await row('as_demo_lookalike', t - HOUR);
    const approvedEnded = await row('as_demo_interest', t + 24 * HOUR);
    await transitionAction(world.db.pool, approvedEnded, ['proposed'], 'approved', 'U_ALEX', `test:${approvedEnded}`);
    const live = await row('as_demo_visitors', t + 24 * HOUR);
    const account = (await getAdAccount(world.db.pool, demo.accountId))!;
    const w = await productWorker(world, { now: () => Date.now() });
    await w.runUntil(async () => {
      for (const id of [approvedEnded, live]) {
        const r = (await getAction(world.db.pool, id))!;
        await world.temporal.client.workflow.start('approvalWorkflow', {
          taskQueue: world.temporal.taskQueue,
          workflowId: approvalWorkflowId(id),
          args: [approvalInput(r, account.approver_user_ids)],
        });
      }
      // The approved one's workflow ended (an operator terminated it) and left the row open.
      await world.temporal.client.workflow.getHandle(approvalWorkflowId(approvedEnded)).terminate('lost');
      for (const id of [neverStarted, expiredOrphan, approvedEnded, live]) await age(id);

      const result = (await world.temporal.client.workflow.execute('nightlyMaintenance', {
        taskQueue: world.temporal.taskQueue,
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
      expect((await getAction(world.db.pool, expiredOrphan))!.status).toBe('expired');
      const failed = (await getAction(world.db.pool, approvedEnded))!;
      expect(failed.status).toBe('failed');
      expect(failed.status_reason).toMatch(/workflow ended while the proposal was approved/);
      expect((await getAction(world.db.pool, live))!.status).toBe('proposed');
      const restarted = await world.temporal.client.workflow.getHandle(approvalWorkflowId(neverStarted)).describe();
      expect(restarted.status.name).toBe('RUNNING');
      for (const id of [neverStarted, live])
        await world.temporal.client.workflow.getHandle(approvalWorkflowId(id)).terminate('test done');
    });
  }, 120_000);
});
