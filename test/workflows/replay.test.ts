import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { temporal } from '@temporalio/proto';
import { DefaultLogger, Runtime, Worker } from '@temporalio/worker';
import { productWorkflowBundle } from '../support/temporal.ts';

Runtime.install({ logger: new DefaultLogger('WARN') });

// Histories recorded from earlier versions of the workflows (test/workflows/histories/capture.ts). Approvals and
// outcomes live for days, so a deployed worker replays runs started by the previous code: every one of these must
// still replay on the current bundle, or the change needs a patched() branch.
const dir = path.join(path.dirname(new URL(import.meta.url).pathname), 'histories');

async function histories() {
  const files = (await readdir(dir)).filter((f) => f.endsWith('.json')).sort();
  return Promise.all(
    files.map(async (file) => ({ file, history: JSON.parse(await readFile(path.join(dir, file), 'utf8')) as unknown })),
  );
}

describe('workflow replay', () => {
  it('covers every workflow type the worker registers', async () => {
    const types = new Set<string>();
    for (const { history } of await histories()) {
      const first = (
        history as { events: { workflowExecutionStartedEventAttributes: { workflowType: { name: string } } }[] }
      ).events[0]!;
      types.add(first.workflowExecutionStartedEventAttributes.workflowType.name);
    }
    expect([...types].sort()).toEqual(
      expect.arrayContaining([
        'approvalWorkflow',
        'collectAccount',
        'nightlyMaintenance',
        'outcomeWorkflow',
        'proposeBudgetPlan',
        'proposeRecommendation',
      ]),
    );
  });

  it('replays every committed history on the current workflow bundle without a determinism error', async () => {
    const all = await histories();
    const failures: string[] = [];
    const results = Worker.runReplayHistories(
      { workflowBundle: await productWorkflowBundle(), replayName: 'replay-test' },
      // The files hold protobufjs's own JSON (capture.ts); fromObject reads it back. The SDK's historyFromJSON would too,
      // but fails on the two protobufjs copies in node_modules.
      all.map(({ file, history }) => ({
        workflowId: file,
        history: temporal.api.history.v1.History.fromObject(history as Record<string, unknown>),
      })),
    );
    let replayed = 0;
    for await (const result of results) {
      replayed++;
      if (result.error) failures.push(`${result.workflowId}: ${result.error.message}`);
    }
    expect(failures).toEqual([]);
    expect(replayed).toBe(all.length);
  }, 120_000);
});
