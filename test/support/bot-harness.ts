import type { App } from '@slack/bolt';
import { WebClient } from '@slack/web-api';
import type { Worker, WorkerOptions } from '@temporalio/worker';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createCollectionActivities } from '../../src/activities/collection.ts';
import type { ActivityDeps } from '../../src/activities/index.ts';
import { createSlackNotifier } from '../../src/activities/slack-notifier.ts';
import { createBotApp } from '../../src/bot/app.ts';
import type { Config } from '../../src/config.ts';
import { upsertAdAccount } from '../../src/db/accounts.ts';
import { listOpenProposals, type NewProposal } from '../../src/db/actions.ts';
import type { RunSummary } from '../../src/db/collection-runs.ts';
import type { ScenarioSpec } from '../../src/meta/simulator/scenario.ts';
import { DEFAULT_SEED, startSlackEmulator, type SlackEmulator } from '../../src/slack/emulator/index.ts';
import { approvalWorkflowId } from '../../src/temporal/ids.ts';
import { ensureCollectionSchedule, removeCollectionSchedule } from '../../src/temporal/schedules.ts';
import { createWorker } from '../../src/worker.ts';
import { cardTsOf, proposer } from './bot-proposals.ts';
import { createTestDatabase, type TestDatabase } from './db.ts';
import { eventually } from './eventually.ts';
import { startMeta, testConfig, type MetaHarness } from './meta.ts';
import { connectTemporal, productWorkflowBundle, type TemporalHarness } from './temporal.ts';

export interface BotHarnessOptions {
  /** The accounts to connect, one per scenario; the first is `accountId`, the one `propose` proposes for. */
  scenarios: ScenarioSpec[];
  /** Binds accounts to channels of the emulator's seed (e.g. C_ADS); the others get a new `C_<account id>`. */
  channels?: Record<string, string>;
  /** Every account's approvers (default U_APPROVER). */
  approvers?: string[];
  /** Every account's targets (default CPA 25, ROAS 3; null: none). */
  targets?: { cpa?: number | null; roas?: number | null };
  /** Serve the local workspace page too (for browser tests). */
  workspace?: boolean;
  /** The app connects over the emulator's Socket Mode WebSocket instead of taking signed HTTP requests. */
  socketMode?: boolean;
  /** Environment overrides for parseConfig (TASK_QUEUE defaults to the harness's private task queue). */
  config?: Record<string, string>;
  /** 'simulated' (default): the bot and the worker run at the Meta emulator's fixed now; 'real': Date.now. */
  clock?: 'simulated' | 'real';
  /** Create each account's collection Schedule, paused, so only the test triggers it (default false). */
  schedules?: boolean;
  /** Store each account's campaigns, ad sets and ads before the app starts (no workflow, no insights). */
  collectEntities?: boolean;
  /** false: the worker records notifications in the database only, as without Slack (default true). */
  slackNotifier?: boolean;
  workerDeps?: Partial<ActivityDeps>;
  workerOptions?: Partial<WorkerOptions>;
}

export interface BotHarness {
  db: TestDatabase;
  temporal: TemporalHarness;
  meta: MetaHarness;
  emu: SlackEmulator;
  app: App;
  config: Config;
  /** The bot's own Web API client (what the Slack notifier uses). */
  slack: WebClient;
  secret: string;
  token: string;
  appToken: string;
  /** The Bolt app's HTTP port (undefined in Socket Mode). */
  port: number | undefined;
  /** The first scenario's account. */
  accountId: string;
  /** The channel an account is bound to. */
  channelOf(accountId: string): string;
  /** Inserts a proposal for `accountId` (default: pause the demo's ad set) and starts its approval workflow. */
  propose(key: string, p?: Partial<NewProposal>): Promise<number>;
  /** The ts of a proposal's card once the notifier has posted it. */
  cardTs(id: number): Promise<string>;
  /** Runs the collectAccount workflow for an account to its end. */
  collect(accountId: string): Promise<RunSummary>;
  close(): Promise<void>;
}

/**
 * The product's Slack side wired as `./adpilot start` wires it, for tests: the real Bolt app behind the Slack
 * emulator (signed requests or Socket Mode), a worker with the Slack notifier, the Graph API emulator with the
 * scenarios' simulators, a private database and task queue on the shared Temporal dev server.
 * Account ids must be unique across test files that create Schedules (`schedules`, or their own): Schedule ids
 * derive from them and the Temporal server is shared by all test files.
 */
