import { NativeConnection } from '@temporalio/worker';
import { loadConfig } from './config.ts';
import { listActiveAdAccounts, upsertAdAccount } from './db/accounts.ts';
import { migrate } from './db/migrate.ts';
import { createDb } from './db/pool.ts';
import { DEMO } from './demo.ts';
import { connectClient, ensureSearchAttributes } from './temporal/connect.ts';
import { collectScheduleId } from './workflows/ids.ts';
import { ensureCollectionSchedule, ensureMaintenanceSchedule } from './temporal/schedules.ts';
import { afterCollection } from './temporal/after-collection.ts';
import { ensureIntelSchedule, triggerIntelSchedule } from './temporal/intel-schedule.ts';
import { ensureForecastSchedule, triggerForecastSchedule } from './temporal/forecast-schedule.ts';
import { createWorker } from './worker.ts';
import { WebClient } from '@slack/web-api';
import { createSlackNotifier } from './activities/slack-notifier.ts';
import { createBotApp } from './bot/app.ts';
import { startSlackEmulator, type SlackEmulator } from './emulators/slack/index.ts';
import type { MetaAccess } from './activities/meta.ts';
import { startGraphEmulator, type GraphEmulator } from './emulators/meta/server.ts';
import { demoScenario } from './emulators/simulator/scenarios.ts';
import { Simulator } from './emulators/simulator/simulator.ts';

