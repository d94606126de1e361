import { describe, expect, it } from '@jest/globals';
import { Context } from '@temporalio/activity';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { sql } from 'slonik';
import { z } from 'zod';
import type { RunSummary } from '../../src/db/collection-runs.ts';
import { listOpenProposals } from '../../src/db/actions.ts';
import { approvalWorkflowId } from '../../src/workflows/ids.ts';
import { eventually } from '../support/eventually.ts';
import { demo, productWorker, useDemoWorld } from '../support/world.ts';

Runtime.install({ logger: new DefaultLogger('WARN') });

const world = useDemoWorld();

const cards = (id: number) =>
  world.db.pool.oneFirst(sql.type(z.object({ n: z.number() }))`
    SELECT count(*)::int AS n FROM intel_notification WHERE action_id = ${id}`);

describe('proposeActions', () => {
  it('gives every proposal its approval workflow and card when the attempt that inserted them fails', async () => {
    let attempts = 0;
    const w = await productWorker(world, {
      override: (real) => ({
        // The rows are written, then the attempt is lost (a worker crash or the activity's timeout).
        async proposeActions(accountId: string) {
          const out = await real.proposeActions(accountId);
          attempts++;
          if (Context.current().info.attempt === 1) throw new Error('worker lost after the inserts');
          return out;
        },
      }),
    });
    await w.runUntil(async () => {
      const summary = (await world.temporal.client.workflow.execute('collectAccount', {
        taskQueue: world.temporal.taskQueue,
        workflowId: `collect-retry-${Date.now()}`,
        args: [demo.accountId, 'test'],
      })) as RunSummary;
      expect(attempts).toBe(2);
      const open = (await listOpenProposals(world.db.pool, demo.accountId)).filter(
        (p) => p.execution_mode !== 'suggestion_only',
      );
      expect(open.length).toBeGreaterThan(0);
      expect(summary.proposalsCreated).toBe(open.length);
      for (const p of open) {
        const run = await world.temporal.client.workflow.getHandle(approvalWorkflowId(p.id)).describe();
        expect(run.status.name).toBe('RUNNING');
        await eventually(async () => ((await cards(p.id)) > 0 ? true : undefined));
        await world.temporal.client.workflow.getHandle(approvalWorkflowId(p.id)).terminate('test done');
      }
    });
  }, 120_000);
});