export async function startBotHarness(o: BotHarnessOptions): Promise<BotHarness> {
  const db = await createTestDatabase();
  const temporal = await connectTemporal();
  const meta = await startMeta(o.scenarios);
  const now = (o.clock ?? 'simulated') === 'simulated' ? { now: meta.now } : {};
  const channelOf = (accountId: string) => o.channels?.[accountId] ?? `C_${accountId}`;
  const secret = `secret-${temporal.taskQueue}`;
  const token = `xoxb-${temporal.taskQueue}`;
  const appToken = `xapp-1-A_ADPILOT-${temporal.taskQueue}`;
  const approvers = o.approvers ?? ['U_APPROVER'];
  const emu = await startSlackEmulator({
    botToken: token,
    signingSecret: secret,
    workspace: o.workspace ?? false,
    ...(o.socketMode ? { appToken } : {}),
    seed: {
      channels: [
        ...DEFAULT_SEED.channels,
        ...o.scenarios
          .filter((s) => !o.channels?.[s.accountId])
          .map((s) => ({ id: channelOf(s.accountId), name: `ads-${s.accountId.replace(/^act_/, '')}` })),
      ],
    },
  });
  for (const s of o.scenarios) {
    await upsertAdAccount(db.pool, {
      id: s.accountId,
      workspaceId: 'T_TEST',
      name: s.name,
      timezone: s.timezone,
      currency: s.currency,
      slackChannelId: channelOf(s.accountId),
      approverUserIds: approvers,
      targetCpa: o.targets?.cpa === undefined ? 25 : o.targets.cpa,
      targetRoas: o.targets?.roas === undefined ? 3 : o.targets.roas,
    });
    if (o.collectEntities)
      await createCollectionActivities({ pool: db.pool, meta: meta.access }).collectEntities(s.accountId);
  }
  const config = testConfig(db.url, { TASK_QUEUE: temporal.taskQueue, ...o.config });
  const app = createBotApp({
    ...now,
    signingSecret: secret,
    token,
    slackApiUrl: emu.url,
    pool: db.pool,
    temporal: temporal.client,
    config,
    ...(o.socketMode ? { appToken } : {}),
  });
  let port: number | undefined;
  if (o.socketMode) await app.start();
  else {
    const server = (await app.start({ port: 0, host: '127.0.0.1' })) as Server;
    port = (server.address() as AddressInfo).port;
    emu.appRequestUrl = `http://127.0.0.1:${port}/slack/events`;
  }
  const slack = new WebClient(token, { slackApiUrl: emu.url, retryConfig: { retries: 0 } });
  const worker: Worker = await createWorker({
    connection: temporal.nativeConnection,
    namespace: 'default',
    taskQueue: temporal.taskQueue,
    deps: {
      pool: db.pool,
      config,
      meta: meta.access,
      ...now,
      ...(o.slackNotifier === false ? {} : { notifier: createSlackNotifier({ pool: db.pool, slack }) }),
      ...o.workerDeps,
    },
    workflowBundle: await productWorkflowBundle(),
    ...(o.workerOptions ? { options: o.workerOptions } : {}),
  });
  const running = worker.run();
  if (o.schedules)
    for (const s of o.scenarios)
      await ensureCollectionSchedule(temporal.client, {
        accountId: s.accountId,
        taskQueue: temporal.taskQueue,
        intervalMinutes: 24 * 60,
        paused: true,
      });
  const accountId = o.scenarios[0]!.accountId;
  const started: number[] = [];
  return {
    db,
    temporal,
    meta,
    emu,
    app,
    config,
    slack,
    secret,
    token,
    appToken,
    port,
    accountId,
    channelOf,
    propose: proposer(
      {
        pool: db.pool,
        temporal: temporal.client,
        taskQueue: temporal.taskQueue,
        accountId,
        channel: channelOf(accountId),
        approvers,
      },
      started,
    ),
    cardTs: (id) => cardTsOf(db.pool, id),
    collect: (id) =>
      temporal.client.workflow.execute<(accountId: string, trigger: string) => Promise<RunSummary>>('collectAccount', {
        taskQueue: temporal.taskQueue,
        workflowId: `collect-${id}-${Date.now()}`,
        args: [id, 'test'],
      }),
    async close() {
      // Proposals wait for people for days: end their workflows so they don't outlive the test on the shared server.
      const open = new Set(started);
      for (const s of o.scenarios)
        for (const p of await listOpenProposals(db.pool, s.accountId).catch(() => [])) open.add(p.id);
      for (const id of open)
        await temporal.client.workflow
          .getHandle(approvalWorkflowId(id))
          .terminate('test done')
          .catch(() => undefined);
      if (o.schedules)
        for (const s of o.scenarios)
          await removeCollectionSchedule(temporal.client, s.accountId).catch(() => undefined);
      worker.shutdown();
      await running;
      await app.stop();
      // Bolt's Socket Mode stop() returns before the close handshake is done; let it finish first.
      if (o.socketMode)
        await eventually(() => (emu.socketMode.connections() === 0 ? true : undefined), 5000).catch(() => undefined);
      await emu.close();
      await meta.close();
      await temporal.close();
      await db.drop();
    },
  };
}
