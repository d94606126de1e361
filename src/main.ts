import { WebClient } from '@slack/web-api';
import type { Client } from '@temporalio/client';
import type { DatabasePool } from 'slonik';
import type { MetaAccess } from './activities/meta.ts';
import { installationClients, type SlackClientFor } from './activities/slack-clients.ts';
import { storedTokenAccess, vaultFromConfig } from './activities/meta-tokens.ts';
import { assertStoredTokensOpen } from './db/account-tokens.ts';
import { createSlackNotifier } from './activities/slack-notifier.ts';
import { createBotApp, type BotOAuth } from './bot/app.ts';
import { createInstallationStore } from './bot/installation-store.ts';
import { loadConfig, type Config } from './config.ts';
import { listActiveAdAccounts, type AdAccount } from './db/accounts.ts';
import { migrate } from './db/migrate.ts';
import { createDb } from './db/pool.ts';
import { createVault } from './db/vault.ts';
import { parseRole, type Role } from './role.ts';
import { afterCollection } from './temporal/after-collection.ts';
import { connectClient, connectWorker, ensureSearchAttributes } from './temporal/connect.ts';
import { ensureAccountSchedules, ensureMaintenanceSchedule, triggerAccountSchedule } from './temporal/schedules.ts';
import { createWorker, installWorkerLogging } from './worker.ts';
import { createLogger, type Logger } from './log.ts';
import { collectScheduleId } from './workflows/ids.ts';

/** The process's logger: JSON lines at LOG_LEVEL once the config is read (info before that). */
let log: Logger = createLogger();

/** What main() closes on the way out, last opened first. */
type Closers = (() => Promise<unknown>)[];

/** The embedded defaults, loaded only when a real Meta token or Slack bot token is missing (no test double otherwise). */
const localDefaults = () => import('./emulators/local-defaults.ts');

async function openDatabase(config: Config, closers: Closers): Promise<DatabasePool> {
  const migration = await migrate(config.DATABASE_URL);
  log.info(`database ready (${migration.applied.length} migrations applied)`);
  const pool = await createDb(config.DATABASE_URL);
  closers.push(() => pool.end());
  return pool;
}

async function openTemporal(config: Config, closers: Closers): Promise<Client> {
  const { connection, client } = await connectClient(config);
  closers.push(() => connection.close());
  await ensureSearchAttributes(connection, config.TEMPORAL_NAMESPACE);
  return client;
}

/**
 * Meta: each account's own stored token (decrypted at call time); for accounts without one, the configured token,
 * otherwise the demo account in the Graph API emulator. Refuses to start when a stored token cannot be opened.
 */
async function metaAccess(config: Config, pool: DatabasePool, closers: Closers): Promise<MetaAccess> {
  const vault = vaultFromConfig(config);
  await assertStoredTokensOpen(pool, vault);
  if (config.META_ACCESS_TOKEN) {
    const token = config.META_ACCESS_TOKEN;
    const fallback: MetaAccess = {
      baseUrl: `${config.META_GRAPH_URL}/${config.META_API_VERSION}`,
      tokenFor: () => token,
      requestTimeoutMs: config.META_REQUEST_TIMEOUT_MS,
    };
    return storedTokenAccess({ db: pool, vault, fallback });
  }
  const local = await (await localDefaults()).startLocalMeta(config);
  closers.push(() => local.close());
  return storedTokenAccess({ db: pool, vault, fallback: local.meta });
}

/** The accounts to schedule; without Meta credentials a fresh database gets the demo account. */
async function scheduledAccounts(config: Config, pool: DatabasePool): Promise<readonly AdAccount[]> {
  if (config.META_ACCESS_TOKEN) return listActiveAdAccounts(pool);
  return (await localDefaults()).accountsOrDemo(pool);
}

async function ensureSchedules(config: Config, client: Client, accounts: readonly AdAccount[]): Promise<void> {
  for (const account of accounts) {
    await ensureAccountSchedules(client, config, account.id);
  }
  await ensureMaintenanceSchedule(client, config.TASK_QUEUE);
}

