import type { InstallationStore } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import type { Client } from '@temporalio/client';
import type { DatabasePool } from 'slonik';
import type { Config } from '../../config.ts';
import type { AdAccount } from '../../db/accounts.ts';
import type { LogContext, Logger } from '../../log.ts';
import type { Message } from '../../slack/blocks/index.ts';
import type { ParsedCommand } from './parse.ts';

/** Several workspaces: Bolt's OAuth install flow, and each request authorized with its team's installation. */
export interface BotOAuth {
  clientId: string;
  clientSecret: string;
  stateSecret: string;
  installationStore: InstallationStore;
}

export interface BotDeps {
  signingSecret: string;
  /** One workspace's bot token; absent with `oauth`. */
  token?: string;
  oauth?: BotOAuth;
  /** The Slack Web API base (the local emulator's /api/ when no real Slack is configured). */
  slackApiUrl?: string;
  /** Socket Mode instead of HTTP when set (an app-level xapp- token with connections:write). */
  appToken?: string;
  pool: DatabasePool;
  temporal: Client;
  config: Config;
  /** Where listener failures and Bolt's own messages are logged. */
  log: Logger;
  /** Graph API base with version that connect checks tokens against (default META_GRAPH_URL/META_API_VERSION). */
  metaBaseUrl?: string;
  now?: () => number;
}

/** What a command answers with, as an ephemeral reply (the listener acked already); null: nothing more to say. */
export type Reply = { text: string; blocks?: Message['blocks'] };

/** Everything a command handler may use; the account is resolved (explicit, else the channel's). */
export interface CommandContext {
  account: AdAccount;
  /** The Slack team the request came from: every read is scoped to it. */
  teamId: string;
  channelId: string;
  userId: string;
  /** The slash command's trigger_id: opens a modal within 3 s of the command. */
  triggerId?: string;
  deps: BotDeps;
  /** The bot's Web API client, for what goes beyond the ephemeral reply (charts posted in the channel). */
  client: WebClient;
  /** Ids a failure of this command is logged with; the account is added once it is resolved. */
  logContext: LogContext;
}

export type Handler<C extends ParsedCommand['command']> = (
  cmd: Extract<ParsedCommand, { command: C }>,
  ctx: CommandContext,
) => Promise<Reply | null>;
