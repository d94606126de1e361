import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import type { WorkflowHandle } from '@temporalio/client';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { sql } from 'slonik';
import { z } from 'zod';
import { approvalInput } from '../../src/activities/proposals.ts';
import { decideProposal, undoProposal } from '../../src/bot/decisions.ts';
import { getAction, insertProposal } from '../../src/db/actions.ts';
import { getAdAccount } from '../../src/db/accounts.ts';
import { MetaClient } from '../../src/meta/client.ts';
import type { SimAdSet } from '../../src/emulators/simulator/simulator.ts';
import { approvalWorkflowId, outcomeWorkflowId } from '../../src/workflows/ids.ts';
import type { ApprovalResult } from '../../src/workflows/messages.ts';
import { observedProposal } from '../support/proposals.ts';
import { NO_SEARCH_ATTRIBUTES, startTimeSkipping, type TimeSkipping } from '../support/time-skipping.ts';
import { demo, productWorker, useDemoWorld } from '../support/world.ts';
import { HOUR } from '../../src/intel/time.ts';

Runtime.install({ logger: new DefaultLogger('WARN') });

const world = useDemoWorld({ temporal: false, collectEntities: true });
let ts: TimeSkipping;

// A fresh test server per test: time skipped by one test (days of undo windows and outcome timers) must not leak
// into the next one's timers and expiries.
beforeEach(async () => {
  ts = await startTimeSkipping();
});
afterEach(async () => {
  await ts?.env.teardown();
});
const sim = () => world.meta.sims.get(demo.accountId)!;
const adset = (id: string) => sim().byId.get(id) as SimAdSet;
const metaClient = () => new MetaClient({ baseUrl: world.meta.emulator.baseUrl, accessToken: demo.token });

const worker = (taskQueue: string, env: Record<string, string> = { ENABLE_ACTION_EXECUTOR: 'true' }) =>
  productWorker(world, {
    connection: ts.env.nativeConnection,
    taskQueue,
    env,
    now: () => Date.now(),
    shutdownGraceTime: '200ms',
  });

/** A proposal as the rules engine records it, seen against the entity's current state. */
async function propose(o: {
  entityId: string;
  actionType: string;
  percent?: number;
  expiresInHours?: number;
  expiryPolicy?: 'drop' | 'escalate';
  mode?: 'approval_required' | 'suggestion_only';
}) {
  const p = await observedProposal(world.meta, demo, {
    entityId: o.entityId,
    actionType: o.actionType,
    percent: o.percent,
    executionMode: o.mode ?? 'approval_required',
    expiryPolicy: o.expiryPolicy ?? 'drop',
    // Workflow time on the test server runs ahead of the wall clock once earlier tests skipped days.
    expiresAt: (await ts.env.currentTimeMs()) + (o.expiresInHours ?? 24) * HOUR,
  });
  const row = await insertProposal(world.db.pool, p);
  if (!row) throw new Error('duplicate proposal');
  const account = (await getAdAccount(world.db.pool, demo.accountId))!;
  return { ...approvalInput(row, account.approver_user_ids), ...NO_SEARCH_ATTRIBUTES };
}