/** How the bot and the notifier reach Slack. */
interface SlackAccess {
  botToken: string;
  signingSecret: string;
  slackApiUrl?: string;
  /** Set for the local workspace: the bot's port, once it listens. */
  connectBot?: (botPort: number) => void;
  /** Several workspaces: the install flow for the bot, each workspace's installation token for the worker. */
  oauth?: { bot: BotOAuth; clients: SlackClientFor };
}

/** OAuth (SLACK_CLIENT_ID…): installations in PostgreSQL, their bot tokens sealed with ADPILOT_ENCRYPTION_KEYS. */
function oauthAccess(config: Config, pool: DatabasePool): SlackAccess {
  const vault = createVault(config.ADPILOT_ENCRYPTION_KEYS);
  const api = config.SLACK_API_URL ? { slackApiUrl: config.SLACK_API_URL } : {};
  const [clientId, clientSecret, stateSecret] = [
    config.SLACK_CLIENT_ID ?? '',
    config.SLACK_CLIENT_SECRET ?? '',
    config.SLACK_STATE_SECRET ?? '',
  ];
  return {
    botToken: '',
    signingSecret: config.SLACK_SIGNING_SECRET ?? '',
    ...api,
    oauth: {
      bot: { clientId, clientSecret, stateSecret, installationStore: createInstallationStore({ pool, vault }) },
      clients: installationClients({ pool, vault, ...api }),
    },
  };
}

/**
 * Slack: the real workspace when a bot token is configured, otherwise the local workspace (emulator + page), which
 * the bot's process runs; a worker-only process posts to it there.
 */
async function slackAccess(config: Config, role: Role, closers: Closers, pool: DatabasePool): Promise<SlackAccess> {
  if (config.SLACK_CLIENT_ID) return oauthAccess(config, pool);
  if (config.SLACK_BOT_TOKEN)
    return {
      botToken: config.SLACK_BOT_TOKEN,
      // Only Socket Mode gets here without a secret: parseConfig refuses HTTP mode without one (Bolt refuses '' too).
      signingSecret: config.SLACK_SIGNING_SECRET ?? '',
      ...(config.SLACK_API_URL ? { slackApiUrl: config.SLACK_API_URL } : {}),
    };
  const local = await localDefaults();
  if (role === 'worker') return local.localWorkspaceClient(config);
  const workspace = await local.startLocalWorkspace(config);
  closers.push(() => workspace.close());
  return workspace;
}

/** The Bolt app (and the dashboard API on its port). */
async function startBot(
  config: Config,
  deps: { pool: DatabasePool; client: Client; slack: SlackAccess; meta?: MetaAccess | undefined },
  closers: Closers,
) {
  const { slack } = deps;
  const bot = createBotApp({
    signingSecret: slack.signingSecret,
    ...(slack.oauth ? { oauth: slack.oauth.bot } : { token: slack.botToken }),
    ...(slack.slackApiUrl ? { slackApiUrl: slack.slackApiUrl } : {}),
    pool: deps.pool,
    temporal: deps.client,
    config,
    log,
    ...(deps.meta ? { metaBaseUrl: deps.meta.baseUrl } : {}),
    ...(config.SLACK_APP_TOKEN ? { appToken: config.SLACK_APP_TOKEN } : {}),
  });
  await bot.start({ port: config.BOT_PORT, host: slack.connectBot ? '127.0.0.1' : (config.BOT_HOST ?? '0.0.0.0') });
  closers.push(() => bot.stop());
  if (config.SLACK_APP_TOKEN) log.info('Slack Socket Mode connected (no request URL needed)');
  // In Socket Mode the bot listens on no port: the workspace delivers over the socket the bot opened.
  if (slack.connectBot) slack.connectBot(config.BOT_PORT);
  else if (!config.SLACK_APP_TOKEN) log.info(`Slack request URL http://<this host>:${config.BOT_PORT}/slack/events`);
}

