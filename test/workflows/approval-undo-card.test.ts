import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { sql } from 'slonik';
import { z } from 'zod';
import { createCollectionActivities } from '../../src/activities/collection.ts';
import { approvalInput } from '../../src/activities/proposals.ts';
import { decideProposal, undoProposal } from '../../src/bot/decisions.ts';
import { getAction, insertProposal } from '../../src/db/actions.ts';
import { scenarios } from '../../src/emulators/simulator/scenarios.ts';
import { decidedProposalCard } from '../../src/slack/blocks/index.ts';
import { proposalCardInput, proposalDecision } from '../../src/slack/views.ts';
import { approvalWorkflowId } from '../../src/workflows/ids.ts';
import { proposalStatusQuery, type ApprovalResult } from '../../src/workflows/messages.ts';
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
  await connectAccount(db.pool, demo, { approvers: ['U_ALEX'] });
  await createCollectionActivities({ pool: db.pool, meta: meta.access }).collectEntities(demo.accountId);
}, 120_000);
afterAll(async () => {
  await temporal?.close();
  await meta?.close();
  await db?.drop();
});

/** The statuses the card was drawn with after each decision-card update, oldest first. */
const decisionCards = (id: number) =>
  db.pool.anyFirst(sql.type(z.object({ status: z.string() }))`
    SELECT payload->>'status' AS status FROM intel_notification
    WHERE action_id = ${id} AND kind = 'decision' ORDER BY id`);

describe('approvalWorkflow after Undo', () => {
  it('updates the card to "undone", without its Undo button', async () => {
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
    await worker.runUntil(async () => {
      const row = await insertProposal(db.pool, {
        idempotencyKey: `undo-card:${Date.now()}`,
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
      const handle = await temporal.client.workflow.start('approvalWorkflow', {
        taskQueue: temporal.taskQueue,
        workflowId: approvalWorkflowId(row!.id),
        args: [approvalInput(row!, ['U_ALEX'])],
      });
      expect(await decideProposal(temporal.client, row!.id, { kind: 'approve', userId: 'U_ALEX' })).toMatchObject({
        ok: true,
      });
      for (let i = 0; i < 400 && (await handle.query(proposalStatusQuery)).status !== 'executed'; i++)
        await new Promise((r) => setTimeout(r, 25));
      expect(await undoProposal(temporal.client, row!.id, 'U_ALEX')).toEqual({ ok: true, status: 'undone' });
      expect(((await handle.result()) as ApprovalResult).status).toBe('undone');

      expect(await decisionCards(row!.id)).toEqual(['executed', 'undone']);
      const stored = (await getAction(db.pool, row!.id))!;
      const card = decidedProposalCard(
        proposalCardInput(stored, demo.name),
        proposalDecision(stored, Date.now())!,
        Date.now(),
      );
      expect(JSON.stringify(card.blocks)).toContain('Undone');
      expect(card.blocks.some((b) => b.type === 'actions')).toBe(false);
    });
  }, 120_000);
});
