import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createCollectionActivities } from '../../src/activities/collection.ts';
import { createDecisionActivities } from '../../src/activities/decisions.ts';
import { createMetaGateway } from '../../src/activities/meta.ts';
import { createRecordingNotifier } from '../../src/activities/recording-notifier.ts';
import { getAction, insertProposal, recordExecution, recordExecutionIntent } from '../../src/db/actions.ts';
import { scenarios } from '../../src/emulators/simulator/scenarios.ts';
import type { SimAdSet } from '../../src/emulators/simulator/simulator.ts';
import { createTestDatabase, type TestDatabase } from '../support/db.ts';
import { connectAccount, startMeta, testConfig, type MetaHarness } from '../support/meta.ts';

const demo = scenarios.demo();
let db: TestDatabase;
let meta: MetaHarness;

beforeAll(async () => {
  db = await createTestDatabase();
  meta = await startMeta([demo]);
  await connectAccount(db.pool, demo, { approvers: ['U_ALEX'] });
  await createCollectionActivities({ pool: db.pool, meta: meta.access }).collectEntities(demo.accountId);
}, 60_000);
afterAll(async () => {
  await meta?.close();
  await db?.drop();
});

const decisions = (executor: 'true' | 'false') =>
  createDecisionActivities({
    pool: db.pool,
    config: testConfig(db.url, { ENABLE_ACTION_EXECUTOR: executor }),
    meta: createMetaGateway(meta.access),
    notifier: createRecordingNotifier(db.pool),
    now: meta.now,
  });

describe('undoAction', () => {
  it('writes nothing to Meta while ENABLE_ACTION_EXECUTOR is false, and undoes once it is true', async () => {
    const sim = meta.sims.get(demo.accountId)!;
    const live = await (await createMetaGateway(meta.access).forAccount(demo.accountId)).getEntity('as_demo_lookalike');
    const before = {
      status: live.status,
      dailyBudgetMinor: live.dailyBudgetMinor,
      bidAmountMinor: live.bidAmountMinor,
    };
    const row = (await insertProposal(db.pool, {
      idempotencyKey: 'test:undo-kill-switch',
      accountId: demo.accountId,
      ruleId: null,
      entityType: 'adset',
      entityId: 'as_demo_lookalike',
      entityName: 'Lookalike 1%',
      actionType: 'increase_budget',
      params: { change_percent: 10 },
      executionMode: 'approval_required',
      evidence: [],
      explanation: 'test',
      expiryPolicy: 'drop',
      expiresAt: meta.now() + 3_600_000,
    }))!;
    // As the executor leaves it: the state before stored, Meta changed, the state after stored.
    const after = { ...before, dailyBudgetMinor: before.dailyBudgetMinor! + 1_000 };
    await recordExecutionIntent(db.pool, row.id, before, { dailyBudgetMinor: after.dailyBudgetMinor });
    sim.setDailyBudget('as_demo_lookalike', after.dailyBudgetMinor);
    await recordExecution(db.pool, row.id, after, { detail: 'test' }, meta.now());
    const writes = sim.writes.length;

    expect(await decisions('false').undoAction(row.id, 'U_ALEX')).toEqual({
      undone: false,
      detail: 'The executor is disabled (ENABLE_ACTION_EXECUTOR=false): nothing was written.',
    });
    expect(sim.writes.length).toBe(writes);
    expect((await getAction(db.pool, row.id))!.undone_at).toBeNull();

    expect(await decisions('true').undoAction(row.id, 'U_ALEX')).toMatchObject({ undone: true });
    expect(sim.writes.length).toBe(writes + 1);
    expect((sim.byId.get('as_demo_lookalike') as SimAdSet).dailyBudgetMinor).toBe(before.dailyBudgetMinor);
  });
});
