import { describe, expect, it } from '@jest/globals';
import { WorkflowNotFoundError } from '@temporalio/client';
import { Context } from '@temporalio/activity';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { sql } from 'slonik';
import { z } from 'zod';
import { proposalStatus } from '../../src/bot/decisions.ts';
import {
  approvalWorkflowId,
  proposeBudgetWorkflowId,
  proposeRecommendationWorkflowId,
} from '../../src/workflows/ids.ts';
import type {
  BudgetPlanRequest,
  PlanUnit,
  ProposeBudgetResult,
  ProposeRecommendationResult,
} from '../../src/workflows/messages.ts';
import { eventually } from '../support/eventually.ts';
import { demo, productWorker, useDemoWorld, type Activities } from '../support/world.ts';

Runtime.install({ logger: new DefaultLogger('WARN') });

const world = useDemoWorld({ collectEntities: true });

/** A worker whose activities are the product's, with `override` replacing some of them. */
const worker = (override?: (real: Activities) => Partial<Activities>) => productWorker(world, { override });

const rowsByKey = (prefix: string) =>
  world.db.pool.any(sql.type(
    z.object({
      id: z.number(),
      workflow_id: z.string().nullable(),
      status: z.string(),
      human_decided_by: z.string().nullable(),
    }),
  )`
    SELECT id, workflow_id, status, human_decided_by FROM intel_automation_action
    WHERE starts_with(idempotency_key, ${prefix}) ORDER BY id`);

const hasWorkflow = async (workflowId: string) => {
  try {
    await world.temporal.client.workflow.getHandle(workflowId).describe();
    return true;
  } catch (error) {
    if (error instanceof WorkflowNotFoundError) return false;
    throw error;
  }
};

/** Every run ever recorded under a workflow id (a second start after a finished one would show up here). */
async function runsOf(workflowId: string) {
  const runs: { type: string; status: string }[] = [];
  for await (const r of world.temporal.client.workflow.list({ query: `WorkflowId = '${workflowId}'` }))
    runs.push({ type: r.type, status: r.status.name });
  return runs;
}

async function storeScore(recommendation: Record<string, unknown>): Promise<number> {
  return world.db.pool.oneFirst(sql.type(z.object({ id: z.number() }))`
    INSERT INTO intel_account_score (account_id, run_key, computed_at, overall, components, breakdown, recommendations,
      sufficiency_mode)
    VALUES (${demo.accountId}, ${`test-${Date.now()}-${Math.random()}`}, now(), 50, '{}',
      ${sql.jsonb({ dataSufficiency: { sufficient: true, reason: 'test', mode: 'rules' }, issues: [] })},
      ${sql.jsonb([recommendation as never])}, 'rules')
    RETURNING id`);
}

describe('proposeRecommendation', () => {
  it('starts the approval workflow once after its worker dies between the insert and the start', async () => {
    const scoreId = await storeScore({
      priority: 'high',
      action: 'pause',
      entityId: 'as_demo_interest',
      entityName: 'Interests - outdoor',
      reason: 'Spends without purchases.',
      expectedImpact: { dailyValue: 120, description: 'Stops 120 a day of spend without purchases.' },
      source: 'rules',
    });
    let inserted!: () => void;
    const afterInsert = new Promise<void>((resolve) => (inserted = resolve));
    // The first worker records the proposal, then dies before the workflow hears back: the old orphan's moment.
    const first = await worker((real) => ({
      async recordRecommendationProposal(req) {
        await real.recordRecommendationProposal(req);
        inserted();
        return Context.current().cancelled.then(() => {
          throw new Error('unreachable');
        });
      },
    }));
    const running = first.run();
    const workflowId = proposeRecommendationWorkflowId(scoreId, 0);
    const handle = await world.temporal.client.workflow.start('proposeRecommendation', {
      taskQueue: world.temporal.taskQueue,
      workflowId,
      args: [{ scoreId, index: 0, userId: 'U_ALEX' }],
    });
    await afterInsert;
    first.shutdown();
    await running;
    const [orphan] = await rowsByKey(`recommendation:${scoreId}:`);
    expect(orphan?.workflow_id).toBe(approvalWorkflowId(orphan!.id));
    expect(await hasWorkflow(approvalWorkflowId(orphan!.id))).toBe(false);

    const second = await worker();
    await second.runUntil(async () => {
      const result = (await handle.result()) as ProposeRecommendationResult;
      expect(result).toEqual({ ok: true, proposalId: orphan!.id, created: true });
      expect(await rowsByKey(`recommendation:${scoreId}:`)).toHaveLength(1);
      const approval = approvalWorkflowId(orphan!.id);
      await eventually(async () => ((await runsOf(approval)).length > 0 ? true : undefined));
      expect(await runsOf(approval)).toEqual([{ type: 'approvalWorkflow', status: 'RUNNING' }]);

      // A later click (same id, the first run finished) finds the proposal and its workflow, and starts nothing.
      const again = (await world.temporal.client.workflow.execute('proposeRecommendation', {
        taskQueue: world.temporal.taskQueue,
        workflowId,
        args: [{ scoreId, index: 0, userId: 'U_ALEX' }],
      })) as ProposeRecommendationResult;
      expect(again).toEqual({ ok: true, proposalId: orphan!.id, created: false });
      expect(await runsOf(approval)).toEqual([{ type: 'approvalWorkflow', status: 'RUNNING' }]);
      await world.temporal.client.workflow.getHandle(approval).terminate('test done');
    });
  }, 90_000);
});