/** A first collection right away, so a fresh start has data without waiting a whole interval. */
async function firstCollection(config: Config, client: Client, accounts: readonly AdAccount[]): Promise<void> {
  if (!config.ENABLE_INSIGHTS_COLLECTION) return;
  for (const account of accounts) await client.schedule.getHandle(collectScheduleId(account.id)).trigger();
  // …and a first score and first forecasts once that collection is done, instead of at the next scheduled time.
  for (const account of accounts)
    afterCollection(client, account.id, async () => {
      if (config.ENABLE_INTELLIGENCE) await triggerAccountSchedule(client, 'intelligence', account.id);
      if (config.ENABLE_ML_PREDICTIONS) await triggerAccountSchedule(client, 'forecast', account.id);
    }).catch((error: unknown) => log.error('first score/forecast not started', { accountId: account.id, error }));
}

interface WorkerDeps {
  pool: DatabasePool;
  client: Client;
  meta: MetaAccess;
  slack: SlackAccess;
  accounts: readonly AdAccount[];
}

/** Runs the worker until SIGINT/SIGTERM: the worker installs those handlers and drains first. */
async function runWorker(config: Config, deps: WorkerDeps, closers: Closers): Promise<void> {
  const { slack } = deps;
  const notifier = createSlackNotifier({
    pool: deps.pool,
    adminUserIds: config.ADPILOT_ADMIN_USER_IDS,
    slack:
      slack.oauth?.clients ??
      new WebClient(slack.botToken, { ...(slack.slackApiUrl ? { slackApiUrl: slack.slackApiUrl } : {}) }),
  });
  const connection = await connectWorker(config);
  closers.push(() => connection.close());
  const worker = await createWorker({
    connection,
    namespace: config.TEMPORAL_NAMESPACE,
    taskQueue: config.TASK_QUEUE,
    deps: { pool: deps.pool, config, meta: deps.meta, notifier },
  });
  await firstCollection(config, deps.client, deps.accounts);
  log.info(`worker running on task queue '${config.TASK_QUEUE}' (${deps.accounts.length} account(s) scheduled)`);
  await worker.run();
}

/** Resolves on SIGINT/SIGTERM, for a bot-only process (a worker installs its own handlers and drains first). */
function untilSignal(): Promise<void> {
  return new Promise((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });
}

/**
 * The adpilot process. `--role all` (default): migrations, schedules, the Bolt app and the Temporal worker in one
 * process; `--role worker`: the worker and the schedules; `--role bot`: the Bolt app and the dashboard API. Bots and
 * workers meet only through PostgreSQL and the task queue. Runs until SIGINT/SIGTERM.
 */
async function main(): Promise<void> {
  const role = parseRole(process.argv.slice(2));
  const config = loadConfig();
  // Temporal's Runtime is process-wide: its logger goes in before the first connection.
  log = createLogger({ level: config.LOG_LEVEL });
  installWorkerLogging(log);
  const closers: Closers = [];
  try {
    const pool = await openDatabase(config, closers);
    const meta = role === 'bot' ? undefined : await metaAccess(config, pool, closers);
    const client = await openTemporal(config, closers);
    const accounts = meta ? await scheduledAccounts(config, pool) : [];
    if (meta) await ensureSchedules(config, client, accounts);
    const slack = await slackAccess(config, role, closers, pool);
    if (role !== 'worker') await startBot(config, { pool, client, slack, meta }, closers);
    if (meta) await runWorker(config, { pool, client, meta, slack, accounts }, closers);
    else {
      log.info(`bot running (role bot; workers on task queue '${config.TASK_QUEUE}' run the workflows)`);
      await untilSignal();
    }
  } finally {
    for (const close of closers.reverse()) await close().catch(() => undefined);
  }
}

main().catch((error: unknown) => {
  const message = error instanceof Error ? error.message : String(error);
  log.error(`adpilot stopped: ${message}`, { error });
  // The one line a person reads when start-up refuses (a bad --role, a missing signing secret), in plain text.
  console.error(`adpilot: ${message}`);
  process.exit(1);
});
