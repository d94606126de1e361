/**
 * The real Bolt app, the Slack emulator, a real worker with the Slack notifier, real Postgres and Temporal: the
 * setup of test/bot/app.test.ts, shared by the Socket Mode, App Home, digest and chart tests.
 */
import type { App } from '@slack/bolt';
import { WebClient } from '@slack/web-api';
import type { Worker } from '@temporalio/worker';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createCollectionActivities } from '../../src/activities/collection.ts';
import { approvalInput } from '../../src/activities/proposals.ts';
import { createSlackNotifier } from '../../src/activities/slack-notifier.ts';
import { createBotApp } from '../../src/bot/app.ts';
import { upsertAdAccount } from '../../src/db/accounts.ts';
import { getAction, insertProposal, type NewProposal } from '../../src/db/actions.ts';
import { scenarios } from '../../src/meta/simulator/scenarios.ts';
import { startSlackEmulator, type SlackEmulator } from '../../src/slack/emulator/index.ts';
import { approvalWorkflowId } from '../../src/temporal/ids.ts';
import { createWorker } from '../../src/worker.ts';
import { createTestDatabase, type TestDatabase } from '../support/db.ts';
import { startMeta, testConfig, type MetaHarness } from '../support/meta.ts';
import { connectTemporal, productWorkflowBundle, type TemporalHarness } from '../support/temporal.ts';

export const SECRET = 'bot-harness-secret';
export const TOKEN = 'xoxb-bot-harness';
export const APP_TOKEN = 'xapp-1-A_ADPILOT-harness';

/** Polls an async check until it returns a value (tests wait for effects, not fixed sleeps). */
export async function until<T>(check: () => Promise<T | undefined>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export interface BotHarness {
  db: TestDatabase;
  temporal: TemporalHarness;
  meta: MetaHarness;
  emu: SlackEmulator;
  app: App;
  /** The bot's own Web API client (what the notifier uses). */
  slack: WebClient;
  accountId: string;
  /** Inserts a proposal for the demo account and starts its approval workflow; resolves with its id. */
  propose(key: string, p?: Partial<NewProposal>): Promise<number>;
  /** The ts of the proposal's card once the notifier has posted it. */
  cardTs(id: number): Promise<string>;
  close(): Promise<void>;
}

/** `collection`: activities use the simulated clock of the Meta emulator, as collection tests need. */
export async function startBotHarness(opts: { socketMode?: boolean; collection?: boolean } = {}): Promise<BotHarness> {
  const demo = scenarios.demo();
  const db = await createTestDatabase();
  const temporal = await connectTemporal();
  const meta = await startMeta([demo]);
  const emu = await startSlackEmulator({
    botToken: TOKEN,
    signingSecret: SECRET,
    workspace: false,
    ...(opts.socketMode ? { appToken: APP_TOKEN } : {}),
  });
  await upsertAdAccount(db.pool, {
    id: demo.accountId,
    workspaceId: 'T_DEMO',
    name: demo.name,
    timezone: demo.timezone,
    slackChannelId: 'C_ADS',
    approverUserIds: ['U_APPROVER'],
    targetCpa: 25,
  });
  await createCollectionActivities({ pool: db.pool, meta: meta.access }).collectEntities(demo.accountId);
  const config = testConfig(db.url);
  const app = createBotApp({
    signingSecret: SECRET,
    token: TOKEN,
    slackApiUrl: emu.url,
    pool: db.pool,
    temporal: temporal.client,
    config,
    ...(opts.socketMode ? { appToken: APP_TOKEN } : {}),
  });
  if (opts.socketMode) await app.start();
  else {
    const server = (await app.start({ port: 0, host: '127.0.0.1' })) as Server;
    emu.appRequestUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/slack/events`;
  }
  const slack = new WebClient(TOKEN, { slackApiUrl: emu.url, retryConfig: { retries: 0 } });
  const worker: Worker = await createWorker({
    connection: temporal.nativeConnection,
    namespace: 'default',
    taskQueue: temporal.taskQueue,
    deps: {
      pool: db.pool,
      config,
      meta: meta.access,
      notifier: createSlackNotifier({ pool: db.pool, slack }),
      ...(opts.collection ? { now: meta.now } : {}),
    },
    workflowBundle: await productWorkflowBundle(),
  });
  const running = worker.run();
  const started: number[] = [];
  return {
    db,
    temporal,
    meta,
    emu,
    app,
    slack,
    accountId: demo.accountId,
    async propose(key, p = {}) {
      const row = (await insertProposal(db.pool, {
        idempotencyKey: key,
        accountId: demo.accountId,
        ruleId: null,
        entityType: 'adset',
        entityId: 'as_demo_interest',
        entityName: 'Interests - outdoor',
        actionType: 'pause',
        params: {},
        executionMode: 'approval_required',
        evidence: [{ field: 'spend', window: '48h', actual: 120, operator: '>', threshold: 50 }],
        explanation: "Ad set 'Interests - outdoor' spent $120.00 in the last 48 h with 0 purchases.",
        expectedImpact: { summary: 'Stops about $60 a day that brings no purchases.' },
        confidence: 0.8,
        expiryPolicy: 'drop',
        expiresAt: Date.now() + 24 * 3_600_000,
        slackChannelId: 'C_ADS',
        ...p,
      }))!;
      await temporal.client.workflow.start('approvalWorkflow', {
        taskQueue: temporal.taskQueue,
        workflowId: approvalWorkflowId(row.id),
        args: [approvalInput(row, ['U_APPROVER'])],
      });
      started.push(row.id);
      return row.id;
    },
    cardTs: (id) => until(async () => (await getAction(db.pool, id))?.slack_message_ts ?? undefined),
    async close() {
      for (const id of started)
        await temporal.client.workflow
          .getHandle(approvalWorkflowId(id))
          .terminate('test done')
          .catch(() => undefined);
      worker.shutdown();
      await running;
      await app.stop();
      // Bolt's Socket Mode stop() returns before the close handshake is done; let it finish first.
      await until(async () => (emu.socketMode.connections() === 0 ? true : undefined), 5000).catch(() => undefined);
      await emu.close();
      await meta.close();
      await temporal.close();
      await db.drop();
    },
  };
}
