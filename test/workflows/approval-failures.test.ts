import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { WorkflowNotFoundError, type WorkflowHandle } from '@temporalio/client';
import { DefaultLogger, Runtime, type Worker } from '@temporalio/worker';
import { sql } from 'slonik';
import { z } from 'zod';
import { createCollectionActivities } from '../../src/activities/collection.ts';
import { createActivities } from '../../src/activities/index.ts';
import { approvalInput } from '../../src/activities/proposals.ts';
import { decideProposal } from '../../src/bot/decisions.ts';
import { getAction, insertProposal, listOpenProposals } from '../../src/db/actions.ts';
import { getAdAccount } from '../../src/db/accounts.ts';
import { MetaClient } from '../../src/meta/client.ts';
import { scenarios } from '../../src/emulators/simulator/scenarios.ts';
import { approvalWorkflowId, outcomeWorkflowId } from '../../src/workflows/ids.ts';
import type { ApprovalResult } from '../../src/workflows/messages.ts';
import { createWorker } from '../../src/worker.ts';
import { createTestDatabase, type TestDatabase } from '../support/db.ts';
import { connectAccount, startMeta, testConfig, type MetaHarness } from '../support/meta.ts';
import { connectTemporal, productWorkflowBundle, type TemporalHarness } from '../support/temporal.ts';

Runtime.install({ logger: new DefaultLogger('ERROR') });

const HOUR = 3_600_000;
let db: TestDatabase;
let meta: MetaHarness;
let temporal: TemporalHarness;
let seq = 0;
const demo = scenarios.demo();

beforeAll(async () => {
  db = await createTestDatabase();
  temporal = await connectTemporal();
  meta = await startMeta([demo]);
  await connectAccount(db.pool, demo, { approvers: ['U_ALEX'] });
  await createCollectionActivities({ pool: db.pool, meta: meta.access }).collectEntities(demo.accountId);
}, 120_000);
afterEach(() => meta.emulator.faults.clear());
afterAll(async () => {
  await meta?.close();
  await temporal?.close();
  await db?.drop();
});

type Activities = ReturnType<typeof createActivities>;

async function worker(taskQueue: string, override: Partial<Activities> = {}): Promise<Worker> {
  const deps = {
    pool: db.pool,
    config: testConfig(db.url, { ENABLE_ACTION_EXECUTOR: 'true' }),
    meta: meta.access,
    now: () => Date.now(),
  };
  return createWorker({
    connection: temporal.nativeConnection,
    namespace: 'default',
    taskQueue,
    deps,
    workflowBundle: await productWorkflowBundle(),
    options: { shutdownGraceTime: '200ms', activities: { ...createActivities(deps), ...override } },
  });
}

async function propose(entityId: string, actionType: string, percent?: number) {
  const live = await new MetaClient({ baseUrl: meta.emulator.baseUrl, accessToken: demo.token }).getEntity(entityId);
  const row = await insertProposal(db.pool, {
    idempotencyKey: `test:${++seq}:${Date.now()}`,
    accountId: demo.accountId,
    ruleId: null,
    entityType: 'adset',
    entityId,
    entityName: live.name,
    actionType,
    params: {
      ...(percent === undefined ? {} : { change_percent: percent }),
      observed_state: {
        status: live.status,
        dailyBudgetMinor: live.dailyBudgetMinor,
        bidAmountMinor: live.bidAmountMinor,
      },
    },
    executionMode: 'approval_required',
    evidence: [],
    explanation: 'test proposal',
    expiryPolicy: 'drop',
    expiresAt: Date.now() + 24 * HOUR,
  });
  const account = (await getAdAccount(db.pool, demo.accountId))!;
  return { ...approvalInput(row!, account.approver_user_ids) };
}

const notifications = (id: number) =>
  db.pool.anyFirst(sql.type(z.object({ k: z.string() }))`
    SELECT kind || ':' || (payload->>'status') AS k FROM intel_notification WHERE action_id = ${id} ORDER BY id`);

