import type { App } from '@slack/bolt';
import { WebClient } from '@slack/web-api';
import type { Worker } from '@temporalio/worker';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createSlackNotifier } from '../../src/activities/slack-notifier.ts';
import { createBotApp } from '../../src/bot/app.ts';
import type { Config } from '../../src/config.ts';
import { listOpenProposals } from '../../src/db/actions.ts';
import { approvalWorkflowId } from '../../src/temporal/ids.ts';
import type { ScenarioSpec } from '../../src/meta/simulator/scenario.ts';
import { DEFAULT_SEED, startSlackEmulator, type SlackEmulator } from '../../src/slack/emulator/index.ts';
import { ensureCollectionSchedule, removeCollectionSchedule } from '../../src/temporal/schedules.ts';
import { createWorker } from '../../src/worker.ts';
import { createTestDatabase, type TestDatabase } from './db.ts';
import { connectAccount, startMeta, testConfig, type MetaHarness } from './meta.ts';
import { connectTemporal, productWorkflowBundle, type TemporalHarness } from './temporal.ts';

export interface BotHarness {
  db: TestDatabase;
  temporal: TemporalHarness;
  meta: MetaHarness;
  emu: SlackEmulator;
  app: App;
  config: Config;
  /** The channel each scenario's account is bound to (`C_<account id>`), created in the emulator. */
  channelOf(accountId: string): string;
  close(): Promise<void>;
}

export interface BotHarnessOptions {
  scenarios: ScenarioSpec[];
  approvers?: string[];
  /** Serve the local workspace page too (for browser tests). */
  workspace?: boolean;
  config?: Record<string, string>;
}

/**
 * The product's Slack side wired as `./adpilot start` wires it, for tests: the real Bolt app behind the Slack
 * emulator (signed requests), a worker with the Slack notifier, each account's collection Schedule (paused, so
 * only the test triggers it), the Graph API emulator at a fixed simulated time, a private database and task queue.
 * Account ids must be unique across test files: Schedule ids derive from them and the Temporal server is shared.
 */
export async function startBotHarness(o: BotHarnessOptions): Promise<BotHarness> {
  const db = await createTestDatabase();
  const temporal = await connectTemporal();
  const meta = await startMeta(o.scenarios);
  const channelOf = (accountId: string) => `C_${accountId}`;
  const secret = `secret-${temporal.taskQueue}`;
  const token = `xoxb-${temporal.taskQueue}`;
  const emu = await startSlackEmulator({
    botToken: token,
    signingSecret: secret,
    workspace: o.workspace ?? false,
    seed: {
      channels: [
        ...DEFAULT_SEED.channels,
        ...o.scenarios.map((s) => ({ id: channelOf(s.accountId), name: `ads-${s.accountId.replace(/^act_/, '')}` })),
      ],
    },
  });
  for (const s of o.scenarios) await connectAccount(db.pool, s, { approvers: o.approvers ?? ['U_APPROVER'] });
  const config = testConfig(db.url, o.config);
  const app = createBotApp({
    now: meta.now,
    signingSecret: secret,
    token,
    slackApiUrl: emu.url,
    pool: db.pool,
    temporal: temporal.client,
    config,
  });
  const server = (await app.start({ port: 0, host: '127.0.0.1' })) as Server;
  emu.appRequestUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/slack/events`;
  const worker: Worker = await createWorker({
    connection: temporal.nativeConnection,
    namespace: 'default',
    taskQueue: temporal.taskQueue,
    deps: {
      pool: db.pool,
      config,
      meta: meta.access,
      now: meta.now,
      notifier: createSlackNotifier({
        pool: db.pool,
        slack: new WebClient(token, { slackApiUrl: emu.url, retryConfig: { retries: 0 } }),
      }),
    },
    workflowBundle: await productWorkflowBundle(),
  });
  const running = worker.run();
  for (const s of o.scenarios)
    await ensureCollectionSchedule(temporal.client, {
      accountId: s.accountId,
      taskQueue: temporal.taskQueue,
      intervalMinutes: 24 * 60,
      paused: true,
    });
  return {
    db,
    temporal,
    meta,
    emu,
    app,
    config,
    channelOf,
    async close() {
      // Proposals wait for people for days: end their workflows so they don't outlive the test on the shared server.
      for (const s of o.scenarios)
        for (const p of await listOpenProposals(db.pool, s.accountId).catch(() => []))
          await temporal.client.workflow
            .getHandle(approvalWorkflowId(p.id))
            .terminate('test done')
            .catch(() => undefined);
      for (const s of o.scenarios) await removeCollectionSchedule(temporal.client, s.accountId).catch(() => undefined);
      worker.shutdown();
      await running;
      await app.stop();
      await emu.close();
      await meta.close();
      await temporal.close();
      await db.drop();
    },
  };
}
