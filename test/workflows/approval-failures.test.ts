import { afterEach, describe, expect, it } from '@jest/globals';
import { WorkflowNotFoundError, type WorkflowHandle } from '@temporalio/client';
import { DefaultLogger, Runtime, type Worker } from '@temporalio/worker';
import { sql } from 'slonik';
import { z } from 'zod';
import { approvalInput } from '../../src/activities/proposals.ts';
import { decideProposal } from '../../src/bot/decisions.ts';
import { getAction, insertProposal, listOpenProposals } from '../../src/db/actions.ts';
import { getAdAccount } from '../../src/db/accounts.ts';
import { approvalWorkflowId, outcomeWorkflowId } from '../../src/workflows/ids.ts';
import type { ApprovalResult } from '../../src/workflows/messages.ts';
import { observedProposal } from '../support/proposals.ts';
import { demo, productWorker, useDemoWorld, type Activities } from '../support/world.ts';

Runtime.install({ logger: new DefaultLogger('ERROR') });

const HOUR = 3_600_000;
const world = useDemoWorld({ collectEntities: true });
afterEach(() => world.meta.emulator.faults.clear());

const worker = (taskQueue: string, override: Partial<Activities> = {}): Promise<Worker> =>
  productWorker(world, {
    taskQueue,
    env: { ENABLE_ACTION_EXECUTOR: 'true' },
    now: () => Date.now(),
    override: () => override,
    shutdownGraceTime: '200ms',
  });

async function propose(entityId: string, actionType: string, percent?: number) {
  const p = await observedProposal(world.meta, demo, {
    entityId,
    actionType,
    percent,
    expiresAt: Date.now() + 24 * HOUR,
  });
  const row = await insertProposal(world.db.pool, p);
  const account = (await getAdAccount(world.db.pool, demo.accountId))!;
  return { ...approvalInput(row!, account.approver_user_ids) };
}

const notifications = (id: number) =>
  world.db.pool.anyFirst(sql.type(z.object({ k: z.string() }))`
    SELECT kind || ':' || (payload->>'status') AS k FROM intel_notification WHERE action_id = ${id} ORDER BY id`);

async function start(taskQueue: string, input: Awaited<ReturnType<typeof propose>>): Promise<WorkflowHandle> {
  const handle = await world.temporal.client.workflow.start('approvalWorkflow', {
    taskQueue,
    workflowId: approvalWorkflowId(input.proposalId),
    args: [input],
  });
  for (let i = 0; i < 200 && (await notifications(input.proposalId)).length === 0; i++)
    await new Promise((r) => setTimeout(r, 25));
  return handle;
}

async function outcomeStarted(id: number): Promise<boolean> {
  try {
    await world.temporal.client.workflow.getHandle(outcomeWorkflowId(id)).describe();
    return true;
  } catch (error) {
    if (error instanceof WorkflowNotFoundError) return false;
    throw error;
  }
}

describe('approvalWorkflow failures', () => {
  it("records Meta's permanent refusal of the write as failed with its reason on the card, frees the entity and measures nothing", async () => {
    const w = await worker(`${world.temporal.taskQueue}-refused`);
    await w.runUntil(async () => {
      const input = await propose('as_demo_lookalike', 'increase_budget', 20);
      const handle = await start(`${world.temporal.taskQueue}-refused`, input);
      world.meta.emulator.faults.inject({ kind: 'permission' }, { match: '/as_demo_lookalike', method: 'POST' });
      await decideProposal(world.temporal.client, input.proposalId, { kind: 'approve', userId: 'U_ALEX' });
      const result = (await handle.result()) as ApprovalResult;
      expect(result.status).toBe('failed');
      expect(result.reasons.join(' ')).toMatch(/^Meta refused: .*permission/);
      const row = (await getAction(world.db.pool, input.proposalId))!;
      expect(row.status).toBe('failed');
      expect(row.status_reason).toMatch(/^Meta refused: .*Requires ads_management permission/);
      const events = await world.db.pool.anyFirst(sql.type(z.object({ to_status: z.string() }))`
          SELECT to_status FROM intel_action_event WHERE action_id = ${input.proposalId} ORDER BY id`);
      expect(events).toEqual(['approved', 'executing', 'failed']);
      expect(await notifications(input.proposalId)).toContain('decision:failed');
      expect((await listOpenProposals(world.db.pool, demo.accountId)).map((p) => p.id)).not.toContain(input.proposalId);
      expect(await outcomeStarted(input.proposalId)).toBe(false);
    });
  });

  it('records an expired token during the re-check as failed instead of failing the run', async () => {
    const w = await worker(`${world.temporal.taskQueue}-recheck`);
    await w.runUntil(async () => {
      const input = await propose('as_demo_broad', 'pause');
      const handle = await start(`${world.temporal.taskQueue}-recheck`, input);
      world.meta.emulator.faults.inject({ kind: 'expired_token' }, { match: '/as_demo_broad', method: 'GET' });
      await decideProposal(world.temporal.client, input.proposalId, { kind: 'approve', userId: 'U_ALEX' });
      const result = (await handle.result()) as ApprovalResult;
      expect(result.status).toBe('failed');
      const row = (await getAction(world.db.pool, input.proposalId))!;
      expect(row.status).toBe('failed');
      expect(row.status_reason).toMatch(/^Meta refused: .*access token/);
      expect(await notifications(input.proposalId)).toContain('decision:failed');
      expect(await outcomeStarted(input.proposalId)).toBe(false);
    });
  });

  it('records a rejection and measures it while Slack refuses every card update', async () => {
    let tries = 0;
    const w = await worker(`${world.temporal.taskQueue}-slack-down`, {
      async notifyDecision() {
        tries++;
        throw new Error('slack: service_unavailable');
      },
    });
    await w.runUntil(async () => {
      const input = await propose('as_demo_interest', 'pause');
      const handle = await start(`${world.temporal.taskQueue}-slack-down`, input);
      await decideProposal(world.temporal.client, input.proposalId, {
        kind: 'reject',
        userId: 'U_ALEX',
        reason: 'not now',
      });
      const result = (await handle.result()) as ApprovalResult;
      expect(result.status).toBe('rejected');
      expect(tries).toBe(5);
      expect((await getAction(world.db.pool, input.proposalId))!.status).toBe('rejected');
      expect(await outcomeStarted(input.proposalId)).toBe(true);
      await world.temporal.client.workflow.getHandle(outcomeWorkflowId(input.proposalId)).terminate('test done');
    });
  });
});
