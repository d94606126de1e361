import { Client } from '@temporalio/client';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { temporalTestServerPath } from '../../src/temporal/tools.ts';

export interface TimeSkipping {
  env: TestWorkflowEnvironment;
  /**
   * A plain client on the test server. Use it rather than env.client: the time-skipping client's result() unlocks
   * skipping while the first workflow task is still queued, and the Java test server then jumps straight to the
   * execution timeout. Left alone, the server skips to each timer as soon as no task is outstanding.
   */
  client: Client;
  /**
   * Runs `fn` with time frozen: the server otherwise skips ahead whenever it is idle, e.g. straight to a proposal's
   * expiry while a test is about to click Approve. Inside, `skip(promise)` lets time run while awaiting it.
   */
  frozen<T>(fn: (skip: <R>(p: Promise<R>) => Promise<R>) => Promise<T>): Promise<T>;
}

/**
 * The time-skipping server has no operator service, so adpilot's custom search attributes cannot be registered
 * there: approval inputs run on it with `searchAttributes: false` (the dev-server tests cover the attributes).
 */
export const NO_SEARCH_ATTRIBUTES = { searchAttributes: false } as const;

/** Starts Temporal's time-skipping test server (the Java build provisioned in .tools/). */
export async function startTimeSkipping(): Promise<TimeSkipping> {
  const env = await TestWorkflowEnvironment.createTimeSkipping({
    server: {
      executable: { type: 'existing-path', path: temporalTestServerPath(process.env.TEMPORAL_TEST_SERVER_PATH) },
    },
  });
  const test = env.connection.testService!;
  const skip = async <R>(p: Promise<R>): Promise<R> => {
    await test.unlockTimeSkipping({});
    try {
      return await p;
    } finally {
      await test.lockTimeSkipping({});
    }
  };
  return {
    env,
    client: new Client({ connection: env.connection }),
    async frozen(fn) {
      await test.lockTimeSkipping({});
      try {
        return await fn(skip);
      } finally {
        await test.unlockTimeSkipping({});
      }
    },
  };
}
