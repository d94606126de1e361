// Captures the histories test/workflows/replay.test.ts replays: runs each workflow type of the current code on a real
// dev server, with the real activities on an embedded PostgreSQL and the Graph API emulator, and saves each run's
// history as test/workflows/histories/<name>-<version>.json. Run it before and after a change to a workflow's steps:
//   node test/workflows/histories/capture.ts v2
// and commit the new files beside the old ones, which must keep replaying (see README "Changing a workflow").
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { WorkflowHandle } from '@temporalio/client';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { sql } from 'slonik';
import { z } from 'zod';
import { createCollectionActivities } from '../../../src/activities/collection.ts';
import { approvalInput } from '../../../src/activities/proposals.ts';
import { decideProposal, undoProposal } from '../../../src/bot/decisions.ts';
import { getAdAccount } from '../../../src/db/accounts.ts';
import { insertProposal } from '../../../src/db/actions.ts';
import { scenarios } from '../../../src/emulators/simulator/scenarios.ts';
import { approvalWorkflowId, outcomeWorkflowId, proposeBudgetWorkflowId } from '../../../src/workflows/ids.ts';
import { createWorker } from '../../../src/worker.ts';
import globalSetup from '../../support/global-setup.ts';
import globalTeardown from '../../support/global-teardown.ts';
import { createTestDatabase } from '../../support/db.ts';
import { connectAccount, startMeta, testConfig } from '../../support/meta.ts';
import { connectTemporal, productWorkflowBundle } from '../../support/temporal.ts';

const HOUR = 3_600_000;
const version = process.argv[2];
if (!version || !/^v\d+$/.test(version)) throw new Error('usage: node test/workflows/histories/capture.ts v<N>');
const dir = path.dirname(new URL(import.meta.url).pathname);

Runtime.install({ logger: new DefaultLogger('WARN') });