async function start(taskQueue: string, input: Awaited<ReturnType<typeof propose>>): Promise<WorkflowHandle> {
  const handle = await temporal.client.workflow.start('approvalWorkflow', {
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
    await temporal.client.workflow.getHandle(outcomeWorkflowId(id)).describe();
    return true;
  } catch (error) {
    if (error instanceof WorkflowNotFoundError) return false;
    throw error;
  }
}

describe('approvalWorkflow failures', () => {
  it("records Meta's permanent refusal of the write as failed with its reason on the card, frees the entity and measures nothing", async () => {
    const w = await worker(`${temporal.taskQueue}-refused`);
    await w.runUntil(async () => {
      const input = await propose('as_demo_lookalike', 'increase_budget', 20);
      const handle = await start(`${temporal.taskQueue}-refused`, input);
      meta.emulator.faults.inject({ kind: 'permission' }, { match: '/as_demo_lookalike', method: 'POST' });
      await decideProposal(temporal.client, input.proposalId, { kind: 'approve', userId: 'U_ALEX' });
      const result = (await handle.result()) as ApprovalResult;
      expect(result.status).toBe('failed');
      expect(result.reasons.join(' ')).toMatch(/^Meta refused: .*permission/);
      const row = (await getAction(db.pool, input.proposalId))!;
      expect(row.status).toBe('failed');
      expect(row.status_reason).toMatch(/^Meta refused: .*Requires ads_management permission/);
      const events = await db.pool.anyFirst(sql.type(z.object({ to_status: z.string() }))`
          SELECT to_status FROM intel_action_event WHERE action_id = ${input.proposalId} ORDER BY id`);
      expect(events).toEqual(['approved', 'executing', 'failed']);
      expect(await notifications(input.proposalId)).toContain('decision:failed');
      expect((await listOpenProposals(db.pool, demo.accountId)).map((p) => p.id)).not.toContain(input.proposalId);
      expect(await outcomeStarted(input.proposalId)).toBe(false);
    });
  });

  it('records an expired token during the re-check as failed instead of failing the run', async () => {
    const w = await worker(`${temporal.taskQueue}-recheck`);
    await w.runUntil(async () => {
      const input = await propose('as_demo_broad', 'pause');
      const handle = await start(`${temporal.taskQueue}-recheck`, input);
      meta.emulator.faults.inject({ kind: 'expired_token' }, { match: '/as_demo_broad', method: 'GET' });
      await decideProposal(temporal.client, input.proposalId, { kind: 'approve', userId: 'U_ALEX' });
      const result = (await handle.result()) as ApprovalResult;
      expect(result.status).toBe('failed');
      const row = (await getAction(db.pool, input.proposalId))!;
      expect(row.status).toBe('failed');
      expect(row.status_reason).toMatch(/^Meta refused: .*access token/);
      expect(await notifications(input.proposalId)).toContain('decision:failed');
      expect(await outcomeStarted(input.proposalId)).toBe(false);
    });
  });

  it('records a rejection and measures it while Slack refuses every card update', async () => {
    let tries = 0;
    const w = await worker(`${temporal.taskQueue}-slack-down`, {
      async notifyDecision() {
        tries++;
        throw new Error('slack: service_unavailable');
      },
    });
    await w.runUntil(async () => {
      const input = await propose('as_demo_interest', 'pause');
      const handle = await start(`${temporal.taskQueue}-slack-down`, input);
      await decideProposal(temporal.client, input.proposalId, { kind: 'reject', userId: 'U_ALEX', reason: 'not now' });
      const result = (await handle.result()) as ApprovalResult;
      expect(result.status).toBe('rejected');
      expect(tries).toBe(5);
      expect((await getAction(db.pool, input.proposalId))!.status).toBe('rejected');
      expect(await outcomeStarted(input.proposalId)).toBe(true);
      await temporal.client.workflow.getHandle(outcomeWorkflowId(input.proposalId)).terminate('test done');
    });
  });
});
