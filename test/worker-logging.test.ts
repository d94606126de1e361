import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { testAccount } from './support/scenarios.ts';
import { captureLogs, REDACTED } from '../src/log.ts';
import { installWorkerLogging } from '../src/worker.ts';
import { startBotHarness, type BotHarness } from './support/bot-harness.ts';
import { eventually } from './support/eventually.ts';

// The worker's Runtime logs through ours, as src/main.ts installs it: one collection run through the real
// collectAccount workflow, its workflow and activity records captured.
const logs = captureLogs('debug');
installWorkerLogging(logs.log);

const spec = testAccount('worker_logging', [1, 1, 1], { seed: 5, historyDays: 3 });
let h: BotHarness;

beforeAll(async () => {
  h = await startBotHarness({ scenarios: [spec], slackNotifier: false, workerOptions: { shutdownGraceTime: '100ms' } });
  await h.collect(spec.accountId);
}, 180_000);
afterAll(() => h?.close());

describe("the worker's Runtime logger", () => {
  it("turns a workflow's log call into a record with its workflow ids and the account", async () => {
    // Workflow logs reach the Runtime logger through a sink, after the activation that made them.
    const finished = await eventually(() => logs.records.find((r) => r.msg === 'collection finished'));
    expect(finished).toMatchObject({
      level: 'info',
      sdkComponent: 'workflow',
      workflowType: 'collectAccount',
      workflowId: expect.stringMatching(/^collect-act_worker_logging/) as unknown,
      accountId: spec.accountId,
    });
  });

  it('gives activity records the workflow and activity ids, and redacts the task token', () => {
    const activity = logs.records.find((r) => r.activityType === 'collectEntities');
    expect(activity).toMatchObject({
      workflowType: 'collectAccount',
      workflowId: expect.stringMatching(/^collect-act_worker_logging/) as unknown,
      taskToken: REDACTED,
    });
  });

  it("carries the SDK's own worker messages", () => {
    expect(logs.records.some((r) => r.sdkComponent === 'worker' && r.taskQueue === h.temporal.taskQueue)).toBe(true);
  });
});