async function startApproval(taskQueue: string, input: Awaited<ReturnType<typeof propose>>): Promise<WorkflowHandle> {
  const handle = await ts.client.workflow.start('approvalWorkflow', {
    taskQueue,
    workflowId: approvalWorkflowId(input.proposalId),
    args: [input],
  });
  // Wait until the card was posted (the workflow is then waiting for a decision).
  for (let i = 0; i < 200; i++) {
    const n = await world.db.pool.oneFirst(
      sql.type(
        z.object({ n: z.number() }),
      )`SELECT count(*)::int AS n FROM intel_notification WHERE action_id = ${input.proposalId}`,
    );
    if (n > 0) return handle;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error('the proposal card was never posted');
}

const trainingRows = (id: number) =>
  world.db.pool.any(sql.type(z.object({ horizon_hours: z.number(), decision: z.string(), reward: z.number() }))`
    SELECT horizon_hours, decision, reward FROM intel_ml_training_data WHERE action_id = ${id} ORDER BY horizon_hours`);

describe('approvalWorkflow', () => {
  it('executes an approved budget change on Meta once, then measures rewards at 24, 48 and 72 h', async () => {
    const w = await worker('approve');
    await w.runUntil(() =>
      ts.frozen(async (skip) => {
        const input = await propose({ entityId: 'as_demo_lookalike', actionType: 'increase_budget', percent: 20 });
        const handle = await startApproval('approve', input);
        const before = adset('as_demo_lookalike').dailyBudgetMinor!;
        expect(await decideProposal(ts.client, input.proposalId, { kind: 'approve', userId: 'U_ALEX' })).toEqual({
          ok: true,
          status: 'approved',
        });
        const result = (await skip(handle.result())) as ApprovalResult;
        expect(result.status).toBe('executed');
        expect(adset('as_demo_lookalike').dailyBudgetMinor).toBe(Math.round(before * 1.2));
        expect(sim().writes.filter((x) => x.id === 'as_demo_lookalike')).toHaveLength(1);
        const outcome: unknown = await skip(ts.client.workflow.getHandle(outcomeWorkflowId(input.proposalId)).result());
        expect((outcome as { rewards: unknown[] }).rewards).toHaveLength(3);
        expect((await trainingRows(input.proposalId)).map((r) => [r.horizon_hours, r.decision])).toEqual([
          [24, 'executed'],
          [48, 'executed'],
          [72, 'executed'],
        ]);
        const row = (await getAction(world.db.pool, input.proposalId))!;
        expect(row).toMatchObject({ status: 'executed', human_decided_by: 'U_ALEX' });
        expect(row.outcome_score).not.toBeNull();
      }),
    );
  });

  it('records a rejection with its reason and measures the counterfactual', async () => {
    const w = await worker('reject');
    await w.runUntil(() =>
      ts.frozen(async (skip) => {
        const input = await propose({ entityId: 'as_demo_broad', actionType: 'pause' });
        const handle = await startApproval('reject', input);
        expect(
          await decideProposal(ts.client, input.proposalId, {
            kind: 'reject',
            userId: 'U_ALEX',
            reason: 'Seasonal dip, keep it running',
          }),
        ).toMatchObject({ ok: true });
        expect(((await skip(handle.result())) as ApprovalResult).status).toBe('rejected');
        await skip(ts.client.workflow.getHandle(outcomeWorkflowId(input.proposalId)).result());
        expect((await trainingRows(input.proposalId)).map((r) => r.decision)).toEqual([
          'rejected',
          'rejected',
          'rejected',
        ]);
        expect(await getAction(world.db.pool, input.proposalId)).toMatchObject({
          status: 'rejected',
          human_feedback_reason: 'Seasonal dip, keep it running',
        });
        expect(adset('as_demo_broad').status).toBe('ACTIVE');
      }),
    );
  });

  it('records a suggestion-only proposal as shadow, writes nothing, and still measures its outcome', async () => {
    const w = await worker('shadow');
    await w.runUntil(() =>
      ts.frozen(async (skip) => {
        const writes = sim().writes.length;
        const input = await propose({
          entityId: 'as_demo_lookalike',
          actionType: 'notify_only',
          mode: 'suggestion_only',
        });
        const handle = await startApproval('shadow', input);
        expect(((await skip(handle.result())) as ApprovalResult).status).toBe('shadow');
        await skip(ts.client.workflow.getHandle(outcomeWorkflowId(input.proposalId)).result());
        expect((await trainingRows(input.proposalId)).map((r) => r.decision)).toEqual(['shadow', 'shadow', 'shadow']);
        expect(sim().writes.length).toBe(writes);
      }),
    );
  });

  it('refuses a second decision and a non-approver, with reasons', async () => {
    const w = await worker('refuse');
    await w.runUntil(() =>
      ts.frozen(async (skip) => {
        const input = await propose({ entityId: 'as_demo_interest', actionType: 'pause' });
        const handle = await startApproval('refuse', input);
        const stranger = await decideProposal(ts.client, input.proposalId, { kind: 'approve', userId: 'U_SAM' });
        expect(stranger).toEqual({
          ok: false,
          reason: expect.stringContaining("Only this account's approvers can decide proposals: <@U_ALEX>") as unknown,
        });
        expect(
          await decideProposal(ts.client, input.proposalId, { kind: 'reject', userId: 'U_ALEX', reason: 'no' }),
        ).toMatchObject({ ok: true });
        const again = await decideProposal(ts.client, input.proposalId, { kind: 'approve', userId: 'U_ALEX' });
        expect(again).toMatchObject({ ok: false });
        expect((again as { reason: string }).reason).toMatch(/already decided by <@U_ALEX>/);
        await skip(handle.result());
        expect(adset('as_demo_interest').status).toBe('ACTIVE');
      }),
    );
  });

  it('drops an expired proposal, and escalates once first when the rule says so', async () => {
    const w = await worker('expiry');
    await w.runUntil(() =>
      ts.frozen(async (skip) => {
        const dropped = await propose({
          entityId: 'as_demo_broad',
          actionType: 'decrease_budget',
          percent: 10,
          expiresInHours: 6,
        });
        const h1 = await startApproval('expiry', dropped);
        expect(((await skip(h1.result())) as ApprovalResult).status).toBe('expired');
        const escalated = await propose({
          entityId: 'as_demo_lookalike',
          actionType: 'decrease_budget',
          percent: 10,
          expiresInHours: 6,
          expiryPolicy: 'escalate',
        });
        const h2 = await startApproval('expiry', escalated);
        expect(((await skip(h2.result())) as ApprovalResult).status).toBe('expired');
        const kinds = await world.db.pool.anyFirst(
          sql.type(
            z.object({ kind: z.string() }),
          )`SELECT kind FROM intel_notification WHERE action_id = ${escalated.proposalId} ORDER BY id`,
        );
        expect(kinds).toContain('escalation');
      }),
    );
  });

  it('writes nothing and says so when the executor is disabled', async () => {
    const w = await worker('disabled', { ENABLE_ACTION_EXECUTOR: 'false' });
    await w.runUntil(() =>
      ts.frozen(async (skip) => {
        const input = await propose({ entityId: 'as_demo_interest', actionType: 'pause' });
        const handle = await startApproval('disabled', input);
        const writes = sim().writes.length;
        await decideProposal(ts.client, input.proposalId, { kind: 'approve', userId: 'U_ALEX' });
        const result = (await skip(handle.result())) as ApprovalResult;
        expect(result.status).toBe('recorded');
        expect(result.reasons.join(' ')).toMatch(/ENABLE_ACTION_EXECUTOR is false/);
        expect(sim().writes.length).toBe(writes);
      }),
    );
  });

  it('caps a budget change at MAX_BUDGET_CHANGE_PERCENT and then enforces the cooldown on that entity', async () => {
    const w = await worker('caps');
    await w.runUntil(() =>
      ts.frozen(async (skip) => {
        const input = await propose({ entityId: 'as_demo_broad', actionType: 'increase_budget', percent: 80 });
        const handle = await startApproval('caps', input);
        const before = adset('as_demo_broad').dailyBudgetMinor!;
        await decideProposal(ts.client, input.proposalId, { kind: 'approve', userId: 'U_ALEX' });
        const result = (await skip(handle.result())) as ApprovalResult;
        expect(result.reasons.join(' ')).toMatch(/capped from 80% to 30%/);
        expect(adset('as_demo_broad').dailyBudgetMinor).toBe(Math.round(before * 1.3));
        // The first run's undo window took 24 h of skipped time; make the execution recent again for the cooldown.
        await world.db.pool.query(
          sql.unsafe`UPDATE intel_automation_action SET executed_at = now() - interval '1 hour' WHERE id = ${input.proposalId}`,
        );
        const next = await propose({ entityId: 'as_demo_broad', actionType: 'decrease_budget', percent: 10 });
        const h2 = await startApproval('caps', next);
        await decideProposal(ts.client, next.proposalId, { kind: 'approve', userId: 'U_ALEX' });
        const blocked = (await skip(h2.result())) as ApprovalResult;
        expect(blocked.status).toBe('blocked');
        expect(blocked.reasons.join(' ')).toMatch(/Cooldown/);
      }),
    );
  });

  it('asks again when the entity changed after the proposal, then executes on the second approval', async () => {
    const w = await worker('stale');
    await w.runUntil(() =>
      ts.frozen(async (skip) => {
        await world.db.pool.query(
          sql.unsafe`UPDATE intel_automation_action SET executed_at = NULL WHERE entity_id = 'as_demo_lookalike'`,
        );
        const input = await propose({ entityId: 'as_demo_lookalike', actionType: 'pause' });
        const handle = await startApproval('stale', input);
        await metaClient().updateBidAmount('as_demo_lookalike', 1500); // someone edits the ad set in Ads Manager
        await decideProposal(ts.client, input.proposalId, { kind: 'approve', userId: 'U_ALEX' });
        for (let i = 0; i < 200 && (await getAction(world.db.pool, input.proposalId))?.status !== 'reconfirm'; i++)
          await new Promise((r) => setTimeout(r, 25));
        expect((await getAction(world.db.pool, input.proposalId))?.status_reason).toMatch(/changed since the proposal/);
        expect(adset('as_demo_lookalike').status).toBe('ACTIVE');
        await world.db.pool.query(
          sql.unsafe`UPDATE intel_automation_action SET params = params - 'observed_state' WHERE id = ${input.proposalId}`,
        );
        expect(await decideProposal(ts.client, input.proposalId, { kind: 'approve', userId: 'U_ALEX' })).toMatchObject({
          ok: true,
        });
        expect(((await skip(handle.result())) as ApprovalResult).status).toBe('executed');
        expect(adset('as_demo_lookalike').status).toBe('PAUSED');
        sim().setStatus('as_demo_lookalike', 'ACTIVE');
      }),
    );
  });

  it('undoes an executed budget change inside the undo window', async () => {
    const w = await worker('undo');
    await w.runUntil(() =>
      ts.frozen(async (skip) => {
        sim().setDailyBudget('as_demo_interest', 12_000);
        await world.db.pool.query(
          sql.unsafe`UPDATE intel_automation_action SET executed_at = NULL WHERE entity_id = 'as_demo_interest'`,
        );
        const input = await propose({ entityId: 'as_demo_interest', actionType: 'decrease_budget', percent: 20 });
        const handle = await startApproval('undo', input);
        await decideProposal(ts.client, input.proposalId, { kind: 'approve', userId: 'U_ALEX' });
        for (let i = 0; i < 200 && (await getAction(world.db.pool, input.proposalId))?.status !== 'executed'; i++)
          await new Promise((r) => setTimeout(r, 25));
        expect(adset('as_demo_interest').dailyBudgetMinor).toBe(9_600);
        expect(await undoProposal(ts.client, input.proposalId, 'U_SAM')).toMatchObject({ ok: false });
        expect(await undoProposal(ts.client, input.proposalId, 'U_ALEX')).toEqual({ ok: true, status: 'undone' });
        expect(adset('as_demo_interest').dailyBudgetMinor).toBe(12_000);
        const events = await world.db.pool.anyFirst(sql.type(z.object({ to_status: z.string() }))`
          SELECT to_status FROM intel_action_event WHERE action_id = ${input.proposalId} ORDER BY id`);
        expect(events).toEqual(['approved', 'executing', 'executed', 'undone']);
        expect(((await skip(handle.result())) as ApprovalResult).status).toBe('undone');
      }),
    );
  });

  // The lost attempt is retried after the executor's 20 s start-to-close timeout (the test server does not skip
  // time while an activity is outstanding), so this test takes ~20 s of wall time.
  it('executes exactly once when the worker dies between approval and the end of the write', async () => {
    const input = await propose({ entityId: 'as_demo_broad', actionType: 'pause' });
    await world.db.pool.query(
      sql.unsafe`UPDATE intel_automation_action SET executed_at = NULL WHERE entity_id = 'as_demo_broad' AND id <> ${input.proposalId}`,
    );
    // Meta applies the write 500 ms after receiving it; the worker is gone by then and its retry comes later.
    world.meta.emulator.faults.inject({ kind: 'slow', ms: 500 }, { match: '/as_demo_broad', method: 'POST' });
    await ts.frozen(async () => {
      const first = await worker('crash');
      const running = first.run();
      const handle = await startApproval('crash', input);
      const writesBefore = sim().writes.filter((x) => x.id === 'as_demo_broad').length;
      const posts = () =>
        world.meta.emulator.requests.filter((r) => r.method === 'POST' && r.path === '/as_demo_broad').length;
      const postsBefore = posts();
      await decideProposal(ts.client, input.proposalId, { kind: 'approve', userId: 'U_ALEX' });
      for (let i = 0; i < 300 && posts() === postsBefore; i++) await new Promise((r) => setTimeout(r, 20));
      expect(posts()).toBe(postsBefore + 1);
      first.shutdown(); // the write is in flight: Meta applies it, but this worker never hears back
      await running;
      const second = await worker('crash');
      // Wait for the execution itself (not the whole run: the attempt lost with the first worker keeps the test
      // server from skipping through the 24 h undo window afterwards).
      await second.runUntil(async () => {
        for (let i = 0; i < 600 && (await getAction(world.db.pool, input.proposalId))?.status !== 'executed'; i++)
          await new Promise((r) => setTimeout(r, 100));
      });
      const row = (await getAction(world.db.pool, input.proposalId))!;
      expect(row.status).toBe('executed');
      expect(JSON.stringify(row.execution_result)).toMatch(/nothing written twice/);
      expect(sim().writes.filter((x) => x.id === 'as_demo_broad').length - writesBefore).toBe(1);
      await handle.terminate('test done');
      expect(adset('as_demo_broad').status).toBe('PAUSED');
    });
  }, 90_000);
});
