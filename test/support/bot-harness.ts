import { WebClient } from '@slack/web-api';
import type { Worker } from '@temporalio/worker';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createCollectionActivities } from '../../src/activities/collection.ts';
import { storedTokenAccess, vaultFromConfig } from '../../src/activities/meta-tokens.ts';
import { createSlackNotifier } from '../../src/activities/slack-notifier.ts';
import { createBotApp } from '../../src/bot/app.ts';
import { upsertAdAccount } from '../../src/db/accounts.ts';
import type { RunSummary } from '../../src/db/collection-runs.ts';
import { DEFAULT_SEED, startSlackEmulator } from '../../src/emulators/slack/index.ts';
import { captureLogs } from '../../src/log.ts';
import { ensureAccountSchedule } from '../../src/temporal/schedules.ts';
import { createWorker } from '../../src/worker.ts';
import { endAccountsWork } from './bot-cleanup.ts';
import type { BotHarness, BotHarnessOptions } from './bot-harness-types.ts';
import { cardTsOf, proposer } from './bot-proposals.ts';
import { createTestDatabase } from './db.ts';
import { eventually } from './eventually.ts';
import { startMeta, testConfig } from './meta.ts';
import { connectTemporal, productWorkflowBundle } from './temporal.ts';

export type { BotHarness, BotHarnessOptions } from './bot-harness-types.ts';

/**
 * The product's Slack side wired as `./adpilot start` wires it, for tests: the real Bolt app behind the Slack
 * emulator (signed requests or Socket Mode), a worker with the Slack notifier, the Graph API emulator with the
 * scenarios' simulators, a private database and task queue on the shared Temporal dev server.
 * Account ids must be unique across test files that create Schedules (`schedules`, or their own): Schedule ids
 * derive from them, the Temporal server is shared by all test files, and close() deletes the accounts' Schedules.
 */
export async function startBotHarness(o: BotHarnessOptions): Promise<BotHarness> {
  const db = await createTestDatabase();
  const temporal = await connectTemporal();
  const unconnected = o.unconnected ?? [];
  const meta = await startMeta([...o.scenarios, ...unconnected]);
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
        ...(o.extraChannels ?? []),
      ],
    },
  });
  for (const s of o.scenarios) {
    await upsertAdAccount(db.pool, {
      id: s.accountId,
      workspaceId: DEFAULT_SEED.teamId,
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
  const logs = captureLogs('info');
  // As in production: an account's stored token first, then the fallback (here the simulators' tokens).
  const hidden = new Set(unconnected.map((s) => s.accountId));
  const access = storedTokenAccess({
    db: db.pool,
    vault: vaultFromConfig(config),
    fallback: { ...meta.access, tokenFor: (id) => (hidden.has(id) ? undefined : meta.sims.get(id)?.spec.token) },
  });
  const app = createBotApp({
    log: logs.log,
    ...now,
    signingSecret: secret,
    token,
    slackApiUrl: emu.url,
    pool: db.pool,
    temporal: temporal.client,
    config,
    metaBaseUrl: meta.access.baseUrl,
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
      meta: access,
      ...now,
      ...(o.slackNotifier === false
        ? {}
        : { notifier: createSlackNotifier({ pool: db.pool, slack, adminUserIds: config.ADPILOT_ADMIN_USER_IDS }) }),
    },
    workflowBundle: await productWorkflowBundle(),
    ...(o.workerOptions ? { options: o.workerOptions } : {}),
  });
  const running = worker.run();
  if (o.schedules)
    for (const s of o.scenarios)
      await ensureAccountSchedule(
        temporal.client,
        'collection',
        { ...config, INSIGHTS_COLLECTION_INTERVAL: 24 * 60, ENABLE_INSIGHTS_COLLECTION: false },
        s.accountId,
      );
  const accountId = o.scenarios[0]!.accountId;
  const started: number[] = [];
  return {
    db,
    temporal,
    meta,
    emu,
    app,
    config,
    logs: logs.records,
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
      await endAccountsWork(
        temporal.client,
        db.pool,
        [...o.scenarios, ...unconnected].map((s) => s.accountId),
        started,
      );
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
