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
}

/** Starts Temporal's time-skipping test server (the Java build provisioned in .tools/). */
export async function startTimeSkipping(): Promise<TimeSkipping> {
  const env = await TestWorkflowEnvironment.createTimeSkipping({
    server: {
      executable: { type: 'existing-path', path: temporalTestServerPath(process.env.TEMPORAL_TEST_SERVER_PATH) },
    },
  });
  return { env, client: new Client({ connection: env.connection }) };
}
