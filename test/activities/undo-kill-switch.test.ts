import { describe, expect, it } from '@jest/globals';
import { createDecisionActivities } from '../../src/activities/decisions.ts';
import { createMetaGateway } from '../../src/activities/meta.ts';
import { createRecordingNotifier } from '../../src/activities/recording-notifier.ts';
import { getAction, insertProposal, recordExecution, recordExecutionIntent } from '../../src/db/actions.ts';
import type { SimAdSet } from '../../src/emulators/simulator/simulator.ts';
import { testConfig } from '../support/meta.ts';
import { testProposal } from '../support/proposals.ts';
import { demo, useDemoWorld } from '../support/world.ts';

const world = useDemoWorld({ temporal: false, collectEntities: true, timeoutMs: 60_000 });

const decisions = (executor: 'true' | 'false') =>
  createDecisionActivities({
    pool: world.db.pool,
    config: testConfig(world.db.url, { ENABLE_ACTION_EXECUTOR: executor }),
    meta: createMetaGateway(world.meta.access),
    notifier: createRecordingNotifier(world.db.pool),
    now: world.meta.now,
  });

describe('undoAction', () => {
  it('writes nothing to Meta while ENABLE_ACTION_EXECUTOR is false, and undoes once it is true', async () => {
    const sim = world.meta.sims.get(demo.accountId)!;
    const live = await (
      await createMetaGateway(world.meta.access).forAccount(demo.accountId)
    ).getEntity('as_demo_lookalike');
    const before = {
      status: live.status,
      dailyBudgetMinor: live.dailyBudgetMinor,
      bidAmountMinor: live.bidAmountMinor,
    };
    const row = (await insertProposal(
      world.db.pool,
      testProposal({
        idempotencyKey: 'test:undo-kill-switch',
        accountId: demo.accountId,
        entityId: 'as_demo_lookalike',
        entityName: 'Lookalike 1%',
        actionType: 'increase_budget',
        params: { change_percent: 10 },
        expiresAt: world.meta.now() + 3_600_000,
      }),
    ))!;
    // As the executor leaves it: the state before stored, Meta changed, the state after stored.
    const after = { ...before, dailyBudgetMinor: before.dailyBudgetMinor! + 1_000 };
    await recordExecutionIntent(world.db.pool, row.id, before, { dailyBudgetMinor: after.dailyBudgetMinor });
    sim.setDailyBudget('as_demo_lookalike', after.dailyBudgetMinor);
    await recordExecution(world.db.pool, row.id, after, { detail: 'test' }, world.meta.now());
    const writes = sim.writes.length;

    expect(await decisions('false').undoAction(row.id, 'U_ALEX')).toEqual({
      undone: false,
      detail: 'The executor is disabled (ENABLE_ACTION_EXECUTOR=false): nothing was written.',
    });
    expect(sim.writes.length).toBe(writes);
    expect((await getAction(world.db.pool, row.id))!.undone_at).toBeNull();

    expect(await decisions('true').undoAction(row.id, 'U_ALEX')).toMatchObject({ undone: true });
    expect(sim.writes.length).toBe(writes + 1);
    expect((sim.byId.get('as_demo_lookalike') as SimAdSet).dailyBudgetMinor).toBe(before.dailyBudgetMinor);
  });
});