/** The adpilot process: migrations, schedules, and the Temporal worker. Runs until SIGINT/SIGTERM. */
async function main(): Promise<void> {
  const config = loadConfig();
  const migration = await migrate(config.DATABASE_URL);
  console.log(`adpilot: database ready (${migration.applied.length} migrations applied)`);
  const pool = await createDb(config.DATABASE_URL);
  let graphEmulator: GraphEmulator | undefined;
  let meta: MetaAccess;
  if (config.META_ACCESS_TOKEN) {
    const token = config.META_ACCESS_TOKEN;
    meta = {
      baseUrl: `${config.META_GRAPH_URL}/${config.META_API_VERSION}`,
      tokenFor: () => token,
      requestTimeoutMs: config.META_REQUEST_TIMEOUT_MS,
    };
  } else {
    // No Meta credentials: the demo account lives in the Graph API emulator, whose simulator follows the clock.
    const simulator = new Simulator(demoScenario, { seed: 1, startTime: Date.now() });
    graphEmulator = await startGraphEmulator({
      simulators: [simulator],
      port: config.META_EMULATOR_PORT,
      clock: Date.now,
    });
    meta = {
      baseUrl: graphEmulator.baseUrl,
      tokenFor: (id) => (id === demoScenario.accountId ? demoScenario.token : undefined),
      requestTimeoutMs: config.META_REQUEST_TIMEOUT_MS,
    };
    console.log(
      `adpilot: Meta Graph API emulator on ${graphEmulator.baseUrl} (demo account ${demoScenario.accountId})`,
    );
  }
  const { connection, client } = await connectClient(config.TEMPORAL_ADDRESS, config.TEMPORAL_NAMESPACE);
  let nativeConnection: NativeConnection | undefined;
  const closers: (() => Promise<unknown>)[] = [];
  try {
    await ensureSearchAttributes(connection, config.TEMPORAL_NAMESPACE);
    let accounts = await listActiveAdAccounts(pool);
    if (accounts.length === 0 && !config.META_ACCESS_TOKEN) {
      await upsertAdAccount(pool, {
        id: DEMO.accountId,
        workspaceId: DEMO.workspaceId,
        workspaceName: DEMO.workspaceName,
        name: DEMO.accountName,
        slackChannelId: DEMO.channelId,
        timezone: DEMO.timezone,
        currency: DEMO.currency,
        targetCpa: DEMO.targetCpa,
        targetRoas: DEMO.targetRoas,
        approverUserIds: [DEMO.approverUserId],
      });
      accounts = await listActiveAdAccounts(pool);
      console.log(`adpilot: no ad account configured, using the demo account ${DEMO.accountId}`);
    }
    for (const account of accounts) {
      await ensureCollectionSchedule(client, {
        accountId: account.id,
        taskQueue: config.TASK_QUEUE,
        intervalMinutes: config.INSIGHTS_COLLECTION_INTERVAL,
        paused: !config.ENABLE_INSIGHTS_COLLECTION,
      });
      await ensureIntelSchedule(client, {
        accountId: account.id,
        taskQueue: config.TASK_QUEUE,
        hourUtc: config.INTEL_SCORE_HOUR_UTC,
        paused: !config.ENABLE_INTELLIGENCE,
      });
      await ensureForecastSchedule(client, {
        accountId: account.id,
        taskQueue: config.TASK_QUEUE,
        intervalMinutes: config.FORECAST_INTERVAL_MINUTES,
        paused: !config.ENABLE_ML_PREDICTIONS,
      });
    }

    await ensureMaintenanceSchedule(client, config.TASK_QUEUE);

    // Slack: the real workspace when a bot token is configured, otherwise the local workspace (emulator + page).
    let slackEmulator: SlackEmulator | undefined;
    const signingSecret = config.SLACK_SIGNING_SECRET ?? 'local-workspace-secret';
    const botToken = config.SLACK_BOT_TOKEN ?? 'xoxb-local-workspace';
    if (!config.SLACK_BOT_TOKEN) {
      slackEmulator = await startSlackEmulator({
        botToken,
        signingSecret,
        port: config.WORKSPACE_PORT,
        ...(config.SLACK_APP_TOKEN ? { appToken: config.SLACK_APP_TOKEN } : {}),
      });
      closers.push(() => slackEmulator!.close());
    }
    const slackApiUrl = slackEmulator?.url ?? config.SLACK_API_URL;
    const bot = createBotApp({
      signingSecret,
      token: botToken,
      ...(slackApiUrl ? { slackApiUrl } : {}),
      pool,
      temporal: client,
      config,
      ...(config.SLACK_APP_TOKEN ? { appToken: config.SLACK_APP_TOKEN } : {}),
    });
    await bot.start({ port: config.BOT_PORT, host: slackEmulator ? '127.0.0.1' : '0.0.0.0' });
    closers.push(() => bot.stop());
    if (config.SLACK_APP_TOKEN) console.log('adpilot: Slack Socket Mode connected (no request URL needed)');
    if (slackEmulator) {
      // In Socket Mode the bot listens on no port: the emulator delivers over the socket the bot opened.
      if (!config.SLACK_APP_TOKEN) slackEmulator.appRequestUrl = `http://127.0.0.1:${config.BOT_PORT}/slack/events`;
      console.log(`adpilot: local Slack workspace on ${slackEmulator.origin}/ (type /pending or /status in #ads-ops)`);
    } else if (!config.SLACK_APP_TOKEN)
      console.log(`adpilot: Slack request URL http://<this host>:${config.BOT_PORT}/slack/events`);
    const notifier = createSlackNotifier({
      pool,
      adminUserIds: config.ADPILOT_ADMIN_USER_IDS,
      slack: new WebClient(botToken, { ...(slackApiUrl ? { slackApiUrl } : {}) }),
    });

    nativeConnection = await NativeConnection.connect({ address: config.TEMPORAL_ADDRESS });
    const worker = await createWorker({
      connection: nativeConnection,
      namespace: config.TEMPORAL_NAMESPACE,
      taskQueue: config.TASK_QUEUE,
      deps: { pool, config, meta, notifier },
    });
    // A first collection right away, so a fresh start has data without waiting a whole interval.
    if (config.ENABLE_INSIGHTS_COLLECTION) {
      for (const account of accounts) await client.schedule.getHandle(collectScheduleId(account.id)).trigger();
      // …and a first score and first forecasts once that collection is done, instead of at the next scheduled time.
      for (const account of accounts)
        afterCollection(client, account.id, async () => {
          if (config.ENABLE_INTELLIGENCE) await triggerIntelSchedule(client, account.id);
          if (config.ENABLE_ML_PREDICTIONS) await triggerForecastSchedule(client, account.id);
        }).catch((error: unknown) =>
          console.error(`adpilot: first score/forecast of ${account.id} not started: ${(error as Error).message}`),
        );
    }
    console.log(
      `adpilot: worker running on task queue '${config.TASK_QUEUE}' (${accounts.length} account(s) scheduled)`,
    );
    await worker.run(); // resolves after SIGINT/SIGTERM: the worker installs those handlers and drains first
  } finally {
    for (const close of closers.reverse()) await close().catch(() => undefined);
    await nativeConnection?.close();
    await connection.close();
    await graphEmulator?.close();
    await pool.end();
  }
}

main().catch((error: unknown) => {
  console.error(`adpilot: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
