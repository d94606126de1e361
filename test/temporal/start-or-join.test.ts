import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import path from 'node:path';
import { WorkflowFailedError } from '@temporalio/client';
import { DefaultLogger, Runtime, Worker } from '@temporalio/worker';
import { startOrJoin } from '../../src/temporal/start-or-join.ts';
import { proposeRecommendationWorkflowId } from '../../src/workflows/ids.ts';
import type { proposeRecommendation } from '../../src/workflows/propose-recommendation.ts';
import { eventually } from '../support/eventually.ts';
import { connectTemporal, type TemporalHarness } from '../support/temporal.ts';
import type { answers, refuses } from './fixtures/start-or-join.ts';

Runtime.install({ logger: new DefaultLogger('WARN') });

let temporal: TemporalHarness;
beforeAll(async () => {
  temporal = await connectTemporal();
});
afterAll(async () => {
  await temporal?.close();
});

const fixtureWorker = () =>
  Worker.create({
    connection: temporal.nativeConnection,
    taskQueue: temporal.taskQueue,
    workflowsPath: path.resolve(import.meta.dirname, 'fixtures/start-or-join.ts'),
  });

describe('startOrJoin', () => {
  it('answers running when the run takes longer than the wait, and a second caller joins the same run', async () => {
    // No worker polls this task queue, so the run cannot finish: the caller must not wait for it.
    const workflowId = proposeRecommendationWorkflowId(Date.now(), 0);
    const o = {
      workflowId,
      taskQueue: `${temporal.taskQueue}-unpolled`,
      args: [{ scoreId: 1, index: 0, userId: 'U_ALEX' }] as Parameters<typeof proposeRecommendation>,
      waitMs: 300,
    };
    const clicks = await Promise.all([
      startOrJoin<typeof proposeRecommendation>(temporal.client, 'proposeRecommendation', o),
      startOrJoin<typeof proposeRecommendation>(temporal.client, 'proposeRecommendation', o),
    ]);
    expect(clicks).toEqual([
      { state: 'running', workflowId },
      { state: 'running', workflowId },
    ]);
    // Without joining, the second start would have thrown WorkflowExecutionAlreadyStartedError.
    const runs = await eventually(async () => {
      const ids: string[] = [];
      for await (const r of temporal.client.workflow.list({ query: `WorkflowId = '${workflowId}'` })) ids.push(r.runId);
      return ids.length > 0 ? ids : undefined;
    });
    expect(runs).toHaveLength(1);
    await temporal.client.workflow.getHandle(workflowId).terminate('test done');
  });

  it("returns the run's result when it ends within the wait", async () => {
    const workflowId = `answers-${Date.now()}`;
    const worker = await fixtureWorker();
    const r = await worker.runUntil(
      startOrJoin<typeof answers>(temporal.client, 'answers', {
        workflowId,
        taskQueue: temporal.taskQueue,
        args: ['forty-two'],
        waitMs: 30_000,
      }),
    );
    expect(r).toEqual({ state: 'done', workflowId, result: 'forty-two' });
  });

  it('throws WorkflowFailedError with the cause when the run fails within the wait', async () => {
    const worker = await fixtureWorker();
    const call = worker.runUntil(
      startOrJoin<typeof refuses>(temporal.client, 'refuses', {
        workflowId: `refuses-${Date.now()}`,
        taskQueue: temporal.taskQueue,
        args: ['account not connected'],
        waitMs: 30_000,
      }),
    );
    await expect(call).rejects.toBeInstanceOf(WorkflowFailedError);
    await expect(call).rejects.toMatchObject({ cause: { message: 'account not connected' } });
  });
});