async function main(): Promise<void> {
  await globalSetup();
  const db = await createTestDatabase();
  const temporal = await connectTemporal();
  const demo = scenarios.demo();
  const meta = await startMeta([demo]);
  try {
    await connectAccount(db.pool, demo, { approvers: ['U_ALEX'] });
    await createCollectionActivities({ pool: db.pool, meta: meta.access }).collectEntities(demo.accountId);
    const worker = await createWorker({
      connection: temporal.nativeConnection,
      namespace: 'default',
      taskQueue: temporal.taskQueue,
      deps: {
        pool: db.pool,
        config: testConfig(db.url, { ENABLE_ACTION_EXECUTOR: 'true' }),
        meta: meta.access,
        now: () => Date.now(),
      },
      workflowBundle: await productWorkflowBundle(),
      options: { shutdownGraceTime: '200ms' },
    });
    const save = async (name: string, handle: WorkflowHandle) => {
      const file = path.join(dir, `${name}-${version}.json`);
      // protobufjs's own toJSON (longs and bytes as strings, enums by name) is the JSON the replayer reads back; the
      // SDK's historyToJSON fails here on two protobufjs copies in node_modules.
      await writeFile(file, JSON.stringify(await handle.fetchHistory(), null, 1) + '\n');
      console.log('saved', path.relative(process.cwd(), file));
    };
    let seq = 0;
    const propose = async (
      entityId: string,
      actionType: string,
      o: { percent?: number; expiresInMs?: number } = {},
    ) => {
      const live = meta.sims.get(demo.accountId)!.byId.get(entityId) as {
        status: string;
        dailyBudgetMinor: number | null;
        bidAmountMinor: number | null;
      };
      const row = await insertProposal(db.pool, {
        idempotencyKey: `capture:${version}:${++seq}:${Date.now()}`,
        accountId: demo.accountId,
        ruleId: null,
        entityType: 'adset',
        entityId,
        entityName: entityId,
        actionType,
        params: {
          ...(o.percent === undefined ? {} : { change_percent: o.percent }),
          observed_state: {
            status: live.status,
            dailyBudgetMinor: live.dailyBudgetMinor,
            bidAmountMinor: live.bidAmountMinor ?? null,
          },
        },
        executionMode: 'approval_required',
        evidence: [],
        explanation: 'history capture',
        expiryPolicy: 'drop',
        expiresAt: Date.now() + (o.expiresInMs ?? 24 * HOUR),
      });
      const account = (await getAdAccount(db.pool, demo.accountId))!;
      return approvalInput(row!, account.approver_user_ids);
    };
    const carded = async (id: number) => {
      for (let i = 0; i < 400; i++) {
        const n = await db.pool.oneFirst(sql.type(z.object({ n: z.number() }))`
          SELECT count(*)::int AS n FROM intel_notification WHERE action_id = ${id}`);
        if (n > 0) return;
        await new Promise((r) => setTimeout(r, 25));
      }
      throw new Error(`proposal ${id}: no card`);
    };
    const startApproval = async (input: Awaited<ReturnType<typeof propose>>, extra: Record<string, unknown> = {}) => {
      const handle = await temporal.client.workflow.start('approvalWorkflow', {
        taskQueue: temporal.taskQueue,
        workflowId: approvalWorkflowId(input.proposalId),
        args: [{ ...input, ...extra }],
      });
      await carded(input.proposalId);
      return handle;
    };

    await worker.runUntil(async () => {
      // Approved and executed, with a 2-second undo window so the run finishes.
      const executed = await propose('as_demo_lookalike', 'increase_budget', { percent: 10 });
      const h1 = await startApproval(executed, { undoWindowHours: 2 / 3600, outcomeHorizonsHours: [1] });
      await decideProposal(temporal.client, executed.proposalId, { kind: 'approve', userId: 'U_ALEX' });
      await h1.result();
      await save('approval-executed', h1);
      // Outcome horizons are whole hours: a run whose decision was taken 1 h minus a moment ago waits only that moment.
      const outcome = await temporal.client.workflow.start('outcomeWorkflow', {
        taskQueue: temporal.taskQueue,
        workflowId: `capture-outcome-${executed.proposalId}`,
        args: [
          {
            proposalId: executed.proposalId,
            decision: 'executed',
            fromTime: Date.now() - HOUR + 2_000,
            horizonsHours: [1],
          },
        ],
      });
      await outcome.result();
      await save('outcome', outcome);
      await temporal.client.workflow.getHandle(outcomeWorkflowId(executed.proposalId)).terminate('captured apart');

      // Approved, executed, then undone inside the window.
      const undone = await propose('as_demo_lookalike', 'decrease_budget', { percent: 10 });
      const h2 = await startApproval(undone, { undoWindowHours: 1, outcomeHorizonsHours: [1] });
      await decideProposal(temporal.client, undone.proposalId, { kind: 'approve', userId: 'U_ALEX' });
      for (
        let i = 0;
        i < 400 && (await h2.query('proposalStatus').then((v) => (v as { status: string }).status)) !== 'executed';
        i++
      )
        await new Promise((r) => setTimeout(r, 25));
      await undoProposal(temporal.client, undone.proposalId, 'U_ALEX');
      await h2.result();
      await save('approval-undone', h2);

      const rejected = await propose('as_demo_broad', 'pause');
      const h3 = await startApproval(rejected, { outcomeHorizonsHours: [1] });
      await decideProposal(temporal.client, rejected.proposalId, { kind: 'reject', userId: 'U_ALEX', reason: 'no' });
      await h3.result();
      await save('approval-rejected', h3);

      const expired = await propose('as_demo_interest', 'pause', { expiresInMs: 1_500 });
      const h4 = await startApproval(expired, { outcomeHorizonsHours: [1] });
      await h4.result();
      await save('approval-expired', h4);

      const collect = await temporal.client.workflow.start('collectAccount', {
        taskQueue: temporal.taskQueue,
        workflowId: `capture-collect-${Date.now()}`,
        args: [demo.accountId, 'test'],
      });
      await collect.result();
      await save('collect-account', collect);

      const plan = {
        ref: { accountId: demo.accountId, total: 300, generatedAt: meta.now() },
        units: [
          { id: 'as_demo_broad', name: 'Broad', currentBudget: 80, recommendedBudget: 88, changePercent: 10 },
        ].map((u) => ({ ...u, expectedOutcomeCurrent: 3, expectedOutcomeRecommended: 3.2, entityType: 'adset' })),
        userId: 'U_ALEX',
      };
      const budget = await temporal.client.workflow.start('proposeBudgetPlan', {
        taskQueue: temporal.taskQueue,
        workflowId: proposeBudgetWorkflowId(plan.ref),
        args: [plan],
      });
      await budget.result();
      await save('propose-budget', budget);

      const scoreId = await db.pool.oneFirst(sql.type(z.object({ id: z.number() }))`
        INSERT INTO intel_account_score (account_id, run_key, computed_at, overall, components, breakdown,
          recommendations, sufficiency_mode)
        VALUES (${demo.accountId}, ${`capture-${Date.now()}`}, now(), 50, '{}',
          ${sql.jsonb({ dataSufficiency: { sufficient: true, reason: 'capture', mode: 'rules' }, issues: [] })},
          ${sql.jsonb([
            {
              priority: 'high',
              action: 'decrease_budget',
              entityId: 'as_demo_interest',
              entityName: 'Interests - outdoor',
              reason: 'Spends without purchases.',
              expectedImpact: { dailyValue: 50, description: 'Saves spend.' },
              source: 'rules',
            },
          ])}, 'rules')
        RETURNING id`);
      const rec = await temporal.client.workflow.start('proposeRecommendation', {
        taskQueue: temporal.taskQueue,
        workflowId: `capture-recommendation-${scoreId}`,
        args: [{ scoreId, index: 0, userId: 'U_ALEX' }],
      });
      await rec.result();
      await save('propose-recommendation', rec);

      const nightly = await temporal.client.workflow.start('nightlyMaintenance', {
        taskQueue: temporal.taskQueue,
        workflowId: `capture-maintenance-${Date.now()}`,
        args: [],
      });
      await nightly.result();
      await save('maintenance', nightly);

      // The approvals the collection and the propose runs started wait for people: end them.
      for await (const w of temporal.client.workflow.list({ query: `ExecutionStatus = 'Running'` }))
        if (w.taskQueue === temporal.taskQueue)
          await temporal.client.workflow.getHandle(w.workflowId).terminate('captured');
    });
  } finally {
    await meta.close();
    await temporal.close();
    await db.drop();
    await globalTeardown();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
