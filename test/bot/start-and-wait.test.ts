import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startAndWait } from '../../src/bot/start-and-wait.ts';
import { proposeRecommendationWorkflowId } from '../../src/workflows/ids.ts';
import type { proposeRecommendation } from '../../src/workflows/propose-recommendation.ts';
import { eventually } from '../support/eventually.ts';
import { testConfig } from '../support/meta.ts';
import { connectTemporal, type TemporalHarness } from '../support/temporal.ts';

let temporal: TemporalHarness;
beforeAll(async () => {
  temporal = await connectTemporal();
});
afterAll(async () => {
  await temporal?.close();
});

describe('startAndWait', () => {
  it('answers pending when the run takes longer than the wait, and a second click joins the same run', async () => {
    // No worker polls this task queue, so the run cannot finish: the click must not wait for it.
    const deps = {
      temporal: temporal.client,
      config: { ...testConfig('postgres://unused'), TASK_QUEUE: temporal.taskQueue },
    };
    const workflowId = proposeRecommendationWorkflowId(Date.now(), 0);
    const args: Parameters<typeof proposeRecommendation> = [{ scoreId: 1, index: 0, userId: 'U_ALEX' }];
    const clicks = await Promise.all([
      startAndWait<typeof proposeRecommendation>(deps, 'proposeRecommendation', workflowId, args, 300),
      startAndWait<typeof proposeRecommendation>(deps, 'proposeRecommendation', workflowId, args, 300),
    ]);
    expect(clicks).toEqual(['pending', 'pending']);
    // Without joining, the second start would have thrown WorkflowExecutionAlreadyStartedError.
    const runs = await eventually(async () => {
      const ids: string[] = [];
      for await (const r of temporal.client.workflow.list({ query: `WorkflowId = '${workflowId}'` })) ids.push(r.runId);
      return ids.length > 0 ? ids : undefined;
    });
    expect(runs).toHaveLength(1);
    await temporal.client.workflow.getHandle(workflowId).terminate('test done');
  });
});
