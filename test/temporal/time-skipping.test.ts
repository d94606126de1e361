import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import path from 'node:path';
import { DefaultLogger, Runtime, Worker } from '@temporalio/worker';
import { startTimeSkipping, type TimeSkipping } from '../support/time-skipping.ts';

Runtime.install({ logger: new DefaultLogger('WARN') });

let ts: TimeSkipping;
beforeAll(async () => {
  ts = await startTimeSkipping();
});
afterAll(async () => ts?.env.teardown());

describe('the time-skipping test server', () => {
  it('runs a workflow through 72 hours of timers in seconds of wall time', async () => {
    const worker = await Worker.create({
      connection: ts.env.nativeConnection,
      taskQueue: 'time-skipping',
      workflowsPath: path.resolve(import.meta.dirname, '../workflows/fixtures/sleeper.ts'),
    });
    const workflowStart = await ts.env.currentTimeMs();
    const wokeAt: number = await worker.runUntil(() =>
      ts.client.workflow.execute<(d: string) => Promise<number>>('sleeper', {
        taskQueue: 'time-skipping',
        workflowId: 'sleep-72h',
        args: ['72 hours'],
      }),
    );
    // Completing at all inside Jest's 60 s timeout is the point: the server skipped the 72 h of timers.
    expect(wokeAt - workflowStart).toBeGreaterThanOrEqual(72 * 3_600_000);
  });
});
