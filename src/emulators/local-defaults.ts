// The embedded defaults of `./adpilot start`: the demo ad account in the Graph API emulator and the local Slack
// workspace. src/main.ts loads this module with a dynamic import() only when no Meta token or no Slack bot token is
// configured, so a production process never loads a test double.
import type { DatabasePool } from 'slonik';
import type { MetaAccess } from '../activities/meta.ts';
import type { Config } from '../config.ts';
import { listActiveAdAccounts, upsertAdAccount, type AdAccount } from '../db/accounts.ts';
import { DEMO } from '../demo.ts';
import { startGraphEmulator } from './meta/server.ts';
import { demoScenario } from './simulator/scenarios.ts';
import { Simulator } from './simulator/simulator.ts';
import { startSlackEmulator } from './slack/index.ts';

/** Shared by the workspace and the bot only on this machine; never a real Slack app's credentials. */
const LOCAL_BOT_TOKEN = 'xoxb-local-workspace';
const LOCAL_SIGNING_SECRET = 'local-workspace-secret';

export interface LocalMeta {
  meta: MetaAccess;
  close(): Promise<void>;
}

/** The demo account in the Graph API emulator, whose simulator follows the clock. */
export async function startLocalMeta(config: Config): Promise<LocalMeta> {
  const simulator = new Simulator(demoScenario, { seed: 1, startTime: Date.now() });
  const emulator = await startGraphEmulator({
    simulators: [simulator],
    port: config.META_EMULATOR_PORT,
    clock: Date.now,
  });
  console.log(`adpilot: Meta Graph API emulator on ${emulator.baseUrl} (demo account ${demoScenario.accountId})`);
  return {
    meta: {
      baseUrl: emulator.baseUrl,
      tokenFor: (id) => (id === demoScenario.accountId ? demoScenario.token : undefined),
      requestTimeoutMs: config.META_REQUEST_TIMEOUT_MS,
    },
    close: () => emulator.close(),
  };
}

/** The active accounts; on a fresh database, the demo account bound to #ads-ops of the local workspace. */
export async function accountsOrDemo(pool: DatabasePool): Promise<readonly AdAccount[]> {
  const accounts = await listActiveAdAccounts(pool);
  if (accounts.length > 0) return accounts;
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
  console.log(`adpilot: no ad account configured, using the demo account ${DEMO.accountId}`);
  return listActiveAdAccounts(pool);
}

export interface LocalWorkspace {
  botToken: string;
  signingSecret: string;
  slackApiUrl: string;
  /** Tells the workspace where the bot listens (HTTP mode); in Socket Mode the bot's socket is the way in. */
  connectBot(botPort: number): void;
  close(): Promise<void>;
}

/**
 * A worker process (`--role worker`) beside a bot process that runs the local workspace: the notifier posts to that
 * workspace on WORKSPACE_PORT, with the credentials the workspace accepts.
 * @throws Error when WORKSPACE_PORT is 0 (a free port the worker cannot know).
 */
export function localWorkspaceClient(config: Config): { botToken: string; signingSecret: string; slackApiUrl: string } {
  if (config.WORKSPACE_PORT === 0)
    throw new Error('WORKSPACE_PORT=0: a worker without SLACK_BOT_TOKEN needs the local workspace on a fixed port');
  return {
    botToken: LOCAL_BOT_TOKEN,
    signingSecret: LOCAL_SIGNING_SECRET,
    slackApiUrl: `http://127.0.0.1:${config.WORKSPACE_PORT}/api/`,
  };
}

/** The local Slack workspace (emulator + page on WORKSPACE_PORT), for a bot with no real Slack app. */
export async function startLocalWorkspace(config: Config): Promise<LocalWorkspace> {
  const emulator = await startSlackEmulator({
    botToken: LOCAL_BOT_TOKEN,
    signingSecret: LOCAL_SIGNING_SECRET,
    port: config.WORKSPACE_PORT,
    ...(config.SLACK_APP_TOKEN ? { appToken: config.SLACK_APP_TOKEN } : {}),
  });
  return {
    botToken: LOCAL_BOT_TOKEN,
    signingSecret: LOCAL_SIGNING_SECRET,
    slackApiUrl: emulator.url,
    connectBot(botPort) {
      if (!config.SLACK_APP_TOKEN) emulator.appRequestUrl = `http://127.0.0.1:${botPort}/slack/events`;
      console.log(`adpilot: local Slack workspace on ${emulator.origin}/ (type /pending or /status in #ads-ops)`);
    },
    close: () => emulator.close(),
  };
}