describe('proposeBudgetPlan', () => {
  const unit = (id: string, name: string, current: number, recommended: number): PlanUnit => ({
    id,
    name,
    currentBudget: current,
    recommendedBudget: recommended,
    changePercent: ((recommended - current) / current) * 100,
    expectedOutcomeCurrent: 3,
    expectedOutcomeRecommended: 3.2,
    entityType: 'adset',
  });
  const plan = (total: number, userId: string): BudgetPlanRequest => ({
    ref: { accountId: demo.accountId, total, generatedAt: world.meta.now() },
    units: [
      unit('as_demo_broad', 'Broad 25-54', 80, 88),
      unit('as_demo_lookalike', 'Lookalike 1%', 60, 54),
      unit('as_demo_interest', 'Interests - outdoor', 120, 120.5), // under 1%: no proposal
    ],
    userId,
  });

  it("gives every proposal one approval workflow carrying the approver's decision when the insert attempt fails after writing", async () => {
    const req = plan(260, 'U_ALEX');
    let attempts = 0;
    const w = await worker((real) => ({
      async recordBudgetProposals(r) {
        const out = await real.recordBudgetProposals(r);
        attempts++;
        if (Context.current().info.attempt === 1) throw new Error('connection lost after the inserts');
        return out;
      },
    }));
    await w.runUntil(async () => {
      const result = (await world.temporal.client.workflow.execute('proposeBudgetPlan', {
        taskQueue: world.temporal.taskQueue,
        workflowId: proposeBudgetWorkflowId(req.ref),
        args: [req],
      })) as ProposeBudgetResult;
      expect(attempts).toBe(2);
      const prefix = `budget:${demo.accountId}:${req.ref.generatedAt}:260:`;
      const rows = await rowsByKey(prefix);
      expect(rows).toHaveLength(2);
      expect(result).toEqual({ created: rows.map((r) => r.id), existing: 0, blocked: [] });
      // The executor is off: each approval takes the approver's decision, records it and ends, writing nothing.
      for (const r of rows) {
        const approval = approvalWorkflowId(r.id);
        await world.temporal.client.workflow.getHandle(approval).result();
        await eventually(async () => ((await runsOf(approval))[0]?.status === 'COMPLETED' ? true : undefined));
        expect(await runsOf(approval)).toEqual([{ type: 'approvalWorkflow', status: 'COMPLETED' }]);
      }
      expect((await rowsByKey(prefix)).map((r) => [r.status, r.human_decided_by])).toEqual([
        ['recorded', 'U_ALEX'],
        ['recorded', 'U_ALEX'],
      ]);
    });
  }, 90_000);

  it("leaves a proposal waiting for a decision when the start decision is refused by the approval's validator", async () => {
    const req = plan(270, 'U_NOT_AN_APPROVER');
    const w = await worker();
    await w.runUntil(async () => {
      const result = (await world.temporal.client.workflow.execute('proposeBudgetPlan', {
        taskQueue: world.temporal.taskQueue,
        workflowId: proposeBudgetWorkflowId(req.ref),
        args: [req],
      })) as ProposeBudgetResult;
      expect(result.created).toHaveLength(2);
      for (const id of result.created) {
        const view = await proposalStatus(world.temporal.client, id);
        expect(view?.status).toBe('proposed');
        expect(view?.decidedBy).toBeUndefined();
        expect(view?.reasons.join(' ')).toContain("Only this account's approvers can decide proposals: <@U_ALEX>.");
        await world.temporal.client.workflow.getHandle(approvalWorkflowId(id)).terminate('test done');
      }
    });
  }, 60_000);
});
